"""Every CSV export, opened as a spreadsheet would open it (issue 22, finding 4).

A guest's organisation or a person's name such as `x;=1+1;` used to pass the first-character
guard and become a live formula when a French-locale spreadsheet split the line on `;`.
Each export is downloaded with hostile text in every field a person controls, then read with
`,` and `;` as separators, both as CSV and naively (ignoring the quotes, as a spreadsheet
guessing the format may): no cell may start a formula.
"""

import csv
import datetime
import io
import re

import pytest
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.search_promotions.models import Query
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry, Page, PageLogEntry

from academy.models import Cohort, Enrolment
from network.models import Organisation, User
from pages.metrics import MetricsView
from pages.reports import spreadsheet_cell
from webinars.models import Registration

pytestmark = pytest.mark.django_db

HOSTILE = [
    "=1+1",
    "x;=1+1;",
    "a,=1+1",
    "\t=cmd",
    "-2+3",
    "@SUM(1)",
    "a\n=1",
    'q" ;=1+1',
    "p| +1",
    "a\r\n@x",
]
STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"-?\d+(\.\d+)?")
LEAD = "official.edmonton@hub.example"


def dangerous_cells(text: str) -> list[str]:
    """Every cell a spreadsheet could run, reading `text` with `,` or `;` as the separator,
    as CSV or ignoring the quotes (and splitting at every line break)."""
    cells = []
    for delimiter in (",", ";"):
        for row in csv.reader(io.StringIO(text), delimiter=delimiter):
            cells += row
        for line in re.split(r"\r\n|\r|\n", text):
            cells += line.split(delimiter)
    found = []
    for cell in cells:
        bare = cell.strip(' "')
        if not bare.strip():
            continue  # a line's end, left over by a reader splitting on the wrong character
        if bare.startswith(STARTS) and not NUMBER.fullmatch(bare):
            found.append(cell)
    return found


# --- The rule itself, without a database ---


@pytest.mark.parametrize("value", HOSTILE)
def test_a_cell_never_starts_a_formula_after_any_separator(value):
    cell = spreadsheet_cell(value)
    buffer = io.StringIO()
    csv.writer(buffer, quoting=csv.QUOTE_ALL).writerow([cell, "next"])
    assert dangerous_cells(buffer.getvalue()) == []


def test_a_cell_stays_readable():
    assert spreadsheet_cell("x;=1+1;") == "x;'=1+1;"
    assert spreadsheet_cell("=1+1") == "'=1+1"
    assert spreadsheet_cell('a, "=b"') == 'a, "\'=b"'
    assert spreadsheet_cell("Saint-Jean-sur-Richelieu; Lévis") == "Saint-Jean-sur-Richelieu; Lévis"
    assert spreadsheet_cell("Montréal - Nord") == "Montréal - Nord"
    assert spreadsheet_cell(12) == 12
    assert spreadsheet_cell(-2.5) == -2.5
    assert spreadsheet_cell(None) == ""
    assert spreadsheet_cell(datetime.date(2026, 3, 1)) == "2026-03-01"


# --- Every export of the project ---


def _walk(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from _walk(pattern.url_patterns, inner)
        else:
            yield namespace + (pattern.name or ""), pattern.callback


def csv_exports() -> set[str]:
    """The URL name of every view that writes CSV: Wagtail listings and reports with columns
    to export, the metrics pages (a CSV per table) and views named for their CSV."""
    found = set()
    for name, callback in _walk(get_resolver().url_patterns):
        view = getattr(callback, "view_class", None)
        if name.endswith("_results"):
            continue  # the same view as its index, for the filters' partial page
        if view is not None and issubclass(view, SpreadsheetExportMixin):
            columns = getattr(callback, "view_initkwargs", {}).get("list_export", view.list_export)
            if columns:
                found.add(name)
        elif view is not None and issubclass(view, MetricsView) or "csv" in name:
            found.add(name)
    return found


def hostile_world(value: str) -> dict:
    """The demo's people, organisations, registrations, cohorts, pages, searches, redirects
    and history, all carrying `value` where a person could type it."""
    admin = User.objects.get(email="admin@hub.example")
    User.objects.update(full_name=value)
    Organisation.objects.update(name=value)
    Registration.objects.update(full_name=value, organisation=value, region=value)
    Cohort.objects.update(name=value)
    Page.objects.filter(depth__gt=1).update(title=value)
    PageLogEntry.objects.update(label=value)
    ModelLogEntry.objects.update(label=value)
    Query.get(value).add_hit()
    Redirect.objects.create(old_path="/" + value.replace("\n", "").replace("\r", ""))
    page = Page.objects.filter(depth=3).first()
    page.locked, page.locked_by, page.locked_at = True, admin, timezone.now()
    page.save(update_fields=["locked", "locked_by", "locked_at"])
    log(page, "wagtail.lock", user=admin)
    enrolment = Enrolment.objects.select_related("cohort", "user").first()
    edmonton = Organisation.objects.get(memberships__user__email=LEAD)
    return {
        "admin": admin,
        "cohort": enrolment.cohort.pk,
        "learner": enrolment.user.pk,
        "city": edmonton.pk,
        "edmonton": edmonton,
    }


def downloads(client, world) -> dict[str, list[tuple[str, bytes]]]:
    """Every export's CSV files, by URL name: (address, bytes)."""
    today = timezone.localdate()
    period = {"from": f"{today - datetime.timedelta(days=365):%Y-%m-%d}", "to": f"{today:%Y-%m-%d}"}
    client.force_login(world["admin"])
    files = {}
    for name in sorted(csv_exports()):
        if name == "network:organisation-activity-csv":
            continue
        url = reverse(name, args=_sample_args(name, world))
        view = getattr(get_resolver().resolve(url).func, "view_class", None)
        if view is not None and issubclass(view, MetricsView):
            page = client.get(url, period)
            assert page.status_code == 200, name
            keys = sorted(set(re.findall(r"export=([\w-]+)", page.content.decode())))
            assert keys, f"{name} offers no CSV"
            urls = [(url, {**period, "export": key}) for key in keys]
        else:
            urls = [(url, {"export": "csv"})]
        files[name] = [(url + str(params), _body(client.get(url, params))) for url, params in urls]
    client.force_login(User.objects.get(email=LEAD))
    slug = world["edmonton"].slug
    url = reverse("network:organisation-activity-csv", args=[slug])
    files["network:organisation-activity-csv"] = [(url, _body(client.get(url)))]
    return files


def _sample_args(name, world):
    return {
        "academy_reports:cohort": [world["cohort"]],
        "academy_reports:city": [world["city"]],
        "academy_reports:learner": [world["learner"]],
        "network:organisation-activity-csv": [world["edmonton"].slug],
    }.get(name, [])


def _body(response) -> bytes:
    assert response.status_code == 200, response
    assert response["Content-Type"].startswith("text/csv"), response["Content-Type"]
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def test_the_exports_tested_are_every_export_there_is():
    """A new export joins the walk below by being found here (or the walk fails on it)."""
    assert {
        "academy_reports:cohorts",
        "academy_reports:cohort",
        "academy_reports:cities",
        "academy_reports:city",
        "academy_reports:learner",
        "academy_metrics",
        "webinar_reports:sessions",
        "webinar_reports:regions",
        "helpdesk_admin:report",
        "helpdesk_admin:metrics",
        "network:organisation-activity-csv",
        "wagtailadmin_reports:site_history",
        "wagtailsearchpromotions:search_terms",
    } <= csv_exports()


@pytest.mark.parametrize("value", HOSTILE)
def test_no_export_hands_a_spreadsheet_a_formula(client, demo, value):
    world = hostile_world(value)
    files = downloads(client, world)
    assert files.keys() == csv_exports()
    carried = []
    for name, found in files.items():
        for address, body in found:
            text = body.decode("utf-8-sig")
            assert dangerous_cells(text) == [], (name, address, text[:2000])
            if spreadsheet_cell(value).replace('"', '""') in text:
                carried.append(name)
    # The walk means something: the hostile text reached the files a person reads.
    for name in (
        "academy_reports:cohort",
        "academy_reports:cities",
        "webinar_reports:organisations",
        "helpdesk_admin:report",
        "network:organisation-activity-csv",
        "wagtailadmin_reports:site_history",
        "wagtailadmin_reports:aging_pages",
    ):
        assert name in carried, name


def test_every_field_is_quoted(client, demo):
    world = hostile_world("Fran")
    for name, found in downloads(client, world).items():
        for _address, body in found:
            for line in body.decode("utf-8-sig").splitlines():
                assert not line or (line.startswith('"') and line.endswith('"')), (name, line)
