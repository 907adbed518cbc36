import zoneinfo

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.middleware import locale
from django.shortcuts import redirect
from django.urls import is_valid_path, reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _


class UserTimezoneMiddleware:
    """Show times in the signed-in person's own time zone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user.time_zone:
            timezone.activate(zoneinfo.ZoneInfo(user.time_zone))
        else:
            timezone.deactivate()
        return self.get_response(request)


class AdminSecondFactorMiddleware:
    """Keep the Wagtail admin closed to anyone who has not passed a second factor.

    Everyone allowed into the admin (staff, editors, coordinators, experts) must have a TOTP
    authenticator and must have used it in this session. Turned off by
    HUB_REQUIRE_ADMIN_MFA=false (the dev default, so the demo logins work).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.HUB_REQUIRE_ADMIN_MFA and request.path.startswith(reverse("wagtailadmin_home")):
            response = self.check(request)
            if response is not None:
                return response
        return self.get_response(request)

    def check(self, request):
        user = request.user
        if not user.is_authenticated or not user.has_perm("wagtailadmin.access_admin"):
            return None
        query = urlencode({"next": request.get_full_path()})
        if not is_mfa_enabled(user, [Authenticator.Type.TOTP]):
            messages.warning(
                request,
                _("Set up an authenticator app before you open the admin: it protects the "
                  "cities and people whose information it holds."),
            )  # fmt: skip
            return redirect(f"{reverse('mfa_activate_totp')}?{query}")
        if not any(
            record.get("method") == "mfa" for record in get_authentication_records(request, user)
        ):
            return redirect(f"{reverse('mfa_reauthenticate')}?{query}")
        return None


class LocaleMiddleware(locale.LocaleMiddleware):
    """Django's LocaleMiddleware, except that a 404 from a view at an address outside the
    language prefixes (the admin, documents) stays a 404.

    Django answers any unprefixed 404 with a redirect to /en/<same path> when that path
    resolves, and Wagtail's catch-all page route makes every /en/... path resolve, so a
    missing admin object became a redirect to a page that does not exist.
    """

    def process_response(self, request, response):
        urlconf = getattr(request, "urlconf", None)
        if response.status_code == 404 and is_valid_path(request.path_info, urlconf):
            response.headers.setdefault("Content-Language", translation.get_language())
            return response
        return super().process_response(request, response)
