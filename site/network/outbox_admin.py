"""Settings > Outgoing email: the outbox (network.outbox) read in the admin, by superusers
(nobody else holds view_outboxemail): each email's status, attempts, next attempt, last
error, subject and recipients; filter by status to see what failed. Read only: `manage.py
outbox --retry-failed` sends failed emails again. The messages' bodies are not shown."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.model import ModelViewSet

from .membership_admin import NoAdminWritesMixin
from .models import OutboxEmail

Status = OutboxEmail.Status


class OutboxEmailViewSet(NoAdminWritesMixin, ModelViewSet):
    model = OutboxEmail
    name = "outbox"
    icon = "mail"
    menu_label = _("Outgoing email")
    add_to_settings_menu = True
    list_filter = ["status"]
    ordering = ["-created_at"]
    copy_view_enabled = False
    inspect_view_enabled = False

    @property
    def list_display(self):
        return [
            DateColumn("created_at", label=_("Created")),
            Column("status", label=_("Status"), accessor=lambda row: row.get_status_display()),
            Column("subject", label=_("Subject"), accessor=lambda row: row.payload.get("subject")),
            Column(
                "recipients",
                label=_("Recipients"),
                accessor=lambda row: ", ".join(row.payload.get("to") or ()),
            ),
            Column("attempts", label=_("Attempts")),
            # When the next try is due: only a pending email has one.
            DateColumn(
                "next_attempt_at",
                label=_("Next attempt"),
                accessor=lambda row: row.next_attempt_at if row.status == Status.PENDING else None,
            ),
            DateColumn("sent_at", label=_("Sent")),
            Column("last_error", label=_("Last error")),
        ]

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
        ]


@hooks.register("register_admin_viewset")
def register_outbox_viewset():
    return OutboxEmailViewSet()
