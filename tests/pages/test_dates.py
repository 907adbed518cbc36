"""pages.dates and {% load hub_dates %}: one way to write dates, times and zones."""

import datetime
import re
import zoneinfo
from decimal import Decimal
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import translation

from network.choices import TIME_ZONES
from pages import dates

UTC = datetime.UTC
BOISE = zoneinfo.ZoneInfo("America/Boise")
TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def at(*args, zone=UTC):
    return datetime.datetime(*args, tzinfo=zone)


# --- Zone names ---


@pytest.mark.parametrize(
    ("zone", "english", "french"),
    [
        ("America/Boise", "Mountain Time (Boise)", "heure des Rocheuses (Boise)"),
        ("America/St_Johns", "Newfoundland Time (St. John’s)", "heure de Terre-Neuve (St. John’s)"),
        ("America/Regina", "Central Time (Regina)", "heure du Centre (Regina)"),
        ("America/Toronto", "Eastern Time (Toronto)", "heure de l’Est (Toronto)"),
        ("America/Whitehorse", "Yukon Time (Whitehorse)", "heure normale du Yukon (Whitehorse)"),
        ("Pacific/Honolulu", "Hawaii Time (Honolulu)", "heure d’Hawaï (Honolulu)"),
        ("UTC", "Coordinated Universal Time", "temps universel coordonné"),
    ],
)
def test_zone_label_in_both_languages(zone, english, french):
    assert dates.zone_label(zone, language="en") == english
    assert dates.zone_label(zoneinfo.ZoneInfo(zone), language="fr") == french


def test_zone_label_follows_the_active_language():
    with translation.override("fr"):
        assert dates.zone_label("America/Boise") == "heure des Rocheuses (Boise)"
    with translation.override("en"):
        assert dates.zone_label("America/Boise") == "Mountain Time (Boise)"


def test_every_zone_choice_has_a_friendly_name_in_both_languages():
    for language in ("en", "fr"):
        with translation.override(language):
            for key, label in TIME_ZONES:
                text = str(label)
                assert key not in text and "/" not in text and "GMT" not in text, text
                assert text[0].isupper(), text  # a select box's option starts a sentence
    with translation.override("fr"):
        assert dict(TIME_ZONES)["America/Boise"] == "Heure des Rocheuses (Boise)"


# --- Dates ---


def test_format_date_english_and_french():
    day = datetime.date(2026, 12, 4)
    assert dates.format_date(day, language="en") == "December 4, 2026"
    assert dates.format_date(day, weekday=True, language="en") == "Friday, December 4, 2026"
    assert dates.format_date(day, language="fr") == "4 décembre 2026"
    assert dates.format_date(day, weekday=True, language="fr") == "vendredi 4 décembre 2026"


def test_french_writes_the_first_of_the_month_as_an_ordinal():
    first = datetime.date(2026, 12, 1)
    assert dates.format_date(first, language="fr") == "1er décembre 2026"
    assert dates.format_date(first, weekday=True, language="fr") == "mardi 1er décembre 2026"
    assert dates.format_day_heading(first, language="fr") == "mardi 1er\u00a0décembre"
    assert dates.format_date(first, language="en") == "December 1, 2026"
    assert dates.format_date(datetime.date(2026, 12, 11), language="fr") == "11 décembre 2026"


def test_a_datetime_is_read_in_its_own_zone():
    late = at(2026, 12, 5, 3, 0)  # 8 p.m. on the 4th in Boise
    assert dates.format_date(late, language="en") == "December 5, 2026"
    assert dates.format_date(late.astimezone(BOISE), language="en") == "December 4, 2026"


def test_day_heading():
    day = datetime.date(2026, 12, 4)
    assert dates.format_day_heading(day, language="en") == "Friday, December\u00a04"
    assert dates.format_day_heading(day, language="fr") == "vendredi 4\u00a0décembre"


# --- Times ---


def test_format_time_english_and_canadian_french():
    two = at(2026, 12, 4, 21, 0)
    half_past = at(2026, 12, 4, 21, 30)
    assert dates.format_time(two, "America/Boise", language="en") == "2:00\u00a0p.m."
    assert dates.format_time(two, "America/Boise", language="fr") == "14\u00a0h"
    assert dates.format_time(half_past, BOISE, language="fr") == "14\u00a0h\u00a030"
    assert dates.format_time(at(2026, 12, 4, 19, 5), BOISE, language="fr") == "12\u00a0h\u00a005"
    assert dates.format_time(at(2026, 12, 4, 7, 0), BOISE, language="en") == "12:00\u00a0a.m."
    assert dates.format_time(at(2026, 12, 4, 19, 0), BOISE, language="en") == "12:00\u00a0p.m."


@pytest.mark.parametrize(
    ("moment", "english"),
    [
        # St. John's: -3:30 in winter, -2:30 from March 8, 2026, and -3:30 again on November 1.
        (at(2026, 3, 7, 16, 0), "Saturday, March 7, 2026, 12:30\u00a0p.m."),
        (at(2026, 3, 9, 16, 0), "Monday, March 9, 2026, 1:30\u00a0p.m."),
        (at(2026, 10, 31, 16, 0), "Saturday, October 31, 2026, 1:30\u00a0p.m."),
        (at(2026, 11, 2, 16, 0), "Monday, November 2, 2026, 12:30\u00a0p.m."),
    ],
)
def test_st_johns_across_daylight_saving(moment, english):
    label = "Newfoundland Time (St. John’s)"
    assert dates.format_datetime(moment, "America/St_Johns", language="en") == f"{english} {label}"


@pytest.mark.parametrize(
    "moment",
    [at(2026, 3, 7, 18, 0), at(2026, 3, 9, 18, 0), at(2026, 10, 31, 18, 0), at(2026, 11, 2, 18, 0)],
)
def test_regina_keeps_one_offset_all_year(moment):
    assert dates.format_time(moment, "America/Regina", language="en") == "12:00\u00a0p.m."
    assert dates.format_time(moment, "America/Regina", language="fr") == "12\u00a0h"


def test_st_johns_half_hour_in_french():
    moment = at(2026, 12, 4, 18, 0)
    assert dates.format_datetime(moment, "America/St_Johns", language="fr") == (
        "vendredi 4 décembre 2026 à 14\u00a0h\u00a030, heure de Terre-Neuve (St. John’s)"
    )


# --- Zone abbreviations, where space is short ---


@pytest.mark.parametrize(
    ("zone", "moment", "english", "french"),
    [
        # Toronto: daylight time in July, standard time in January.
        (
            "America/Toronto",
            at(2026, 7, 15, 17, 0),
            "1:00\u00a0p.m.\u00a0EDT",
            "13\u00a0h\u00a0HAE",
        ),
        (
            "America/Toronto",
            at(2026, 1, 15, 18, 30),
            "1:30\u00a0p.m.\u00a0EST",
            "13\u00a0h\u00a030\u00a0HNE",
        ),
        # St. John's: half an hour off, with daylight time of its own.
        (
            "America/St_Johns",
            at(2026, 7, 15, 15, 30),
            "1:00\u00a0p.m.\u00a0NDT",
            "13\u00a0h\u00a0HAT",
        ),
        (
            "America/St_Johns",
            at(2026, 1, 15, 16, 30),
            "1:00\u00a0p.m.\u00a0NST",
            "13\u00a0h\u00a0HNT",
        ),
        # Regina: Central Standard Time all year.
        ("America/Regina", at(2026, 7, 15, 19, 0), "1:00\u00a0p.m.\u00a0CST", "13\u00a0h\u00a0HNC"),
        ("America/Regina", at(2026, 1, 15, 19, 0), "1:00\u00a0p.m.\u00a0CST", "13\u00a0h\u00a0HNC"),
        (
            "America/Halifax",
            at(2026, 7, 15, 16, 0),
            "1:00\u00a0p.m.\u00a0ADT",
            "13\u00a0h\u00a0HAA",
        ),
        (
            "America/Winnipeg",
            at(2026, 1, 15, 19, 0),
            "1:00\u00a0p.m.\u00a0CST",
            "13\u00a0h\u00a0HNC",
        ),
        ("America/Boise", at(2026, 7, 15, 19, 0), "1:00\u00a0p.m.\u00a0MDT", "13\u00a0h\u00a0HAR"),
        (
            "America/Vancouver",
            at(2026, 1, 15, 21, 0),
            "1:00\u00a0p.m.\u00a0PST",
            "13\u00a0h\u00a0HNP",
        ),
        (
            "America/Whitehorse",
            at(2026, 7, 15, 20, 0),
            "1:00\u00a0p.m.\u00a0MST",
            "13\u00a0h\u00a0HNR",
        ),
        (
            "America/Anchorage",
            at(2026, 1, 15, 22, 0),
            "1:00\u00a0p.m.\u00a0AKST",
            "13\u00a0h\u00a0HNAK",
        ),
        ("UTC", at(2026, 7, 15, 13, 0), "1:00\u00a0p.m.\u00a0UTC", "13\u00a0h\u00a0UTC"),
    ],
)
def test_time_with_zone_abbreviation_across_daylight_saving(zone, moment, english, french):
    assert dates.format_time_with_zone(moment, zone, language="en") == english
    assert dates.format_time_with_zone(moment, zoneinfo.ZoneInfo(zone), language="fr") == french


def test_every_zone_choice_has_an_abbreviation_in_french():
    for key, _label in TIME_ZONES:
        for moment in (at(2026, 1, 15, 12, 0), at(2026, 7, 15, 12, 0)):
            short = dates.zone_abbreviation(key, moment, language="fr")
            assert short.isupper() and "/" not in short and not short.startswith("GMT"), short
            if key != "UTC":
                assert short.startswith("H"), f"{key}: {short}"  # heure normale / avancée


# --- Durations ---


@pytest.mark.parametrize(
    ("value", "english", "french"),
    [
        (Decimal("20.0"), "20 hours", "20 heures"),
        (20, "20 hours", "20 heures"),
        (Decimal("1.0"), "1 hour", "1 heure"),
        (Decimal("1.5"), "1.5 hours", "1,5 heure"),
        (Decimal("0.5"), "0.5 hours", "0,5 heure"),
        (Decimal("2.5"), "2.5 hours", "2,5 heures"),
        (Decimal("12.25"), "12.25 hours", "12,25 heures"),
    ],
)
def test_hours_have_no_needless_decimals(value, english, french):
    assert dates.format_hours(value, language="en") == english
    assert dates.format_hours(value, language="fr") == french


# --- Date and time together ---


def test_format_datetime():
    two = at(2026, 12, 4, 21, 0)
    assert dates.format_datetime(two, "America/Boise", language="en") == (
        "Friday, December 4, 2026, 2:00\u00a0p.m. Mountain Time (Boise)"
    )
    assert dates.format_datetime(two, "America/Boise", language="fr") == (
        "vendredi 4 décembre 2026 à 14\u00a0h, heure des Rocheuses (Boise)"
    )
    assert dates.format_datetime(
        two, BOISE, weekday=False, with_zone=False, language="en"
    ) == "December 4, 2026, 2:00\u00a0p.m."  # fmt: skip
    assert dates.format_datetime(two, BOISE, weekday=False, with_zone=False, language="fr") == (
        "4 décembre 2026 à 14\u00a0h"
    )


def test_the_first_of_the_month_at_one_in_the_afternoon():
    first = at(2026, 12, 1, 18, 0)
    assert dates.format_datetime(first, "America/Toronto", language="fr") == (
        "mardi 1er décembre 2026 à 13\u00a0h, heure de l’Est (Toronto)"
    )
    assert dates.format_datetime(first, "America/Toronto", language="en") == (
        "Tuesday, December 1, 2026, 1:00\u00a0p.m. Eastern Time (Toronto)"
    )
    summer = at(2026, 7, 1, 17, 30)
    assert dates.format_datetime(summer, "America/Toronto", weekday=False, language="fr") == (
        "1er juillet 2026 à 13\u00a0h\u00a030, heure de l’Est (Toronto)"
    )


def test_the_zone_decides_the_day():
    late = at(2026, 12, 5, 3, 0)
    assert dates.format_datetime(late, BOISE, with_zone=False, language="en") == (
        "Friday, December 4, 2026, 8:00\u00a0p.m."
    )
    assert dates.format_datetime(late, "America/Toronto", with_zone=False, language="en") == (
        "Friday, December 4, 2026, 10:00\u00a0p.m."
    )
    assert dates.format_datetime(late, "America/St_Johns", with_zone=False, language="en") == (
        "Friday, December 4, 2026, 11:30\u00a0p.m."
    )


# --- Ranges ---


def test_range_on_one_day_writes_the_day_once():
    start, end = at(2026, 12, 4, 21, 0), at(2026, 12, 4, 21, 30)
    assert dates.format_range(start, end, "America/Boise", language="en") == (
        "Friday, December 4, 2026, 2:00 – 2:30\u00a0p.m. Mountain Time (Boise)"
    )
    assert dates.format_range(start, end, "America/Boise", language="fr") == (
        "vendredi 4 décembre 2026 de 14\u00a0h à 14\u00a0h\u00a030, heure des Rocheuses (Boise)"
    )


def test_range_across_noon_names_both_halves_of_the_day():
    start, end = at(2026, 12, 4, 18, 30), at(2026, 12, 4, 20, 0)
    assert dates.format_range(start, end, BOISE, with_zone=False, language="en") == (
        "Friday, December 4, 2026, 11:30\u00a0a.m. – 1:00\u00a0p.m."
    )


def test_range_over_several_days_writes_both_in_full():
    start, end = at(2026, 12, 4, 21, 0), at(2026, 12, 5, 17, 0)
    assert dates.format_range(start, end, "America/Boise", language="en") == (
        "Friday, December 4, 2026, 2:00\u00a0p.m. – Saturday, December 5, 2026, 10:00\u00a0a.m. "
        "Mountain Time (Boise)"
    )
    assert dates.format_range(start, end, "America/Boise", language="fr") == (
        "du vendredi 4 décembre 2026 à 14\u00a0h au samedi 5 décembre 2026 à 10\u00a0h, "
        "heure des Rocheuses (Boise)"
    )


def test_a_range_that_ends_after_midnight_in_the_zone_spans_two_days():
    start, end = at(2026, 12, 5, 6, 0), at(2026, 12, 5, 7, 30)  # 11 p.m. to 12:30\u00a0a.m.
    text = dates.format_range(start, end, BOISE, weekday=False, with_zone=False, language="en")
    assert text == "December 4, 2026, 11:00\u00a0p.m. – December 5, 2026, 12:30\u00a0a.m."


# --- Template library ---


def render(source: str, language: str, **context) -> str:
    with translation.override(language):
        return Template("{% load hub_dates %}" + source).render(Context(context))


def test_filters_render_through_a_template():
    two = at(2026, 12, 4, 21, 0)
    context = {"d": datetime.date(2026, 12, 1), "dt": two, "zone": "America/Boise"}
    source = (
        "{{ d|day }}|{{ d|day_long }}|{{ d|day_heading }}|{{ dt|time_in:zone }}|"
        "{{ dt|when:zone }}|{{ dt|date_time:zone }}|{{ zone|zone_label }}"
    )
    assert render(source, "en", **context) == (
        "December 1, 2026|Tuesday, December 1, 2026|Tuesday, December\u00a01|2:00\u00a0p.m.|"
        "Friday, December 4, 2026, 2:00\u00a0p.m. Mountain Time (Boise)|December 4, 2026, 2:00\u00a0p.m.|"
        "Mountain Time (Boise)"
    )
    assert render(source, "fr", **context) == (
        "1er décembre 2026|mardi 1er décembre 2026|mardi 1er\u00a0décembre|14\u00a0h|"
        "vendredi 4 décembre 2026 à 14\u00a0h, heure des Rocheuses (Boise)|4 décembre 2026 à 14\u00a0h|"
        "heure des Rocheuses (Boise)"
    )


def test_time_with_zone_and_hours_filters():
    context = {"dt": at(2026, 7, 15, 17, 0), "zone": "America/Toronto", "h": Decimal("20.0")}
    source = (
        "{{ dt|time_with_zone:zone }}|{{ h|hours }}|[{{ none|hours }}{{ none|time_with_zone }}]"
    )
    assert render(source, "fr", **context) == "13\u00a0h\u00a0HAE|20 heures|[]"
    assert render(source, "en", **context) == "1:00\u00a0p.m.\u00a0EDT|20 hours|[]"


def test_when_range_tag():
    context = {"a": at(2026, 12, 4, 21, 0), "b": at(2026, 12, 4, 21, 30), "zone": BOISE}
    assert render("{% when_range a b zone %}", "fr", **context) == (
        "vendredi 4 décembre 2026 de 14\u00a0h à 14\u00a0h\u00a030, heure des Rocheuses (Boise)"
    )
    assert render("{% when_range a b zone as text %}[{{ text }}]", "en", **context) == (
        "[Friday, December 4, 2026, 2:00 – 2:30\u00a0p.m. Mountain Time (Boise)]"
    )


def test_day_filters_read_a_datetime_in_the_templates_zone():
    late = at(2026, 12, 5, 3, 0)
    source = "{% load tz %}{% timezone 'America/Boise' %}{{ dt|day }}{% endtimezone %}"
    assert render(source, "en", dt=late) == "December 4, 2026"


def test_missing_values_render_nothing():
    source = (
        "[{{ none|day }}{{ none|day_long }}{{ none|day_heading }}{{ none|time_in:'UTC' }}"
        "{{ none|when:'UTC' }}{{ none|date_time:'UTC' }}{{ none|zone_label }}"
        "{% when_range none none 'UTC' %}]"
    )
    assert render(source, "en", none=None) == "[]"


def test_filters_without_a_zone_use_the_active_one():
    with translation.override("en"):
        source = (
            "{% load tz hub_dates %}{% timezone 'America/Regina' %}{{ dt|when }}{% endtimezone %}"
        )
        text = Template(source).render(Context({"dt": at(2026, 7, 1, 18, 0)}))
    assert text == "Wednesday, July 1, 2026, 12:00\u00a0p.m. Central Time (Regina)"


# --- Guard: every template goes through the helper ---

# Another helper is rewriting these four right now (issue 17, office-hours week grid); they
# move to the helper with that work. Remove each from here once it does.
NOT_YET_CONVERTED = {
    "office_hours/_slot_picker.html",
    "office_hours/office_hours_book.html",
    "office_hours/booking.html",
    "office_hours/bookings.html",
}
# Formats for machines (attributes, feeds, sitemaps) and a bare year are fine.
MACHINE_FORMATS = {"c", "Y-m-d", r"Y-m-d\TH:i", r"Y-m-d\TH:i:s", "Y", "U", "r"}
DATE_FILTER = re.compile(r"""\|date:\s*(?:"([^"]*)"|'([^']*)')""")
RAW_ZONE = re.compile(r"\{\{\s*[\w.]*time_zone\s*}}")
# A DecimalField of hours printed as it is reads « 20,0 heures »: it goes through |hours.
RAW_HOURS = re.compile(r"(?:with\s+\w+=|\{\{\s*)[\w.]*estimated_hours(?!\|hours)\b")


def template_files():
    for path in sorted(TEMPLATES.rglob("*")):
        name = path.relative_to(TEMPLATES).as_posix()
        if path.is_file() and path.suffix in {".html", ".txt", ".xml"}:
            if name not in NOT_YET_CONVERTED:
                yield name, path.read_text()


def test_no_template_formats_a_date_for_people_with_the_date_filter():
    offenders = []
    for name, text in template_files():
        for match in DATE_FILTER.finditer(text):
            fmt = match.group(1) if match.group(1) is not None else match.group(2)
            if fmt not in MACHINE_FORMATS:
                offenders.append(f"{name}: |date:{fmt!r}")
        for bare in re.finditer(r"\|date(?=\s*[|}%])|\|time(?::|\s*[|}%])", text):
            offenders.append(f"{name}: {bare.group(0)!r}")
    assert not offenders, "Use {% load hub_dates %} instead:\n" + "\n".join(offenders)


def test_no_template_prints_a_raw_zone_key():
    offenders = [
        f"{name}: {match.group(0)}"
        for name, text in template_files()
        for match in RAW_ZONE.finditer(text)
    ]
    assert not offenders, "Use |zone_label:\n" + "\n".join(offenders)


def test_no_template_prints_hours_as_a_raw_decimal():
    offenders = [
        f"{name}: {match.group(0)}"
        for name, text in template_files()
        for match in RAW_HOURS.finditer(text)
    ]
    assert not offenders, "Use |hours:\n" + "\n".join(offenders)


def test_the_guard_catches_what_it_looks_for():
    assert DATE_FILTER.search('{{ x|date:"DATETIME_FORMAT" }}').group(1) == "DATETIME_FORMAT"
    assert DATE_FILTER.search("{{ x|date:'c' }}").group(2) == "c"
    assert RAW_ZONE.search("<dd>{{ session.time_zone }}</dd>")
    assert not RAW_ZONE.search("{{ session.time_zone|zone_label }}")
    assert RAW_HOURS.search("{% blocktranslate with hours=course.estimated_hours %}")
    assert RAW_HOURS.search("<dd>{{ page.estimated_hours }}</dd>")
    assert not RAW_HOURS.search("<dd>{{ page.estimated_hours|hours }}</dd>")
