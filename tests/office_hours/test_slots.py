"""Office-hours slots computed from availability, without a database: rules, buffers, time
away, and the time-zone matrix across the March and November clock changes."""

import datetime
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from webinars.office_hours.slots import Slot, expert_slots, nearest, parse_key

UTC = datetime.UTC


def availability(zone="America/Toronto", minutes=30, buffer=0, notice=0, horizon=400):
    return SimpleNamespace(
        time_zone=zone,
        slot_minutes=minutes,
        buffer_minutes=buffer,
        min_notice_hours=notice,
        horizon_days=horizon,
        expert_id=7,
    )


def window(weekday, starts, ends):
    return SimpleNamespace(
        weekday=weekday,
        starts=datetime.time.fromisoformat(starts),
        ends=datetime.time.fromisoformat(ends),
    )


def utc(*args):
    return datetime.datetime(*args, tzinfo=UTC)


def slots(avail, windows, *, now, start=None, end=None, away=(), busy=(), away_until=None):
    return expert_slots(
        availability=avail,
        windows=windows,
        away=away,
        busy=busy,
        now=now,
        start=start,
        end=end,
        away_until=away_until,
    )


# A 9:00 window every Monday stays at 9:00 on the expert's clock; its UTC time moves with
# DST where the zone has it. Expected UTC times written out by hand, not computed.
# zone: (before the March change, after it) for Mondays 2026-03-02 and 2026-03-09
MARCH = {
    "America/St_Johns": ((12, 30), (11, 30)),  # NST -3:30, NDT -2:30
    "America/Halifax": ((13, 0), (12, 0)),
    "America/Toronto": ((14, 0), (13, 0)),
    "America/Regina": ((15, 0), (15, 0)),  # CST all year
    "America/Phoenix": ((16, 0), (16, 0)),  # MST all year
    "America/Vancouver": ((17, 0), (16, 0)),
}
# Mondays 2026-10-26 (summer time) and 2026-11-02 (after the 1 November change)
NOVEMBER = {
    "America/St_Johns": ((11, 30), (12, 30)),
    "America/Halifax": ((12, 0), (13, 0)),
    "America/Toronto": ((13, 0), (14, 0)),
    "America/Regina": ((15, 0), (15, 0)),
    "America/Phoenix": ((16, 0), (16, 0)),
    "America/Vancouver": ((16, 0), (17, 0)),
}


@pytest.mark.parametrize("zone", sorted(MARCH))
def test_a_weekly_window_keeps_its_local_time_across_the_march_change(zone):
    found = slots(
        availability(zone),
        [window(0, "09:00", "09:30")],
        now=utc(2026, 3, 1),
        end=utc(2026, 3, 12),
    )
    assert [(s.starts_at.date(), (s.starts_at.hour, s.starts_at.minute)) for s in found] == [
        (datetime.date(2026, 3, 2), MARCH[zone][0]),
        (datetime.date(2026, 3, 9), MARCH[zone][1]),
    ]


@pytest.mark.parametrize("zone", sorted(NOVEMBER))
def test_a_weekly_window_keeps_its_local_time_across_the_november_change(zone):
    found = slots(
        availability(zone),
        [window(0, "09:00", "09:30")],
        now=utc(2026, 10, 25),
        end=utc(2026, 11, 5),
    )
    assert [(s.starts_at.date(), (s.starts_at.hour, s.starts_at.minute)) for s in found] == [
        (datetime.date(2026, 10, 26), NOVEMBER[zone][0]),
        (datetime.date(2026, 11, 2), NOVEMBER[zone][1]),
    ]


@pytest.mark.parametrize(
    "zone, gap_utc",
    [("America/Toronto", [(6, 30), (7, 0)]), ("America/St_Johns", [(5, 0), (5, 30)])],
)
def test_local_times_skipped_in_march_give_no_slot(zone, gap_utc):
    # Sunday 8 March 2026: clocks jump from 2:00 to 3:00. A 1:30-3:30 window keeps only the
    # times that exist: 1:30 (standard time) and 3:00 (daylight time).
    found = slots(
        availability(zone),
        [window(6, "01:30", "03:30")],
        now=utc(2026, 3, 7),
        end=utc(2026, 3, 9, 12),
    )
    assert [(s.starts_at.hour, s.starts_at.minute) for s in found] == gap_utc


def test_local_times_repeated_in_november_are_taken_once():
    # Sunday 1 November 2026 in Toronto: 1:00-2:00 happens twice; the first one counts.
    found = slots(
        availability("America/Toronto"),
        [window(6, "01:00", "02:00")],
        now=utc(2026, 10, 31),
        end=utc(2026, 11, 2),
    )
    assert [s.starts_at for s in found] == [utc(2026, 11, 1, 5, 0), utc(2026, 11, 1, 5, 30)]
    assert all(s.ends_at - s.starts_at == datetime.timedelta(minutes=30) for s in found)


def test_slots_step_by_length_plus_buffer_and_fit_inside_the_window():
    found = slots(
        availability("America/Regina", minutes=45, buffer=15),
        [window(2, "13:00", "16:00")],
        now=utc(2026, 6, 1),
        end=utc(2026, 6, 4),
    )
    # Wednesday 3 June: 13:00, 14:00, 15:00 (15:00 + 45 min = 15:45 fits; no 16:00)
    assert [s.starts_at for s in found] == [
        utc(2026, 6, 3, 19),
        utc(2026, 6, 3, 20),
        utc(2026, 6, 3, 21),
    ]


def test_minimum_notice_and_booking_window_bound_the_slots():
    now = utc(2026, 6, 1, 12)  # Monday, 8:00 in Toronto
    avail = availability("America/Toronto", notice=24, horizon=7)
    found = slots(avail, [window(d, "09:00", "09:30") for d in range(7)], now=now)
    assert found[0].starts_at == utc(2026, 6, 2, 13)  # Tuesday 9:00: Monday's is too soon
    assert found[-1].starts_at == utc(2026, 6, 7, 13)  # Sunday; 8 June is past 7 days
    assert len(found) == 6


def test_time_away_and_away_until_remove_whole_days():
    away = [
        SimpleNamespace(first_day=datetime.date(2026, 6, 3), last_day=datetime.date(2026, 6, 4))
    ]
    found = slots(
        availability("America/Toronto"),
        [window(d, "09:00", "09:30") for d in range(7)],
        now=utc(2026, 6, 1),
        end=utc(2026, 6, 8),
        away=away,
        away_until=datetime.date(2026, 6, 1),
    )
    days = [s.starts_at.date() for s in found]
    assert datetime.date(2026, 6, 1) not in days
    assert datetime.date(2026, 6, 3) not in days and datetime.date(2026, 6, 4) not in days
    assert datetime.date(2026, 6, 2) in days and datetime.date(2026, 6, 5) in days


def test_a_booking_takes_its_slot_and_keeps_the_buffer_clear():
    avail = availability("America/Toronto", minutes=30, buffer=10)
    free = slots(avail, [window(0, "09:00", "11:00")], now=utc(2026, 6, 1), end=utc(2026, 6, 2))
    assert [s.starts_at.minute for s in free] == [0, 40, 20]  # 9:00, 9:40, 10:20
    # A booking made earlier at 9:50-10:20 (off the grid): 9:40 and 10:20 are too close.
    busy = [(utc(2026, 6, 1, 13, 50), utc(2026, 6, 1, 14, 20))]
    taken = slots(
        avail, [window(0, "09:00", "11:00")], now=utc(2026, 6, 1), end=utc(2026, 6, 2), busy=busy
    )
    assert [s.starts_at for s in taken] == [utc(2026, 6, 1, 13, 0)]


def test_slot_keys_round_trip_and_odd_keys_are_refused():
    slot = Slot(utc(2026, 6, 1, 13), utc(2026, 6, 1, 13, 30), 12)
    assert parse_key(slot.key) == (12, slot.starts_at)
    for odd in ["", "12", "12-", "-5", "a-1", "12-99999999999999", "12-1.5", "12--5", None]:
        assert parse_key(odd) is None


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_parse_key_never_raises(text):
    result = parse_key(text)
    assert result is None or (isinstance(result[0], int) and result[1].tzinfo is UTC)


def test_nearest_slots_are_ordered_by_distance():
    base = utc(2026, 6, 1, 12)
    found = [Slot(base + datetime.timedelta(hours=h), base, 1) for h in (-5, -1, 2, 3, 30)]
    assert [s.starts_at for s in nearest(found, base, count=3)] == [
        base - datetime.timedelta(hours=1),
        base + datetime.timedelta(hours=2),
        base + datetime.timedelta(hours=3),
    ]
