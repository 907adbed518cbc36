"""The Wagtail home page's webinar panel for coordinators: upcoming sessions with
registrations waiting for approval, each with its count and a link to decide them."""

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.ui.components import Component
from wagtail.models import Locale

from network.dashboard import viewer_zone

from .models import Registration, WebinarPage

PANEL_ROWS = 5


def sessions_awaiting_approval(user, now=None):
    """Sessions not over yet with registrations waiting for approval among those `user`
    may see, soonest first, each with `pending`: one query."""
    pending = (
        Registration.objects.visible_to(user)
        .filter(session=OuterRef("pk"), status=Registration.Status.PENDING)
        .order_by()
        .values("session")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        WebinarPage.objects.filter(locale=Locale.get_default())
        .upcoming(now or timezone.now())
        .annotate(pending=Coalesce(Subquery(pending, output_field=IntegerField()), 0))
        .filter(~Q(pending=0))
        .defer_streamfields()
        .order_by("starts_at", "pk")
    )


class ApprovalsPanel(Component):
    """Webinar registrations waiting for a coordinator's approval, per session."""

    name = "webinar_approvals"
    template_name = "webinars/admin/home_approvals_panel.html"
    order = 140

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        sessions = list(sessions_awaiting_approval(self.request.user))
        for session in sessions:
            session.approve_url = reverse("webinar_reports:approvals", args=[session.pk])
        return {
            "sessions": sessions[:PANEL_ROWS],
            "more": max(len(sessions) - PANEL_ROWS, 0),
            "total": sum(session.pending for session in sessions),
            "listing_url": reverse("registration:index") + "?status=pending",
            "zone": viewer_zone(self.request.user).key,
        }


def approvals_panel(request, panels) -> None:
    """construct_homepage_panels: for coordinators only (they decide registrations)."""
    if request.user.is_authenticated and request.user.is_coordinator:
        panels.append(ApprovalsPanel(request))
