"""Response-target clocks: deadlines in business hours or around the clock, and pauses.

Business hours are Monday to Friday, 9:00 to 17:00, in the hub's time zone
(settings.HUB_DEFAULT_TIME_ZONE). While a request waits on the city the clock stops: when it
starts again, the deadlines move by the time that counted during the pause. `promise()`
says a target in words, for every place that tells people how fast the hub answers.
"""

import datetime
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pages import dates

from . import rota

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


# --- In words ---
# What the page, the form and emails tell people about a target: one place, so that they
# all say the same thing as the coordinators' settings.

DAY_MINUTES = (CLOSE.hour - OPEN.hour) * 60  # one business day


@dataclass(frozen=True)
class Promise:
    """A response target as people read it, in the active language."""

    first_response: str  # "First answer within an hour, day and night"
    resolution: str  # "We aim to resolve it within 24 hours"
    # The numbers it says, so the at-risk promise can be said again from the rota
    # (at_risk_promise) without reading the target a second time.
    first_response_minutes: int = 0
    resolution_minutes: int = 0


def within(minutes: int, *, business_hours: bool) -> str:
    """'within an hour', 'within 8 business hours', 'within 3 business days'."""
    if business_hours:
        if minutes % DAY_MINUTES == 0 and minutes >= 2 * DAY_MINUTES:
            days = minutes // DAY_MINUTES
            return ngettext(
                "within %(count)s business day", "within %(count)s business days", days
            ) % {"count": days}
        if minutes % 60 == 0:
            hours = minutes // 60
            return ngettext(
                "within %(count)s business hour", "within %(count)s business hours", hours
            ) % {"count": hours}
        return ngettext(
            "within %(count)s business minute", "within %(count)s business minutes", minutes
        ) % {"count": minutes}
    if minutes % (24 * 60) == 0 and minutes >= 2 * 24 * 60:
        days = minutes // (24 * 60)
        return ngettext("within %(count)s day", "within %(count)s days", days) % {"count": days}
    if minutes == 60:
        return _("within an hour")
    if minutes % 60 == 0:
        hours = minutes // 60
        return ngettext("within %(count)s hour", "within %(count)s hours", hours) % {"count": hours}
    return ngettext("within %(count)s minute", "within %(count)s minutes", minutes) % {
        "count": minutes
    }


def business_hours_in_words() -> str:
    """'Monday to Friday, 9:00 a.m. to 5:00 p.m. Eastern Time (Toronto)'."""
    zone = _zone()
    day = datetime.date(2026, 1, 5)  # a Monday in winter: the hours, not the date, matter
    return _("Monday to Friday, %(opens)s to %(closes)s %(zone)s") % {
        "opens": dates.format_time(datetime.datetime.combine(day, OPEN, tzinfo=zone), zone),
        "closes": dates.format_time(datetime.datetime.combine(day, CLOSE, tzinfo=zone), zone),
        "zone": dates.zone_label(zone),
    }


def promise(*, first_response_minutes: int, resolution_minutes: int, business_hours: bool):
    """A target in words: how soon the first answer comes, and when we aim to resolve."""
    first = within(first_response_minutes, business_hours=business_hours)
    if business_hours:
        first_response = _("First answer %(within)s: %(hours)s") % {
            "within": first,
            "hours": business_hours_in_words(),
        }
    else:
        first_response = _("First answer %(within)s, day and night") % {"within": first}
    resolution = _("We aim to resolve it %(within)s") % {
        "within": within(resolution_minutes, business_hours=business_hours)
    }
    return Promise(
        first_response=first_response,
        resolution=resolution,
        first_response_minutes=first_response_minutes,
        resolution_minutes=resolution_minutes,
    )


def at_risk_promise(
    *, first_response_minutes: int, resolution_minutes: int, shifts, zone: str, now
) -> Promise:
    """The at-risk target in words, as the on-call rota keeps it (helpdesk.rota): 'day and
    night' only when somebody is on call at every moment of the coming week; otherwise the
    hours it covers, in the reader's zone; and what happens outside them."""
    first = within(first_response_minutes, business_hours=False)
    resolution = _("We aim to resolve it %(within)s") % {
        "within": within(resolution_minutes, business_hours=False)
    }
    if rota.around_the_clock(shifts, now):
        first_response = _("First answer %(within)s, day and night") % {"within": first}
    else:
        hours = rota.covered_hours(shifts, zone=zone, now=now)
        if hours:
            first_response = _(
                "First answer %(within)s while an expert is on call: %(hours)s. At other "
                "times the hub's coordinators are alerted at once."
            ) % {"within": first, "hours": hours}
        else:
            first_response = _(
                "Nobody is on call at set hours yet: the hub's coordinators are alerted at once."
            )
    return Promise(
        first_response=first_response,
        resolution=resolution,
        first_response_minutes=first_response_minutes,
        resolution_minutes=resolution_minutes,
    )
