"""Email preferences: which kinds of bulk email an address has stopped, and the signed
links (List-Unsubscribe, RFC 8058) that stop them in one click."""

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from .models import EmailPreference, User

Kind = EmailPreference.Kind
SALT = "network.unsubscribe"


def _normal(email: str) -> str:
    return email.strip().lower()


# --- Links ---


def unsubscribe_token(*, email: str, kind: str) -> str:
    """A link that names one address and one kind. It does not expire: an unsubscribe link
    in a month-old reminder must still work (RFC 8058 asks for that)."""
    return signing.dumps([_normal(email), str(kind)], salt=SALT, compress=True)


def read_token(token: str) -> tuple[str, str] | None:
    """(email, kind) of a genuine link; None for a tampered or unknown one."""
    try:
        email, kind = signing.loads(token, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(email, str) or kind not in Kind.values:
        return None
    return email, kind


def unsubscribe_url(*, email: str, kind: str, language: str) -> str:
    with translation.override(language):
        path = reverse("network:unsubscribe", args=[unsubscribe_token(email=email, kind=kind)])
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


# --- Reads ---


def is_suppressed(*, email: str, kind: str) -> bool:
    """Whether this address has stopped this kind of email."""
    return EmailPreference.objects.filter(
        email=_normal(email), kind=kind, unsubscribed_at__isnull=False
    ).exists()


def suppressed_addresses(emails, *, kind: str) -> set[str]:
    """The addresses among `emails` that have stopped `kind` (one query for a batch)."""
    wanted = {_normal(e) for e in emails}
    return set(
        EmailPreference.objects.filter(
            email__in=wanted, kind=kind, unsubscribed_at__isnull=False
        ).values_list("email", flat=True)
    )


def stopped_kinds(email: str) -> set[str]:
    return set(
        EmailPreference.objects.filter(
            email=_normal(email), unsubscribed_at__isnull=False
        ).values_list("kind", flat=True)
    )


# --- Writes ---


@transaction.atomic
def unsubscribe(*, email: str, kind: str) -> EmailPreference:
    """Stop one kind of bulk email to one address, at once; safe to repeat."""
    email = _normal(email)
    preference, _created = EmailPreference.objects.select_for_update().get_or_create(
        email=email, kind=kind, defaults={"user": User.objects.filter(email=email).first()}
    )
    if preference.unsubscribed_at is None:
        preference.unsubscribed_at = timezone.now()
        preference.full_clean()
        preference.save()
    return preference


@transaction.atomic
def resubscribe(*, email: str, kind: str) -> None:
    """Send this kind of email to this address again (the undo of unsubscribe)."""
    EmailPreference.objects.filter(email=_normal(email), kind=kind).update(
        unsubscribed_at=None, updated_at=timezone.now()
    )


@transaction.atomic
def set_preferences(*, user: User, wanted) -> None:
    """A person's choice on their profile: the kinds in `wanted` are sent, the others not."""
    wanted = set(wanted)
    for kind in Kind.values:
        if kind in wanted:
            resubscribe(email=user.email, kind=kind)
        else:
            unsubscribe(email=user.email, kind=kind)
