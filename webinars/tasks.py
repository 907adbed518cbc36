"""Scheduled webinar work (django-q2): reminders one day and one hour before a session.

Safe to run at any time and more than once: a reminder is recorded per registration, kind
and start time before its email is queued, so it is never sent twice; a session moved to a
new time has a new start time, so its reminders are planned again; cancelled and declined
registrations get nothing.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django_q.models import Schedule
from wagtail.models import PageLogEntry

from network import tasks as network_tasks

from .models import Registration, Reminder, WebinarPage
from .recordings import sync_resource
from .registration import (
    announce_cancellation,
    announce_change,
    announce_recording,
    cancel_session,
    fill_free_seats,
    notify,
    register_subscribers,
    withdrawn_from_registrants,
)

LEADS = {
    Reminder.Kind.DAY: datetime.timedelta(days=1),
    Reminder.Kind.HOUR: datetime.timedelta(hours=1),
}

SCHEDULES = {
    "webinars: reminders": {
        "func": "webinars.tasks.send_reminders",
        "schedule_type": Schedule.MINUTES,
        "minutes": 5,
    },
}


def send_reminders(now: datetime.datetime | None = None) -> int:
    """Queue the reminders that are due; returns how many."""
    now = now or timezone.now()
    sent = 0
    for kind, lead in LEADS.items():
        # Due from `lead` before the start until the start. A day reminder that has become
        # an hour reminder's business is not sent: one reminder is enough.
        window_start = now if kind == Reminder.Kind.HOUR else now + LEADS[Reminder.Kind.HOUR]
        sessions = (
            WebinarPage.objects.live()
            .filter(starts_at__gt=window_start, starts_at__lte=now + lead, cancelled_at=None)
            .values_list("pk", "starts_at")
        )
        for session_pk, starts_at in sessions:
            sent_for_this_time = Reminder.objects.filter(
                registration=OuterRef("pk"), kind=kind, starts_at=starts_at
            )
            due = Registration.objects.filter(
                session_id=session_pk, status=Registration.Status.REGISTERED
            ).exclude(Exists(sent_for_this_time))
            for pk in due.values_list("pk", flat=True):
                try:
                    with transaction.atomic():
                        registration = (
                            Registration.objects.select_for_update()
                            .select_related("session")
                            .filter(pk=pk, status=Registration.Status.REGISTERED)
                            .first()
                        )
                        if registration is None:
                            continue  # cancelled a moment ago
                        Reminder.objects.create(
                            registration=registration, kind=kind, starts_at=starts_at
                        )
                        notify(
                            registration,
                            template="webinar_reminder",
                            key=f"webinar-reminder:{pk}:{kind}:{starts_at.isoformat()}",
                        )
                except IntegrityError:
                    continue  # another run sent it a moment ago
                sent += 1
    return sent


# --- After a session is published (webinars.signals): each takes the session's primary key
# and is safe to run twice (the services remember what they did). ---


def _session(session_pk: int) -> WebinarPage | None:
    return WebinarPage.objects.filter(pk=session_pk).first()  # deleted since: nothing to do


def notify_time_change(session_pk: int) -> int:
    """Tell the registrants of a session that moved (once per change)."""
    session = _session(session_pk)
    return announce_change(session=session) if session else 0


def notify_cancellation(session_pk: int) -> int:
    """A session cancelled: each registrant is told, once (registration.cancel_session)."""
    session = _session(session_pk)
    return announce_cancellation(session=session) if session else 0


def cancel_unpublished_session(session_pk: int) -> bool:
    """A session still to come unpublished while people are registered: it is cancelled
    (they are told, by notify_cancellation), in the name of whoever unpublished it. Nothing
    when it is live again, has started, or is cancelled already. Returns whether it was."""
    session = _session(session_pk)
    if session is None or not withdrawn_from_registrants(session):
        return False
    unpublished = (
        PageLogEntry.objects.filter(page=session, action="wagtail.unpublish")
        .order_by("-timestamp", "-pk")
        .first()
    )
    try:
        cancel_session(
            session=session, by=unpublished.user if unpublished else None, unpublished=True
        )
    except ValidationError:
        return False  # cancelled or started a moment ago
    return True


def publish_recording(session_pk: int) -> int:
    """A recording published: its Resource Hub entry, then the link to everyone who held a
    seat (once)."""
    session = _session(session_pk)
    if session is None:
        return 0
    sync_resource(session=session)
    return announce_recording(session=session)


def register_series_subscribers(session_pk: int) -> int:
    """A session published in a series: the series' subscribers get their place."""
    session = _session(session_pk)
    return register_subscribers(session=session) if session else 0


def fill_waiting_seats(session_pk: int) -> None:
    """Seats an editor added go to the people waiting, in order."""
    if session := _session(session_pk):
        fill_free_seats(session=session)


def ensure_schedules(*, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """Create or update the schedules of these tasks (a post_migrate handler)."""
    network_tasks.ensure_schedules(SCHEDULES, using=using)
