"""The applicant side's log actions (grants.applying), named in the admin's history and
reports. Imported by grants.wagtail_hooks (`from . import apply_hooks`)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks


@hooks.register("register_log_actions")
def register_apply_log_actions(actions):
    actions.register_action(
        "grants.profile.create",
        _("Fill in the applicant profile"),
        _("Applicant profile filled in"),
    )
    actions.register_action(
        "grants.profile.change", _("Change the applicant profile"), _("Applicant profile changed")
    )
    actions.register_action(
        "grants.application.start", _("Start an application"), _("Application started")
    )
    actions.register_action(
        "grants.application.submit", _("Send an application"), _("Application sent")
    )
    actions.register_action(
        "grants.application.withdraw", _("Withdraw an application"), _("Application withdrawn")
    )
