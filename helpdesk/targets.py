"""Response-target clocks: deadlines in business hours or around the clock, and pauses.

Business hours are Monday to Friday, 9:00 to 17:00, in the hub's time zone
(settings.HUB_DEFAULT_TIME_ZONE). While a request waits on the city the clock stops: when it
starts again, the deadlines move by the time that counted during the pause.
"""

import datetime
import zoneinfo

from django.conf import settings

OPEN = datetime.time(9)
CLOSE = datetime.time(17)

DEFAULTS = {
    # urgency: (first response, resolution, business hours only)
    "at_risk": (60, 24 * 60, False),
    "urgent": (8 * 60, 5 * 8 * 60, True),  # 8 business hours; 5 business days
    "routine": (3 * 8 * 60, 10 * 8 * 60, True),  # 3 business days; 10 business days
}


def _zone():
    return zoneinfo.ZoneInfo(settings.HUB_DEFAULT_TIME_ZONE)


def _business_day(day: datetime.date) -> bool:
    return day.weekday() < 5


def add_business_minutes(start: datetime.datetime, minutes: float) -> datetime.datetime:
    """The moment `minutes` business minutes after `start` (an aware datetime)."""
    zone = _zone()
    current = start.astimezone(zone)
    left = datetime.timedelta(minutes=minutes)
    while True:
        day = current.date()
        opens = datetime.datetime.combine(day, OPEN, tzinfo=zone)
        closes = datetime.datetime.combine(day, CLOSE, tzinfo=zone)
        if not _business_day(day) or current >= closes:
            current = datetime.datetime.combine(day + datetime.timedelta(days=1), OPEN, tzinfo=zone)
            continue
        current = max(current, opens)
        available = closes - current
        if left <= available:
            return (current + left).astimezone(datetime.UTC)
        left -= available
        current = closes


def business_minutes_between(start: datetime.datetime, end: datetime.datetime) -> float:
    """How many business minutes lie between two moments (0 if end is before start)."""
    if end <= start:
        return 0.0
    zone = _zone()
    current, end = start.astimezone(zone), end.astimezone(zone)
    total = datetime.timedelta()
    while current < end:
        day = current.date()
        if _business_day(day):
            opens = datetime.datetime.combine(day, OPEN, tzinfo=zone)
            closes = datetime.datetime.combine(day, CLOSE, tzinfo=zone)
            lo, hi = max(current, opens), min(end, closes)
            if hi > lo:
                total += hi - lo
        current = datetime.datetime.combine(
            day + datetime.timedelta(days=1), datetime.time(), tzinfo=zone
        )
    return total.total_seconds() / 60


def due(start: datetime.datetime, minutes: int, *, business_hours: bool) -> datetime.datetime:
    if business_hours:
        return add_business_minutes(start, minutes)
    return start.astimezone(datetime.UTC) + datetime.timedelta(minutes=minutes)


def shift(deadline, paused_from, paused_until, *, business_hours: bool):
    """A deadline moved by the time that counted while the clock was paused."""
    if deadline is None:
        return None
    if business_hours:
        paused = business_minutes_between(paused_from, paused_until)
        return add_business_minutes(deadline, paused) if paused else deadline
    utc = datetime.UTC
    return deadline.astimezone(utc) + (paused_until.astimezone(utc) - paused_from.astimezone(utc))
