"""Dates, times and zones in templates, through pages.dates (the one formatter).

`{{ d|day }}`, `{{ d|day_long }}`, `{{ d|day_heading }}`, `{{ dt|time_in:zone }}`,
`{{ dt|when:zone }}`, `{{ dt|date_time:zone }}` (no weekday, no zone: table cells under a
heading that names the zone), `{{ dt|time_with_zone:zone }}` ("1:00 p.m. EDT", « 13 h HAE »),
`{{ d|month }}` ("February 2027"), `{{ zone|zone_label }}`, `{% when_range start end zone %}`, `{{ course.estimated_hours|hours }}`.
A missing value renders as nothing. Machine-readable attributes (`<time datetime>`) take
`{{ dt|iso }}`: `|date:'c'` keeps microseconds, which HTML's date syntax refuses.
"""

from django import template

from pages import dates

register = template.Library()


def _missing(value) -> bool:
    return value is None or value == ""


# expects_localtime: a datetime arrives in the template's zone ({% timezone %} or the
# signed-in person's), so its day is the one they live.
@register.filter(expects_localtime=True)
def day(value) -> str:
    return "" if _missing(value) else dates.format_date(value)


@register.filter(expects_localtime=True)
def day_long(value) -> str:
    return "" if _missing(value) else dates.format_date(value, weekday=True)


@register.filter(expects_localtime=True)
def month(value) -> str:
    return "" if _missing(value) else dates.format_month(value)


@register.filter(expects_localtime=True)
def day_heading(value) -> str:
    return "" if _missing(value) else dates.format_day_heading(value)


@register.filter
def time_in(value, zone=None) -> str:
    return "" if _missing(value) else dates.format_time(value, zone)


@register.filter
def when(value, zone=None) -> str:
    return "" if _missing(value) else dates.format_datetime(value, zone)


@register.filter
def date_time(value, zone=None) -> str:
    if _missing(value):
        return ""
    return dates.format_datetime(value, zone, weekday=False, with_zone=False)


@register.filter(expects_localtime=True)
def iso(value) -> str:
    """A date or time as HTML's `datetime` attribute reads it, to the second."""
    if _missing(value):
        return ""
    return value.isoformat(timespec="seconds") if hasattr(value, "hour") else value.isoformat()


@register.filter(name="zone_label")
def zone_label(zone) -> str:
    return "" if _missing(zone) else dates.zone_label(zone)


@register.simple_tag
def when_range(start, end, zone=None) -> str:
    if _missing(start):
        return ""
    if _missing(end):
        return dates.format_datetime(start, zone)
    return dates.format_range(start, end, zone)


@register.filter
def time_with_zone(value, zone=None) -> str:
    """A time and its zone's short name, where space is short: « 13 h HAE », "1:00 p.m. EDT"."""
    return "" if _missing(value) else dates.format_time_with_zone(value, zone)


@register.filter
def hours(value) -> str:
    """A duration in hours: « 20 heures », never « 20,0 heures »."""
    return "" if _missing(value) else dates.format_hours(value)
