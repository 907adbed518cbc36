"""The roll-up of grantees' reports: per programme and per city, the grants, their amounts,
people reached, activities held and incidents by category, with small counts suppressed.

Suppression (pure, tested without a database): an incident count under `SUPPRESS_BELOW` is
shown as "fewer than 5" wherever it leaves the grantee's own report. Differencing: a total
shown next to its parts would let a reader compute a hidden part (total minus the others),
so whenever any part of a total is hidden, the total is hidden too ("not shown"). We hide
the total rather than a second part: the parts are what readers compare, and hiding a second
small part still leaves the sum of two hidden ones, which can give both away (8 = 4 + 4).

`rollup(reports)` costs a fixed number of queries however many grants and reports there are.
"""

import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pages.reports import csv_writer

from .models.grants import SUPPRESS_BELOW, IncidentCategory

SMALL = "small"
DIFFERENCING = "differencing"


@dataclass(frozen=True)
class Cell:
    """One figure as published: its value, or None with the reason it is hidden."""

    value: int | None
    reason: str = ""

    @property
    def hidden(self) -> bool:
        return self.value is None

    @property
    def text(self) -> str:
        if self.reason == SMALL:
            return _("fewer than %(n)d") % {"n": SUPPRESS_BELOW}
        if self.reason == DIFFERENCING:
            return _("not shown")
        return str(self.value)

    def __str__(self):
        return self.text


def suppress(value: int | None) -> Cell:
    """One count on its own: under SUPPRESS_BELOW it is hidden."""
    value = int(value or 0)
    if value < SUPPRESS_BELOW:
        return Cell(None, SMALL)
    return Cell(value)


def suppress_parts(parts: dict, total: int | None = None) -> tuple[dict, Cell]:
    """Parts of a total, each suppressed on its own; the total hidden too when any part is
    (else it would give the hidden part away), or when it is itself small."""
    shown = {key: suppress(value) for key, value in parts.items()}
    if total is None:
        total = sum(int(value or 0) for value in parts.values())
    total_cell = suppress(total)
    if not total_cell.hidden and any(cell.hidden for cell in shown.values()):
        total_cell = Cell(None, DIFFERENCING)
    return shown, total_cell


def hide_total_if(total: Cell, *groups: dict) -> Cell:
    """A total split in several ways (by category, by city): hidden if any split hides a
    part."""
    if total.hidden:
        return total
    if any(cell.hidden for group in groups for cell in group.values()):
        return Cell(None, DIFFERENCING)
    return total


def bar_width(cell: Cell, largest: int) -> int:
    """A bar's width in percent of the largest shown value (0 for a hidden one)."""
    if cell.hidden or not largest:
        return 0
    return max(1, round(100 * cell.value / largest))


# --- From the database ---


@dataclass
class Line:
    """One programme's or city's figures."""

    key: object
    name: str
    grants: int = 0
    amounts: dict = field(default_factory=dict)  # currency -> Decimal
    reports: int = 0
    people_reached: int = 0
    activities_held: int = 0
    incidents: dict = field(default_factory=dict)  # category -> raw count
    # Filled by publish():
    incident_cells: dict = field(default_factory=dict)
    incidents_total: Cell | None = None
    incidents_total_raw: int = 0

    @property
    def amount_text(self) -> list[str]:
        from .engine import money_text

        return [f"{money_text(amount)} {currency}" for currency, amount in self.amounts.items()]


@dataclass
class RollUp:
    programmes: list[Line]
    cities: list[Line]
    categories: list[tuple[str, str]]
    total: Line

    @property
    def chart(self) -> list[dict]:
        """Incidents by category for the whole roll-up, as bars (same numbers as the table)."""
        cells = self.total.incident_cells
        largest = max((c.value for c in cells.values() if not c.hidden), default=0)
        return [
            {
                "key": key,
                "label": label,
                "cell": cells[key],
                "text": cells[key].text,
                "width": bar_width(cells[key], largest),
            }
            for key, label in self.categories
        ]

    @property
    def people_chart(self) -> list[dict]:
        """People reached per city, as bars."""
        largest = max((line.people_reached for line in self.cities), default=0)
        return [
            {
                "label": line.name,
                "value": line.people_reached,
                "text": str(line.people_reached),
                "width": round(100 * line.people_reached / largest) if largest else 0,
            }
            for line in self.cities
        ]


NO_CITY = gettext_lazy("No partner city")


def rollup(reports, *, grants=None) -> RollUp:
    """The roll-up of these reports (a Report queryset) and of these grants (default: the
    reports' grants). Five queries, whatever the volume."""
    from django.apps import apps

    from network.models import Organisation

    from .models.grants import Grant, IncidentTally

    # By name: the page models call this module (EvaluationPage.get_context).
    GrantProgrammePage = apps.get_model("grants", "GrantProgrammePage")

    if grants is None:
        grants = Grant.objects.filter(pk__in=reports.values("grant_id"))
    by_programme: dict = {}
    by_city: dict = {}

    def line(table, key):
        if key not in table:
            table[key] = Line(key=key, name="")
        return table[key]

    # 1. Grants and amounts.
    for row in grants.values("programme_id", "city_id", "currency").annotate(
        n=Count("pk"), amount=Sum("amount")
    ):
        for table, key in ((by_programme, row["programme_id"]), (by_city, row["city_id"])):
            item = line(table, key)
            item.grants += row["n"]
            item.amounts[row["currency"]] = item.amounts.get(row["currency"], Decimal(0)) + (
                row["amount"] or Decimal(0)
            )
    # 2. People reached, activities held.
    for row in reports.values("grant__programme_id", "grant__city_id").annotate(
        n=Count("pk"), people=Sum("people_reached"), activities=Sum("activities_held")
    ):
        for table, key in (
            (by_programme, row["grant__programme_id"]),
            (by_city, row["grant__city_id"]),
        ):
            item = line(table, key)
            item.reports += row["n"]
            item.people_reached += row["people"] or 0
            item.activities_held += row["activities"] or 0
    # 3. Incidents by category.
    tallies = IncidentTally.objects.filter(report__in=reports)
    for row in tallies.values(
        "report__grant__programme_id", "report__grant__city_id", "category"
    ).annotate(n=Sum("count")):
        for table, key in (
            (by_programme, row["report__grant__programme_id"]),
            (by_city, row["report__grant__city_id"]),
        ):
            item = line(table, key)
            item.incidents[row["category"]] = item.incidents.get(row["category"], 0) + row["n"]
    # 4 and 5. Names.
    programme_names = dict(
        GrantProgrammePage.objects.filter(pk__in=list(by_programme)).values_list("pk", "title")
    )
    city_names = dict(
        Organisation.objects.filter(pk__in=[k for k in by_city if k]).values_list("pk", "name")
    )
    for key, item in by_programme.items():
        item.name = programme_names.get(key, "")
    for key, item in by_city.items():
        item.name = city_names.get(key) or str(NO_CITY)

    total = Line(key=None, name=_("All"))
    for item in by_programme.values():
        total.grants += item.grants
        total.reports += item.reports
        total.people_reached += item.people_reached
        total.activities_held += item.activities_held
        for currency, amount in item.amounts.items():
            total.amounts[currency] = total.amounts.get(currency, Decimal(0)) + amount
        for category, n in item.incidents.items():
            total.incidents[category] = total.incidents.get(category, 0) + n
    result = RollUp(
        programmes=sorted(by_programme.values(), key=lambda x: x.name),
        cities=sorted(by_city.values(), key=lambda x: (x.key is None, x.name)),
        categories=[(c.value, str(c.label)) for c in IncidentCategory],
        total=total,
    )
    publish(result)
    return result


def publish(result: RollUp) -> None:
    """Suppress every incident figure: each line's categories and total; the grand total by
    category; and the grand total, hidden when a split of it (by category, by programme, by
    city) hides a part."""
    categories = [key for key, _label in result.categories]
    for item in [*result.programmes, *result.cities, result.total]:
        item.incidents_total_raw = sum(item.incidents.values())
        item.incident_cells, item.incidents_total = suppress_parts(
            {key: item.incidents.get(key, 0) for key in categories}
        )
    # The two splits add up the same incidents: a programme's line shown beside the city
    # lines would give away a city's hidden count by subtraction, and the other way round.
    # A category with a small count in one split is not shown in the other; then a line
    # whose category is not shown does not show its total either.
    cross_hide(result.programmes, result.cities, categories)
    total = result.total
    for key in categories:
        # A category's grand total is split by programme and by city too.
        total.incident_cells[key] = hide_total_if(
            total.incident_cells[key],
            {item.key: item.incident_cells[key] for item in result.programmes},
            {item.key: item.incident_cells[key] for item in result.cities},
        )
    by_programme = {item.key: item.incidents_total for item in result.programmes}
    by_city = {item.key: item.incidents_total for item in result.cities}
    total.incidents_total = hide_total_if(
        total.incidents_total, by_programme, by_city, total.incident_cells
    )


def cross_hide(programmes: list, cities: list, categories: list) -> None:
    """Suppression across the two splits of the same incidents (see publish)."""
    for key in categories:
        small_in_cities = any(line.incident_cells[key].reason == SMALL for line in cities)
        small_in_programmes = any(line.incident_cells[key].reason == SMALL for line in programmes)
        for hide, lines in ((small_in_cities, programmes), (small_in_programmes, cities)):
            if hide:
                for line in lines:
                    if not line.incident_cells[key].hidden:
                        line.incident_cells[key] = Cell(None, DIFFERENCING)
    for line in [*programmes, *cities]:
        line.incidents_total = hide_total_if(line.incidents_total, line.incident_cells)
    if any(line.incidents_total.hidden for line in cities):
        for line in programmes:
            line.incidents_total = hide_total_if(line.incidents_total, {"any": Cell(None)})
    if any(line.incidents_total.hidden for line in programmes):
        for line in cities:
            line.incidents_total = hide_total_if(line.incidents_total, {"any": Cell(None)})


def csv_text(result: RollUp, *, show_cities: bool = True) -> str:
    """The roll-up as CSV, with the same suppression as the page."""
    out = io.StringIO()
    out.write("\ufeff")  # so that spreadsheets read the accents as UTF-8
    writer = csv_writer(out)
    labels = [label for _key, label in result.categories]
    writer.writerow(
        [
            _("Level"),
            _("Name"),
            _("Grants"),
            _("Amount"),
            _("Reports"),
            _("People reached"),
            _("Activities held"),
            *labels,
            _("Incidents in all"),
        ]
    )
    lines = [(_("Programme"), item) for item in result.programmes]
    if show_cities:
        lines += [(_("City"), item) for item in result.cities]
    lines.append((_("All"), result.total))
    for level, item in lines:
        writer.writerow(
            [
                level,
                item.name,
                item.grants,
                "; ".join(f"{amount} {currency}" for currency, amount in item.amounts.items()),
                item.reports,
                item.people_reached,
                item.activities_held,
                *[item.incident_cells[key].text for key, _label in result.categories],
                item.incidents_total.text,
            ]
        )
    return out.getvalue()


def evaluation_context(page) -> dict:
    """What a programme's public evaluation page shows: the roll-up of its ACCEPTED reports
    (the grants that have one), with the page's show_* choices."""
    from .models.grants import Report

    parent = page.get_parent().specific
    programme = getattr(parent, "canonical", parent)
    reports = Report.objects.filter(status=Report.Status.ACCEPTED, grant__programme_id=programme.pk)
    result = rollup(reports)
    return {
        "rollup": result,
        "programme": parent,
        "has_figures": bool(result.total.reports),
    }
