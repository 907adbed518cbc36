"""Open office-hours slots, computed from availability (not stored).

Why computed: an expert's availability changes (a window moves, a week away) must show at
once, and bookings survive such changes; stored slots would need generating ahead, cleaning
up and reconciling with bookings. Computing is cheap: a week of 50 experts is a few thousand
datetimes, and the data comes in a fixed number of queries whatever the number of experts
or slots (`open_slots`).

Windows are wall-clock times in the expert's zone, so a 9:00 window stays at 9:00 across a
DST change and its UTC time moves. A local time that does not exist (the hour skipped in
March) gives no slot; one that happens twice (November) is taken at its first occurrence.
"""

import datetime
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone

from .models import Booking, TimeAway, WeeklyWindow

UTC = datetime.UTC


@dataclass(frozen=True, order=True)
class Slot:
    starts_at: datetime.datetime  # UTC
    ends_at: datetime.datetime
    expert_id: int

    @property
    def key(self) -> str:
        """How a slot travels in a URL or a form: '<expert id>-<unix time>'."""
        return f"{self.expert_id}-{int(self.starts_at.timestamp())}"


def parse_key(key: str) -> tuple[int, datetime.datetime] | None:
    """'12-1790000000' → (12, that instant in UTC); None for anything else."""
    expert, _sep, stamp = (key or "").partition("-")
    if not (expert.isdigit() and stamp.isdigit()) or len(stamp) > 12:
        return None
    if not (expert.isascii() and stamp.isascii()) or len(expert) > 9:
        return None
    try:
        when = datetime.datetime.fromtimestamp(int(stamp), tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None
    if not 2000 <= when.year <= 2100:
        return None  # nothing bookable lies there, and date arithmetic near the limits fails
    return int(expert), when


def _local(day: datetime.date, at: datetime.time, zone) -> datetime.datetime | None:
    """A wall-clock time on a day in a zone, as UTC; None if the clocks skip it."""
    naive = datetime.datetime.combine(day, at)
    aware = naive.replace(tzinfo=zone, fold=0)
    in_utc = aware.astimezone(UTC)
    if in_utc.astimezone(zone).replace(tzinfo=None) != naive:
        return None  # in the gap when clocks go forward
    return in_utc


def expert_slots(
    *,
    availability,
    windows: Iterable,
    away: Iterable,
    busy: Iterable[tuple[datetime.datetime, datetime.datetime]],
    now: datetime.datetime,
    start: datetime.datetime | None = None,
    end: datetime.datetime | None = None,
    away_until: datetime.date | None = None,
    notice: datetime.timedelta | None = None,
) -> list[Slot]:
    """One expert's open slots between start and end (UTC), from plain data.

    `windows` have weekday/starts/ends; `away` have first_day/last_day; `busy` are the
    (start, end) of the expert's active bookings. A slot is open when it starts after the
    minimum notice, within the booking window, on a day the expert is not away, and keeps
    the buffer clear of every booking. `notice` replaces the minimum notice (an at-risk
    call waives it); a slot never starts in the past.
    """
    zone = zoneinfo.ZoneInfo(availability.time_zone)
    length = datetime.timedelta(minutes=availability.slot_minutes)
    step = length + datetime.timedelta(minutes=availability.buffer_minutes)
    buffer = datetime.timedelta(minutes=availability.buffer_minutes)
    if notice is None:
        notice = datetime.timedelta(hours=availability.min_notice_hours)
    earliest = now + max(notice, datetime.timedelta(0))
    latest = now + datetime.timedelta(days=availability.horizon_days)
    if start is not None:
        earliest = max(earliest, start)
    if end is not None:
        latest = min(latest, end)
    if earliest >= latest:
        return []
    by_day = defaultdict(list)
    for window in windows:
        by_day[window.weekday].append(window)
    away = list(away)
    busy = sorted(busy)
    slots = []
    day = earliest.astimezone(zone).date()
    last_day = latest.astimezone(zone).date()
    while day <= last_day:
        if not (away_until and day <= away_until) and not any(
            period.first_day <= day <= period.last_day for period in away
        ):
            for window in by_day.get(day.weekday(), ()):
                wall = datetime.datetime.combine(day, window.starts)
                window_end = datetime.datetime.combine(day, window.ends)
                while wall + length <= window_end:
                    starts = _local(day, wall.time(), zone)
                    if starts is not None and earliest <= starts and starts + length <= latest:
                        ends = starts + length
                        if not any(
                            starts < taken_end + buffer and taken_start < ends + buffer
                            for taken_start, taken_end in busy
                        ):
                            slots.append(Slot(starts, ends, availability.expert_id))
                    wall += step
        day += datetime.timedelta(days=1)
    slots.sort()
    return slots


def open_slots(
    experts,
    *,
    start: datetime.datetime | None = None,
    end: datetime.datetime | None = None,
    now: datetime.datetime | None = None,
    ignore_booking=None,
    notice: datetime.timedelta | None = None,
) -> list[Slot]:
    """Every open slot of these experts (a queryset of ExpertProfile) in [start, end).

    Four queries whatever the number of experts and slots: the experts with their
    availability, the windows, the time away, and the bookings in range. `ignore_booking`
    leaves one booking out of the busy times (the one being rescheduled); `notice`
    replaces the experts' minimum notice (office_hours.at_risk).
    """
    now = now or timezone.now()
    experts = list(
        experts.filter(availability__is_open=True, is_active=True, user__is_active=True)
        .select_related("availability", "user")
        .prefetch_related(
            Prefetch("availability__windows", queryset=WeeklyWindow.objects.all()),
            Prefetch("availability__time_away", queryset=TimeAway.objects.all()),
        )
    )
    if not experts:
        return []
    horizon = max(expert.availability.horizon_days for expert in experts)
    bookings = Booking.objects.active().filter(
        expert__in=[expert.pk for expert in experts],
        ends_at__gt=start or now,
        starts_at__lt=end or now + datetime.timedelta(days=horizon + 1),
    )
    if ignore_booking is not None:
        bookings = bookings.exclude(pk=ignore_booking.pk)
    busy = defaultdict(list)
    for expert_id, starts_at, ends_at in bookings.values_list("expert_id", "starts_at", "ends_at"):
        busy[expert_id].append((starts_at, ends_at))
    slots = []
    for expert in experts:
        availability = expert.availability
        slots += expert_slots(
            availability=availability,
            windows=availability.windows.all(),
            away=availability.time_away.all(),
            busy=busy[expert.pk],
            now=now,
            start=start,
            end=end,
            away_until=expert.away_until,
            notice=notice,
        )
    slots.sort()
    return slots


def nearest(slots: list[Slot], wanted: datetime.datetime, *, count: int = 5) -> list[Slot]:
    """The open slots closest in time to the one someone wanted."""
    return sorted(slots, key=lambda slot: abs(slot.starts_at - wanted))[:count]
