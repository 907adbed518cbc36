"""Dates, times and time zones as people read them, in English and Canadian French.

Every template, email and message formats through here (`{% load hub_dates %}` wraps it):
English follows en_CA ("Friday, December 4, 2026, 2:00 p.m."), French follows Canada.ca
("vendredi 1er décembre 2026 à 14 h 30"), and zones are named the way people say them
("Mountain Time (Boise)", never "America/Boise" or "MST"). Names come from CLDR (Babel).
"""

import datetime
import functools
import zoneinfo
from decimal import Decimal

from babel import Locale
from babel.core import get_global
from babel.dates import get_timezone_location
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import get_language, ngettext

_LOCALES = {"en": "en_CA", "fr": "fr_CA"}
# Exemplar cities come from these: CLDR's en_CA writes "Saint John’s" for Newfoundland's
# capital, which nobody there does; plain English has "St. John’s".
_CITY_LOCALES = {"en": "en", "fr": "fr_CA"}
_UTC_KEYS = {"UTC", "Etc/UTC", "Etc/UCT", "Etc/GMT", "GMT", "Etc/Zulu", "Zulu", "UCT"}
DASH = "–"


def _language(language: str | None) -> str:
    code = (language or get_language() or settings.LANGUAGE_CODE).lower()
    return "fr" if code.startswith("fr") else "en"


@functools.cache
def _locale(name: str) -> Locale:
    return Locale.parse(name)


def _zone(zone) -> zoneinfo.ZoneInfo:
    """A ZoneInfo from a key, a ZoneInfo or a fixed UTC tzinfo; None means the active zone."""
    if zone is None or zone == "":
        zone = timezone.get_current_timezone()
    if isinstance(zone, str):
        return zoneinfo.ZoneInfo(zone)
    if isinstance(zone, zoneinfo.ZoneInfo):
        return zone
    if zone.utcoffset(None) == datetime.timedelta(0):
        return zoneinfo.ZoneInfo("UTC")
    raise ValueError(f"Not a named time zone: {zone!r}")


def _local(value: datetime.datetime, zone) -> datetime.datetime:
    tz = _zone(zone)
    if timezone.is_naive(value):
        return value.replace(tzinfo=tz)
    return value.astimezone(tz)


def _day(value: datetime.date, lang: str) -> str:
    # Canadian French writes the first of the month as an ordinal: « le 1er décembre ».
    return "1er" if lang == "fr" and value.day == 1 else str(value.day)


def _names(value: datetime.date, lang: str) -> tuple[str, str]:
    locale = _locale(_LOCALES[lang])
    weekday = locale.days["format"]["wide"][value.weekday()]
    month = locale.months["format"]["wide"][value.month]
    return weekday, month


def _as_date(value) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


def zone_label(zone, *, language: str | None = None) -> str:
    """The zone as people name it: "Mountain Time (Boise)", « heure des Rocheuses (Boise) »."""
    lang = _language(language)
    locale = _locale(_LOCALES[lang])
    key = _zone(zone).key
    if key in _UTC_KEYS:
        return locale.time_zones["Etc/UTC"]["long"]["standard"]
    key = get_global("zone_aliases").get(key, key)
    metazone = get_global("meta_zones").get(key)
    names = locale.meta_zones.get(metazone, {}).get("long", {}) if metazone else {}
    # Generic ("Mountain Time") where CLDR has it, so one name holds summer and winter.
    name = names.get("generic") or names.get("standard")
    city_locale = _locale(_CITY_LOCALES[lang])
    city = city_locale.time_zones.get(key, {}).get("city") or get_timezone_location(
        zoneinfo.ZoneInfo(key), locale=city_locale, return_city=True
    )
    if not name:
        return get_timezone_location(zoneinfo.ZoneInfo(key), locale=locale)
    return f"{name} ({city})"


# Canadian French zone abbreviations (Canada.ca, the Translation Bureau's TERMIUM), by CLDR
# metazone and (standard, daylight). CLDR's fr_CA has most of them; Alaska and Hawaii it
# lacks, and the table keeps them all in one place a reviewer can check against TERMIUM.
_FRENCH_ABBREVIATIONS = {
    "Newfoundland": ("HNT", "HAT"),
    "Atlantic": ("HNA", "HAA"),
    "America_Eastern": ("HNE", "HAE"),
    "America_Central": ("HNC", "HAC"),
    "America_Mountain": ("HNR", "HAR"),
    "America_Pacific": ("HNP", "HAP"),
    "Alaska": ("HNAK", "HAAK"),
    "Hawaii": ("HNH", "HAH"),
    "Hawaii_Aleutian": ("HNHA", "HAHA"),
    # Yukon keeps Mountain Standard Time all year since 2020.
    "Yukon": ("HNR", "HNR"),
}


def zone_abbreviation(zone, moment: datetime.datetime, *, language: str | None = None) -> str:
    """The zone's short name at that moment, summer or winter: "EDT" / « HAE », "NST" / « HNT »."""
    lang = _language(language)
    tz = _zone(zone)
    if tz.key in _UTC_KEYS:
        return "UTC"
    local = _local(moment, tz)
    daylight = bool(local.dst())
    key = get_global("zone_aliases").get(tz.key, tz.key)
    metazone = get_global("meta_zones").get(key)
    if lang == "fr" and metazone in _FRENCH_ABBREVIATIONS:
        return _FRENCH_ABBREVIATIONS[metazone][daylight]
    short = (
        _locale(_LOCALES[lang]).meta_zones.get(metazone, {}).get("short", {}) if metazone else {}
    )
    return short.get("daylight" if daylight else "standard") or local.tzname()


def format_hours(value, *, language: str | None = None) -> str:
    """A duration in hours: "20 hours" / « 20 heures », "1.5 hours" / « 1,5 heure ».

    Whole numbers without decimals (a DecimalField's 20.0 is « 20 »), a fraction with the
    language's decimal mark.
    """
    lang = _language(language)
    number = Decimal(str(value)).normalize()
    whole = number == number.to_integral_value()
    text = f"{number:f}" if not whole else str(int(number))
    if lang == "fr":
        text = text.replace(".", ",")
    # English makes every fraction plural ("0.5 hours"); French keeps the singular below two
    # (« 1,5 heure »). gettext's plural forms only take whole numbers.
    if whole:
        count = int(number)
    elif lang == "fr":
        count = 1 if number < 2 else 2
    else:
        count = 2
    with translation.override(lang):
        return ngettext("%(hours)s hour", "%(hours)s hours", count) % {"hours": text}


def format_date(value, *, weekday: bool = False, language: str | None = None) -> str:
    """The day: "December 4, 2026" / « 4 décembre 2026 »; weekday adds "Friday, ".

    A datetime is read in its own zone: pass `value.astimezone(zone)` for another one.
    """
    value = _as_date(value)
    lang = _language(language)
    day_name, month = _names(value, lang)
    if lang == "fr":
        text = f"{_day(value, lang)} {month} {value.year}"
        return f"{day_name} {text}" if weekday else text
    text = f"{month} {value.day}, {value.year}"
    return f"{day_name}, {text}" if weekday else text


def format_month(value, *, language: str | None = None) -> str:
    """A month: "February 2027" / « février 2027 » (a report's months, a chart's axis)."""
    value = _as_date(value)
    _day_name, month = _names(value, _language(language))
    return f"{month} {value.year}"


def format_day_heading(value, *, language: str | None = None) -> str:
    """A day heading in a list: "Friday, December 4" / « vendredi 4 décembre »."""
    value = _as_date(value)
    lang = _language(language)
    day_name, month = _names(value, lang)
    # The day and its month stay together; a narrow column breaks after the weekday.
    if lang == "fr":
        return f"{day_name} {_day(value, lang)}\u00a0{month}"
    return f"{day_name}, {month}\u00a0{value.day}"


# A time never breaks across lines: "2:00\u00a0p.m.", « 14\u00a0h\u00a030 » (Canada.ca).
NBSP = "\u00a0"


def _clock(local: datetime.datetime, lang: str, *, period: bool = True) -> str:
    if lang == "fr":
        # Canada.ca: « 14 h », « 14 h 30 », never « 14 h 00 » or « 14:00 ».
        hours = f"{local.hour}{NBSP}h"
        return f"{hours}{NBSP}{local.minute:02d}" if local.minute else hours
    text = f"{local.hour % 12 or 12}:{local.minute:02d}"
    return f"{text}{NBSP}{_period(local)}" if period else text


def _period(local: datetime.datetime) -> str:
    periods = _locale(_LOCALES["en"]).day_periods["format"]["abbreviated"]
    return periods["am"] if local.hour < 12 else periods["pm"]


def format_time(value: datetime.datetime, zone, *, language: str | None = None) -> str:
    """The time of an aware datetime in zone: "2:00 p.m." / « 14 h », « 14 h 30 »."""
    return _clock(_local(value, zone), _language(language))


def format_time_with_zone(value: datetime.datetime, zone, *, language: str | None = None) -> str:
    """A time with its zone's short name, where space is short: "1:00 p.m. EDT" / « 13 h HAE »."""
    lang = _language(language)
    return (
        f"{_clock(_local(value, zone), lang)}{NBSP}{zone_abbreviation(zone, value, language=lang)}"
    )


def _with_zone(text: str, zone, lang: str, with_zone: bool) -> str:
    if not with_zone:
        return text
    label = zone_label(zone, language=lang)
    return f"{text}, {label}" if lang == "fr" else f"{text} {label}"


def format_datetime(
    value: datetime.datetime,
    zone,
    *,
    weekday: bool = True,
    with_zone: bool = True,
    language: str | None = None,
) -> str:
    """The moment in zone: "Friday, December 4, 2026, 2:00 p.m. Mountain Time (Boise)",
    « vendredi 4 décembre 2026 à 14 h, heure des Rocheuses (Boise) »."""
    lang = _language(language)
    local = _local(value, zone)
    day = format_date(local, weekday=weekday, language=lang)
    joiner = " à " if lang == "fr" else ", "
    return _with_zone(f"{day}{joiner}{_clock(local, lang)}", zone, lang, with_zone)


def format_range(
    start: datetime.datetime,
    end: datetime.datetime,
    zone,
    *,
    weekday: bool = True,
    with_zone: bool = True,
    language: str | None = None,
) -> str:
    """From start to end in zone, the day written once when both fall on it:
    "Friday, December 4, 2026, 2:00 – 2:30 p.m. Mountain Time (Boise)"; otherwise both in full."""
    lang = _language(language)
    first, last = _local(start, zone), _local(end, zone)
    if first.date() != last.date():
        begins = format_datetime(first, zone, weekday=weekday, with_zone=False, language=lang)
        ends = format_datetime(last, zone, weekday=weekday, with_zone=False, language=lang)
        text = f"du {begins} au {ends}" if lang == "fr" else f"{begins} {DASH} {ends}"
        return _with_zone(text, zone, lang, with_zone)
    day = format_date(first, weekday=weekday, language=lang)
    if lang == "fr":
        text = f"{day} de {_clock(first, lang)} à {_clock(last, lang)}"
    else:
        # One "p.m." for "2:00 – 2:30 p.m.", both when the range crosses noon.
        same_period = _period(first) == _period(last)
        text = f"{day}, {_clock(first, lang, period=not same_period)} {DASH} {_clock(last, lang)}"
    return _with_zone(text, zone, lang, with_zone)
