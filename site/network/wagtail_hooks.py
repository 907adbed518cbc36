from wagtail import hooks
from wagtail.snippets.models import register_snippet

from . import (
    joining_dashboard,  # noqa: F401  (registers My hub's "Requests to join")
    outbox_admin,  # noqa: F401  (registers Settings > Outgoing email)
)
from .admin_chrome import install as install_admin_chrome
from .calendar_feed import register_calendar_log_actions  # noqa: F401  (its log actions)
from .second_factor import register_second_factor_log_actions  # noqa: F401  (its log actions)
from .viewsets import NetworkViewSetGroup, TopicViewSet

register_snippet(TopicViewSet)
install_admin_chrome()  # every admin page's sidebar, kept per person (network.admin_chrome)


@hooks.register("register_admin_viewset")
def register_network_viewsets():
    return NetworkViewSetGroup()


# --- Joining an organisation: the log actions of network.joining ---


@hooks.register("register_log_actions")
def register_joining_log_actions(actions):
    from django.utils.translation import gettext_lazy as _
    from django.utils.translation import pgettext_lazy
    from wagtail.log_actions import LogFormatter

    class NoteFormatter(LogFormatter):
        def format_comment(self, log_entry):
            return log_entry.data.get("note", "")

    for action, label, message in [
        ("network.membership.add", _("Add to organisation"), _("Added to the organisation")),
        ("network.membership.role", _("Change role"), _("Role changed")),
        ("network.join_request.ask", _("Ask to join"), _("Asked to join")),
        ("network.join_request.approve", _("Approve request to join"), _("Approved")),
        (
            "network.join_request.withdraw",
            _("Withdraw request to join"),
            pgettext_lazy("a request to join", "Withdrawn"),
        ),
        ("network.invitation.send", _("Invite"), _("Invitation sent")),
        ("network.invitation.accept", _("Accept invitation"), _("Invitation accepted")),
        ("network.invitation.revoke", _("Withdraw invitation"), _("Invitation withdrawn")),
        ("network.domain.verify", _("Verify domain"), _("Domain verified")),
        ("network.domain.remove", _("Remove domain"), _("Domain removed")),
    ]:
        actions.register_action(action, label, message)

    @actions.register_action("network.membership.remove")
    class RemoveFormatter(LogFormatter):
        label = _("Remove from organisation")

        def format_message(self, log_entry):
            how = log_entry.data.get("how")
            if how == "left":
                return _("Left the organisation")
            if how == "account_closed":
                return _("Left the organisation: account closed")
            return _("Removed from the organisation")

    @actions.register_action("network.join_request.decline")
    class DeclineFormatter(NoteFormatter):
        label = _("Decline request to join")
        message = _("Declined")


# --- A person's data: log actions, the coordinators' view, a button in the users list ---


@hooks.register("register_log_actions")
def register_personal_data_log_actions(actions):
    from django.utils.translation import gettext_lazy as _
    from wagtail.log_actions import LogFormatter

    @actions.register_action("network.account.close")
    class CloseFormatter(LogFormatter):
        label = _("Close account")
        message = _("Account closed")

        def format_comment(self, log_entry):
            return log_entry.data.get("reason", "")

    actions.register_action(
        "network.account.export", _("Export personal data"), _("Personal data downloaded")
    )


@hooks.register("register_admin_urls")
def register_personal_data_urls():
    from django.urls import include, path

    from .views import data

    urls = [
        path("", data.PersonalDataSearchView.as_view(), name="search"),
        path("<int:pk>/", data.PersonalDataAdminView.as_view(), name="user"),
        path("<int:pk>/download/", data.admin_download, name="download"),
    ]
    return [path("personal-data/", include((urls, "personal_data_admin")))]


@hooks.register("before_delete_user")
def close_instead_of_deleting(request, user):
    """Wagtail's "Delete user" cannot remove a person whose rows others keep (a city's
    help-desk requests, an expert's bookings, certificates): it would fail. Such a person's
    account is closed instead, from their personal-data page, which says what stays."""
    from django.contrib import messages
    from django.db import DEFAULT_DB_ALIAS
    from django.db.models.deletion import Collector, ProtectedError, RestrictedError
    from django.shortcuts import redirect
    from django.utils.translation import gettext as _

    try:
        Collector(using=DEFAULT_DB_ALIAS).collect([user])
    except (ProtectedError, RestrictedError):
        messages.warning(
            request,
            _(
                "%(name)s has records the hub keeps (help-desk requests, bookings or "
                "certificates), so the account cannot be deleted: close it instead."
            )
            % {"name": user},
        )
        return redirect("personal_data_admin:user", user.pk)
    return None


@hooks.register("register_user_listing_buttons")
def personal_data_button(user, request_user):
    from django.urls import reverse
    from django.utils.translation import gettext_lazy as _
    from wagtail.admin.widgets import Button

    if not request_user.is_coordinator or user.closed_at:
        return []
    return [
        Button(
            _("Personal data (export, close)"),
            reverse("personal_data_admin:user", args=[user.pk]),
            icon_name="user",
            priority=60,
        )
    ]


@hooks.register("register_settings_menu_item")
def personal_data_menu_item():
    from django.urls import reverse
    from django.utils.translation import gettext_lazy as _
    from wagtail.admin.menu import MenuItem

    class CoordinatorsMenuItem(MenuItem):
        def is_shown(self, request):
            return request.user.is_coordinator

    return CoordinatorsMenuItem(
        _("Personal data requests"),
        reverse("personal_data_admin:search"),
        icon_name="user",
        order=700,
    )


# --- The membership pipeline: expressions of interest, moves between stages ---


@hooks.register("register_log_actions")
def register_pipeline_log_actions(actions):
    from django.utils.translation import gettext_lazy as _
    from wagtail.log_actions import LogFormatter

    actions.register_action(
        "network.organisation.interest", _("Expression of interest"), _("Expressed interest")
    )

    @actions.register_action("network.organisation.stage")
    class StageFormatter(LogFormatter):
        label = _("Move in the membership pipeline")

        def format_message(self, log_entry):
            import datetime

            from pages.dates import format_date

            from .models import Organisation

            stages = dict(Organisation.Stage.choices)
            stage = stages.get(log_entry.data.get("to"), log_entry.data.get("to"))
            on = log_entry.data.get("on", "")
            return _("Moved to the stage “%(stage)s” on %(date)s") % {
                "stage": stage,
                "date": format_date(datetime.date.fromisoformat(on)) if on else "",
            }

        def format_comment(self, log_entry):
            return log_entry.data.get("note", "")


@hooks.register("register_log_actions")
def register_signup_attempt_log_action(actions):
    from django.utils.translation import gettext_lazy as _

    # Someone tried to sign up with the address of an existing account (its owner is told
    # by email; the visitor was answered as for a new address): network.adapters.
    actions.register_action(
        "network.account.signup_attempt",
        _("Sign-up attempt"),
        _("Someone tried to create an account with this address"),
    )
