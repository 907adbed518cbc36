"""What every admin report of the feature apps shares."""

from wagtail.admin.views.reports import ReportView

# A cell starting with one of these runs as a formula when a spreadsheet opens a CSV.
FORMULA = ("=", "+", "-", "@", "\t", "\r")


class SafeReportView(ReportView):
    """Wagtail's report view, with CSV cells a spreadsheet would run as a formula (a person
    can name themselves "=HYPERLINK(...)") written as text. Wagtail does this for XLSX only."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV and isinstance(value, str) and value[:1] in FORMULA:
            return "'" + value
        return value
