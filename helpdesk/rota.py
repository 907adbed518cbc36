"""Who is on call at an instant, and what the rota covers: pure functions of plain values,
tested without a database.

A shift's hours are wall-clock times in the person's own zone. Each day's turn is turned
into a UTC interval for that very date (so 9:00 in St. John's is 11:30 UTC in summer and
12:30 in winter, and Regina never moves), and instants are compared in UTC: Python compares
two datetimes of the same zone by their wall clocks, which is wrong across a DST change.
A turn whose end is earlier than its start runs overnight; the same time means 24 hours.
"""

import datetime
import zoneinfo
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from pages import dates

PRIMARY, BACKUP, LAST_RESORT = 1, 2, 3
UTC = datetime.UTC
DAY = datetime.timedelta(days=1)
WEEK = datetime.timedelta(days=7)


@dataclass(frozen=True)
class Shift:
    person_id: int
    level: int
    weekdays: frozenset  # 0 = Monday
    starts: datetime.time
    ends: datetime.time
    zone: str
    first_day: datetime.date | None = None
    last_day: datetime.date | None = None
    shift_id: int = 0


def _turn(shift: Shift, day: datetime.date) -> tuple[datetime.datetime, datetime.datetime] | None:
    """The UTC interval of the turn that starts on this local day, or None."""
    if day.weekday() not in shift.weekdays:
        return None
    if (shift.first_day and day < shift.first_day) or (shift.last_day and day > shift.last_day):
        return None
    zone = zoneinfo.ZoneInfo(shift.zone)
    begin = datetime.datetime.combine(day, shift.starts, tzinfo=zone)
    end_day = day if shift.ends > shift.starts else day + DAY
    end = datetime.datetime.combine(end_day, shift.ends, tzinfo=zone)
    return begin.astimezone(UTC), end.astimezone(UTC)


def turns(
    shift: Shift, start: datetime.datetime, end: datetime.datetime
) -> list[tuple[datetime.datetime, datetime.datetime]]:
    """The shift's turns (UTC intervals) that overlap [start, end)."""
    zone = zoneinfo.ZoneInfo(shift.zone)
    day = start.astimezone(zone).date() - DAY  # yesterday's overnight turn may reach in
    last = end.astimezone(zone).date()
    found = []
    while day <= last:
        turn = _turn(shift, day)
        if turn and turn[0] < end and turn[1] > start:
            found.append(turn)
        day += DAY
    return found


def covers(shift: Shift, instant: datetime.datetime) -> bool:
    return bool(turns(shift, instant, instant + datetime.timedelta(microseconds=1)))


def on_call(shifts, instant: datetime.datetime, *, away=frozenset()) -> list[Shift]:
    """Who is on call at this instant, in the order to page them (primary, backup, last
    resort; then the rota's order), one entry per person, leaving out those away."""
    found, seen = [], set()
    for shift in sorted(shifts, key=lambda s: (s.level, s.shift_id)):
        if shift.person_id in seen or shift.person_id in away:
            continue
        if covers(shift, instant):
            found.append(shift)
            seen.add(shift.person_id)
    return found


def coverage(shifts, start: datetime.datetime, end: datetime.datetime):
    """The merged UTC intervals within [start, end) when somebody is on call."""
    intervals = sorted(
        (max(a, start), min(b, end)) for shift in shifts for a, b in turns(shift, start, end)
    )
    merged = []
    for a, b in intervals:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


def around_the_clock(shifts, start: datetime.datetime, *, days: int = 7) -> bool:
    """Whether somebody is on call at every instant of the coming days."""
    end = start + datetime.timedelta(days=days)
    merged = coverage(shifts, start, end)
    return len(merged) == 1 and merged[0][0] <= start and merged[0][1] >= end


# --- In words ---


def _weekday_names() -> list[str]:
    # In a sentence: French writes the days in lower case (« du lundi au vendredi »).
    return [
        pgettext("day in a sentence", "Monday"),
        pgettext("day in a sentence", "Tuesday"),
        pgettext("day in a sentence", "Wednesday"),
        pgettext("day in a sentence", "Thursday"),
        pgettext("day in a sentence", "Friday"),
        pgettext("day in a sentence", "Saturday"),
        pgettext("day in a sentence", "Sunday"),
    ]


def days_in_words(weekdays) -> str:
    """'Monday to Friday', 'Saturday, Sunday', 'every day' (to go in a sentence)."""
    days = sorted(set(weekdays))
    names = _weekday_names()
    if len(days) == 7:
        return pgettext("days in a sentence", "every day")
    runs = []
    for day in days:
        if runs and runs[-1][1] == day - 1:
            runs[-1][1] = day
        else:
            runs.append([day, day])
    parts = []
    for first, last in runs:
        if last - first >= 2:
            parts.append(
                pgettext("days in a sentence", "%(first)s to %(last)s")
                % {"first": names[first], "last": names[last]}
            )
        else:
            parts.extend(names[d] for d in range(first, last + 1))
    return ", ".join(parts)


def _hours(intervals, zone) -> str:
    pieces = []
    for a, b in intervals:
        start = dates.format_time(a, zone)
        if b.astimezone(zone).time() == datetime.time() and b > a:
            end = _("midnight")
        else:
            end = dates.format_time(b, zone)
        pieces.append(_("%(start)s to %(end)s") % {"start": start, "end": end})
    return _(" and ").join(pieces)


def covered_hours(shifts, *, zone: str, now: datetime.datetime) -> str:
    """What the rota covers in the reader's zone, as a sentence: 'Monday to Friday, 8:00
    a.m. to 10:00 p.m. Eastern Time (Toronto)'; '' when it covers nothing. Read over the
    coming week (this week's Monday to the next, in the reader's zone)."""
    tz = zoneinfo.ZoneInfo(zone)
    local = now.astimezone(tz)
    monday = datetime.datetime.combine(
        local.date() - datetime.timedelta(days=local.weekday()), datetime.time(), tzinfo=tz
    )
    per_day = []
    for offset in range(7):
        day_start = datetime.datetime.combine(
            monday.date() + datetime.timedelta(days=offset), datetime.time(), tzinfo=tz
        ).astimezone(UTC)
        day_end = datetime.datetime.combine(
            monday.date() + datetime.timedelta(days=offset + 1), datetime.time(), tzinfo=tz
        ).astimezone(UTC)
        merged = coverage(shifts, day_start, day_end)
        if merged == [(day_start, day_end)]:
            per_day.append(("all", ()))
        else:
            key = tuple((a.astimezone(tz).time(), b.astimezone(tz).time()) for a, b in merged)
            per_day.append((key, merged))
    if all(key == () for key, _merged in per_day):
        return ""
    # Consecutive days with the same hours are said once ("Monday to Friday").
    groups = []
    for weekday, (key, merged) in enumerate(per_day):
        if key == ():
            continue
        if groups and groups[-1][0] == key and groups[-1][1][-1] == weekday - 1:
            groups[-1][1].append(weekday)
        else:
            groups.append((key, [weekday], merged))
    parts = []
    for key, days, merged in groups:
        hours = _("all day") if key == "all" else _hours(merged, tz)
        parts.append(_("%(days)s, %(hours)s") % {"days": days_in_words(days), "hours": hours})
    return _("%(hours)s, %(zone)s") % {"hours": "; ".join(parts), "zone": dates.zone_label(tz)}


def hours_of(shift: Shift) -> str:
    """A shift's hours in its own zone: '9:00 a.m. to 5:00 p.m.', '10:00 p.m. to 6:00 a.m.
    (overnight)', 'around the clock'."""
    if shift.starts == shift.ends == datetime.time():
        return _("all day")
    if shift.starts == shift.ends:
        return _("24 hours from %(start)s") % {
            "start": dates.format_time(_on_a_day(shift.starts, shift.zone), shift.zone)
        }
    text = _("%(start)s to %(end)s") % {
        "start": dates.format_time(_on_a_day(shift.starts, shift.zone), shift.zone),
        "end": dates.format_time(_on_a_day(shift.ends, shift.zone), shift.zone),
    }
    if shift.ends < shift.starts:
        text = _("%(hours)s (overnight)") % {"hours": text}
    return text


def _on_a_day(time: datetime.time, zone: str) -> datetime.datetime:
    # The hours, not the date, matter: a Monday in winter.
    return datetime.datetime.combine(
        datetime.date(2026, 1, 5), time, tzinfo=zoneinfo.ZoneInfo(zone)
    )
