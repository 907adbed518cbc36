"""What the help desk's and the academy's metrics pages share: the period a coordinator
chooses (presets or two dates, read as whole days in the viewer's time zone), the days or
weeks a trend is counted in, and tables whose bars are drawn from their numbers, each
downloadable as CSV.

The period rules are pure: they take today's date and return dates, tested without a
database.
"""

import datetime
import zoneinfo
from dataclasses import dataclass, field

from django import forms
from django.conf import settings
from django.http import HttpResponse
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .dates import format_date, zone_label
from .reports import csv_writer

# --- The period ---

DEFAULT_PRESET = "last_30"
PRESETS = {
    "last_7": _("Last 7 days"),
    "last_30": _("Last 30 days"),
    "this_month": _("This month"),
    "last_month": _("Last month"),
    "this_quarter": _("This quarter"),
}
# A whole year, leap or not: the longest period a page (and its tables' CSV) counts.
LONGEST = datetime.timedelta(days=366)
# Up to this many days a trend is counted per day, beyond it per week.
DAILY_UP_TO = 31


def preset_dates(preset: str, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last day (both included) of a preset period, ending today at most."""
    if preset == "last_7":
        return today - datetime.timedelta(days=6), today
    if preset == "this_month":
        return today.replace(day=1), today
    if preset == "last_month":
        last = today.replace(day=1) - datetime.timedelta(days=1)
        return last.replace(day=1), last
    if preset == "this_quarter":
        return today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1), today
    return today - datetime.timedelta(days=29), today


def buckets(first: datetime.date, last: datetime.date) -> list[tuple[datetime.date, datetime.date]]:
    """The (first day, last day) of each bucket a trend is counted in: days for a period of
    up to DAILY_UP_TO days, else weeks from Monday to Sunday, the first and last cut to the
    period."""
    if (last - first).days < DAILY_UP_TO:
        days = (last - first).days + 1
        return [(first + datetime.timedelta(days=n),) * 2 for n in range(days)]
    found = []
    start = first
    while start <= last:
        sunday = start + datetime.timedelta(days=6 - start.weekday())
        found.append((start, min(sunday, last)))
        start = sunday + datetime.timedelta(days=1)
    return found


def viewer_zone(user) -> str:
    """The zone a person's days are counted in: their own, else the hub's."""
    return getattr(user, "time_zone", "") or settings.HUB_DEFAULT_TIME_ZONE


def today_in(zone: str) -> datetime.date:
    return datetime.datetime.now(zoneinfo.ZoneInfo(zone)).date()


def midnight(day: datetime.date, zone: str) -> datetime.datetime:
    """The moment a day starts in a time zone (DST included), as an aware datetime."""
    return datetime.datetime.combine(day, datetime.time(), tzinfo=zoneinfo.ZoneInfo(zone))


@dataclass(frozen=True)
class Period:
    """Whole days in a time zone: `start` is the first day's midnight, `end` the midnight
    after the last day (excluded)."""

    first: datetime.date
    last: datetime.date
    zone: str
    preset: str = ""

    @property
    def start(self) -> datetime.datetime:
        return midnight(self.first, self.zone)

    @property
    def end(self) -> datetime.datetime:
        return midnight(self.last + datetime.timedelta(days=1), self.zone)

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def daily(self) -> bool:
        return self.days <= DAILY_UP_TO

    def buckets(self) -> list[tuple[datetime.date, datetime.date, datetime.datetime]]:
        """Each bucket's first and last day and the moment it ends."""
        return [
            (first, last, midnight(last + datetime.timedelta(days=1), self.zone))
            for first, last in buckets(self.first, self.last)
        ]

    def query(self) -> str:
        """The period as a query string, to keep it in links (CSV, other pages)."""
        if self.preset:
            return f"period={self.preset}"
        return f"from={self.first:%Y-%m-%d}&to={self.last:%Y-%m-%d}"


class DateInput(forms.DateInput):
    input_type = "date"  # the browser's own date picker, which sends YYYY-MM-DD

    def __init__(self):
        super().__init__(format="%Y-%m-%d")


class PeriodForm(forms.Form):
    """A period as the metrics pages take it in their address: a preset, or two dates."""

    period = forms.ChoiceField(required=False, choices=[("", ""), *PRESETS.items()])
    start = forms.DateField(
        label=_("From"),
        required=False,
        widget=DateInput(),
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": _("Enter the first day as a date, such as 2026-03-01.")},
    )
    end = forms.DateField(
        label=_("To"),
        required=False,
        widget=DateInput(),
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": _("Enter the last day as a date, such as 2026-03-31.")},
    )

    def __init__(self, data, *, zone: str, today: datetime.date):
        # The address says "from" and "to": form fields cannot be named "from".
        data = {
            "period": data.get("period", ""),
            "start": data.get("from", ""),
            "end": data.get("to", ""),
        }
        super().__init__(data)
        self.zone = zone
        self.today = today

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if self.errors or (start is None and end is None):
            return data
        if start is None:
            self.add_error("start", _("Enter the first day as well."))
        elif end is None:
            self.add_error("end", _("Enter the last day as well."))
        elif start > end:
            self.add_error("end", _("The last day must be on or after the first day."))
        elif end - start >= LONGEST:
            self.add_error("end", _("Choose a period of at most a year."))
        return data

    def chosen_period(self) -> Period:
        """The chosen period; the last 30 days when nothing, or something wrong, was asked."""
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("start") and data.get("end"):
            return Period(data["start"], data["end"], self.zone)
        preset = data.get("period") or DEFAULT_PRESET
        first, last = preset_dates(preset, self.today)
        return Period(first, last, self.zone, preset=preset)


# --- Tables with bars ---


@dataclass
class Table:
    """A table whose `bar` column (an index into each row's cells) is also drawn as bars,
    scaled to its largest value. The first cell of a row heads it. `total` rows, if
    any, come last and have no bar."""

    key: str
    title: str
    columns: list
    rows: list = field(default_factory=list)
    bar: int | None = 1
    note: str = ""
    # Per row, how its first cell reads on the page (a date in words, a linked name); the
    # CSV keeps the raw value (an ISO date).
    labels: list = field(default_factory=list)
    links: list = field(default_factory=list)  # one URL (or "") per row, for its first cell

    def bars(self) -> list[dict]:
        """Each row with its cells and its bar's width in percent (0-100)."""
        values = [row[self.bar] for row in self.rows] if self.bar is not None else []
        top = max((v for v in values if isinstance(v, int | float)), default=0) or 1
        labels = self.labels or [row[0] for row in self.rows]
        links = self.links or [""] * len(self.rows)
        found = []
        for row, label, link in zip(self.rows, labels, links, strict=True):
            value = row[self.bar] if self.bar is not None else None
            width = round(100 * value / top) if isinstance(value, int | float) else None
            found.append({"head": label, "cells": row[1:], "width": width, "link": link})
        return found

    def body_html(self) -> SafeString:
        """The table's rows as chart.html drew them with a template (the same markup and
        spacing, tested against it): six tables of up to a few hundred cells cost the
        metrics page more to draw cell by cell in the template than its queries."""
        none = (
            '<span aria-hidden="true">—</span><span class="w-sr-only">'
            f"{conditional_escape(gettext('none'))}</span>"
        )
        bar = self.bar is not None
        drawn = []
        for row in self.bars():
            head = _text(row["head"])
            link = row["link"]
            if link:
                head = f'<a href="{conditional_escape(link)}">{head}</a>'
            cells = "".join(
                f"{_CELL}<td>{none if cell is None else _text(cell)}</td>{_AFTER_CELL}"
                for cell in row["cells"]
            )
            if bar:
                cells += _AFTER_CELL + _BAR.format(width=row["width"] or 0) + _AFTER_CELL
            else:
                cells += _AFTER_CELL
            drawn.append(f'{_ROW}<th scope="row">{head}</th>{_AFTER_CELL}{cells}{_END_ROW}')
        return mark_safe("".join(drawn))


# The spacing chart.html's loops left between a row's tags (kept: the page is the same).
_ROW = "\n" + " " * 24 + "<tr>\n" + " " * 28
_CELL = "\n" + " " * 32
_AFTER_CELL = "\n" + " " * 28
_END_ROW = "\n" + " " * 24 + "</tr>\n" + " " * 20
_BAR = (
    _CELL + '<td class="hub-chart__bar" aria-hidden="true"><svg width="100%" height="14" '
    'role="presentation" focusable="false"><rect width="{width}%" height="14" '
    'fill="currentColor"></rect></svg></td>'
)


def _text(value) -> str:
    """A value as a template's {{ value }} prints it: localized (a decimal comma in French)
    and escaped."""
    if type(value) is int and not settings.USE_THOUSAND_SEPARATOR:
        return str(value)
    if isinstance(value, str):
        return conditional_escape(value)
    return conditional_escape(localize(template_localtime(value)))


def csv_response(table: Table, filename: str) -> HttpResponse:
    """The table as CSV, written by pages.reports.csv_writer (no cell a spreadsheet would run)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    writer = csv_writer(response)
    writer.writerow([str(column) for column in table.columns])
    writer.writerows(table.rows)
    return response


class MetricsView(WagtailAdminTemplateMixin, TemplateView):
    """An admin metrics page over a period (the form's GET), with a CSV of any of its tables
    (`?export=<table key>`). Subclasses name the `export_prefix`, check who may see it in
    `dispatch` and define `metrics(period) -> dict` (the figures, with their `tables`)."""

    header_icon = "doc-full"
    export_prefix = "metrics"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get(self, request, *args, **kwargs):
        zone = viewer_zone(request.user)
        self.form = PeriodForm(request.GET, zone=zone, today=today_in(zone))
        self.period = self.form.chosen_period()
        self.figures = self.metrics(self.period)
        wanted = request.GET.get("export")
        if wanted:
            table = next((t for t in self.figures["tables"] if t.key == wanted), None)
            if table is not None:
                name = f"{self.export_prefix}-{table.key}-{self.period.first}-{self.period.last}"
                return csv_response(table, name)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        period = self.period
        return super().get_context_data(
            form=self.form,
            period=period,
            presets=PRESETS.items(),
            zone_name=zone_label(period.zone),
            first_day=format_date(period.first),
            last_day=format_date(period.last),
            **self.figures,
            **kwargs,
        )
