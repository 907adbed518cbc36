"""Who is on call at an instant (helpdesk.rota), without a database: shifts in each person's
own zone, across both DST changes, in St. John's (-3:30) and Regina (no DST); what the
rota covers, in words and in the reader's zone; and the at-risk promise computed from it."""

import datetime

import pytest
from django.utils import translation

from helpdesk import rota, targets
from helpdesk.rota import Shift

UTC = datetime.UTC
ALL = frozenset(range(7))
WEEKDAYS = frozenset(range(5))


def utc(*args):
    return datetime.datetime(*args, tzinfo=UTC)


def plain(text: str) -> str:
    """Times use non-breaking spaces ("9:00\u00a0a.m."): compared with plain ones here."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def shift(person, starts, ends, zone, *, days=ALL, level=rota.PRIMARY, **kwargs):
    return Shift(
        person_id=person,
        level=level,
        weekdays=frozenset(days),
        starts=datetime.time(*starts),
        ends=datetime.time(*ends),
        zone=zone,
        shift_id=person * 10 + level,
        **kwargs,
    )


@pytest.mark.parametrize(
    "instant, on_call",
    [
        # 2026: DST starts Sunday 8 March, ends Sunday 1 November (Canada and the US).
        (utc(2026, 3, 7, 13, 59), False),  # Saturday 8:59 EST
        (utc(2026, 3, 7, 14, 0), True),  # 9:00 EST (UTC-5)
        (utc(2026, 3, 9, 12, 59), False),  # Monday 8:59 EDT
        (utc(2026, 3, 9, 13, 0), True),  # 9:00 EDT (UTC-4): the same wall clock
        (utc(2026, 3, 9, 20, 59), True),  # 16:59 EDT
        (utc(2026, 3, 9, 21, 0), False),  # 17:00 EDT
        (utc(2026, 11, 2, 13, 59), False),  # after the fall change: 8:59 EST
        (utc(2026, 11, 2, 14, 0), True),  # 9:00 EST
    ],
)
def test_a_toronto_day_shift_keeps_its_wall_clock_through_both_dst_changes(instant, on_call):
    day = shift(1, (9, 0), (17, 0), "America/Toronto")
    assert rota.covers(day, instant) is on_call


@pytest.mark.parametrize(
    "instant, on_call",
    [
        (utc(2026, 1, 12, 12, 29), False),  # 8:59 NST (UTC-3:30)
        (utc(2026, 1, 12, 12, 30), True),  # 9:00 NST
        (utc(2026, 7, 13, 11, 29), False),  # 8:59 NDT (UTC-2:30)
        (utc(2026, 7, 13, 11, 30), True),  # 9:00 NDT
        (utc(2026, 7, 13, 19, 30), False),  # 17:00 NDT
    ],
)
def test_st_johns_half_hour_offset(instant, on_call):
    assert rota.covers(shift(1, (9, 0), (17, 0), "America/St_Johns"), instant) is on_call


@pytest.mark.parametrize("month", [1, 7])
def test_regina_does_not_move_with_daylight_saving(month):
    regina = shift(1, (9, 0), (17, 0), "America/Regina")  # CST, UTC-6, all year
    assert rota.covers(regina, utc(2026, month, 13, 15, 0))
    assert not rota.covers(regina, utc(2026, month, 13, 14, 59))
    assert not rota.covers(regina, utc(2026, month, 13, 23, 0))


def test_an_overnight_shift_runs_into_the_next_day_from_its_weekday():
    # Friday 22:00 to Saturday 6:00 in Vancouver, Fridays only.
    night = shift(1, (22, 0), (6, 0), "America/Vancouver", days={4})
    assert rota.covers(night, utc(2026, 1, 17, 6, 0))  # Friday 22:00 PST
    assert rota.covers(night, utc(2026, 1, 17, 13, 59))  # Saturday 5:59
    assert not rota.covers(night, utc(2026, 1, 17, 14, 0))  # Saturday 6:00
    assert not rota.covers(night, utc(2026, 1, 16, 6, 0))  # Thursday 22:00: not its day


def test_an_overnight_shift_across_the_spring_change_is_an_hour_shorter():
    # Saturday 7 March 22:00 EST to Sunday 8 March 6:00 EDT: 7 real hours.
    night = shift(1, (22, 0), (6, 0), "America/Toronto", days={5})
    turns = rota.turns(night, utc(2026, 3, 7), utc(2026, 3, 9))
    assert turns == [(utc(2026, 3, 8, 3, 0), utc(2026, 3, 8, 10, 0))]
    assert rota.covers(night, utc(2026, 3, 8, 9, 59))
    assert not rota.covers(night, utc(2026, 3, 8, 10, 0))


def test_an_overnight_shift_across_the_fall_change_is_an_hour_longer():
    night = shift(1, (22, 0), (6, 0), "America/Toronto", days={5})  # Sat 31 Oct
    turns = rota.turns(night, utc(2026, 10, 31), utc(2026, 11, 2))
    assert turns == [(utc(2026, 11, 1, 2, 0), utc(2026, 11, 1, 11, 0))]  # 9 real hours


def test_the_same_time_twice_is_24_hours():
    whole = shift(1, (0, 0), (0, 0), "America/Toronto", days={6})
    assert rota.covers(whole, utc(2026, 1, 18, 5, 0))  # Sunday 0:00
    assert rota.covers(whole, utc(2026, 1, 19, 4, 59))  # Sunday 23:59
    assert not rota.covers(whole, utc(2026, 1, 19, 5, 0))  # Monday


def test_dated_shifts_apply_only_between_their_days():
    holiday = shift(
        1,
        (0, 0),
        (0, 0),
        "America/Toronto",
        first_day=datetime.date(2026, 12, 24),
        last_day=datetime.date(2026, 12, 26),
    )
    assert not rota.covers(holiday, utc(2026, 12, 24, 4, 59))  # 23:59 on the 23rd
    assert rota.covers(holiday, utc(2026, 12, 24, 5, 0))
    assert rota.covers(holiday, utc(2026, 12, 27, 4, 59))
    assert not rota.covers(holiday, utc(2026, 12, 27, 5, 0))


def test_on_call_orders_primary_backup_last_resort_and_skips_people_away():
    shifts = [
        shift(3, (0, 0), (0, 0), "America/Toronto", level=rota.LAST_RESORT),
        shift(2, (0, 0), (0, 0), "America/Vancouver", level=rota.BACKUP),
        shift(1, (0, 0), (0, 0), "America/Toronto"),
        shift(1, (0, 0), (0, 0), "America/Toronto", level=rota.BACKUP),  # the same person
    ]
    now = utc(2026, 1, 14, 8)  # 3 a.m. Wednesday in Toronto
    assert [s.person_id for s in rota.on_call(shifts, now)] == [1, 2, 3]
    assert [s.person_id for s in rota.on_call(shifts, now, away={1})] == [2, 3]
    assert rota.on_call([], now) == []


def test_3_am_toronto_finds_the_night_expert_in_edmonton():
    shifts = [
        shift(1, (8, 0), (18, 0), "America/Toronto", days=WEEKDAYS),
        shift(2, (16, 0), (6, 0), "America/Edmonton", days={6, 0, 1, 2, 3, 4}),
    ]
    three_am = utc(2026, 1, 14, 8)  # Wednesday 3:00 in Toronto, 1:00 in Edmonton
    assert [s.person_id for s in rota.on_call(shifts, three_am)] == [2]


def test_around_the_clock_only_when_every_moment_is_covered():
    day = shift(1, (8, 0), (18, 0), "America/Toronto")
    night = shift(2, (16, 0), (6, 0), "America/Edmonton")  # 18:00 to 8:00 Toronto
    now = utc(2026, 3, 5, 12)  # the coming week crosses the spring change
    assert rota.around_the_clock([day, night], now)
    assert not rota.around_the_clock([day], now)
    # Regina, which does not move, closes the gap in winter and leaves an hour open in
    # summer (Toronto 18:00 EDT is 16:00 in Regina).
    regina = shift(3, (17, 0), (7, 0), "America/Regina")  # 18:00-8:00 Toronto in winter
    assert rota.around_the_clock([day, regina], utc(2026, 1, 5, 12))
    assert not rota.around_the_clock([day, regina], utc(2026, 7, 6, 12))


def test_covered_hours_in_the_readers_zone():
    shifts = [shift(1, (9, 0), (17, 0), "America/Toronto", days=WEEKDAYS)]
    now = utc(2026, 1, 14, 8)
    with translation.override("en"):
        toronto = plain(rota.covered_hours(shifts, zone="America/Toronto", now=now))
        vancouver = plain(rota.covered_hours(shifts, zone="America/Vancouver", now=now))
        assert rota.covered_hours([], zone="America/Toronto", now=now) == ""
    assert toronto.startswith("Monday to Friday, 9:00 a.m. to 5:00 p.m.")
    assert "Toronto" in toronto
    assert vancouver.startswith("Monday to Friday, 6:00 a.m. to 2:00 p.m.")
    assert "Vancouver" in vancouver


def test_the_at_risk_promise_says_day_and_night_only_when_the_rota_covers_it():
    day = shift(1, (8, 0), (18, 0), "America/Toronto")
    night = shift(2, (18, 0), (8, 0), "America/Toronto")
    now = utc(2026, 1, 14, 8)
    with translation.override("en"):
        full = targets.at_risk_promise(
            first_response_minutes=60,
            resolution_minutes=1440,
            shifts=[day, night],
            zone="America/Toronto",
            now=now,
        )
        partial = targets.at_risk_promise(
            first_response_minutes=60,
            resolution_minutes=1440,
            shifts=[day],
            zone="America/Toronto",
            now=now,
        )
        empty = targets.at_risk_promise(
            first_response_minutes=60,
            resolution_minutes=1440,
            shifts=[],
            zone="America/Toronto",
            now=now,
        )
    assert full.first_response == "First answer within an hour, day and night"
    assert "day and night" not in partial.first_response
    assert "every day, 8:00 a.m. to 6:00 p.m." in plain(partial.first_response)
    assert "coordinators are alerted at once" in partial.first_response
    assert "Nobody is on call" in empty.first_response


def test_days_and_hours_in_words():
    with translation.override("en"):
        assert rota.days_in_words([0, 1, 2, 3, 4]) == "Monday to Friday"
        assert rota.days_in_words([5, 6]) == "Saturday, Sunday"
        assert rota.days_in_words(range(7)) == "every day"
        night = shift(1, (22, 0), (6, 0), "America/Toronto")
        assert plain(rota.hours_of(night)) == "10:00 p.m. to 6:00 a.m. (overnight)"
    with translation.override("fr"):
        assert rota.days_in_words([0, 1, 2, 3, 4]) == "du lundi au vendredi"
