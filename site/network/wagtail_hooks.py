from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .viewsets import NetworkViewSetGroup, TopicViewSet

register_snippet(TopicViewSet)


@hooks.register("register_admin_viewset")
def register_network_viewsets():
    return NetworkViewSetGroup()


# --- Joining an organisation: the log actions of network.joining ---


@hooks.register("register_log_actions")
def register_joining_log_actions(actions):
    from django.utils.translation import gettext_lazy as _
    from wagtail.log_actions import LogFormatter

    class NoteFormatter(LogFormatter):
        def format_comment(self, log_entry):
            return log_entry.data.get("note", "")

    for action, label, message in [
        ("network.membership.add", _("Add to organisation"), _("Added to the organisation")),
        ("network.membership.role", _("Change role"), _("Role changed")),
        ("network.membership.remove", _("Remove from organisation"),
         _("Removed from the organisation")),
        ("network.join_request.ask", _("Ask to join"), _("Asked to join")),
        ("network.join_request.approve", _("Approve request to join"), _("Approved")),
        ("network.join_request.withdraw", _("Withdraw request to join"), _("Withdrawn")),
        ("network.invitation.send", _("Invite"), _("Invitation sent")),
        ("network.invitation.accept", _("Accept invitation"), _("Invitation accepted")),
        ("network.invitation.revoke", _("Withdraw invitation"), _("Invitation withdrawn")),
        ("network.domain.verify", _("Verify domain"), _("Domain verified")),
        ("network.domain.remove", _("Remove domain"), _("Domain removed")),
    ]:  # fmt: skip
        actions.register_action(action, label, message)

    @actions.register_action("network.join_request.decline")
    class DeclineFormatter(NoteFormatter):
        label = _("Decline request to join")
        message = _("Declined")
