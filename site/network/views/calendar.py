"""My calendar: the private feed calendar apps read, and the profile's buttons that make,
replace or switch off its address (network.calendar_feed)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .. import calendar_feed
from ..models import CalendarFeed

# Calendar apps poll every few minutes to hours; a short private lifetime spares a burst of
# refreshes without keeping a replaced address's content anywhere for long.
FEED_MAX_AGE = 300


@require_safe
def calendar_feed_file(request, token):
    """The feed itself, read by calendar apps without any sign-in: the token is the
    authority. Never stored by the page cache (not one of its views, and private)."""
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token=token, user__is_active=True, user__closed_at__isnull=True)
        .first()
    )
    if feed is None:
        raise Http404
    calendar_feed.mark_read(feed=feed)
    response = HttpResponse(
        calendar_feed.render(feed.user), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="calendar.ics"'
    response["Cache-Control"] = f"private, max-age={FEED_MAX_AGE}"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


class CalendarActionForm(forms.Form):
    """Which of the profile's calendar buttons was pressed."""

    action = forms.ChoiceField(
        choices=[
            ("create", gettext_lazy("Get my calendar address")),
            ("replace", gettext_lazy("Get a new address")),
            ("turn_off", gettext_lazy("Turn off my calendar address")),
        ],
        widget=forms.HiddenInput,
    )


CONFIRMED_ACTIONS = ("replace", "turn_off")  # these stop the old address: asked first


@never_cache
@login_required
def calendar(request):
    """GET: the confirmation before replacing or switching off the address. POST: do it."""
    back = reverse("network:profile") + "#calendar"
    if request.method == "POST":
        form = CalendarActionForm(request.POST)
        if not form.is_valid():
            return redirect(back)
        action = form.cleaned_data["action"]
        if action == "create":
            calendar_feed.create(user=request.user)
            done = _("Your calendar address is ready: add it to your calendar app.")
        elif action == "replace":
            calendar_feed.replace(user=request.user)
            done = _(
                "Your calendar has a new address. The old one no longer works: add the new "
                "one to your calendar app."
            )
        else:
            calendar_feed.turn_off(user=request.user)
            done = _(
                "Your calendar address is turned off. Calendar apps that read it get nothing more."
            )
        messages.success(request, done)
        return redirect(back)
    action = request.GET.get("action")
    if action not in CONFIRMED_ACTIONS:
        return redirect(back)
    if not CalendarFeed.objects.filter(user=request.user).exists():
        return redirect(back)  # nothing to replace or switch off (e.g. done in another tab)
    return render(
        request,
        "account/calendar_confirm.html",
        {
            "action": action,
            "form": CalendarActionForm(initial={"action": action}),
            "back_url": back,
            "breadcrumbs": [
                {"title": _("Home"), "url": f"/{get_language()}/"},
                {"title": _("My profile"), "url": reverse("network:profile")},
            ],
        },
    )
