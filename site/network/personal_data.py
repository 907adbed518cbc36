"""A person's own data: everything the hub holds about them as a download, and closing
their account.

`network` never imports the feature apps: each registers two Wagtail hooks.

- `EXPORT_HOOK` (``hub_personal_data``): ``fn(user) -> {section: json-able data}``, the
  rows that app holds about the person, nothing of anyone else's.
- `CLOSE_HOOK` (``hub_close_account``): ``fn(*, user, email, by)``, the app's part of
  closing, run inside the closing transaction while `user` still has its name and address
  (`email` is that address, lower case): delete what is the person's alone, anonymise what
  others still need.

Closing keeps the `User` row (help-desk requests, their messages, bookings and certificates
point at it) and empties it: no name, an address that cannot receive mail, no password.
"""

import io
import json
import zipfile

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models.functions import Cast
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.log_actions import log

from . import joining
from .mail import queue_email, render_email, render_text

EXPORT_HOOK = "hub_personal_data"
CLOSE_HOOK = "hub_close_account"

CLOSED_DOMAIN = "closed.invalid"  # RFC 2606: can never receive mail


def closed_address(pk: int, *parts) -> str:
    """A unique address that cannot receive mail, for a row that must keep an address."""
    suffix = "".join(f"-{part}" for part in parts)
    return f"closed-{pk}{suffix}@{CLOSED_DOMAIN}"


# --- Export ---


def _when(value):
    return value.isoformat() if value else None


def network_data(user) -> dict:
    """What `network` itself holds about a person."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    from .models import (
        CalendarFeed,
        EmailPreference,
        ExpertProfile,
        InterestExpression,
        Invitation,
        JoinRequest,
        Membership,
    )

    data = {
        "profile": {
            "email": user.email,
            "full_name": user.full_name,
            "language": user.language,
            "time_zone": user.time_zone,
            "joined": _when(user.date_joined),
            "last_sign_in": _when(user.last_login),
        },
        "email_addresses": [
            {"email": row.email, "verified": row.verified, "primary": row.primary}
            for row in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        "second_factors": [
            {
                "type": row.type,
                "created": _when(row.created_at),
                "last_used": _when(row.last_used_at),
            }
            for row in Authenticator.objects.filter(user=user).order_by("pk")
        ],
        "memberships": [
            {
                "organisation": row.organisation.name,
                "role": row.role,
                "since": _when(row.created_at),
            }
            for row in Membership.objects.filter(user=user).select_related("organisation")
        ],
        "requests_to_join": [
            {
                "organisation": row.organisation.name,
                "message": row.message,
                "status": row.status,
                "asked": _when(row.created_at),
                "decided": _when(row.decided_at),
                "note_to_you": row.decision_note,
            }
            for row in JoinRequest.objects.filter(user=user).select_related("organisation")
        ],
        "invitations_to_you": [
            {
                "organisation": row.organisation.name,
                "role": row.role,
                "sent": _when(row.created_at),
                "accepted": _when(row.accepted_at),
            }
            for row in Invitation.objects.filter(email=user.email.lower()).select_related(
                "organisation"
            )
        ],
        "expressions_of_interest": [
            {
                "organisation": row.organisation.name,
                "contact_name": row.contact_name,
                "contact_role": row.contact_role,
                "contact_email": row.contact_email,
                "contact_phone": row.contact_phone,
                "why_now": row.why_now,
                "submitted": _when(row.submitted_at),
            }
            for row in InterestExpression.objects.filter(user=user).select_related("organisation")
        ],
        "email_choices": [
            {"kind": row.kind, "stopped": _when(row.unsubscribed_at)}
            for row in EmailPreference.objects.filter(
                models.Q(user=user) | models.Q(email=user.email.lower())
            ).order_by("kind")
        ],
        "calendar_feed": {"created": _when(feed.created_at), "last_read": _when(feed.last_read_at)}
        if (feed := CalendarFeed.objects.filter(user=user).first())
        else None,
    }
    profile = ExpertProfile.objects.filter(user=user).first()
    if profile is not None:
        data["expert_profile"] = {
            "role": profile.role,
            "role_fr": profile.role_fr,
            "bio": profile.bio,
            "bio_fr": profile.bio_fr,
            "languages": profile.languages,
            "jurisdictions": profile.jurisdictions,
            "time_zone": profile.time_zone,
            "weekly_capacity": profile.weekly_capacity,
            "away_until": _when(profile.away_until),
        }
    return data


def collect(user) -> dict:
    """Everything about one person, section by section: network's, then each app's."""
    data = {"exported_at": _when(timezone.now()), "network": network_data(user)}
    for hook in hooks.get_hooks(EXPORT_HOOK):
        data.update(hook(user))
    return data


def export(user) -> bytes:
    """The person's data as a ZIP: data.json (UTF-8, indented, ISO dates) and a README.txt
    in their language saying what is in it."""
    data = collect(user)
    with translation.override(user.language):
        readme = render_text(
            "account/your_data_readme.txt", {"sections": sorted(data), "user": user}
        )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "data.json",
            json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False, sort_keys=True),
        )
        archive.writestr("README.txt", readme)
    return buffer.getvalue()


def export_filename(user) -> str:
    return f"hub-data-{timezone.localdate():%Y-%m-%d}.zip"


@transaction.atomic
def record_export(*, user, by) -> None:
    """A coordinator downloaded a person's data for them: the person's history says who."""
    log(user, "network.account.export", user=by)


# --- Closing an account ---


def _goodbye(user, *, email: str) -> None:
    """Queue the "your account is closed" email to the address before it is erased: the
    outbox forgets every other email to it, sent or still to send (they would name the
    person), and this one once sent."""
    from . import outbox

    outbox.forget_address(email)
    context = {"name": user.get_short_name()}
    queue_email(
        render_email(
            template="account_closed", context=context, to=[email], language=user.language
        ),
        forget=True,
    )


def _scrub_logs(*, name: str, email: str) -> int:
    """Take the person's name and address out of the admin's history: labels (a log entry
    keeps the object's name as it was) and data."""
    from wagtail.models import ModelLogEntry, PageLogEntry

    needles = [text for text in (name, email) if text]
    if not needles:
        return 0
    # JSON columns hold non-ASCII letters escaped (\u00e9): look for both spellings.
    escaped = [json.dumps(text)[1:-1] for text in needles]
    changed = 0
    for model in (ModelLogEntry, PageLogEntry):
        query = models.Q()
        for text in {*needles, *escaped}:
            query |= models.Q(label__icontains=text) | models.Q(data_text__icontains=text)
        rows = model.objects.annotate(data_text=Cast("data", models.TextField())).filter(query)
        for entry in rows:
            label, data = entry.label, json.dumps(entry.data, ensure_ascii=False)
            for text in needles:
                label = label.replace(text, _former())
                data = data.replace(json.dumps(text, ensure_ascii=False)[1:-1], _former())
            entry.label = label[:255]
            entry.data = json.loads(data)
            entry.save(update_fields=["label", "data"])
            changed += 1
    return changed


def _former() -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _("Former member")


@transaction.atomic
def close_account(*, user, by, reason: str = ""):
    """Close a person's account, at their request or on it by a coordinator (`by`): tell
    them, let each app delete or anonymise its rows, delete what is theirs alone here, and
    empty the user row. Their sessions end: the password is gone and the account inactive."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from wagtail.models import PageSubscription
    from wagtail.users.models import UserProfile

    from .models import (
        CalendarFeed,
        EmailPreference,
        ExpertProfile,
        InterestExpression,
        Invitation,
        JoinRequest,
        User,
    )

    user = User.objects.select_for_update().get(pk=user.pk)
    if user.closed_at is not None:
        return user
    if by is not None and by.pk != user.pk and user.is_superuser and not by.is_superuser:
        raise ValidationError(_("Only a superuser can close a superuser's account."))
    email, name = user.email.lower(), user.full_name
    actor = None if isinstance(by, AnonymousUser) else by
    for hook in hooks.get_hooks(CLOSE_HOOK):
        hook(user=user, email=email, by=by)
    # After the apps' parts, which may have queued notices to the address (a cancelled
    # registration): the goodbye is the one email left to it.
    _goodbye(user, email=email)

    # Leaving each organisation and withdrawing what is open are logged like any other
    # (the entries are scrubbed of the name and address below, with the rest).
    joining.end_memberships(user=user, by=actor)
    JoinRequest.objects.filter(user=user).delete()
    CalendarFeed.objects.filter(user=user).delete()
    EmailPreference.objects.filter(models.Q(user=user) | models.Q(email=email)).delete()
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    PageSubscription.objects.filter(user=user).delete()
    UserProfile.objects.filter(user=user).delete()
    # An open invitation went with end_memberships; an accepted one keeps its date, not
    # the address.
    for invitation in Invitation.objects.filter(email=email):
        invitation.email = closed_address(user.pk, "invitation", invitation.pk)
        invitation.save(update_fields=["email"])
    # A city's expression of interest stays with the city, without its contact's details.
    for interest in InterestExpression.objects.filter(
        models.Q(user=user) | models.Q(contact_email__iexact=email)
    ):
        interest.contact_name = ""
        interest.contact_role = ""
        interest.contact_phone = ""
        interest.contact_email = closed_address(user.pk, "interest", interest.pk)
        interest.user = None
        interest.save()
    # An expert's bookings and requests stay; their profile stops being shown or chosen.
    ExpertProfile.objects.filter(user=user).update(
        is_active=False, role="", role_fr="", bio="", bio_fr="", photo=None
    )

    user.full_name = ""
    user.email = closed_address(user.pk)
    user.set_unusable_password()
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.closed_at = timezone.now()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    _scrub_logs(name=name, email=email)
    log(
        user,
        "network.account.close",
        user=actor,
        data={"reason": reason.strip(), "on_request": by is not None and by.pk != user.pk},
    )
    return user
