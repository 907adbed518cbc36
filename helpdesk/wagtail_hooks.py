from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import LogFormatter

from . import (
    dashboard,  # noqa: F401  (registers My hub's panels)
    personal_data,  # noqa: F401  (a person's data: export, closing)
)
from . import organisation_report as _report  # noqa: F401  (a lead's activity page)
from .models import HelpRequest


@hooks.register("register_admin_urls")
def register_helpdesk_urls():
    from .admin_views import admin_urls

    return admin_urls()


def _menu_item(position):
    def hook():
        from .admin_views import menu_items

        return menu_items()[position]

    return hook


for _position in range(2):
    hooks.register("register_admin_menu_item", _menu_item(_position))


@hooks.register("register_admin_viewset")
def register_response_targets():
    from .admin_views import ResponseTargetViewSet

    return ResponseTargetViewSet()


@hooks.register("register_log_actions")
def register_help_request_log_actions(actions):
    """The state changes of a help-desk request (helpdesk.services.log_event), named in the
    admin's history in the reader's language. Entries carry no content: the reference,
    who acted and the new state."""
    actions.register_action("helpdesk.request.file", _("File a help-desk request"), _("Filed"))
    actions.register_action("helpdesk.request.route", _("Route a help-desk request"), _("Routed"))
    actions.register_action(
        "helpdesk.request.queue",
        _("Send a help-desk request to the coordinators' queue"),
        _("Sent to the coordinators' queue"),
    )
    actions.register_action("helpdesk.request.claim", _("Claim a help-desk request"), _("Claimed"))
    actions.register_action(
        "helpdesk.request.reassign", _("Reassign a help-desk request"), _("Reassigned")
    )
    actions.register_action(
        "helpdesk.request.consult",
        _("Consult an expert on a help-desk request"),
        _("Expert consulted"),
    )

    @actions.register_action("helpdesk.request.status")
    class StatusFormatter(LogFormatter):
        label = _("Change a help-desk request's status")

        def format_message(self, log_entry):
            status = log_entry.data.get("status")
            if status not in HelpRequest.Status.values:
                return _("Status changed")
            return _("Status changed to %(status)s") % {"status": HelpRequest.Status(status).label}

    actions.register_action(
        "helpdesk.request.resolve", _("Resolve a help-desk request"), _("Resolved")
    )
    actions.register_action("helpdesk.request.close", _("Close a help-desk request"), _("Closed"))
    actions.register_action(
        "helpdesk.request.escalate", _("Escalate a help-desk request"), _("Escalated")
    )
    actions.register_action(
        "helpdesk.request.reopen", _("Reopen a help-desk request"), _("Reopened")
    )
    actions.register_action("helpdesk.request.rate", _("Rate a help-desk request"), _("Rated"))


@hooks.register("register_admin_urls")
def register_on_call_urls():
    from .rota_admin import admin_urls

    return admin_urls()


@hooks.register("register_admin_viewset")
def register_on_call_rota():
    from .rota_admin import OnCallShiftViewSet

    return OnCallShiftViewSet("on_call_rota", url_prefix="on-call-rota")


@hooks.register("register_log_actions")
def register_on_call_log_actions(actions):
    """Paging the rota for an at-risk request, and acknowledging it."""
    actions.register_action(
        "helpdesk.request.page",
        _("Page the person on call for an at-risk request"),
        _("On call paged"),
    )
    actions.register_action(
        "helpdesk.request.acknowledge",
        _("Acknowledge an at-risk request"),
        _("Acknowledged"),
    )


@hooks.register("construct_homepage_panels")
def add_help_desk_panels(request, panels):
    """An expert's open requests and office hours; a coordinator's unassigned and late."""
    from .admin_panels import panels_for

    panels.extend(panels_for(request))
