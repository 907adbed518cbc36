import zoneinfo
from urllib.parse import urlparse

from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added
from allauth.mfa.utils import is_mfa_enabled
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib import messages
from django.dispatch import receiver
from django.middleware import locale
from django.shortcuts import redirect
from django.urls import Resolver404, is_valid_path, resolve, reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _

from .models import ADMIN_ACCESS, read_roles


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


# The pages that finish or abandon signing in: all a staff account reaches before its
# second factor. Recovery codes are not among them: a password alone (reauthentication)
# would show them, and each one is a second factor.
SIGN_IN_VIEWS = frozenset(
    {
        "account_login",
        "account_logout",
        "account_inactive",
        "account_reauthenticate",
        "account_reset_password",
        "account_reset_password_done",
        "account_reset_password_from_key",
        "account_reset_password_from_key_done",
        "account_confirm_email",
        "account_email_verification_sent",
        "mfa_authenticate",
        "mfa_reauthenticate",
        "mfa_activate_totp",  # network.second_factor lets only the emailed link's session in
        "network:second_factor_setup",
        "network:second_factor_link",
        "health",
    }
)


# The backends whose permissions are the ModelBackend's own (allauth's subclasses it): with
# only these, `has_admin_access` reads what `user.has_perm(ADMIN_ACCESS)` would.
MODEL_PERMISSION_BACKENDS = frozenset(
    {
        "django.contrib.auth.backends.ModelBackend",
        "allauth.account.auth_backends.AuthenticationBackend",
    }
)


def has_admin_access(user) -> bool:
    """`user.has_perm("wagtailadmin.access_admin")` (the account menu's Admin link, the
    second-factor gate), read with the person's roles in one query, or from Django's
    permission cache when something in the request has filled it already."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if hasattr(user, "_perm_cache") or not MODEL_PERMISSION_BACKENDS.issuperset(
        settings.AUTHENTICATION_BACKENDS
    ):
        return user.has_perm(ADMIN_ACCESS)
    if not hasattr(user, "_hub_admin_access"):
        read_roles(user)
    return user._hub_admin_access


def is_staff_side(user) -> bool:
    """Whether a signed-in person can see others' private data: admin access, staff or
    superuser, a coordinator, an expert (a profile is enough to be routed requests).

    The flags cost nothing; admin access and the two roles take one query together
    (`has_admin_access`), kept on the user for the account menu and the cached
    is_coordinator and is_expert.
    """
    if user.is_superuser or user.is_staff or has_admin_access(user):
        return True
    if not hasattr(user, "_hub_admin_access"):  # admin access from Django's cache
        read_roles(user)
    return user.is_coordinator or user.is_expert


def passed_second_factor(request, user) -> bool:
    """allauth's record of an authenticator used in this session, by this account."""
    return any(
        record.get("method") == "mfa" for record in get_authentication_records(request, user)
    )


class StaffSecondFactorMiddleware:
    """No page for staff who have not passed a second factor in this session.

    Anyone who can see others' private data (`is_staff_side`) and has not used an
    authenticator in this session is part-way through signing in: they reach only the pages
    that finish or abandon it (SIGN_IN_VIEWS, static files) and every other request, public
    pages, the admin, help-desk files and exports included, GET or POST, is sent on without
    being performed: to set up an authenticator (the owner is emailed a link first), or to
    use theirs. Everyone else is unaffected. HUB_REQUIRE_STAFF_MFA=false turns it off (the
    dev default, so the demo logins work); production settings always have it on.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.HUB_REQUIRE_STAFF_MFA:
            response = self.check(request)
            if response is not None:
                return response
        return self.get_response(request)

    def check(self, request):
        user = request.user
        if not user.is_authenticated or passed_second_factor(request, user):
            return None
        if not is_staff_side(user) or self.finishes_sign_in(request):
            return None
        query = self.following(request)
        if not is_mfa_enabled(user):
            return redirect(reverse("network:second_factor_setup") + query)
        messages.info(
            request,
            _(
                "A password alone does not open the hub's private information: enter a code "
                "from your authenticator app to go on."
            ),
        )
        return redirect(reverse("mfa_reauthenticate") + query)

    @staticmethod
    def finishes_sign_in(request) -> bool:
        static = urlparse(settings.STATIC_URL or "").path
        if static and request.path_info.startswith(static):
            return True
        try:
            match = resolve(request.path_info, getattr(request, "urlconf", None))
        except Resolver404:
            return False
        return match.view_name in SIGN_IN_VIEWS

    @staticmethod
    def following(request) -> str:
        """?next=: the page asked for; for a POST (never performed), the page it came from."""
        if request.method in ("GET", "HEAD"):
            target = request.get_full_path()
        else:
            referer = request.headers.get("Referer", "")
            if not url_has_allowed_host_and_scheme(
                referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
            ):
                return ""
            parts = urlparse(referer)
            target = parts.path + (f"?{parts.query}" if parts.query else "")
        return "?" + urlencode({"next": target}) if target else ""


@receiver(authenticator_added)
def count_enrolment_as_second_factor(sender, request, user, authenticator, **kwargs):
    """Setting up an authenticator app checks a code from it: this session has used it, and
    goes on to its recovery codes without typing another. (Only the emailed link's session
    adds a first authenticator: network.second_factor.)

    allauth sends this after the commit, which may come after the response has saved the
    session (a request inside a transaction): the session is saved here too."""
    if request is None or authenticator.type == Authenticator.Type.RECOVERY_CODES:
        return
    if getattr(request, "user", None) is not None and request.user.pk == user.pk:
        record_authentication(request, user, method="mfa", type=authenticator.type)
        request.session.save()


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
