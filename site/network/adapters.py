from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

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
                family="account",
                from_email=message.from_email,
            )
        )

    def send_notification_mail(self, template_prefix, user, context=None, email=None):
        # allauth's security notices (ACCOUNT_EMAIL_NOTIFICATIONS) leave the account out of
        # the context: with it, send_mail writes in the owner's language and time zone, not
        # in the language of whoever's request made the change.
        super().send_notification_mail(
            template_prefix, user, {"user": user, **(context or {})}, email
        )

    def _get_login_attempts_cache_key(self, request, **credentials):
        # allauth keys its per-account limit on the email alone, so five wrong passwords
        # from anywhere would lock the real person out everywhere. Keying it on the email
        # and the client address limits guessing without giving attackers that power.
        key = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{key}:{self.get_client_ip(request)}"
