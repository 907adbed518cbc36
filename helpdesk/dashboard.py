"""My hub's Help desk panel (network.dashboard): the open requests of the person's
organisations, and for experts and coordinators the way to their queue."""

from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail import hooks

from network.dashboard import HOOK, Panel, viewer_zone
from network.models import Membership, Organisation

from .models import HelpRequest, Urgency

SHOWN = 5


@hooks.register(HOOK)
def help_desk_panel(request):
    """Hidden for someone who may not file (no city), has no request and no queue."""
    user = request.user
    mine = Membership.objects.filter(user=user).values("organisation_id")
    requests = list(
        HelpRequest.objects.visible_to(user)
        .open()
        .filter(organisation_id__in=mine)
        .select_related("organisation")
        .order_by("-updated_at", "-pk")[:SHOWN]
    )
    can_file = Organisation.objects.of_user(user).cities().exists()
    works_queue = (user.is_expert or user.is_coordinator) and user.has_perm(
        "wagtailadmin.access_admin"
    )
    if not (requests or can_file or works_queue):
        return None
    assigned = unassigned = 0
    if works_queue and user.is_coordinator:  # coordinators route what nobody holds yet
        unassigned = (
            HelpRequest.objects.visible_to(user).open().filter(assignee__isnull=True).count()
        )
    elif works_queue:
        assigned = HelpRequest.objects.visible_to(user).open().filter(assignee__user=user).count()
    rows = [
        {
            "reference": item.reference,
            "summary": item.summary,
            "language": item.language,  # the city wrote it in this language
            "organisation": item.organisation.name,
            "url": reverse("helpdesk:request", args=[item.public_id]),
            "status": item.get_status_display(),
            "tone": item.status_tone,
            "at_risk": item.get_urgency_display() if item.urgency == Urgency.AT_RISK else "",
            "updated_at": item.updated_at,
        }
        for item in requests
    ]
    return Panel(
        key="help-desk",
        order=40,
        title=_("Help desk"),
        template="helpdesk/_dashboard_panel.html",
        context={
            "rows": rows,
            "show_organisation": len({item.organisation_id for item in requests}) > 1,
            "can_file": can_file,
            "queue_url": reverse("helpdesk_admin:queue") if works_queue else "",
            "assigned": assigned,
            "unassigned": unassigned,
            "coordinator": works_queue and user.is_coordinator,
            "zone": viewer_zone(user),
        },
    )
