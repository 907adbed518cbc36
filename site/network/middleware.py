import zoneinfo

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib import messages
from django.middleware import locale
from django.shortcuts import redirect
from django.urls import is_valid_path, reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
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
                _(
                    "Set up an authenticator app before you open the admin: it protects the "
                    "cities and people whose information it holds."
                ),
            )
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


class SecurityHeadersMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's relaxation and private responses unstored.

    - The public site gets settings.CONTENT_SECURITY_POLICY, which allows no inline script
      or style at all. The Wagtail admin (and only it) gets HUB_ADMIN_CSP_REPLACE on top,
      because Wagtail's admin writes inline styles and scripts (see docs/deploy.md).
    - Every response to a signed-in person, and every page with a form token (its cookie is
      set again whenever a page uses it; the private pages reached by an emailed link all
      have a form), is `Cache-Control: private,
      no-store`: it may hold someone's own or their city's information, which neither a
      shared cache nor the browser's history should keep.
    - Every response carries settings.PERMISSIONS_POLICY.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.replace is None and request.path_info.startswith("/admin/"):
            parts.replace = settings.HUB_ADMIN_CSP_REPLACE
        return parts

    def process_response(self, request, response):
        response = super().process_response(request, response)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if signed_in or settings.CSRF_COOKIE_NAME in response.cookies:
            patch_cache_control(response, private=True, no_store=True)
        response.headers.setdefault("Permissions-Policy", self.permissions_policy())
        return response

    @staticmethod
    def permissions_policy() -> str:
        """settings.PERMISSIONS_POLICY as the header writes it: `camera=(), fullscreen=(self
        "https://…")`."""
        return ", ".join(
            f"{feature}=({' '.join(allowed)})"
            for feature, allowed in settings.PERMISSIONS_POLICY.items()
        )
