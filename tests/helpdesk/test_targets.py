"""Response-target clocks: business minutes (Monday to Friday, 9:00 to 17:00, Toronto time),
around-the-clock deadlines and pauses. Every expected moment is written out by hand in UTC,
with the Toronto wall-clock time beside it (EST is UTC-5; EDT, from 8 March to 1 November
2026, is UTC-4)."""

import datetime
import zoneinfo

import pytest
from django.conf import settings
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from helpdesk import targets
from helpdesk.targets import add_business_minutes, business_minutes_between, due, shift

UTC = datetime.UTC
TORONTO = zoneinfo.ZoneInfo("America/Toronto")


def utc(*args):
    return datetime.datetime(*args, tzinfo=UTC)


def toronto(*args, fold=0):
    return datetime.datetime(*args, tzinfo=TORONTO, fold=fold)


def test_the_clock_is_toronto_time():
    assert settings.HUB_DEFAULT_TIME_ZONE == "America/Toronto"


def test_default_targets():
    assert targets.DEFAULTS == {
        "at_risk": (60, 24 * 60, False),  # 1 hour around the clock
        "urgent": (480, 2400, True),  # 8 business hours; 5 business days
        "routine": (1440, 4800, True),  # 3 business days; 10 business days
    }


# --- add_business_minutes ---

ADD = [
    # start (UTC), minutes, expected (UTC)
    ("within the day", utc(2026, 1, 12, 15), 60, utc(2026, 1, 12, 16)),  # Mon 10:00 -> 11:00
    ("into the next morning", utc(2026, 1, 12, 21, 30), 60, utc(2026, 1, 13, 14, 30)),
    ("filed in the evening", utc(2026, 1, 12, 22, 30), 30, utc(2026, 1, 13, 14, 30)),
    ("filed before opening", utc(2026, 1, 12, 12), 30, utc(2026, 1, 12, 14, 30)),  # 7:00
    # 03:00 UTC on Tuesday is still Monday 22:00 in Toronto.
    ("UTC date is not the local date", utc(2026, 1, 13, 3), 15, utc(2026, 1, 13, 14, 15)),
    ("a full day from opening ends at closing", utc(2026, 1, 12, 14), 480, utc(2026, 1, 12, 22)),
    ("from exactly closing", utc(2026, 1, 12, 22), 1, utc(2026, 1, 13, 14, 1)),
    ("the last minute of the day", utc(2026, 1, 12, 21, 59), 1, utc(2026, 1, 12, 22)),
    ("one past the last minute", utc(2026, 1, 12, 21, 59), 2, utc(2026, 1, 13, 14, 1)),
    ("over the weekend", utc(2026, 1, 16, 21), 120, utc(2026, 1, 19, 15)),  # Fri 16 -> Mon 10
    ("filed on Saturday", utc(2026, 1, 17, 17), 30, utc(2026, 1, 19, 14, 30)),
    # Friday 20:00 in Toronto is already Saturday in UTC.
    ("Friday evening local", utc(2026, 1, 17, 1), 60, utc(2026, 1, 19, 15)),
    ("Sunday evening local", utc(2026, 1, 19, 2), 60, utc(2026, 1, 19, 15)),
    ("urgent from Friday 15:00", utc(2026, 1, 16, 20), 480, utc(2026, 1, 19, 20)),
    ("routine from Wednesday 10:00", utc(2026, 1, 14, 15), 1440, utc(2026, 1, 19, 15)),
    ("ten business days", utc(2026, 1, 12, 14), 4800, utc(2026, 1, 23, 22)),
    ("half a minute", utc(2026, 1, 12, 15), 0.5, utc(2026, 1, 12, 15, 0, 30)),
    ("zero within the day", utc(2026, 1, 12, 15), 0, utc(2026, 1, 12, 15)),
    ("zero on Sunday starts on Monday", utc(2026, 1, 18, 15), 0, utc(2026, 1, 19, 14)),
    # Spring forward: Sunday 8 March 2026, 2:00 EST -> 3:00 EDT.
    ("spring: over the weekend", utc(2026, 3, 6, 21), 120, utc(2026, 3, 9, 14)),  # Mon 10 EDT
    ("spring: filed 01:30 EST", utc(2026, 3, 8, 6, 30), 60, utc(2026, 3, 9, 14)),
    ("spring: filed 03:30 EDT", utc(2026, 3, 8, 7, 30), 60, utc(2026, 3, 9, 14)),
    ("spring: a day in EDT", utc(2026, 3, 9, 13), 480, utc(2026, 3, 9, 21)),
    ("spring: Friday EST to Monday EDT", utc(2026, 3, 6, 14), 960, utc(2026, 3, 9, 21)),
    # Fall back: Sunday 1 November 2026, 2:00 EDT -> 1:00 EST.
    ("fall: over the weekend", utc(2026, 10, 30, 20), 120, utc(2026, 11, 2, 15)),  # Mon 10 EST
    ("fall: the first 01:30 (EDT)", utc(2026, 11, 1, 5, 30), 60, utc(2026, 11, 2, 15)),
    ("fall: the second 01:30 (EST)", utc(2026, 11, 1, 6, 30), 60, utc(2026, 11, 2, 15)),
    ("fall: Friday EDT to Monday EST", utc(2026, 10, 30, 13), 960, utc(2026, 11, 2, 22)),
]


@pytest.mark.parametrize(
    ("start", "minutes", "expected"), [a[1:] for a in ADD], ids=[a[0] for a in ADD]
)
def test_add_business_minutes(start, minutes, expected):
    result = add_business_minutes(start, minutes)
    assert result == expected
    assert result.utcoffset() == datetime.timedelta(0)


@pytest.mark.parametrize(
    ("start", "minutes", "expected"),
    [
        (toronto(2026, 1, 16, 16), 120, utc(2026, 1, 19, 15)),
        (toronto(2026, 3, 6, 16), 120, utc(2026, 3, 9, 14)),
        (toronto(2026, 11, 1, 1, 30, fold=0), 60, utc(2026, 11, 2, 15)),
        (toronto(2026, 11, 1, 1, 30, fold=1), 60, utc(2026, 11, 2, 15)),
        (
            datetime.datetime(2026, 1, 12, 10, tzinfo=zoneinfo.ZoneInfo("America/Vancouver")),
            60,
            utc(2026, 1, 12, 19),
        ),  # 10:00 in Vancouver is 13:00 in Toronto
    ],
)
def test_add_business_minutes_from_any_time_zone(start, minutes, expected):
    assert add_business_minutes(start, minutes) == expected


# --- business_minutes_between ---

BETWEEN = [
    ("within the day", utc(2026, 1, 12, 15), utc(2026, 1, 12, 16, 30), 90),
    ("over the weekend", utc(2026, 1, 16, 21), utc(2026, 1, 19, 15), 120),
    ("a weekend only", utc(2026, 1, 17, 15), utc(2026, 1, 18, 20), 0),
    ("an evening only", utc(2026, 1, 12, 22, 30), utc(2026, 1, 13, 13, 30), 0),
    ("before and after hours", utc(2026, 1, 12, 13), utc(2026, 1, 12, 23), 480),
    ("a week", utc(2026, 1, 12, 5), utc(2026, 1, 19, 5), 2400),
    ("seconds", utc(2026, 1, 12, 21, 59, 30), utc(2026, 1, 12, 22, 0, 30), 0.5),
    ("the same moment", utc(2026, 1, 12, 15), utc(2026, 1, 12, 15), 0),
    ("end before start", utc(2026, 1, 12, 16), utc(2026, 1, 12, 15), 0),
    ("spring: over the weekend", utc(2026, 3, 6, 21), utc(2026, 3, 9, 14), 120),
    ("spring: a week", utc(2026, 3, 2, 5), utc(2026, 3, 9, 4), 2400),  # midnight to midnight
    ("spring: the Sunday", utc(2026, 3, 8, 5), utc(2026, 3, 9, 4), 0),
    ("fall: over the weekend", utc(2026, 10, 30, 20), utc(2026, 11, 2, 15), 120),
    ("fall: a week", utc(2026, 10, 26, 4), utc(2026, 11, 2, 5), 2400),
    (
        "fall: Friday 16:00 EDT to Monday 17:00 EST",
        utc(2026, 10, 30, 20),
        utc(2026, 11, 2, 22),
        540,
    ),
]


@pytest.mark.parametrize(
    ("start", "end", "expected"), [b[1:] for b in BETWEEN], ids=[b[0] for b in BETWEEN]
)
def test_business_minutes_between(start, end, expected):
    assert business_minutes_between(start, end) == expected


def test_business_minutes_between_in_local_time():
    assert business_minutes_between(toronto(2026, 3, 6, 16), toronto(2026, 3, 9, 10)) == 120
    assert business_minutes_between(toronto(2026, 10, 30, 16), toronto(2026, 11, 2, 10)) == 120


# --- due ---


def test_at_risk_is_one_hour_around_the_clock():
    # Saturday 02:00 in Toronto -> 03:00 the same night.
    assert due(utc(2026, 1, 17, 7), 60, business_hours=False) == utc(2026, 1, 17, 8)


def test_the_same_hour_in_business_time_waits_for_monday():
    assert due(utc(2026, 1, 17, 7), 60, business_hours=True) == utc(2026, 1, 19, 15)


def test_urgent_is_eight_business_hours():
    # Friday 15:00 -> Monday 15:00; Monday 10:00 -> Tuesday 10:00.
    assert due(utc(2026, 1, 16, 20), 480, business_hours=True) == utc(2026, 1, 19, 20)
    assert due(utc(2026, 1, 12, 15), 480, business_hours=True) == utc(2026, 1, 13, 15)


def test_around_the_clock_counts_real_hours_over_a_change_of_time():
    # Sunday 8 March 01:30 EST + 2 hours = 04:30 EDT; Sunday 1 November 00:30 EDT + 2 hours
    # = 01:30 EST (the second one).
    assert due(utc(2026, 3, 8, 6, 30), 120, business_hours=False) == utc(2026, 3, 8, 8, 30)
    assert due(utc(2026, 11, 1, 4, 30), 120, business_hours=False) == utc(2026, 11, 1, 6, 30)
    # A 24-hour resolution target over the change is 24 real hours, 23 or 25 on the wall.
    assert due(utc(2026, 3, 7, 17), 1440, business_hours=False) == utc(2026, 3, 8, 17)


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (toronto(2026, 3, 8, 1, 30), utc(2026, 3, 8, 8, 30)),
        (toronto(2026, 11, 1, 0, 30), utc(2026, 11, 1, 6, 30)),
    ],
)
def test_around_the_clock_from_a_local_time_over_a_change_of_time(start, expected):
    assert due(start, 120, business_hours=False) == expected


# --- shift (the clock stops while waiting on the city) ---


def test_shift_nothing_to_shift():
    assert shift(None, utc(2026, 1, 12, 15), utc(2026, 1, 12, 16), business_hours=True) is None
    assert shift(None, utc(2026, 1, 12, 15), utc(2026, 1, 12, 16), business_hours=False) is None


def test_shift_around_the_clock_by_the_whole_pause():
    deadline = utc(2026, 1, 17, 8)
    assert shift(
        deadline, utc(2026, 1, 17, 7, 10), utc(2026, 1, 17, 7, 40), business_hours=False
    ) == utc(2026, 1, 17, 8, 30)


def test_shift_by_the_business_time_of_the_pause():
    # Paused Monday 16:00 -> Tuesday 10:00: 2 business hours; deadline Tuesday 11:00 -> 13:00.
    assert shift(
        utc(2026, 1, 13, 16), utc(2026, 1, 12, 21), utc(2026, 1, 13, 15), business_hours=True
    ) == utc(2026, 1, 13, 18)


def test_a_pause_over_the_weekend_counts_only_business_time():
    # Paused Friday 16:00 -> Monday 9:30 = 90 minutes; Monday 10:00 -> 11:30.
    assert shift(
        utc(2026, 1, 19, 15), utc(2026, 1, 16, 21), utc(2026, 1, 19, 14, 30), business_hours=True
    ) == utc(2026, 1, 19, 16, 30)


def test_a_pause_pushes_a_deadline_into_the_next_morning():
    # Deadline Monday 16:30, one business hour paused -> Tuesday 9:30.
    assert shift(
        utc(2026, 1, 12, 21, 30), utc(2026, 1, 12, 14), utc(2026, 1, 12, 15), business_hours=True
    ) == utc(2026, 1, 13, 14, 30)


def test_a_pause_in_the_evening_moves_nothing():
    deadline = utc(2026, 1, 13, 15)  # Tuesday 10:00
    assert shift(deadline, utc(2026, 1, 12, 23), utc(2026, 1, 13, 12), business_hours=True) == (
        deadline
    )


def test_a_pause_outside_hours_leaves_a_closing_time_deadline_alone():
    deadline = utc(2026, 1, 16, 22)  # Friday 17:00 (8 business hours from Friday 9:00)
    assert shift(deadline, utc(2026, 1, 16, 23), utc(2026, 1, 17, 15), business_hours=True) == (
        deadline
    )


def test_shift_over_the_spring_change():
    # Deadline Friday 6 March 16:00 EST; paused Friday 15:00 EST -> Monday 9:30 EDT
    # (120 + 30 minutes) -> Monday 10:30 EDT.
    assert shift(
        utc(2026, 3, 6, 21), utc(2026, 3, 6, 20), utc(2026, 3, 9, 13, 30), business_hours=True
    ) == utc(2026, 3, 9, 14, 30)


def test_shift_over_the_fall_change():
    # Deadline Friday 30 October 16:00 EDT; paused Friday 15:00 EDT -> Monday 9:30 EST
    # (120 + 30 minutes) -> Monday 10:30 EST.
    assert shift(
        utc(2026, 10, 30, 20), utc(2026, 10, 30, 19), utc(2026, 11, 2, 14, 30), business_hours=True
    ) == utc(2026, 11, 2, 15, 30)


def test_around_the_clock_pause_over_the_fall_change_is_real_time():
    # Paused 00:30 EDT -> 01:30 EST on 1 November: two real hours.
    assert shift(
        utc(2026, 11, 1, 10), utc(2026, 11, 1, 4, 30), utc(2026, 11, 1, 6, 30), business_hours=False
    ) == utc(2026, 11, 1, 12)


# --- Properties ---

MOMENTS = st.datetimes(
    min_value=datetime.datetime(2026, 1, 1),
    max_value=datetime.datetime(2026, 12, 31),
    timezones=st.just(UTC),
)


@hypothesis_settings(max_examples=150, deadline=None)
@given(start=MOMENTS, minutes=st.integers(1, 6000))
def test_property_a_deadline_falls_in_business_hours_that_many_minutes_later(start, minutes):
    deadline = add_business_minutes(start, minutes)
    local = deadline.astimezone(TORONTO)
    assert local.weekday() < 5
    assert datetime.time(9) < local.time() <= datetime.time(17)
    assert deadline > start
    assert business_minutes_between(start, deadline) == minutes


@hypothesis_settings(max_examples=150, deadline=None)
@given(start=MOMENTS, a=st.integers(1, 3000), b=st.integers(1, 3000))
def test_property_adding_twice_is_adding_the_sum(start, a, b):
    assert add_business_minutes(add_business_minutes(start, a), b) == add_business_minutes(
        start, a + b
    )
