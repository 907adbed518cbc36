"""Webinar reports in the Wagtail admin, for coordinators: sessions, series, roles,
organisations and provinces or states (registered and attended), each exportable as CSV or
XLSX, and the attendance import.

Every figure is an annotation or one grouped query: a page costs the same whatever the
number of sessions and registrations. Every figure counts the registrations the viewer may
see, Registration.objects.visible_to(user), the one read rule.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, RedirectView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Locale

from network.choices import REGION_NAMES
from network.forms import ModelMultipleChoiceField
from network.models import Membership, Organisation
from pages.reports import SafeReportView

from .attendance import audience, by_region, emails_from_csv, import_attendance
from .models import Registration, WebinarPage, WebinarSeriesPage
from .registration import decide

REGISTERED = Registration.Status.REGISTERED


def is_coordinator(user) -> bool:
    return user.is_authenticated and user.is_coordinator


class CoordinatorReportView(SafeReportView):
    paginate_by = 50

    def dispatch(self, request, *args, **kwargs):
        if not is_coordinator(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def registrations(self):
        """What every figure counts: the registrations the viewer may see."""
        return Registration.objects.visible_to(self.request.user)


def count(rows, condition=None):
    """How many of `rows` (a queryset tied to the outer row by OuterRef) meet `condition`,
    as an annotation: one subquery, 0 when there are none."""
    rows = rows.filter(condition) if condition is not None else rows
    rows = rows.order_by().annotate(group=Value(1)).values("group").annotate(n=Count("pk"))
    return Coalesce(Subquery(rows.values("n"), output_field=IntegerField()), 0)


def sessions_with_counts(queryset, registrations):
    """Sessions with their figures, counted among `registrations`."""
    theirs = registrations.filter(session=OuterRef("pk"))
    return queryset.annotate(
        registered=count(theirs, Q(status=REGISTERED)),
        waitlisted=count(theirs, Q(status=Registration.Status.WAITLISTED)),
        pending=count(theirs, Q(status=Registration.Status.PENDING)),
        attended=count(theirs, Q(attended=True)),
        no_show=count(theirs, Q(attended=False)),
    )


class SessionsReportView(CoordinatorReportView):
    page_title = _("Webinar sessions")
    header_icon = "calendar-alt"
    results_template_name = "webinars/reports/sessions_results.html"
    index_url_name = "webinar_reports:sessions"
    index_results_url_name = "webinar_reports:sessions_results"
    list_export = [
        "title",
        "starts_at",
        "registered",
        "waitlisted",
        "pending",
        "attended",
        "no_show",
    ]
    export_headings = {
        "title": _("Session"),
        "starts_at": _("Starts (UTC)"),
        "registered": _("Registered"),
        "waitlisted": _("On the waitlist"),
        "pending": _("To approve"),
        "attended": _("Attended"),
        "no_show": _("No-show"),
    }

    def get_filename(self):
        return "webinar-sessions"

    def get_base_queryset(self):
        default = Locale.get_default()
        sessions = WebinarPage.objects.filter(locale=default)
        return sessions_with_counts(sessions, self.registrations()).order_by("-starts_at")


class SeriesReportView(CoordinatorReportView):
    page_title = _("Webinar series")
    header_icon = "list-ul"
    results_template_name = "webinars/reports/series_results.html"
    index_url_name = "webinar_reports:series"
    index_results_url_name = "webinar_reports:series_results"
    list_export = ["title", "sessions", "registered", "attended"]
    export_headings = {
        "title": _("Series"),
        "sessions": _("Sessions"),
        "registered": _("Registered"),
        "attended": _("Attended"),
    }

    def get_filename(self):
        return "webinar-series"

    def get_base_queryset(self):
        under = Q(session__path__startswith=OuterRef("path"))
        sessions = WebinarPage.objects.filter(path__startswith=OuterRef("path"))
        return (
            WebinarSeriesPage.objects.filter(locale=Locale.get_default())
            .annotate(
                sessions=count(sessions),
                registered=count(self.registrations().filter(under), Q(status=REGISTERED)),
                attended=count(self.registrations().filter(under), Q(attended=True)),
            )
            .order_by("title")
        )


class GroupedReportView(CoordinatorReportView):
    """Registrations grouped by one field (role, city), for one session or all."""

    group_by = ""
    list_export = ["label", "registered", "attended"]

    def get_filename(self):
        return f"webinar-{self.group_by}"

    def get_base_queryset(self):
        rows = self.registrations()
        session = self.request.GET.get("session", "")
        if session.isdigit():
            rows = rows.filter(session_id=int(session))
        return (
            rows.values(self.group_by)
            .annotate(
                label=Coalesce(self.group_by, Value("")),
                registered=Count("pk", filter=Q(status=REGISTERED)),
                attended=Count("pk", filter=Q(attended=True)),
            )
            .order_by("-registered", self.group_by)
        )


class RolesReportView(GroupedReportView):
    page_title = _("Webinar audience by role")
    header_icon = "user"
    group_by = "role"
    results_template_name = "webinars/reports/grouped_results.html"
    index_url_name = "webinar_reports:roles"
    index_results_url_name = "webinar_reports:roles_results"
    export_headings = {"label": _("Role"), "registered": _("Registered"), "attended": _("Attended")}

    def decorate_paginated_queryset(self, object_list):
        names = dict(Registration.Role.choices)
        rows = list(object_list)
        for row in rows:
            row["label"] = names.get(row["label"], _("Not given"))
        return rows


class AudienceReportView(CoordinatorReportView):
    """Registrations and attendance matched to organisations (webinars.attendance.audience):
    for one session (?session=<id>) or all."""

    list_export = ["label", "region_name", "registered", "attended"]
    results_template_name = "webinars/reports/audience_results.html"

    def session(self):
        session = self.request.GET.get("session", "")
        if not session.isdigit():
            return None
        return WebinarPage.objects.filter(locale=Locale.get_default(), pk=int(session)).first()

    def get_page_subtitle(self):
        session = self.session()
        return session.title if session else _("All sessions")

    def audience(self):
        rows = self.registrations()
        if session := self.session():
            rows = rows.filter(session=session)
        member_of = (
            Membership.objects.visible_to(self.request.user)
            .filter(user=OuterRef("user_id"))
            .order_by("pk")
        )
        groups = (
            rows.annotate(member_of=Subquery(member_of.values("organisation_id")[:1]))
            .values("member_of", "organisation", "region")
            .annotate(
                rows=Count("pk"),
                registered=Count("pk", filter=Q(status=REGISTERED)),
                attended=Count("pk", filter=Q(attended=True)),
            )
            .order_by()
        )
        organisations = {
            pk: (name, kind, region)
            for pk, name, kind, region in Organisation.objects.values_list(
                "pk", "name", "kind", "region"
            )
        }
        return audience(list(groups), organisations)

    def label_rows(self, rows):
        for row in rows:
            row.region_name = REGION_NAMES.get(row.region, "")
            row.region_name = str(row.region_name) if row.region_name else _("Not known")
            row.label = row.label or _("Not given")
        return rows


class OrganisationsReportView(AudienceReportView):
    page_title = _("Webinar audience by organisation")
    header_icon = "group"
    index_url_name = "webinar_reports:organisations"
    index_results_url_name = "webinar_reports:organisations_results"
    list_export = ["label", "matched_label", "region_name", "registered", "attended"]
    export_headings = {
        "label": _("Organisation"),
        "matched_label": _("Matched to"),
        "region_name": _("Province or state"),
        "registered": _("Registered"),
        "attended": _("Attended"),
    }

    def get_filename(self):
        return "webinar-organisations"

    def get_base_queryset(self):
        rows = self.label_rows(self.audience())
        for row in rows:
            row.matched_label = (
                _("A network organisation") if row.matched else _("As registrants typed it")
            )
        return rows


class RegionsReportView(AudienceReportView):
    page_title = _("Webinar audience by province or state")
    header_icon = "site"
    index_url_name = "webinar_reports:regions"
    index_results_url_name = "webinar_reports:regions_results"
    list_export = ["label", "registered", "attended"]
    export_headings = {
        "label": _("Province or state"),
        "registered": _("Registered"),
        "attended": _("Attended"),
    }

    def get_filename(self):
        return "webinar-regions"

    def get_base_queryset(self):
        rows = self.label_rows(by_region(self.audience()))
        for row in rows:
            row.label = row.region_name
        return rows


class CitiesReportMovedView(RedirectView):
    """The old "audience by city" address: its bookmarks reach its successor."""

    pattern_name = "webinar_reports:organisations"
    query_string = True

    def dispatch(self, request, *args, **kwargs):
        if not is_coordinator(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class AttendanceForm(forms.Form):
    file = forms.FileField(
        label=_("Attendee list (CSV)"),
        help_text=_("The export of the video platform's attendee report (Zoom, Teams, Webex)."),
    )


class AttendanceImportView(WagtailAdminTemplateMixin, FormView):
    """Upload a session's attendee CSV: seat holders become attended or no-show."""

    template_name = "webinars/reports/attendance.html"
    form_class = AttendanceForm
    page_title = _("Import attendance")
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        if not is_coordinator(request.user):
            raise PermissionDenied
        self.session = get_object_or_404(
            WebinarPage.objects.filter(locale=Locale.get_default()), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.session.title

    def get_context_data(self, **kwargs):
        return super().get_context_data(session=self.session, **kwargs)

    def form_valid(self, form):
        try:
            emails = emails_from_csv(form.cleaned_data["file"].read())
        except ValidationError as error:
            form.add_error("file", error)
            return self.form_invalid(form)
        counts = import_attendance(session=self.session, emails=emails, by=self.request.user)
        messages.success(
            self.request,
            _(
                "Attended: %(attended)s. No-show: %(no_show)s. In the list without a "
                "registration: %(unregistered)s."
            )
            % counts,
        )
        return redirect("webinar_reports:sessions")


def admin_urls():
    views = [
        ("sessions/", SessionsReportView, "sessions"),
        ("series/", SeriesReportView, "series"),
        ("roles/", RolesReportView, "roles"),
        ("organisations/", OrganisationsReportView, "organisations"),
        ("regions/", RegionsReportView, "regions"),
    ]
    patterns = [
        path("cities/", CitiesReportMovedView.as_view(), name="cities"),
        path("sessions/<id:pk>/attendance/", AttendanceImportView.as_view(), name="attendance"),
        path("sessions/<id:pk>/approvals/", ApprovalsView.as_view(), name="approvals"),
    ]
    for route, view, name in views:
        patterns += [
            path(route, view.as_view(), name=name),
            path(f"{route}results/", view.as_view(results_only=True), name=f"{name}_results"),
        ]
    return [path("reports/webinars/", include((patterns, "webinar_reports")))]


class CoordinatorMenuItem(MenuItem):
    def is_shown(self, request):
        return is_coordinator(request.user)


def menu_items():
    return [
        CoordinatorMenuItem(
            label,
            reverse(f"webinar_reports:{name}"),
            name=f"webinar-{name}",
            icon_name=icon,
            order=order,
        )
        for label, name, icon, order in [
            (_("Webinar sessions"), "sessions", "calendar-alt", 310),
            (_("Webinar series"), "series", "list-ul", 311),
            (_("Webinar audience by role"), "roles", "user", 312),
            (_("Webinar audience by organisation"), "organisations", "group", 313),
            (_("Webinar audience by province or state"), "regions", "site", 314),
        ]
    ]


class ApprovalForm(forms.Form):
    registrations = ModelMultipleChoiceField(
        queryset=Registration.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Select at least one registration.")},
    )
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("decline", _("Decline"))])

    def __init__(self, *args, pending, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["registrations"].queryset = pending


class ApprovalsView(WagtailAdminTemplateMixin, FormView):
    """A session's registrations waiting for approval, decided in bulk."""

    template_name = "webinars/reports/approvals.html"
    form_class = ApprovalForm
    page_title = _("Registrations to approve")
    header_icon = "tasks"

    def dispatch(self, request, *args, **kwargs):
        if not is_coordinator(request.user):
            raise PermissionDenied
        self.session = get_object_or_404(
            WebinarPage.objects.filter(locale=Locale.get_default()), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.session.title

    def pending(self):
        return Registration.objects.visible_to(self.request.user).filter(
            session=self.session, status=Registration.Status.PENDING
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "pending": self.pending()}

    def get_context_data(self, **kwargs):
        form = kwargs.get("form")
        selected = [str(v) for v in form["registrations"].value() or []] if form else []
        return super().get_context_data(
            session=self.session,
            pending=self.pending().order_by("created_at", "pk"),
            selected=selected,
            **kwargs,
        )

    def form_valid(self, form):
        counts = decide(
            session=self.session,
            registration_ids=[r.pk for r in form.cleaned_data["registrations"]],
            approve=form.cleaned_data["decision"] == "approve",
            by=self.request.user,
        )
        messages.success(
            self.request,
            _("Registered: %(registered)s. Waitlisted: %(waitlisted)s. Declined: %(declined)s.")
            % counts,
        )
        return redirect("webinar_reports:approvals", pk=self.session.pk)
