from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import LogFormatter

from . import (
    calendar_feed,  # noqa: F401  (registers My calendar's events)
    dashboard,  # noqa: F401  (registers My hub's panel)
    organisation_report,  # noqa: F401  (a lead's activity page)
    personal_data,  # noqa: F401  (a person's data)
)
from .admin import AvailabilityViewSet, admin_urls, bookings_menu_item


@hooks.register("register_admin_viewset")
def register_availability_viewset():
    return AvailabilityViewSet()


@hooks.register("register_admin_urls")
def register_office_hours_urls():
    return admin_urls()


@hooks.register("register_admin_menu_item")
def register_office_hours_menu_item():
    return bookings_menu_item()


@hooks.register("register_log_actions")
def register_booking_log_actions(actions):
    """Every change of a booking's state, named in the admin's history and reports."""

    @actions.register_action("office_hours.booking.book")
    class BookFormatter(LogFormatter):
        label = _("Book office hours")
        message = _("Booked")

        def format_comment(self, log_entry):
            reference = log_entry.data.get("notice_waived_for")
            if not reference:
                return ""
            return _("Notice waived: someone is at risk (help-desk request %(reference)s)") % {
                "reference": reference
            }

    actions.register_action(
        "office_hours.booking.reschedule", _("Move office hours"), _("Moved to another time")
    )

    @actions.register_action("office_hours.booking.cancel")
    class CancelFormatter(LogFormatter):
        label = _("Cancel office hours")
        message = _("Cancelled")

        def format_comment(self, log_entry):
            return log_entry.data.get("reason", "")

    actions.register_action(
        "office_hours.booking.outcome", _("Record how office hours went"), _("Outcome recorded")
    )
