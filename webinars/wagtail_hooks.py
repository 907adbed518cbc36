from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from . import (
    dashboard,  # noqa: F401  (registers My hub's panels)
    personal_data,  # noqa: F401  (a person's data: export, closing)
)
from . import organisation_report as _report  # noqa: F401  (a lead's activity page)
from .admin_views import RegistrationViewSet
from .calendar_feed import webinar_places  # noqa: F401  (registers My calendar's events)
from .models import SeriesSubscription


class SeriesSubscriptionIndexView(generic.IndexView):
    def get_base_queryset(self):
        return SeriesSubscription.objects.visible_to(self.request.user).select_related("series")


class SeriesSubscriptionViewSet(ModelViewSet):
    model = SeriesSubscription
    index_view_class = SeriesSubscriptionIndexView
    icon = "list-ul"
    menu_label = _("Series registrations")
    menu_order = 261
    add_to_admin_menu = True
    list_display = ["full_name", "email", "series", "active", "created_at"]
    list_filter = ["active"]
    search_fields = ["full_name", "email", "organisation"]
    inspect_view_enabled = True
    copy_view_enabled = False
    panels = [FieldPanel("active")]


@hooks.register("register_admin_viewset")
def register_webinar_viewsets():
    return RegistrationViewSet()


@hooks.register("register_admin_viewset")
def register_series_subscription_viewset():
    return SeriesSubscriptionViewSet()


@hooks.register("register_log_actions")
def register_registration_log_actions(actions):
    """The history of a registration and a series registration (webinars.registration)."""
    for action, label, message in [
        (
            "webinars.registration.register",
            _("Register for a session"),
            _("Registered for the session"),
        ),
        ("webinars.registration.approve", _("Approve registration"), _("Registration approved")),
        ("webinars.registration.decline", _("Decline registration"), _("Registration declined")),
        (
            "webinars.registration.promote",
            _("Give a seat from the waitlist"),
            _("Seat given from the waitlist"),
        ),
        ("webinars.registration.cancel", _("Cancel registration"), _("Registration cancelled")),
        ("webinars.registration.attendance", _("Record attendance"), _("Attendance recorded")),
        (
            "webinars.subscription.subscribe",
            _("Register for the series"),
            _("Registered for the series"),
        ),
        (
            "webinars.subscription.resume",
            _("Resume series registration"),
            _("Series registration resumed"),
        ),
        (
            "webinars.subscription.stop",
            _("Stop series registration"),
            _("Series registration stopped"),
        ),
    ]:
        actions.register_action(action, label, message)


@hooks.register("register_admin_urls")
def register_webinar_report_urls():
    from .reports import admin_urls

    return admin_urls()


def _report_menu_item(position):
    def hook():
        from .reports import menu_items

        return menu_items()[position]

    return hook


for _position in range(4):
    hooks.register("register_reports_menu_item", _report_menu_item(_position))


# --- Cancelling a session (webinars.session_admin, webinars.registration.cancel_session) ---


@hooks.register("register_admin_urls")
def register_session_cancel_url():
    from .session_admin import admin_urls

    return admin_urls()


@hooks.register("register_page_header_buttons")
def session_cancel_header_button(page, user, view_name, next_url=None):
    from .session_admin import cancel_button

    yield from cancel_button(page, user, priority=55)


@hooks.register("register_page_listing_more_buttons")
def session_cancel_listing_button(page, user, next_url=None):
    from .session_admin import cancel_button

    yield from cancel_button(page, user, priority=35)


@hooks.register("before_delete_page")
def keep_registered_sessions(request, page):
    from .session_admin import refuse_deleting_registered

    return refuse_deleting_registered(request, page)


@hooks.register("register_log_actions")
def register_session_cancel_log_actions(actions):
    actions.register_action(
        "webinars.session.cancel", _("Cancel session"), _("Session cancelled; registrants told")
    )
    actions.register_action(
        "webinars.registration.session_cancelled",
        _("Session cancelled"),
        _("Registration cancelled with its session"),
    )


# The fifth report (audience by province or state) joined the four above.
hooks.register("register_reports_menu_item", _report_menu_item(4))


@hooks.register("construct_homepage_panels")
def webinar_approvals_panel(request, panels):
    from .admin_panels import approvals_panel

    approvals_panel(request, panels)
