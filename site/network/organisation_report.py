"""A lead's view of their organisation (my/organisations/<slug>/activity/): what its people
do in each service, on a page and as CSV.

`network` never imports the feature apps: each registers a function under the Wagtail hook
`HOOK` that takes the request and the organisation and returns a `Section` (or None). The
people a section reports on are `people(viewer, organisation)`: the organisation's
memberships as `Membership.objects.visible_to(viewer)` lets the viewer see them.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from wagtail import hooks

from .models import Membership, Organisation, led_by

HOOK = "hub_organisation_report_sections"


@dataclass(frozen=True, eq=False)
class Section:
    """One block of the activity page: a heading, a template rendered with `context`, and
    the same rows as a CSV table (`header`, then `rows` of plain values)."""

    key: str  # the heading's id and the CSV's ?section=
    order: int
    title: str
    template: str
    context: dict = field(default_factory=dict)
    header: list = field(default_factory=list)
    rows: list = field(default_factory=list)

    def render(self) -> str:
        return render_to_string(self.template, {**self.context, "section": self})


def reported_organisations(user):
    """The organisations whose activity a person may read: the ones they lead; every one
    for coordinators. Any other answers 404."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    if user.is_coordinator:
        return Organisation.objects.all()
    return Organisation.objects.filter(pk__in=led_by(user))


def people(viewer, organisation):
    """The ids of the organisation's people the viewer may see, as a subquery."""
    return Membership.objects.visible_to(viewer).filter(organisation=organisation).values("user_id")


def sections_for(request, organisation) -> list[Section]:
    """Every feature app's section for this organisation, in their order."""
    found = [hook(request, organisation) for hook in hooks.get_hooks(HOOK)]
    return sorted((section for section in found if section is not None), key=lambda s: s.order)


# --- CSV ---


def csv_time(value: datetime.datetime | None, zone) -> str:
    """A moment as a spreadsheet sorts it, in the viewer's zone (the header names it)."""
    return value.astimezone(zone).strftime("%Y-%m-%d %H:%M") if value else ""


def csv_table(section: Section) -> Iterable[list]:
    """A section's rows for pages.reports.csv_writer, which guards every cell."""
    yield list(section.header)
    yield from section.rows
