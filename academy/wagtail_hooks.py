from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from . import (
    dashboard,  # noqa: F401  (registers My hub's panels)
    personal_data,  # noqa: F401  (a person's data: export, closing)
)
from . import organisation_report as _report  # noqa: F401  (a lead's activity page)
from .admin_panels import academy_panels
from .admin_views import (
    ApplicationsView,
    ApplicationsViewSet,
    CohortEditView,
    CohortForm,
    CohortIndexView,
    EnrolmentIndexView,
    InviteView,
    PendingApplicationsColumn,
    staff_urls,
)
from .calendar_feed import module_releases  # noqa: F401  (registers My calendar's events)
from .certificate_admin import CertificateViewSet
from .metrics import metrics_menu_item, metrics_urls
from .models import Cohort, Enrolment
from .reports import admin_urls, cities_menu_item, cohorts_menu_item


class CohortViewSet(ModelViewSet):
    model = Cohort
    icon = "group"
    menu_label = _("Cohorts")
    list_display = [
        "name",
        "course",
        "starts_on",
        "enrolment_mode",
        "capacity",
        PendingApplicationsColumn(
            "pending_applications",
            label=_("Pending applications"),
            sort_key="pending_applications",
        ),
    ]
    list_filter = ["enrolment_mode", "language"]
    search_fields = ["name", "name_fr"]
    panels = [
        FieldPanel("course"),
        FieldRowPanel([FieldPanel("name"), FieldPanel("name_fr")]),
        FieldRowPanel([FieldPanel("starts_on"), FieldPanel("time_zone")]),
        FieldRowPanel([FieldPanel("language"), FieldPanel("capacity")]),
        FieldPanel("enrolment_mode"),
        FieldPanel("restricted_to"),
        FieldPanel("facilitators"),
    ]
    index_view_class = CohortIndexView
    edit_view_class = CohortEditView

    def get_edit_handler(self):
        # Facilitators are told apart by their address and organisation (CohortForm).
        return ObjectList(self.panels, base_form_class=CohortForm).bind_to_model(self.model)

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("<id:pk>/applications/", ApplicationsView.as_view(), name="applications"),
            path("<id:pk>/invite/", InviteView.as_view(), name="invite"),
        ]


class EnrolmentViewSet(ModelViewSet):
    model = Enrolment
    icon = "list-ul"
    menu_label = _("Enrolments")
    list_display = ["user", "cohort", "status", "created_at"]
    list_filter = ["status", "cohort"]
    search_fields = ["user__full_name", "user__email"]
    # Read-only here: seats change only through the academy's services (enrol, decide,
    # withdraw, defer), which lock the cohort and tell the people concerned.
    inspect_view_enabled = True
    copy_view_enabled = False
    index_view_class = EnrolmentIndexView
    panels = [FieldPanel("application_note")]  # nothing that moves a seat
    inspect_view_fields = [
        "cohort",
        "user",
        "status",
        "application_note",
        "created_at",
        "last_active_at",
    ]


class AcademyViewSetGroup(ViewSetGroup):
    menu_label = _("Academies")
    menu_icon = "doc-full-inverse"
    menu_order = 250
    items = (CohortViewSet, EnrolmentViewSet, ApplicationsViewSet, CertificateViewSet)


@hooks.register("register_admin_viewset")
def register_academy_viewsets():
    return AcademyViewSetGroup()


# --- Reports (academy/reports.py) ---


@hooks.register("register_admin_urls")
def register_academy_report_urls():
    return admin_urls()


@hooks.register("register_reports_menu_item")
def register_academy_cohorts_report():
    return cohorts_menu_item()


@hooks.register("register_reports_menu_item")
def register_academy_cities_report():
    return cities_menu_item()


# --- Metrics (academy/metrics.py) ---


@hooks.register("register_admin_urls")
def register_academy_metrics_urls():
    return metrics_urls()


@hooks.register("register_reports_menu_item")
def register_academy_metrics():
    return metrics_menu_item()


# --- Enrolment history (academy/services.py logs every change of status) ---


@hooks.register("register_log_actions")
def register_enrolment_log_actions(actions):
    for action, label, message in [
        ("enrol", _("Enrol in a cohort"), _("Enrolled")),
        ("waitlist", _("Join a cohort's waitlist"), _("Placed on the waitlist")),
        ("apply", _("Apply to a cohort"), _("Applied")),
        ("approve", _("Approve an application"), _("Application approved")),
        ("decline", _("Decline an application"), _("Application declined")),
        ("promote", _("Seat from the waitlist"), _("Given a seat from the waitlist")),
        ("withdraw", _("Withdraw from a cohort"), _("Withdrawn")),
        ("defer", _("Move to a later cohort"), _("Moved to a later cohort")),
    ]:
        actions.register_action(f"academy.enrolment.{action}", label, message)


# --- Academy staff: applications, knowledge checks, home panels (academy/admin_views.py) ---


@hooks.register("register_admin_urls")
def register_academy_staff_urls():
    return staff_urls()


@hooks.register("construct_homepage_panels")
def add_academy_panels(request, panels):
    academy_panels(request, panels)


@hooks.register("register_log_actions")
def register_attempt_log_actions(actions):
    actions.register_action(
        "academy.enrolment.grant_attempt",
        _("Grant another attempt at a knowledge check"),
        _("Granted another attempt at a knowledge check"),
    )
