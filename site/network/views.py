from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from .dashboard import panels_for, viewer_zone
from .forms import ProfileForm
from .models import Membership


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
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        with translation.override(user.language):
            messages.success(request, _("Your profile has been saved."))
            return redirect("network:profile")
    memberships = Membership.objects.visible_to(request.user).filter(user=request.user)
    return render(
        request,
        "account/profile.html",
        {"form": form, "memberships": memberships.select_related("organisation")},
    )


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
