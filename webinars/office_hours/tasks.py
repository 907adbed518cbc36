"""Scheduled office-hours work (django-q2): reminders to both sides of a booking, one day
and one hour before.

Safe to run at any time and more than once: a reminder is recorded per booking, kind and
start time before its email is queued, so it is never sent twice; a rescheduled booking has
a new start time, so its reminders are planned again; a cancelled one gets none.
"""

import datetime

from django.db import DEFAULT_DB_ALIAS, IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django_q.models import Schedule

from network import tasks as network_tasks

from . import services
from .models import Booking, BookingReminder

LEADS = {
    BookingReminder.Kind.DAY: datetime.timedelta(days=1),
    BookingReminder.Kind.HOUR: datetime.timedelta(hours=1),
}

SCHEDULES = {
    "office hours: reminders": {
        "func": "webinars.office_hours.tasks.send_booking_reminders",
        "schedule_type": Schedule.MINUTES,
        "minutes": 5,
    },
}


def send_booking_reminders(now: datetime.datetime | None = None) -> int:
    """Remind both sides of confirmed bookings a day and an hour before; returns how many
    bookings were reminded. A rescheduled booking has a new start time, so its reminders
    are due again; a cancelled one gets none."""
    now = now or timezone.now()
    sent = 0
    for kind, lead in LEADS.items():
        window_start = (
            now if kind == BookingReminder.Kind.HOUR else now + LEADS[BookingReminder.Kind.HOUR]
        )
        already = BookingReminder.objects.filter(
            booking=OuterRef("pk"), kind=kind, starts_at=OuterRef("starts_at")
        )
        due = Booking.objects.filter(
            status=Booking.Status.CONFIRMED,
            starts_at__gt=window_start,
            starts_at__lte=now + lead,
        ).exclude(Exists(already))
        for pk in due.values_list("pk", flat=True):
            try:
                with transaction.atomic():
                    booking = (
                        Booking.objects.select_for_update(of=("self",))
                        .select_related("programme", "expert__user", "booked_by", "organisation")
                        .filter(pk=pk, status=Booking.Status.CONFIRMED)
                        .first()
                    )
                    if booking is None:
                        continue  # cancelled a moment ago
                    BookingReminder.objects.create(
                        booking=booking, kind=kind, starts_at=booking.starts_at
                    )
                    services.notify(
                        booking,
                        template="reminder",
                        key=f"office-hours-reminder:{booking.pk}:{kind}:"
                        f"{booking.starts_at.isoformat()}",
                    )
            except IntegrityError:
                continue  # another run sent it a moment ago
            sent += 1
    return sent


def ensure_schedules(*, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """Create or update the schedules of these tasks (a post_migrate handler)."""
    network_tasks.ensure_schedules(SCHEDULES, using=using)
