"""The admin's grants, reports and roll-up (grants.wagtail_hooks groups VIEWSETS into the one
"Grants" menu). Coordinators only.

- Grants: the index (by programme, status and city); a grant entered directly, or from an
  approved application (`grant_grants:create` with `?application=<public_id>`, or
  `grant_grants:create` with the public id as its argument); its edit page with the payment
  schedule, payments made and the report schedule.
- Reports: due, late and received, filterable; a report's page with accept / request changes.
- Roll-up: per programme and per city, with a chart, its table and a CSV download; incident
  counts under five suppressed (grants.rollup).

Changes go through grants.awards; its log actions are registered here.
"""

import datetime
from decimal import Decimal

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from django_filters import ChoiceFilter, ModelChoiceFilter
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.models import Locale

from network.choices import Language
from network.models import Organisation

from . import awards, engine, rollup
from .models import (
    Application,
    Grant,
    GrantProgrammePage,
    IncidentCategory,
    Report,
)


def is_coordinator(user) -> bool:
    return user.is_authenticated and user.is_coordinator


class CoordinatorsMenuItem(MenuItem):
    def is_shown(self, request):
        return is_coordinator(request.user)


def programmes(request=None):
    """The programmes, in the language they were first written in (what grants point at)."""
    return GrantProgrammePage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).order_by(
        "title"
    )


def localized(page):
    page = page.specific
    return (page.get_translation_or_none(Locale.get_active()) or page).specific


class TitleChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.title


class NameChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class ProgrammeFilter(ModelChoiceFilter):
    field_class = TitleChoiceField


class CityFilter(ModelChoiceFilter):
    field_class = NameChoiceField


class CoordinatorsOnly:
    def dispatch(self, request, *args, **kwargs):
        if not is_coordinator(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class Cell(Column):
    def __init__(self, name, template, **kwargs):
        super().__init__(name, **kwargs)
        self.cell_template_name = template

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["item"] = instance
        context["today"] = timezone.localdate()
        return context


# --- Grants: the index ---


class GrantFilterSet(WagtailFilterSet):
    programme = ProgrammeFilter(label=gettext_lazy("Programme"), queryset=programmes)
    status = ChoiceFilter(
        label=gettext_lazy("Status"),
        choices=Grant.Status.choices,
        empty_label=gettext_lazy("Any status"),
    )
    city = CityFilter(
        label=gettext_lazy("Partner city"),
        queryset=lambda request: Organisation.objects.filter(kind="city").order_by("name"),
    )

    class Meta:
        model = Grant
        fields = []


class GrantIndexView(CoordinatorsOnly, IndexView):
    model = Grant
    template_name = "grants/admin/grant_index.html"
    results_template_name = "grants/admin/grant_index_results.html"
    page_title = gettext_lazy("Grants")
    header_icon = "tag"
    paginate_by = 50
    filterset_class = GrantFilterSet
    default_ordering = "-starts_on"
    any_permission_required = None
    permission_policy = None
    search_fields = ["reference", "title", "organisation__name", "award_number"]
    columns = [
        Cell(
            "reference",
            "grants/admin/grant_cell_reference.html",
            label=gettext_lazy("Reference"),
            sort_key="reference",
        ),
        Column(
            "organisation",
            label=gettext_lazy("Grantee"),
            accessor="organisation.name",
            sort_key="organisation__name",
        ),
        Column("title", label=gettext_lazy("Project title"), sort_key="title"),
        Cell(
            "amount",
            "grants/admin/grant_cell_amount.html",
            label=gettext_lazy("Amount"),
            sort_key="amount",
        ),
        Cell(
            "period",
            "grants/admin/grant_cell_period.html",
            label=gettext_lazy("Period"),
            sort_key="starts_on",
        ),
        Column("city", label=gettext_lazy("Partner city"), accessor="city_name"),
        Column(
            "status", label=gettext_lazy("Status"), accessor="get_status_display", sort_key="status"
        ),
    ]

    def get_base_queryset(self):
        return Grant.objects.visible_to(self.request.user).select_related(
            "organisation", "city", "programme"
        )

    def get_table(self, object_list):
        rows = list(object_list)
        for row in rows:
            row.city_name = row.city.name if row.city_id else "—"
        return super().get_table(rows)

    @cached_property
    def header_buttons(self):
        return [
            HeaderButton(_("Enter a grant"), url=reverse("grant_grants:create"), icon_name="plus")
        ]


# --- Grants: create and edit ---


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class GrantForm(forms.Form):
    programme = TitleChoiceField(label=gettext_lazy("Programme"), queryset=programmes())
    organisation = NameChoiceField(
        label=gettext_lazy("Grantee"),
        queryset=Organisation.objects.order_by("name"),
        help_text=gettext_lazy("The organisation that receives the grant and writes the reports."),
    )
    city = NameChoiceField(
        label=gettext_lazy("Partner city"),
        queryset=Organisation.objects.filter(kind="city").order_by("name"),
        required=False,
        help_text=gettext_lazy("The city the project works in: figures are rolled up per city."),
    )
    title = forms.CharField(label=gettext_lazy("Project title"), max_length=200)
    amount = forms.DecimalField(
        label=gettext_lazy("Amount"), min_value=Decimal("0.01"), max_digits=12, decimal_places=2
    )
    currency = forms.ChoiceField(
        label=gettext_lazy("Currency"), choices=Grant._meta.get_field("currency").choices
    )
    starts_on = forms.DateField(label=gettext_lazy("Starts"), widget=DATE)
    ends_on = forms.DateField(label=gettext_lazy("Ends"), widget=DATE)
    conditions = forms.CharField(
        label=gettext_lazy("Conditions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Shown to the grantee on its grant's page."),
    )
    award_number = forms.CharField(
        label=gettext_lazy("Award number"),
        max_length=60,
        required=False,
        help_text=gettext_lazy("The subaward's number, as in the agreement."),
    )
    uei = forms.CharField(
        label=gettext_lazy("Grantee’s UEI"),
        max_length=12,
        required=False,
        help_text=gettext_lazy("The grantee's Unique Entity ID at SAM.gov (12 characters)."),
    )
    exclusion_check = forms.ChoiceField(
        label=gettext_lazy("Exclusion check (SAM.gov)"),
        choices=Grant.ExclusionCheck.choices,
        required=False,
    )
    exclusion_checked_on = forms.DateField(
        label=gettext_lazy("Checked on"), required=False, widget=DATE
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Grantee's language"),
        choices=Language.choices,
        help_text=gettext_lazy("Reminders and emails about reports are written in it."),
    )
    interim = forms.CharField(
        label=gettext_lazy("Interim reports due"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "One date a line, as 2027-06-30. Empty: one interim report at mid-period."
        ),
    )
    final_due = forms.DateField(
        label=gettext_lazy("Final report due"),
        required=False,
        widget=DATE,
        help_text=gettext_lazy("Empty: 30 days after the grant ends."),
    )

    def clean_uei(self):
        return (self.cleaned_data.get("uei") or "").strip().upper()

    def clean_interim(self):
        days = []
        for line in (self.cleaned_data.get("interim") or "").split():
            try:
                days.append(datetime.date.fromisoformat(line.strip()))
            except ValueError:
                raise ValidationError(
                    _("“%(value)s” is not a date: write it as 2027-06-30.") % {"value": line}
                ) from None
        return days


class PaymentForm(forms.Form):
    due_on = forms.DateField(label=gettext_lazy("Due"), required=False, widget=DATE)
    amount = forms.DecimalField(
        label=gettext_lazy("Amount"),
        required=False,
        min_value=Decimal("0.01"),
        max_digits=12,
        decimal_places=2,
    )

    def clean(self):
        data = super().clean()
        if bool(data.get("due_on")) != bool(data.get("amount")):
            raise ValidationError(_("Give both the date and the amount of each payment."))
        return data


PaymentFormSet = forms.formset_factory(PaymentForm, extra=3, max_num=24)

GRANT_FIELDS = [
    "programme",
    "organisation",
    "city",
    "title",
    "amount",
    "currency",
    "starts_on",
    "ends_on",
    "conditions",
    "award_number",
    "uei",
    "exclusion_check",
    "exclusion_checked_on",
    "language",
]


def _errors_to_form(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, messages_ in error.message_dict.items():
            form.add_error(name if name in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)


class AdminPage(CoordinatorsOnly, WagtailAdminTemplateMixin, TemplateView):
    header_icon = "tag"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("grant_grants:index"), "label": _("Grants")},
            {"url": "", "label": self.get_page_title()},
        ]


class GrantCreateView(AdminPage):
    template_name = "grants/admin/grant_form.html"
    page_title = gettext_lazy("Enter a grant")

    @cached_property
    def application(self):
        public_id = self.kwargs.get("application") or self.request.GET.get("application")
        if not public_id:
            return None
        try:
            return get_object_or_404(
                Application.objects.select_related("call", "organisation"), public_id=public_id
            )
        except (ValidationError, ValueError):
            raise Http404 from None

    def initial(self):
        today = timezone.localdate()
        initial = {"currency": "USD", "language": "en", "starts_on": today}
        application = self.application
        if application:
            call = application.call.specific
            profile = getattr(application.organisation, "applicant_profile", None)
            initial.update(
                programme=call.programme.canonical,
                organisation=application.organisation,
                title=application.title,
                amount=application.amount_requested,
                currency=call.currency,
                language=application.language,
                uei=(application.profile or {}).get("uei") or (profile.uei if profile else ""),
            )
            if call.duration_months:
                initial["ends_on"] = today + datetime.timedelta(days=30 * call.duration_months)
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", GrantForm(initial=self.initial()))
        context.setdefault("payments", PaymentFormSet(prefix="payments"))
        context["application"] = self.application
        return context

    def post(self, request, *args, **kwargs):
        form = GrantForm(request.POST)
        payments = PaymentFormSet(request.POST, prefix="payments")
        if form.is_valid() and payments.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    grant = self._create(data, payments)
            except ValidationError as error:
                _errors_to_form(form, error)
            else:
                messages.success(
                    request,
                    _("Grant %(reference)s entered, with its reports scheduled.")
                    % {"reference": grant.reference},
                )
                return redirect("grant_grants:edit", grant.public_id)
        context = self.get_context_data(form=form, payments=payments)
        return self.render_to_response(context, status=400)

    def _create(self, data, payments) -> Grant:
        """Grant, report schedule and payments: all saved, or (one refused) none."""
        by = self.request.user
        grant = awards.create_grant(
            by=by,
            application=self.application,
            interim=data["interim"] or None,
            **{name: data[name] for name in GRANT_FIELDS},
        )
        if data.get("final_due"):
            awards.schedule_reports(
                grant, interim=data["interim"] or None, final_due=data["final_due"], by=by
            )
        schedule = _schedule(payments)
        if schedule:
            awards.set_payments(grant, schedule, by=by)
        return grant


def _schedule(payments) -> list:
    return [
        (row["due_on"], row["amount"])
        for row in (form.cleaned_data for form in payments.forms)
        if row.get("due_on") and row.get("amount")
    ]


class GrantEditView(AdminPage):
    template_name = "grants/admin/grant_form.html"

    @cached_property
    def grant(self):
        return get_object_or_404(
            Grant.objects.visible_to(self.request.user).select_related("organisation", "programme"),
            public_id=self.kwargs["public_id"],
        )

    def get_page_title(self):
        return self.grant.reference

    def get_context_data(self, **kwargs):
        grant = self.grant
        context = super().get_context_data(**kwargs)
        reports = list(grant.reports.all())
        initial = {name: getattr(grant, name) for name in GRANT_FIELDS}
        initial["interim"] = "\n".join(
            r.due_on.isoformat() for r in reports if r.kind == Report.Kind.INTERIM
        )
        finals = [r.due_on for r in reports if r.kind == Report.Kind.FINAL]
        initial["final_due"] = finals[-1] if finals else None
        context.setdefault("form", GrantForm(initial=initial))
        unpaid = [
            {"due_on": p.due_on, "amount": p.amount} for p in grant.payments.filter(paid_on=None)
        ]
        context.setdefault("payments", PaymentFormSet(prefix="payments", initial=unpaid))
        context["grant"] = grant
        context["paid"] = grant.payments.exclude(paid_on=None)
        context["unpaid"] = grant.payments.filter(paid_on=None)
        context["reports"] = reports
        context["today"] = timezone.localdate()
        context["public_url"] = reverse("grants:grant", args=[grant.public_id])
        return context

    def post(self, request, *args, **kwargs):
        grant = self.grant
        if request.POST.get("action") == "pay":
            payment = get_object_or_404(grant.payments, pk=request.POST.get("payment"))
            try:
                paid_on = datetime.date.fromisoformat(request.POST.get("paid_on") or "")
                awards.record_payment(payment, paid_on, by=request.user)
            except ValueError:
                messages.error(request, _("Enter the date the payment was made."))
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Payment recorded."))
            return redirect(request.path)
        form = GrantForm(request.POST)
        payments = PaymentFormSet(request.POST, prefix="payments")
        if form.is_valid() and payments.is_valid():
            data = form.cleaned_data
            try:
                # Terms, report schedule and payments: all saved, or (one refused) none.
                with transaction.atomic():
                    awards.update_grant(
                        grant=grant,
                        by=request.user,
                        **{name: data[name] for name in GRANT_FIELDS if name != "programme"},
                        programme=data["programme"],
                    )
                    grant.refresh_from_db()
                    awards.schedule_reports(
                        grant,
                        interim=data["interim"] or None,
                        final_due=data.get("final_due"),
                        by=request.user,
                    )
                    awards.set_payments(grant, _schedule(payments), by=request.user)
            except ValidationError as error:
                _errors_to_form(form, error)
            else:
                messages.success(request, _("Grant saved."))
                return redirect(request.path)
        return self.render_to_response(
            self.get_context_data(form=form, payments=payments), status=400
        )


# --- Reports ---


class ReportFilterSet(WagtailFilterSet):
    state = ChoiceFilter(
        label=gettext_lazy("Show"),
        choices=[
            ("outstanding", gettext_lazy("Due")),
            ("late", gettext_lazy("Late")),
            ("received", gettext_lazy("Received, to read")),
            ("accepted", gettext_lazy("Accepted")),
        ],
        empty_label=gettext_lazy("All reports"),
        method="filter_state",
    )
    programme = ProgrammeFilter(
        label=gettext_lazy("Programme"), queryset=programmes, field_name="grant__programme"
    )
    city = CityFilter(
        label=gettext_lazy("Partner city"),
        queryset=lambda request: Organisation.objects.filter(kind="city").order_by("name"),
        field_name="grant__city",
    )

    class Meta:
        model = Report
        fields = []

    def filter_state(self, queryset, name, value):
        if value == "outstanding":
            return queryset.outstanding()
        if value == "late":
            return queryset.late()
        if value == "received":
            return queryset.filter(status=Report.Status.SUBMITTED)
        if value == "accepted":
            return queryset.filter(status=Report.Status.ACCEPTED)
        return queryset


class ReportIndexView(CoordinatorsOnly, IndexView):
    model = Report
    template_name = "grants/admin/report_index.html"
    results_template_name = "grants/admin/report_index_results.html"
    page_title = gettext_lazy("Reports")
    header_icon = "doc-full"
    paginate_by = 50
    filterset_class = ReportFilterSet
    default_ordering = "due_on"
    any_permission_required = None
    permission_policy = None
    search_fields = ["grant__reference", "grant__title", "grant__organisation__name"]
    columns = [
        Cell(
            "grant",
            "grants/admin/report_cell_grant.html",
            label=gettext_lazy("Grant"),
            sort_key="grant__reference",
        ),
        Column(
            "organisation",
            label=gettext_lazy("Grantee"),
            accessor="grant.organisation.name",
            sort_key="grant__organisation__name",
        ),
        Column("kind", label=gettext_lazy("Report"), accessor="get_kind_display"),
        Cell(
            "due_on",
            "grants/admin/report_cell_due.html",
            label=gettext_lazy("Due"),
            sort_key="due_on",
        ),
        Cell(
            "status",
            "grants/admin/report_cell_status.html",
            label=gettext_lazy("Status"),
            sort_key="status",
        ),
        Cell(
            "submitted_at",
            "grants/admin/report_cell_received.html",
            label=gettext_lazy("Received"),
            sort_key="submitted_at",
        ),
    ]

    def get_base_queryset(self):
        return Report.objects.visible_to(self.request.user).select_related("grant__organisation")


class FeedbackForm(forms.Form):
    feedback = forms.CharField(
        label=gettext_lazy("What should the grantee change?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("Emailed to the grantee, in the grant's language."),
    )


class ReportView(CoordinatorsOnly, WagtailAdminTemplateMixin, TemplateView):
    template_name = "grants/admin/report_detail.html"
    header_icon = "doc-full"

    @cached_property
    def report(self):
        return get_object_or_404(
            Report.objects.visible_to(self.request.user).select_related(
                "grant__organisation", "grant__programme", "grant__city", "submitted_by"
            ),
            pk=self.kwargs["pk"],
        )

    def get_page_title(self):
        return f"{self.report.get_kind_display()} · {self.report.grant.reference}"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("grant_reports:index"), "label": _("Reports")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.report
        stream = localized(report.grant.programme).report_form
        files = {}
        for item in report.files.all():
            files.setdefault(item.key, []).append(item)
        months = awards.months_of(report)
        saved = {(t.category, t.month): t.count for t in report.tallies.all()}
        context.update(
            report=report,
            grant=report.grant,
            rows=engine.rows(stream, report.answers, files),
            months=months,
            tally_rows=[
                {"category": c.label, "counts": [saved.get((c.value, m)) for m in months]}
                for c in IncidentCategory
            ],
            late=report.is_late(),
            grant_url=reverse("grant_grants:edit", args=[report.grant.public_id]),
        )
        context.setdefault("feedback_form", FeedbackForm())
        return context

    def post(self, request, *args, **kwargs):
        report = self.report
        action = request.POST.get("action")
        try:
            if action == "accept":
                awards.accept_report(report=report, by=request.user)
                messages.success(request, _("Report accepted. The grantee has been told."))
            elif action == "changes":
                form = FeedbackForm(request.POST)
                if not form.is_valid():
                    return self.render_to_response(
                        self.get_context_data(feedback_form=form), status=400
                    )
                awards.request_report_changes(
                    report=report, by=request.user, feedback=form.cleaned_data["feedback"]
                )
                messages.success(request, _("Changes requested. The grantee has been emailed."))
            else:
                raise Http404
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(request.path)


# --- Roll-up ---


def _rollup_for(request):
    programme = None
    programme_id = request.GET.get("programme")
    reports = Report.objects.visible_to(request.user).received()
    grants = Grant.objects.visible_to(request.user)
    if programme_id:
        if not programme_id.isdigit():
            raise Http404
        programme = programmes().filter(pk=programme_id).first()
        if programme is None:
            raise Http404
        reports = reports.filter(grant__programme=programme)
        grants = grants.filter(programme=programme)
    return programme, rollup.rollup(reports, grants=grants)


class RollupView(CoordinatorsOnly, WagtailAdminTemplateMixin, TemplateView):
    template_name = "grants/admin/rollup.html"
    header_icon = "table"
    page_title = gettext_lazy("Roll-up")

    def get_breadcrumbs_items(self):
        # The page's own name in the header, not only "Home".
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        programme, result = _rollup_for(self.request)
        query = f"?programme={programme.pk}" if programme else ""
        context.update(
            rollup=result,
            programme=programme,
            programmes=programmes(),
            csv_url=reverse("grant_rollup:csv") + query,
        )
        return context


def rollup_csv(request):
    if not is_coordinator(request.user):
        raise PermissionDenied
    programme, result = _rollup_for(request)
    response = HttpResponse(rollup.csv_text(result), content_type="text/csv; charset=utf-8")
    name = f"rollup-{programme.slug}.csv" if programme else "rollup.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- The viewsets ---


class GrantsViewSet(ViewSet):
    name = "grant_grants"
    url_prefix = "grants/grants"
    icon = "tag"
    menu_label = gettext_lazy("Grants")
    menu_item_class = CoordinatorsMenuItem

    def get_urlpatterns(self):
        index = {
            "index_url_name": "grant_grants:index",
            "index_results_url_name": "grant_grants:index_results",
        }
        return [
            path("", GrantIndexView.as_view(**index), name="index"),
            path(
                "results/", GrantIndexView.as_view(**index, results_only=True), name="index_results"
            ),
            path("create/", GrantCreateView.as_view(), name="create"),
            path("create/<uuid:application>/", GrantCreateView.as_view(), name="create"),
            path("<uuid:public_id>/", GrantEditView.as_view(), name="edit"),
        ]


class ReportsViewSet(ViewSet):
    name = "grant_reports"
    url_prefix = "grants/reports"
    icon = "doc-full"
    menu_label = gettext_lazy("Reports")
    menu_item_class = CoordinatorsMenuItem

    def get_urlpatterns(self):
        index = {
            "index_url_name": "grant_reports:index",
            "index_results_url_name": "grant_reports:index_results",
        }
        return [
            path("", ReportIndexView.as_view(**index), name="index"),
            path(
                "results/",
                ReportIndexView.as_view(**index, results_only=True),
                name="index_results",
            ),
            path("<int:pk>/", ReportView.as_view(), name="edit"),
        ]


class RollupViewSet(ViewSet):
    name = "grant_rollup"
    url_prefix = "grants/rollup"
    icon = "table"
    menu_label = gettext_lazy("Roll-up")
    menu_item_class = CoordinatorsMenuItem

    def get_urlpatterns(self):
        return [
            path("", RollupView.as_view(), name="index"),
            path("csv/", rollup_csv, name="csv"),
        ]


VIEWSETS = [GrantsViewSet, ReportsViewSet, RollupViewSet]


@hooks.register("register_log_actions")
def register_grant_log_actions(actions):
    """Grants, payments and reports in the grant's history: who did what, never answers."""
    actions.register_action(
        "grants.grant.create", gettext_lazy("Enter a grant"), gettext_lazy("Grant entered")
    )
    actions.register_action(
        "grants.grant.edit", gettext_lazy("Change a grant"), gettext_lazy("Grant changed")
    )
    actions.register_action(
        "grants.grant.schedule",
        gettext_lazy("Schedule a grant's reports"),
        gettext_lazy("Reports scheduled"),
    )
    actions.register_action(
        "grants.grant.payments",
        gettext_lazy("Set a grant's payments"),
        gettext_lazy("Payment schedule set"),
    )
    actions.register_action(
        "grants.grant.paid", gettext_lazy("Record a payment"), gettext_lazy("Payment recorded")
    )
    actions.register_action(
        "grants.report.save", gettext_lazy("Save a report"), gettext_lazy("Report saved")
    )
    actions.register_action(
        "grants.report.submit", gettext_lazy("Send a report"), gettext_lazy("Report received")
    )
    actions.register_action(
        "grants.report.accept", gettext_lazy("Accept a report"), gettext_lazy("Report accepted")
    )
    actions.register_action(
        "grants.report.changes",
        gettext_lazy("Request changes to a report"),
        gettext_lazy("Changes requested"),
    )
