"""What every admin report and CSV export of the project shares: one rule for CSV cells."""

import csv
import datetime
import re
from decimal import Decimal

from wagtail.admin.views.mixins import Echo, SpreadsheetExportMixin
from wagtail.admin.views.reports import ReportView

# Where a spreadsheet may start a cell inside one of our fields: at its start, and after any
# separator it may split on (a French-locale spreadsheet splits on ";", others on tabs or
# "|", and a naive import on line breaks). Spaces and double quotes before the formula's
# first character do not stop it; tab and CR are both separators and formula starts.
_CELL_START = re.compile(r"(?:^|(?<=[,;|\t\r\n]))([ \"\u00a0\v\f]*)(?=[=+\-@\t\r])")


def spreadsheet_cell(value):
    """A value as written to a CSV cell: numbers as they are, dates in ISO form, and text with
    a "'" before every character that could start a formula after any separator ("x;=1+1"
    is written "x;'=1+1"), which spreadsheets show as text and people still read."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat(sep=" ") if isinstance(value, datetime.datetime) else str(value)
    return _CELL_START.sub(r"\1'", str(value))


class SpreadsheetWriter:
    """csv.writer with every field quoted and every cell through spreadsheet_cell: the only
    way the project writes CSV (exports, reports, metrics)."""

    def __init__(self, file):
        self._writer = csv.writer(file, quoting=csv.QUOTE_ALL)

    def writerow(self, row):
        return self._writer.writerow([spreadsheet_cell(value) for value in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def csv_writer(file) -> SpreadsheetWriter:
    return SpreadsheetWriter(file)


def stream_csv(view, queryset):
    """SpreadsheetExportMixin.stream_csv through csv_writer. Wagtail guards XLSX cells but
    writes CSV cells as they are; its own reports (site history, aging pages, search terms)
    carry names people type, so every Wagtail export uses this (pages.apps)."""
    writer = csv_writer(Echo())
    yield writer.writerow([view.get_heading(queryset, field) for field in view.list_export])
    for item in queryset:
        row = view.to_row_dict(item)
        yield writer.writerow(
            [view.preprocess_field_value(field, row[field], view.FORMAT_CSV) for field in row]
        )


def guard_wagtail_exports():
    """Every Wagtail listing and report (ours and Wagtail's own) writes CSV the safe way."""
    SpreadsheetExportMixin.stream_csv = stream_csv


class SafeReportView(ReportView):
    """Wagtail's report view, with CSV written through csv_writer (a person can name
    themselves "=HYPERLINK(...)" or "x;=1+1"); Wagtail guards XLSX cells itself."""

    def stream_csv(self, queryset):
        return stream_csv(self, queryset)
