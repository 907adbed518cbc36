from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.email_verification import (
    add_email_verification_sent_message,
    consume_email_verification_rate_limit,
)
from allauth.account.utils import filter_users_by_email
from allauth.core import context as allauth_context
from allauth.core.internal import ratelimit
from allauth.utils import build_absolute_uri
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from wagtail.log_actions import log

from .mail import compose, queue_email


class AccountAdapter(DefaultAccountAdapter):
    """allauth, the hub's way: mail through the task queue, throttles by account and address."""

    def send_mail(self, template_prefix, email, context):
        user = context.get("user")
        language = getattr(user, "language", None) or translation.get_language() or "en"
        with translation.override(language):
            # allauth's templates name the site from django.contrib.sites, which the hub
            # does not use: without this they read "Hello from !".
            site = SimpleNamespace(
                name=gettext("North America Hub"),
                domain=urlsplit(settings.WAGTAILADMIN_BASE_URL).netloc,
            )
            message = self.render_mail(
                template_prefix, email, {"email": email, "current_site": site, **context}
            )
        html = next((body for body, mime in message.alternatives if mime == "text/html"), "")
        queue_email(
            compose(
                subject=message.subject,
                text=message.body,
                html_body=html,
                to=list(message.to),
                language=language,
                # A security notice is about the account, not an address someone typed in:
                # its footer must not say "if that was not you, ignore it".
                family="account" if "notice" not in context else "notice",
                from_email=message.from_email,
            )
        )

    def send_notification_mail(self, template_prefix, user, context=None, email=None):
        # allauth's security notices (ACCOUNT_EMAIL_NOTIFICATIONS) leave the account out of
        # the context: with it, send_mail writes in the owner's language and time zone, not
        # in the language of whoever's request made the change.
        super().send_notification_mail(
            template_prefix, user, {"user": user, "notice": True, **(context or {})}, email
        )

    def _get_login_attempts_cache_key(self, request, **credentials):
        # allauth keys its per-account limit on the email alone, so five wrong passwords
        # from anywhere would lock the real person out everywhere. Keying it on the email
        # and the client address limits guessing without giving attackers that power.
        # The site part is the fixed HUB_SITE_IDENTITY: allauth's own is the request's Host
        # (no django.contrib.sites), and another port or allowed name gave fresh guesses.
        # The address is the one every limit counts (the trusted proxy's view of the
        # visitor, an IPv6 address cut to its /64 as allauth does), so a visitor cannot
        # get fresh guesses by hopping addresses inside their own network either.
        login = credentials.get("email", credentials.get("username", "")).lower()
        return f"{settings.HUB_SITE_IDENTITY}:{login}:{ratelimit.get_ip(request)}"

    # --- Sign-up with an address that already has an account (issue 22, finding 3) ---

    def sign_up_existing_address(self, request, *, email, password):
        """A sign-up with an address that has an account: do what a new account costs and
        say what a new account's sign-up says, so that the visitor learns nothing. (allauth
        then answers as for a new address and sends the owner the notice below.)"""
        # The same work as a new account, so that the answer takes as long: a new account's
        # time is its password hash (the configured hasher, hundreds of milliseconds: the
        # whole gap an outside test measured, 6 ms against 235 ms), a few rows and one
        # queued email. Here: the same hash, thrown away; the owner looked up and the
        # attempt written to their history; and the notice queued to them (by allauth,
        # through send_account_already_exists_mail) at most once per few minutes, as
        # confirmations are. When it is held back the answer skips one queued row, well
        # inside the hash's own spread. tests/network/test_signup_enumeration.py measures it.
        make_password(password)
        owner = self.account_owner(email)
        if owner is not None:
            log(owner, "network.account.signup_attempt")
        if not consume_email_verification_rate_limit(request, email, dry_run=True):
            # allauth holds the notice back silently, and would then say nothing, where a
            # new address always hears "Confirmation email sent".
            add_email_verification_sent_message(request, email, signup=True)

    def account_owner(self, email):
        """The account an address belongs to, or None."""
        return next(iter(filter_users_by_email(email, prefer_verified=True)), None)

    def send_account_already_exists_mail(self, email):
        """Tell the owner, in their language, that someone tried to sign up with their
        address: a link to sign in, one to choose a new password, and nothing to do if it
        was not them."""
        owner = self.account_owner(email)
        language = getattr(owner, "language", "") or translation.get_language() or "en"
        request = allauth_context.request
        with translation.override(language):
            login_url = build_absolute_uri(request, reverse("account_login"))
            password_reset_url = build_absolute_uri(request, reverse("account_reset_password"))
        self.send_mail(
            "account/email/account_already_exists",
            email,
            {
                "user": owner,
                "login_url": login_url,
                "password_reset_url": password_reset_url,
            },
        )
