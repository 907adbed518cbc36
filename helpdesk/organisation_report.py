"""The Help desk section of a lead's activity page (network.organisation_report): the
organisation's requests the viewer may see (`HelpRequest.objects.visible_to`), without
their conversation."""

from django.utils.translation import gettext as _
from wagtail import hooks

from network.dashboard import viewer_zone
from network.organisation_report import HOOK, Section, csv_time
from pages.dates import zone_label

from .models import HelpRequest


def _rows(viewer, organisation) -> list[HelpRequest]:
    return list(
        HelpRequest.objects.visible_to(viewer)
        .filter(organisation=organisation)
        .select_related("requester")
        .order_by("-created_at", "-pk")
    )


def _csv_summary(request: HelpRequest) -> str:
    # A spreadsheet travels beyond the sign-in: a restricted request's words stay on the hub.
    if request.is_restricted:
        return _("Restricted: read it on the hub")
    return request.summary


@hooks.register(HOOK)
def helpdesk_section(request, organisation):
    zone = viewer_zone(request.user)
    requests = _rows(request.user, organisation)
    return Section(
        key="help-desk",
        order=40,
        title=_("Help desk"),
        template="helpdesk/_organisation_report.html",
        context={"requests": requests, "zone": zone},
        header=[
            _("Reference"),
            _("Summary"),
            _("Filed by"),
            _("Urgency"),
            _("Sensitivity"),
            _("Status"),
            _("Filed (%(zone)s)") % {"zone": zone_label(zone)},
        ],
        rows=[
            [
                item.reference,
                _csv_summary(item),
                str(item.requester),
                item.get_urgency_display(),
                item.get_sensitivity_display(),
                item.get_status_display(),
                csv_time(item.created_at, zone),
            ]
            for item in requests
        ],
    )
