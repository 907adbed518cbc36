"""The first second factor, bound to the account's owner.

A password alone never adds an authenticator: whoever holds a password (a leaked one, a
guessed one) could otherwise set up their own authenticator app and, with it, open the admin
and the help desk. Before the FIRST authenticator, the hub emails a one-time link to the
account's address; following it, signed in as that account, lets this session set up the
authenticator app for a short while (`GRANT_KEY`). A coordinator can send the same link
from the admin (network.wagtail_hooks). Adding another factor once one exists is allauth's
own flow, behind its reauthentication (password or authenticator).

The link is signed (django.core.signing), expires after HUB_SECOND_FACTOR_LINK_MINUTES, and
holds a digest of the account's state (its password hash, address and whether it has an
authenticator): it dies when any of those changes. It is one-time, and only the
newest link works: the cache keeps the newest link's nonce, and following it removes it.
"""

import secrets
import time

from allauth.account.adapter import get_adapter as get_account_adapter
from allauth.account.models import EmailAddress
from allauth.account.signals import email_added
from allauth.core.internal import ratelimit
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.cache import cache
from django.dispatch import receiver
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import log

from .mail import queue_email, render_email
from .middleware import is_staff_side

SALT = "network.second_factor.link"
GRANT_KEY = "network.second_factor.grant"
# Where to go on after the first factor, for allauth's recovery codes page (a template
# reads it: no dots in the name).
NEXT_KEY = "second_factor_next"
# allauth's rate limiter (the shared cache, the real client behind a proxy): a link three
# times in ten minutes per account is enough for a slow mailbox, and no mail bomb.
RATE_LIMITS = {
    "second_factor_link": "3/10m/key,20/h/ip",
    # A coordinator sending links to everyone at a rollout: per account only (3 in ten
    # minutes each), never their own address's count.
    "second_factor_link_by_coordinator": "3/10m/key",
}
# The pages where an authenticator is added. Without one yet, they need the emailed link.
ENROLMENT_URL_NAMES = {"mfa_activate_totp", "mfa_generate_recovery_codes", "mfa_add_webauthn"}


def link_age() -> int:
    """How long a link, and the session's permission it gives, lasts (seconds)."""
    return int(settings.HUB_SECOND_FACTOR_LINK_MINUTES) * 60


def mask_email(address: str) -> str:
    """a•••@city.ca: enough for the owner to recognise, not to read over a shoulder."""
    local, _at, domain = address.partition("@")
    if not domain:
        return "•••"
    return f"{local[:1]}•••@{domain}"


def safe_next(request, value: str | None) -> str:
    """The ?next= address if it stays on this site, else ""."""
    value = value or ""
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return ""


# --- The link ---


def _state(user) -> str:
    """A digest of what the link is bound to: a new password, a new address or a factor
    added (by any route) ends it. Not the last sign-in: the owner often signs in on their
    phone to open the link, and that must not break it (the nonce makes it one-time)."""
    has_factor = Authenticator.objects.filter(user_id=user.pk).exists()
    value = f"{user.pk}|{user.password}|{user.email.lower()}|{int(has_factor)}"
    return salted_hmac(SALT, value, algorithm="sha256").hexdigest()[:32]


def _nonce_key(user_pk) -> str:
    return f"network:second-factor-link:{user_pk}"


def make_token(user) -> str:
    """A new link's token; the older ones stop working."""
    nonce = secrets.token_urlsafe(12)
    cache.set(_nonce_key(user.pk), nonce, timeout=link_age())
    return signing.dumps({"u": user.pk, "s": _state(user), "n": nonce}, salt=SALT)


def read_token(token: str) -> dict | None:
    """The token's contents if it is well-formed, signed by us and not expired, else None."""
    try:
        data = signing.loads(token, salt=SALT, max_age=link_age())
    except signing.BadSignature:  # includes SignatureExpired
        return None
    if not isinstance(data, dict) or not {"u", "s", "n"} <= data.keys():
        return None
    return data


def check_token(user, data: dict) -> bool:
    """Whether the token (read by read_token) is the newest, unused link for this account in
    its present state."""
    newest = cache.get(_nonce_key(user.pk))
    return (
        str(data["u"]) == str(user.pk)
        and newest is not None
        and constant_time_compare(str(data["n"]), newest)
        and constant_time_compare(str(data["s"]), _state(user))
    )


def link_url(user, *, following: str = "") -> str:
    """The absolute link for the email, in the owner's language."""
    with translation.override(user.language or settings.LANGUAGE_CODE):
        path = reverse("network:second_factor_link", kwargs={"token": make_token(user)})
    if following:
        path = f"{path}?{urlencode({'next': following})}"
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def send_link(*, user, following: str = "", by=None) -> None:
    """Email the owner a link to set up their first second factor. `by` is the coordinator
    who sent it, when it is not the owner asking."""
    language = user.language or settings.LANGUAGE_CODE
    queue_email(
        render_email(
            template="account_second_factor_link",
            context={
                "person": user,
                "link": link_url(user, following=following),
                "minutes": int(settings.HUB_SECOND_FACTOR_LINK_MINUTES),
                "by": by,
            },
            to=[user.email],
            language=language,
        )
    )
    log(
        user,
        "network.second_factor.link_sent",
        user=by or user,
        data={"by_coordinator": by is not None and by.pk != user.pk},
    )


# --- The session's permission to add the first factor ---


def grant(request, *, following: str = "") -> None:
    request.session[GRANT_KEY] = {
        "user": str(request.user.pk),
        "until": time.time() + link_age(),
        "next": following,
    }


def has_grant(request) -> bool:
    value = request.session.get(GRANT_KEY)
    return (
        isinstance(value, dict)
        and value.get("user") == str(request.user.pk)
        and float(value.get("until", 0)) > time.time()
    )


def end_grant(session) -> None:
    """The permission covers one enrolment: once a factor exists it is allauth's flow. The
    address to go on to stays for the recovery codes page."""
    value = session.pop(GRANT_KEY, None)
    if isinstance(value, dict) and value.get("next"):
        session[NEXT_KEY] = value["next"]


@receiver(authenticator_added)
def end_grant_on_enrolment(sender, request, user, authenticator, **kwargs):
    session = getattr(request, "session", None)
    if session is not None:
        end_grant(session)


@receiver(email_added)
def tell_owner_of_added_address(sender, request, user, email_address, **kwargs):
    """allauth tells the owner when an address is changed or removed, not when one is added:
    the main address hears of it too (the new one gets its confirmation)."""
    primary = EmailAddress.objects.get_primary_email(user)
    if primary and primary.lower() != email_address.email.lower():
        get_account_adapter(request).send_notification_mail(
            "account/email/email_added", user, {"added_email": email_address.email}, primary
        )


class EnrolmentGuardMiddleware:
    """The first authenticator needs the emailed link (for everyone, staff or not): allauth's
    pages that add one answer a redirect to the setup page without it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # allauth announces a new factor after its transaction commits, which may be after
        # the session was saved: a permission still held with a factor in place ends here.
        if GRANT_KEY in request.session and is_mfa_enabled(request.user):
            end_grant(request.session)
        match = request.resolver_match
        if match is None or match.url_name not in ENROLMENT_URL_NAMES:
            return None
        user = request.user
        if not user.is_authenticated or is_mfa_enabled(user) or has_grant(request):
            return None
        messages.info(
            request,
            _(
                "To be sure it is really you, we email you a link before you set up a second "
                "factor."
            ),
        )
        following = safe_next(request, request.GET.get("next"))
        query = f"?{urlencode({'next': following})}" if following else ""
        return redirect(reverse("network:second_factor_setup") + query)


# --- Views ---


@never_cache
@login_required
def setup(request):
    """Why a second factor, and the button that emails the link to the owner."""
    user = request.user
    following = safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if is_mfa_enabled(user):
        return redirect(following or reverse("mfa_index"))
    if request.method == "POST":
        allowed = ratelimit.consume(
            request,
            app="network",
            action="second_factor_link",
            config=RATE_LIMITS,
            key=str(user.pk),
        )
        if allowed:
            send_link(user=user, following=following)
            messages.success(
                request,
                _("We sent the link to %(email)s. It works for %(minutes)s minutes.")
                % {
                    "email": mask_email(user.email),
                    "minutes": settings.HUB_SECOND_FACTOR_LINK_MINUTES,
                },
            )
            request.session["network.second_factor.sent"] = time.time()
        else:
            messages.error(
                request,
                _(
                    "We have sent several links in the last few minutes. Look for them in your "
                    "mailbox (and its spam folder), or try again in ten minutes."
                ),
            )
        query = f"?{urlencode({'next': following})}" if following else ""
        return redirect(reverse("network:second_factor_setup") + query)
    sent = request.session.get("network.second_factor.sent", 0) > time.time() - link_age()
    return render(
        request,
        "account/second_factor_setup.html",
        {
            "masked_email": mask_email(user.email),
            "next": following,
            "sent": sent,
            "granted": has_grant(request),
            "activate_url": reverse("mfa_activate_totp")
            + (f"?{urlencode({'next': following})}" if following else ""),
            "minutes": settings.HUB_SECOND_FACTOR_LINK_MINUTES,
            # Held by the staff gate: every other page sends them back here.
            "held": settings.HUB_REQUIRE_STAFF_MFA and is_staff_side(user),
        },
    )


@never_cache
def follow_link(request, token):
    """The emailed link: signed in as its owner and confirmed with a button (a POST), this
    session may add the first factor."""
    following = safe_next(request, request.POST.get("next") or request.GET.get("next"))
    data = read_token(token)
    if data is None:
        return _refuse(request, "expired", status=404)
    if not request.user.is_authenticated:
        login = f"{reverse('account_login')}?{urlencode({'next': request.get_full_path()})}"
        return _refuse(request, "signed_out", status=403, login_url=login)
    if str(data["u"]) != str(request.user.pk):
        return _refuse(request, "other_user", status=403)
    user = request.user
    if is_mfa_enabled(user):
        messages.info(request, _("Your account already has a second factor."))
        return redirect(following or reverse("mfa_index"))
    if not check_token(user, data):
        return _refuse(request, "expired", status=404)
    if request.method != "POST":
        # Opening the link changes nothing: mail scanners (Outlook's Safe Links and the
        # like) open every link in a message before the person does, and would use it up.
        # The person confirms with a button.
        return render(
            request,
            "account/second_factor_link_confirm.html",
            {"next": following, "masked_email": mask_email(user.email)},
        )
    if not cache.delete(_nonce_key(user.pk)):
        # One use, even for two confirmations at once: only the one that deleted the
        # nonce goes on (the cache's delete is atomic and says whether it found the key).
        return _refuse(request, "expired", status=404)
    grant(request, following=following)
    log(user, "network.second_factor.link_used", user=user)
    messages.success(
        request,
        _("Thank you: it is really you. Now set up your authenticator app."),
    )
    query = f"?{urlencode({'next': following})}" if following else ""
    return redirect(reverse("mfa_activate_totp") + query)


def _refuse(request, reason: str, *, status: int, login_url: str = ""):
    return render(
        request,
        "account/second_factor_link_refused.html",
        {"reason": reason, "login_url": login_url},
        status=status,
    )


@hooks.register("register_log_actions")
def register_second_factor_log_actions(actions):
    actions.register_action(
        "network.second_factor.link_sent",
        gettext_lazy("Send second-factor setup link"),
        gettext_lazy("Second-factor setup link sent"),
    )
    actions.register_action(
        "network.second_factor.link_used",
        gettext_lazy("Use second-factor setup link"),
        gettext_lazy("Second-factor setup link used"),
    )


# --- A coordinator starts the enrolment (the Wagtail admin) ---


def without_second_factor():
    """Active accounts that can see others' private data (admin access, staff, superusers,
    coordinators, experts) and have no authenticator yet: the people a coordinator follows
    up."""
    from django.contrib.auth import get_user_model
    from django.db.models import Exists, OuterRef, Q

    from .models import COORDINATORS_GROUP, ExpertProfile

    User = get_user_model()
    staff_side = (
        Q(is_staff=True)
        | Q(is_superuser=True)
        | Q(groups__name=COORDINATORS_GROUP)
        | Q(groups__permissions__codename="access_admin")
        | Exists(ExpertProfile.objects.filter(user=OuterRef("pk")))
    )
    return (
        User.objects.filter(staff_side, is_active=True, closed_at__isnull=True)
        .exclude(Exists(Authenticator.objects.filter(user=OuterRef("pk"))))
        .distinct()
        .order_by("full_name", "email")
    )


def _coordinator_only(request):
    from django.core.exceptions import PermissionDenied

    if not request.user.is_coordinator:
        raise PermissionDenied


class WithoutSecondFactorView(WagtailAdminTemplateMixin, TemplateView):
    """Coordinators: who can see cities' data but has not set up a second factor yet, and a
    button that emails each of them the setup link."""

    template_name = "network/admin/second_factor_pending.html"
    page_title = gettext_lazy("Second factors to set up")
    header_icon = "key"

    def dispatch(self, request, *args, **kwargs):
        _coordinator_only(request)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        people = list(without_second_factor()[:200])
        return super().get_context_data(**kwargs, people=people)


@method_decorator(never_cache, name="dispatch")
class SendLinkView(WagtailAdminTemplateMixin, TemplateView):
    """GET asks, POST emails the person their setup link (logged; throttled like the
    person's own button)."""

    template_name = "network/admin/second_factor_send.html"
    page_title = gettext_lazy("Send a second-factor setup link")
    header_icon = "key"

    def dispatch(self, request, *args, **kwargs):
        from django.contrib.auth import get_user_model
        from django.shortcuts import get_object_or_404

        _coordinator_only(request)
        self.person = get_object_or_404(
            get_user_model(), pk=kwargs["pk"], is_active=True, closed_at__isnull=True
        )
        self.back = safe_next(
            request, request.POST.get("next") or request.GET.get("next")
        ) or reverse("second_factor_admin:pending")
        if is_mfa_enabled(self.person):
            messages.info(
                request, _("%(name)s already has a second factor.") % {"name": self.person}
            )
            return redirect(self.back)
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.person)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("second_factor_admin:pending"), "label": _("Second factors to set up")},
            {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **kwargs,
            person=self.person,
            masked_email=mask_email(self.person.email),
            next=self.back,
            minutes=settings.HUB_SECOND_FACTOR_LINK_MINUTES,
        )

    def post(self, request, *args, **kwargs):
        person = self.person
        allowed = ratelimit.consume(
            request,
            app="network",
            action="second_factor_link_by_coordinator",
            config=RATE_LIMITS,
            key=str(person.pk),
        )
        if allowed:
            send_link(user=person, by=request.user)
            messages.success(
                request,
                _("The setup link is on its way to %(name)s (%(email)s).")
                % {"name": person, "email": person.email},
            )
        else:
            messages.error(
                request,
                _("%(name)s was sent several links in the last few minutes: try again later.")
                % {"name": person},
            )
        return redirect(self.back)


@hooks.register("register_admin_urls")
def register_second_factor_admin_urls():
    from django.urls import include, path

    urls = [
        path("", WithoutSecondFactorView.as_view(), name="pending"),
        path("<int:pk>/send/", SendLinkView.as_view(), name="send"),
    ]
    return [path("second-factors/", include((urls, "second_factor_admin")))]


@hooks.register("register_settings_menu_item")
def second_factor_menu_item():
    from wagtail.admin.menu import MenuItem

    class CoordinatorsMenuItem(MenuItem):
        def is_shown(self, request):
            return request.user.is_coordinator

    return CoordinatorsMenuItem(
        gettext_lazy("Second factors to set up"),
        reverse("second_factor_admin:pending"),
        icon_name="key",
        order=710,
    )


def _with_second_factor(request_user) -> frozenset:
    """Who has a second factor (allauth's is_mfa_enabled for everyone at once), read once for
    the listing being drawn: kept on the signed-in person's object, which lives for one
    request. One query for the page instead of one a row."""
    known = getattr(request_user, "_hub_with_second_factor", None)
    if known is None:
        from allauth.mfa.models import Authenticator

        known = frozenset(Authenticator.objects.values_list("user_id", flat=True).distinct())
        request_user._hub_with_second_factor = known
    return known


@hooks.register("register_user_listing_buttons")
def second_factor_link_button(user, request_user):
    from wagtail.admin.widgets import Button

    if (
        not request_user.is_coordinator
        or user.closed_at
        or user.pk in _with_second_factor(request_user)
    ):
        return []
    return [
        Button(
            gettext_lazy("Send a second-factor setup link"),
            reverse("second_factor_admin:send", args=[user.pk]),
            icon_name="key",
            priority=61,
        )
    ]
