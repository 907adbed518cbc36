"""The metrics pages' period: presets from today, days or weeks to count a trend in, whole
days in a time zone across a DST change, and dates a person can get wrong. No database."""

import datetime
import zoneinfo

import pytest

from pages.metrics import Period, PeriodForm, Table, buckets, preset_dates

D = datetime.date


@pytest.mark.parametrize(
    ("preset", "today", "expected"),
    [
        ("last_7", D(2026, 5, 15), (D(2026, 5, 9), D(2026, 5, 15))),
        ("last_30", D(2026, 5, 15), (D(2026, 4, 16), D(2026, 5, 15))),
        ("this_month", D(2026, 5, 15), (D(2026, 5, 1), D(2026, 5, 15))),
        ("last_month", D(2026, 5, 15), (D(2026, 4, 1), D(2026, 4, 30))),
        ("last_month", D(2026, 1, 3), (D(2025, 12, 1), D(2025, 12, 31))),
        ("last_month", D(2028, 3, 31), (D(2028, 2, 1), D(2028, 2, 29))),
        ("this_quarter", D(2026, 5, 15), (D(2026, 4, 1), D(2026, 5, 15))),
        ("this_quarter", D(2026, 12, 5), (D(2026, 10, 1), D(2026, 12, 5))),
        ("nonsense", D(2026, 5, 15), (D(2026, 4, 16), D(2026, 5, 15))),
    ],
)
def test_presets(preset, today, expected):
    assert preset_dates(preset, today) == expected


def test_a_month_is_counted_per_day_and_a_quarter_per_week_from_monday():
    days = buckets(D(2026, 3, 1), D(2026, 3, 31))
    assert len(days) == 31 and days[0] == (D(2026, 3, 1), D(2026, 3, 1))
    weeks = buckets(D(2026, 3, 1), D(2026, 4, 15))  # 1 March 2026 is a Sunday
    assert weeks[0] == (D(2026, 3, 1), D(2026, 3, 1))
    assert weeks[1] == (D(2026, 3, 2), D(2026, 3, 8))
    assert weeks[-1] == (D(2026, 4, 13), D(2026, 4, 15))
    assert all(b[0].weekday() == 0 for b in weeks[1:])


def test_whole_days_in_the_zone_across_a_dst_change():
    """St. John's: -3:30 in winter, -2:30 from 8 March 2026."""
    period = Period(D(2026, 3, 1), D(2026, 3, 31), "America/St_Johns")
    utc = zoneinfo.ZoneInfo("UTC")
    assert period.start.astimezone(utc) == datetime.datetime(2026, 3, 1, 3, 30, tzinfo=utc)
    assert period.end.astimezone(utc) == datetime.datetime(2026, 4, 1, 2, 30, tzinfo=utc)
    ends = [end.astimezone(utc) for _first, _last, end in period.buckets()]
    assert ends[6] == datetime.datetime(2026, 3, 8, 3, 30, tzinfo=utc)  # end of 7 March
    assert ends[7] == datetime.datetime(2026, 3, 9, 2, 30, tzinfo=utc)  # end of 8 March
    assert period.query() == "from=2026-03-01&to=2026-03-31"


def _form(**data):
    return PeriodForm(data, zone="America/Regina", today=D(2026, 5, 15))


def test_nothing_asked_is_the_last_30_days():
    period = _form().chosen_period()
    assert (period.first, period.last, period.preset) == (D(2026, 4, 16), D(2026, 5, 15), "last_30")
    assert _form(period="last_month").chosen_period().first == D(2026, 4, 1)


def test_two_dates_win_over_a_preset():
    period = _form(period="last_7", **{"from": "2026-01-01", "to": "2026-01-31"}).chosen_period()
    assert (period.first, period.last, period.preset) == (D(2026, 1, 1), D(2026, 1, 31), "")


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"from": "2026-13-01", "to": "2026-12-31"}, "start", "such as 2026-03-01"),
        ({"from": "2026-03-01", "to": "31/03/2026"}, "end", "such as 2026-03-31"),
        ({"from": "2026-03-01"}, "end", "Enter the last day as well."),
        ({"to": "2026-03-01"}, "start", "Enter the first day as well."),
        ({"from": "2026-03-02", "to": "2026-03-01"}, "end", "on or after the first day"),
        ({"from": "2024-01-01", "to": "2026-03-01"}, "end", "at most a year"),
    ],
)
def test_wrong_dates_say_what_to_do_and_show_the_last_30_days(data, field, message):
    form = _form(**data)
    assert not form.is_valid()
    assert message in " ".join(form.errors[field])
    assert form.chosen_period().preset == "last_30"


def test_a_table_draws_its_bars_from_its_numbers():
    table = Table(key="t", title="T", columns=["Group", "N"], rows=[["a", 4], ["b", 1], ["c", 0]])
    assert [row["width"] for row in table.bars()] == [100, 25, 0]
    empty = Table(key="t", title="T", columns=["Group", "N"], rows=[["a", None]])
    assert empty.bars()[0]["width"] is None
