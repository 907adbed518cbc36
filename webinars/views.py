"""The webinars' public views: the registration and series forms' POSTs, and a
registrant's own pages reached from the links in their emails."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from network import throttles

from . import dashboard
from .forms import RegistrationForm
from .models import Registration, WebinarPage, WebinarSeriesPage
from .registration import (
    cancel,
    register,
    registration_from_token,
    stop_subscription,
    subscribe,
    subscription_from_token,
)

Status = Registration.Status


def _acting(request):
    return request.user if request.user.is_authenticated else None


def _details(request, form) -> dict:
    """The form's answers as the services' keyword arguments; a signed-in person always
    registers their own address."""
    details = dict(form.cleaned_data)
    if request.user.is_authenticated:
        details["email"] = request.user.email
    return details


def _page_again(request, page, form, *, status=200) -> TemplateResponse:
    """The page the form was on, with the person's answers and what to correct."""
    context = page.get_context(request)
    context["form"] = form
    return TemplateResponse(request, page.get_template(request), context, status=status)


def _one_too_many(request, form, *, zone) -> bool:
    """Whether this registration is over a limit (settings.HUB_RATE_WEBINAR_REGISTER_*:
    signed in, per account; otherwise per visitor and per address typed). If so, the form
    says why and when to try again, and nothing is registered or sent."""
    if request.user.is_authenticated:
        limits = [throttles.Limit("HUB_RATE_WEBINAR_REGISTER_MEMBER")]
    else:
        address = form.cleaned_data["email"].strip().lower()
        limits = [
            throttles.Limit("HUB_RATE_WEBINAR_REGISTER_CLIENT"),
            throttles.Limit("HUB_RATE_WEBINAR_REGISTER_EMAIL", key=address),
        ]
    retry_at = throttles.consume(request, *limits)
    if retry_at is None:
        return False
    user_zone = request.user.time_zone if request.user.is_authenticated else ""
    when = throttles.try_again(retry_at, zone=user_zone or zone or settings.HUB_DEFAULT_TIME_ZONE)
    if request.user.is_authenticated:
        message = _(
            "You have registered many times in a short time, so we have not registered you "
            "this time. %(when)s"
        ) % {"when": when}
    else:
        message = _(
            "We have received many registrations from here or for this email address in a "
            "short time, so we have not registered you. %(when)s If several of you share "
            "this connection, each of you can sign in and register with your own account."
        ) % {"when": when}
    form.add_error(None, message)
    return True


@require_POST
def register_view(request, page_id):
    """The session page's registration form: a place, or the form again with what was typed."""
    session = get_object_or_404(WebinarPage.objects.live(), pk=page_id)
    if not session.accepts(request):
        raise Http404
    form = RegistrationForm(request.POST, user=request.user)
    if not form.is_valid():
        return _page_again(request, session, form)
    if _one_too_many(request, form, zone=session.time_zone):
        return _page_again(request, session, form, status=429)
    try:
        registration, _created = register(
            session=session,
            user=request.user,
            by=_acting(request),
            # The same answer whether or not the address was registered already: the page
            # never tells a visitor who else is coming. The email says where they stand.
            resend_if_registered=not request.user.is_authenticated,
            **_details(request, form),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(session.get_url(request))
    if not request.user.is_authenticated:
        messages.success(
            request,
            _("Thank you. We have emailed the details to %(email)s.")
            % {"email": registration.email},
            extra_tags="inline registration",
        )
    # The registration area, focused by its anchor, now says where the person stands
    # (WebinarPage.registration_view), in place of the form.
    return redirect(session.get_url(request) + "#registration")


@require_POST
def subscribe_view(request, page_id):
    """The series page's form: a place at every session to come, or the form again."""
    series = get_object_or_404(WebinarSeriesPage.objects.live(), pk=page_id)
    if not series.accepts(request):
        raise Http404
    form = RegistrationForm(request.POST, user=request.user)
    if not form.is_valid():
        return _page_again(request, series, form)
    if _one_too_many(request, form, zone=None):
        return _page_again(request, series, form, status=429)
    try:
        subscription = subscribe(
            series=series, user=request.user, by=_acting(request), **_details(request, form)
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(series.get_url(request) + "#series-registration")
    messages.success(
        request,
        _(
            "Thank you. You are registered for every session of this series; we have emailed "
            "the details to %(email)s."
        )
        % {"email": subscription.email},
    )
    return redirect(series.get_url(request) + "#series-registration")


@never_cache
@require_http_methods(["GET", "POST"])
def manage(request, token):
    """A registrant's own page, reached from the link in their emails without signing in."""
    try:
        registration = registration_from_token(token)
    except ValidationError as error:
        return render(request, "webinars/manage.html", {"error": error.messages[0]}, status=404)
    if request.method == "POST":
        try:
            cancel(registration=registration, by=_acting(request))
        except ValidationError as error:
            messages.info(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("Your registration is cancelled. Thank you for telling us.")
            )
        return redirect(request.path)
    session = registration.session.localized.specific
    return render(
        request,
        "webinars/manage.html",
        {
            "registration": registration,
            "session": session,
            "is_past": registration.session.state() == "past",
            "cancel_url": reverse("webinars:manage-cancel", args=[token]),
            "join_url": registration.session.join_url
            if registration.status == Status.REGISTERED
            else "",
            **registration.session.times_for(request.user),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def manage_cancel(request, token):
    """Cancelling a registration from its page: what follows and a question (GET); the POST
    cancels and goes back to the registration's page, which says so at the top."""
    try:
        registration = registration_from_token(token)
    except ValidationError as error:
        return render(request, "webinars/manage.html", {"error": error.messages[0]}, status=404)
    back = reverse("webinars:manage", args=[token])
    if not registration.is_active or registration.session.state() == "past":
        return redirect(back)  # that page says where the registration stands
    if request.method == "POST":
        try:
            cancel(registration=registration, by=_acting(request))
        except ValidationError as error:
            messages.info(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("Your registration is cancelled. Thank you for telling us.")
            )
        return redirect(back + "#messages")
    return render(
        request,
        "webinars/manage_cancel.html",
        {
            "registration": registration,
            "session": registration.session.localized.specific,
            "back_url": back,
            "waitlist_position": registration.waitlist_position(),
            **registration.session.times_for(request.user),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def series_subscription(request, token):
    """A series registrant's own page: stop being registered for new sessions."""
    try:
        subscription = subscription_from_token(token)
    except ValidationError as error:
        return render(
            request, "webinars/series_subscription.html", {"error": error.messages[0]}, status=404
        )
    if request.method == "POST":
        stop_subscription(subscription=subscription, by=_acting(request))
        messages.success(
            request,
            _(
                "You will no longer be registered for new sessions of this series. Places you "
                "already have stay yours; each can be cancelled from its own email."
            ),
        )
        return redirect(request.path)
    return render(
        request,
        "webinars/series_subscription.html",
        {"subscription": subscription, "series": subscription.series.localized},
    )


@never_cache
def my_webinars(request):
    """A signed-in member's webinars: what they registered for, coming up and past."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    context = dashboard.my_webinars(request)
    context["breadcrumbs"] = [
        {"title": _("Home"), "url": f"/{translation.get_language()}/"},
        {"title": _("My hub"), "url": reverse("network:dashboard")},
    ]
    return render(request, "webinars/my_webinars.html", context)
