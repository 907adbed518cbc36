"""The help desk's panels on the Wagtail admin's home page (construct_homepage_panels).

An expert sees their open requests by deadline, with late and at-risk tags, and their next
office hours; a coordinator sees what nobody holds yet and what is late, each with its count
and a link into the queue's saved view. Nobody else sees a help-desk panel.
"""

from django.apps import apps
from django.db.models import Count, F, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from wagtail.admin.ui.components import Component

from network.dashboard import viewer_zone
from pages import dates

from . import workspace
from .models import HelpRequest

SHOWN = 6


def _rows(requests, *, now) -> list[dict]:
    rows = []
    for item in requests:
        due, state = workspace.state_of(item, now=now)
        rows.append({"item": item, "due": due, "state": state})
    return rows


def _by_deadline(requests):
    return workspace.with_deadlines(requests).order_by(
        F("next_due").asc(nulls_last=True), "urgency_rank", "created_at", "pk"
    )


class HelpDeskPanel(Component):
    """What the two panels share: the viewer's zone and the time now."""

    def __init__(self, request):
        self.request = request
        self.now = timezone.now()
        self.zone = viewer_zone(request.user)

    def queue_url(self, view: str) -> str:
        return f"{reverse('helpdesk_admin:queue')}?view={view}"

    def get_context_data(self, parent_context=None):
        return {
            "zone": self.zone,
            "zone_name": dates.zone_label(self.zone),
            "now": self.now,
            "request": self.request,
        }


class ExpertRequestsPanel(HelpDeskPanel):
    """An expert's open requests, the next deadline first, and their next office hours."""

    name = "helpdesk_expert"
    order = 50
    template_name = "helpdesk/admin/panel_expert.html"

    def get_context_data(self, parent_context=None):
        context = super().get_context_data(parent_context)
        user = self.request.user
        mine = HelpRequest.objects.visible_to(user).open().filter(workspace.mine_q(user))
        counts = workspace.with_deadlines(mine).aggregate(
            total=_count(),
            late=_count(workspace.late_q(self.now)),
            soon=_count(workspace.soon_q(self.now)),
        )
        requests = _by_deadline(mine).select_related("organisation")[:SHOWN]
        context.update(
            rows=_rows(requests, now=self.now),
            counts=counts,
            mine_url=self.queue_url("mine"),
            late_url=self.queue_url("late"),
            soon_url=self.queue_url("soon"),
            bookings=self.next_office_hours(),
            bookings_url=_bookings_url(),
        )
        return context

    def next_office_hours(self) -> list:
        """The expert's next confirmed office-hours sessions (office hours is another app:
        its model is looked up by name, and read through its own visible_to)."""
        try:
            booking = apps.get_model("office_hours", "Booking")
        except LookupError:
            return []
        user = self.request.user
        return list(
            booking.objects.visible_to(user)
            .filter(expert__user=user)
            .upcoming(self.now)
            .select_related("organisation")
            .order_by("starts_at", "pk")[:3]
        )


class CoordinatorQueuePanel(HelpDeskPanel):
    """What needs a coordinator: requests no expert holds, and late ones."""

    name = "helpdesk_coordinator"
    order = 51
    template_name = "helpdesk/admin/panel_coordinator.html"

    def get_context_data(self, parent_context=None):
        context = super().get_context_data(parent_context)
        visible = HelpRequest.objects.visible_to(self.request.user).open()
        counts = workspace.with_deadlines(visible).aggregate(
            unassigned=_count(Q(assignee__isnull=True)),
            late=_count(workspace.late_q(self.now)),
        )
        unassigned = _by_deadline(visible.filter(assignee__isnull=True))
        late = _by_deadline(visible).filter(workspace.late_q(self.now))
        context.update(
            counts=counts,
            unassigned=_rows(unassigned.select_related("organisation")[:SHOWN], now=self.now),
            late=_rows(late.select_related("organisation", "assignee__user")[:SHOWN], now=self.now),
            unassigned_url=self.queue_url("unassigned"),
            late_url=self.queue_url("late"),
        )
        return context


def _count(condition: Q | None = None):
    return Count("pk", filter=condition) if condition is not None else Count("pk")


def _bookings_url() -> str:
    try:
        return reverse("office_hours_admin:bookings")
    except NoReverseMatch:  # office hours not installed: no link
        return ""


def panels_for(request) -> list[Component]:
    """The panels this person gets: none for someone outside the help desk."""
    user = request.user
    if not user.is_authenticated:
        return []
    panels = []
    if user.is_expert:
        panels.append(ExpertRequestsPanel(request))
    if user.is_coordinator:
        panels.append(CoordinatorQueuePanel(request))
    return panels
