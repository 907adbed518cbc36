from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .. import preferences, profiles
from ..dashboard import panels_for, viewer_zone
from ..forms import EmailPreferencesForm, ProfileForm
from ..models import EmailPreference, Membership


def admin_login(request):
    """Wagtail's own login form would skip the throttle and the second factor: send people
    to the site's sign-in, which has both. Someone signed in without admin access (a city
    official following an expert's link) goes to the home page with a message, instead of
    bouncing between the two forever."""
    following = request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        following, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        following = ""
    if request.user.is_authenticated:
        if request.user.has_perm("wagtailadmin.access_admin"):
            return redirect(following or reverse("wagtailadmin_home"))  # already signed in
        messages.error(request, _("Your account does not have access to the hub's admin."))
        return redirect("/")
    query = urlencode({"next": following or reverse("wagtailadmin_home")})
    return redirect(f"{reverse('account_login')}?{query}")


def frontend_login(request):
    """Wagtail's sign-in for private pages (`_util/login/`) is Django's plain form, without
    the throttle, e-mail verification or second factor: it sends people to the site's."""
    query = urlencode({"next": request.GET.get("next") or "/"})
    return redirect(f"{reverse('account_login')}?{query}")


@login_required
def profile(request):
    """A person's own settings: name, language, time zone, and their organisations."""
    form = ProfileForm(request.POST if request.method == "POST" else None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = profiles.update_profile(
            user=request.user,
            full_name=form.cleaned_data["full_name"],
            language=form.cleaned_data["language"],
            time_zone=form.cleaned_data["time_zone"],
        )
        with translation.override(user.language):
            messages.success(request, _("Your profile has been saved."))
            return redirect("network:profile")
    memberships = Membership.objects.visible_to(request.user).filter(user=request.user)
    return render(
        request,
        "account/profile.html",
        {
            "form": form,
            "memberships": memberships.select_related("organisation"),
            "email_form": _email_form(request.user),
        },
    )


def _email_form(user, data=None) -> EmailPreferencesForm:
    stopped = preferences.stopped_kinds(user.email)
    wanted = [kind for kind in EmailPreference.Kind.values if kind not in stopped]
    return EmailPreferencesForm(data, initial={"wanted": wanted}, prefix="emails")


@require_POST
@login_required
def email_preferences(request):
    """The "Emails" section of the profile: which kinds of bulk email to send."""
    form = _email_form(request.user, request.POST)
    if form.is_valid():
        preferences.set_preferences(user=request.user, wanted=form.cleaned_data["wanted"])
        messages.success(request, _("Your email choices have been saved."))
    return redirect(reverse("network:profile") + "#emails")


# The signed token in the link is the authority (it names one address and one kind), and
# mail providers send the one-click POST (RFC 8058) without any cookie: no CSRF check.
@csrf_exempt
@never_cache
def unsubscribe(request, token):
    """Stop one kind of bulk email from a link in it. GET only asks (mail scanners follow
    links); POST does it at once, and a second POST can undo it."""
    found = preferences.read_token(token)
    if found is None:
        raise Http404
    email, kind = found
    if request.method == "POST":
        if request.POST.get("action") == "resubscribe":
            preferences.resubscribe(email=email, kind=kind)
            messages.success(request, _("Done: you will get these emails again."))
        else:
            preferences.unsubscribe(email=email, kind=kind)
        if request.POST.get("List-Unsubscribe") != "One-Click":
            return redirect(request.path)
    context = {
        "email": email,
        "kind": EmailPreference.Kind(kind),
        "stopped": preferences.is_suppressed(email=email, kind=kind),
        "own": request.user.is_authenticated and request.user.email.lower() == email,
    }
    return render(request, "account/unsubscribe.html", context)


@never_cache
@login_required
def dashboard(request):
    """My hub: where a signed-in person lands; each service adds its panel (network.dashboard)."""
    memberships = list(Membership.objects.filter(user=request.user).select_related("organisation"))
    # Experts and staff work through the admin: no organisation is nothing to fix for them.
    unlinked = not memberships and not request.user.has_perm("wagtailadmin.access_admin")
    return render(
        request,
        "account/dashboard.html",
        {
            "panels": panels_for(request),
            "memberships": memberships,
            "unlinked": unlinked,
            "zone": viewer_zone(request.user),
        },
    )
