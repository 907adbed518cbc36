"""My calendar's webinar places (network.calendar_feed): the person's own registrations for
sessions from the last 90 days on. A seat is CONFIRMED, with the join link; waiting for a
seat or for approval is TENTATIVE, marked so in the title and without the link (the time is
worth keeping free, the place is not sure); cancelled or declined is CANCELLED, so calendars
that had it take it out.

Each event keeps the UID and SEQUENCE of its emailed invitation (webinars.calendars).
"""

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail import hooks

from network.calendar_feed import HOOK, CalendarEvent, window_start

from .calendars import uid as session_uid
from .models import Registration, WebinarPage

Status = Registration.Status
# Which place to show when one person has two rows for a session (registered by account,
# and earlier under another address): the surest.
RANK = {Status.REGISTERED: 0, Status.WAITLISTED: 1, Status.PENDING: 1}


def translations(model, pages, language: str) -> dict:
    """{translation_key: live page in `language`} for these pages, in one query."""
    keys = {page.translation_key for page in pages}
    found = (
        model.objects.live()
        .filter(locale__language_code=language, translation_key__in=keys)
        .select_related("locale")
        .defer_streamfields()
    )
    return {page.translation_key: page for page in found}


# --- Webinars ---


def _registration_event(registration, shown) -> CalendarEvent:
    session = registration.session
    seated = registration.status == Status.REGISTERED
    cancelled = not registration.is_active
    join_url = session.join_url if seated and session.ends_at > timezone.now() else ""
    summary = shown.title
    if not seated and not cancelled:
        summary = f"{shown.title} ({registration.get_status_display()})"
    page_url = shown.get_full_url()
    lines = [shown.summary]
    if join_url:
        lines.append(_("Join: %(url)s") % {"url": join_url})
    lines.append(page_url)
    if cancelled:
        status = "CANCELLED"
    else:
        status = "CONFIRMED" if seated else "TENTATIVE"
    return CalendarEvent(
        uid=session_uid(session),
        start=session.starts_at,
        end=session.ends_at,
        summary=summary,
        description="\n\n".join(filter(None, lines)),
        url=page_url,
        location=join_url,
        status=status,
        sequence=session.sequence + registration.calendar_sequence,
    )


@hooks.register(HOOK)
def webinar_places(user) -> list[CalendarEvent]:
    registrations = (
        Registration.objects.visible_to(user)
        .owned_by(user)
        .filter(session__live=True, session__ends_at__gte=window_start())
        .select_related("session__locale")
        .order_by("pk")
    )
    chosen = {}
    for registration in registrations:
        key = registration.session_id
        held = chosen.get(key)
        if held is None or RANK.get(registration.status, 2) < RANK.get(held.status, 2):
            chosen[key] = registration
    # Registrations point to the session in its original language: show the reader's.
    sessions = [registration.session for registration in chosen.values()]
    shown = translations(WebinarPage, sessions, get_language())
    return [
        _registration_event(r, shown.get(r.session.translation_key, r.session))
        for r in chosen.values()
    ]
