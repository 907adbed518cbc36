"""The admin's applications, reviews and determinations (grants.wagtail_hooks groups VIEWSETS).

- Applications (coordinators): the index by call, stage and status; an application's page
  (answers in the reader's language, files, profile, reviewers, scores, decision, history);
  the CSV export of a call.
- My reviews (reviewers, and coordinators for their own): the assignments, and a review's
  page: first the conflict-of-interest declaration, then (with none) the application and the
  rubric.

Reads go through `visible_to(user)`: another person's review, or an application not
assigned to a reviewer, is a 404. Changes go through grants.reviewing.
"""

from collections import defaultdict

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, OuterRef, Subquery, prefetch_related_objects
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import floatformat
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.formats import localize
from django.utils.functional import cached_property
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
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
from wagtail.log_actions import LogFormatter
from wagtail.log_actions import registry as log_registry
from wagtail.models import Locale

from pages.drawn_tables import DrawnColumn, DrawnTable, DrawnValueColumn
from pages.reports import csv_writer
from pages.templatetags import hub_dates

from . import engine, reviewing
from .models import Application, CallPage, Determination, GrantFile, Review, Stage

Status = Application.Status


def is_coordinator(user) -> bool:
    return user.is_authenticated and user.is_coordinator


def may_review(user) -> bool:
    """Coordinators, the Grant reviewers group, and anyone given a review (an expert assigned
    one follows the email's link to it and has the "My reviews" menu)."""
    from .models import REVIEWERS_GROUP

    return user.is_authenticated and (
        user.is_coordinator
        or user.groups.filter(name=REVIEWERS_GROUP).exists()
        or Review.objects.filter(reviewer=user).exists()
    )


# --- Reading a call in the reader's language ---


def localized(call):
    """The call page in the active language, else the page itself."""
    call = call.specific if type(call) is not CallPage else call
    return call.get_translation_or_none(Locale.get_active()) or call


def localized_titles(calls) -> dict[int, str]:
    """{call pk: its title in the active language}, in one query for any number of calls."""
    calls = {call.pk: call for call in calls}
    if not calls:
        return {}
    titles = {pk: call.title for pk, call in calls.items()}
    by_key = {call.translation_key: pk for pk, call in calls.items()}
    for key, title in CallPage.objects.filter(
        translation_key__in=by_key, locale=Locale.get_active()
    ).values_list("translation_key", "title"):
        titles[by_key[key]] = title
    return titles


STAGE_ORDER = [Stage.CONCEPT, Stage.PROPOSAL]


def answer_sections(application: Application, upto: str | None = None) -> list[dict]:
    """The answers of each stage the application has, in the reader's language, with its
    files (by question key) for download links; with `upto` (a review's stage), only that
    stage and the ones before it: a concept note's reviewer never reads the proposal."""
    call = localized(application.call)
    files = defaultdict(list)
    for found in application.files.all():
        files[found.key].append(found)
    sections = []
    stages = []
    if application.stage == Stage.CONCEPT or application.concept_answers:
        stages.append(Stage.CONCEPT)
    if application.stage == Stage.PROPOSAL:
        stages.append(Stage.PROPOSAL)
    if upto is not None:
        stages = [s for s in stages if STAGE_ORDER.index(s) <= STAGE_ORDER.index(upto)]
    for stage in stages:
        answers = application.answers_for(stage)
        sections.append(
            {
                "stage": Stage(stage).label,
                "rows": engine.rows(call.form_for(stage), answers, files),
            }
        )
    return sections


# --- Menu items ---


class CoordinatorsMenuItem(MenuItem):
    def is_shown(self, request):
        return is_coordinator(request.user)


class ReviewersMenuItem(MenuItem):
    def is_shown(self, request):
        return may_review(request.user)


# --- Applications: the index ---


class CallChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.title


class CallFilter(ModelChoiceFilter):
    field_class = CallChoiceField


class ApplicationFilterSet(WagtailFilterSet):
    call = CallFilter(
        label=gettext_lazy("Call"),
        queryset=CallPage.objects.none(),
        empty_label=gettext_lazy("Any call"),
        method="filter_call",
    )
    stage = ChoiceFilter(
        label=gettext_lazy("Stage"),
        choices=Stage.choices,
        empty_label=gettext_lazy("Any stage"),
        widget=forms.RadioSelect,
    )
    status = ChoiceFilter(
        label=gettext_lazy("Status"),
        choices=Status.choices,
        empty_label=gettext_lazy("Any status"),
    )

    class Meta:
        model = Application
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from django.conf import settings

        calls = (
            CallPage.objects.filter(locale__language_code=settings.LANGUAGE_CODE)
            .order_by("-deadline", "title")
            .only("pk", "title", "translation_key")
        )
        self.filters["call"].queryset = calls
        # The list drawn from plain values (as CallChoiceField names them), one query, not
        # Django's iterator over whole pages (a server-side cursor on PostgreSQL); a chosen
        # call is still read through the queryset.
        field = self.form.fields["call"]
        field.widget.choices = [("", field.empty_label), *calls.values_list("pk", "title")]

    def filter_call(self, queryset, name, value):
        return queryset.filter(call__translation_key=value.translation_key)


class ApplicationCell(Column):
    def __init__(self, name, template, **kwargs):
        super().__init__(name, **kwargs)
        self.cell_template_name = template

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["item"] = instance
        return context


def _reference_cell(item, table) -> str:
    return format_html(
        '<td class="title"><div class="title-wrapper"><a href="{}">{}</a></div></td>',
        reverse("grant_applications:detail", args=[item.public_id]),
        item.reference,
    )


def _amount_cell(item, table) -> str:
    if item.amount_requested is None:
        return "<td>—</td>"
    return format_html(
        "<td>{} {}</td>", floatformat(item.amount_requested, "2g"), localize(item.call.currency)
    )


def _submitted_cell(item, table) -> str:
    moment = item.submitted_at or item.concept_submitted_at
    if not moment:
        return "<td>—</td>"
    moment = timezone.localtime(moment)
    return format_html(
        '<td><time datetime="{}">{}</time></td>', hub_dates.iso(moment), hub_dates.day(moment)
    )


def _reviews_cell(item, table) -> str:
    sent, assigned = localize(item.reviews_sent), localize(item.reviews_assigned)
    text = _("%(sent)s of %(assigned)s") % {
        "sent": conditional_escape(sent),
        "assigned": conditional_escape(assigned),
    }
    # As {% blocktranslate %}: the values escaped, the translation as it is (safe).
    return mark_safe("<td>" + text + "</td>")


def _score_cell(item, table) -> str:
    if item.mean_score is None:
        return mark_safe("<td>—</td>")
    return format_html(
        "<td>{} / {}</td>", floatformat(item.mean_score, "-2"), localize(item.max_score)
    )


class ApplicationTable(DrawnTable):
    """Wagtail's table, its rows drawn in Python with the same markup and spacing: a
    component tag a cell cost as much as the cells."""


class ApplicationIndexView(IndexView):
    model = Application
    template_name = "grants/admin/application_index.html"
    results_template_name = "grants/admin/application_index_results.html"
    page_title = gettext_lazy("Applications")
    header_icon = "doc-full"
    paginate_by = 50
    filterset_class = ApplicationFilterSet
    table_class = ApplicationTable
    default_ordering = "-submitted_at"
    any_permission_required = None
    permission_policy = None
    search_fields = ["reference", "title", "organisation__name"]
    columns = [
        DrawnColumn(
            "reference", _reference_cell, label=gettext_lazy("Reference"), sort_key="reference"
        ),
        DrawnValueColumn(
            "organisation",
            label=gettext_lazy("Organisation"),
            accessor="organisation.name",
            sort_key="organisation__name",
        ),
        DrawnValueColumn("title", label=gettext_lazy("Project title"), sort_key="title"),
        DrawnColumn(
            "amount_requested",
            _amount_cell,
            label=gettext_lazy("Amount"),
            sort_key="amount_requested",
        ),
        DrawnValueColumn(
            "status", label=gettext_lazy("Status"), accessor="get_status_display", sort_key="status"
        ),
        DrawnColumn(
            "submitted_at",
            _submitted_cell,
            label=gettext_lazy("Submitted"),
            sort_key="submitted_at",
        ),
        DrawnColumn("review_progress", _reviews_cell, label=gettext_lazy("Reviews")),
        DrawnColumn("score", _score_cell, label=gettext_lazy("Mean score")),
    ]

    def dispatch(self, request, *args, **kwargs):
        if not is_coordinator(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_base_queryset(self):
        # Correlated counts, not a join on reviews grouped by every column: the grouping
        # sorted ten review rows per application, answers included, on disk (45 ms for a
        # call of 500). The answers and profile are never shown here.
        def count_of(reviews):
            per_row = reviews.order_by().values("application").annotate(n=Count("pk"))
            return Coalesce(Subquery(per_row.values("n")), 0)

        this_stage = Review.objects.filter(application=OuterRef("pk"), stage=OuterRef("stage"))
        return (
            Application.objects.visible_to(self.request.user)
            .exclude(status=Status.DRAFT, concept_submitted_at__isnull=True)
            .defer("concept_answers", "answers", "profile")
            .select_related("organisation")
            .annotate(
                reviews_assigned=count_of(this_stage.exclude(conflict=Review.Conflict.CONFLICT)),
                reviews_sent=count_of(this_stage.filter(submitted_at__isnull=False)),
            )
        )

    def order_queryset(self, queryset):
        ordering = self.ordering or self.default_ordering
        from django.db.models import F

        field = F(ordering.lstrip("-"))
        first = field.desc(nulls_last=True) if ordering.startswith("-") else field.asc()
        return queryset.order_by(first, "pk")

    def get_table(self, object_list):
        rows = list(object_list)
        # Each call once (its rubric and forms are parsed per instance), shared by its rows.
        prefetch_related_objects(rows, "call")
        # The scores of the page's rows: one query for the whole page.
        reviews = defaultdict(list)
        for review in Review.objects.filter(
            application__in=[row.pk for row in rows], submitted_at__isnull=False
        ).only("application_id", "stage", "scores", "submitted_at", "conflict", "recommendation"):
            reviews[review.application_id].append(review)
        for row in rows:
            summary = reviewing.score_summary(row, reviews=reviews[row.pk], call=row.call)
            row.mean_score = summary.weighted_total
            row.max_score = summary.weighted_max
        return super().get_table(rows)

    @cached_property
    def header_buttons(self):
        call = self.chosen_call
        if call is None:
            return []
        return [
            HeaderButton(
                _("Export this call (CSV)"),
                url=reverse("grant_applications:export", args=[call.pk]),
                icon_name="download",
            )
        ]

    @cached_property
    def chosen_call(self):
        if self.filters and self.filters.is_valid():
            return self.filters.form.cleaned_data.get("call")
        return None


# --- Applications: one application ---


class ReviewerChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name or obj.email


class AssignForm(forms.Form):
    reviewers = ReviewerChoiceField(
        label=gettext_lazy("Reviewers"),
        queryset=Application.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "Grant reviewers and experts; members of the applying organisation are not listed."
        ),
    )
    due_on = forms.DateField(
        label=gettext_lazy("Review due"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        taken = application.reviews.filter(stage=application.stage).values("reviewer_id")
        self.fields["reviewers"].queryset = reviewing.eligible_reviewers(application).exclude(
            pk__in=taken
        )


class DeterminationForm(forms.Form):
    outcome = forms.ChoiceField(
        label=gettext_lazy("Decision"), choices=[], widget=forms.RadioSelect
    )
    reasons = forms.CharField(
        label=gettext_lazy("Reasons shared with the applicant"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy(
            "Sent to the applicant by email, in the application's language. Never name "
            "reviewers or quote their scores."
        ),
    )
    internal_note = forms.CharField(
        label=gettext_lazy("Note for the hub only"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Kept with the decision; the applicant never sees it."),
    )
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        labels = {
            Determination.Outcome.APPROVED: _("Invite a full proposal")
            if application.stage == Stage.CONCEPT
            else _("Approve"),
            Determination.Outcome.CHANGES_REQUESTED: _("Request changes"),
            Determination.Outcome.DECLINED: _("Decline"),
        }
        self.fields["outcome"].choices = [
            (value, labels[value]) for value in reviewing.allowed_outcomes(application)
        ]

    def clean(self):
        data = super().clean()
        if (
            data.get("outcome") in reviewing.NEEDS_REASONS
            and not (data.get("reasons") or "").strip()
        ):
            self.add_error(
                "reasons",
                _("Give the applicant the reasons for this decision: they are sent by email."),
            )
        return data


class AdminPage(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "doc-full"


def grant_create_url(application) -> str:
    """The grants side's "create the grant" page for an approved application, if it exists."""
    try:
        return reverse("grant_grants:create", args=[application.public_id])
    except NoReverseMatch:  # the grants side is not installed
        return ""


class ApplicationView(AdminPage):
    template_name = "grants/admin/application_detail.html"
    page_title = gettext_lazy("Application")

    def dispatch(self, request, *args, **kwargs):
        if not is_coordinator(request.user):
            raise PermissionDenied
        self.object = get_object_or_404(
            Application.objects.visible_to(request.user).select_related(
                "organisation", "call", "created_by"
            ),
            public_id=kwargs["public_id"],
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.object.reference

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("grant_applications:index"), "label": _("Applications")},
            {"url": "", "label": self.object.reference},
        ]

    def get_context_data(self, **kwargs):
        application = self.object
        reviews = list(
            application.reviews.select_related("reviewer").order_by("stage", "assigned_at", "pk")
        )
        call = localized(application.call)
        current = [r for r in reviews if r.stage == application.stage]
        criteria = reviewing.canonical_rubric(application.call, reader=call)
        for review in reviews:
            review.score_rows = [{**c, "score": review.scores.get(c["key"])} for c in criteria]
        under_review = application.status in reviewing.UNDER_REVIEW
        if under_review:
            kwargs.setdefault("assign_form", AssignForm(application=application))
            kwargs.setdefault("determination_form", DeterminationForm(application=application))
        return super().get_context_data(
            application=application,
            call=call,
            sections=answer_sections(application),
            profile=application.profile or {},
            reviews=current,
            earlier_reviews=[r for r in reviews if r.stage != application.stage],
            summary=reviewing.score_summary(application, reviews=reviews, call=call),
            determinations=Determination.objects.visible_to(self.request.user)
            .filter(application=application)
            .select_related("decided_by"),
            history=log_registry.get_logs_for_instance(application).select_related("user")[:100],
            grant_url=grant_create_url(application)
            if application.status == Status.APPROVED
            else "",
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        application = self.object
        action = request.POST.get("action")
        try:
            if action == "assign":
                form = AssignForm(request.POST, application=application)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(assign_form=form))
                created = reviewing.assign_reviewers(
                    application=application,
                    reviewers=form.cleaned_data["reviewers"],
                    due_on=form.cleaned_data["due_on"],
                    by=request.user,
                )
                messages.success(
                    request,
                    ngettext(
                        "%(count)d reviewer assigned and told by email.",
                        "%(count)d reviewers assigned and told by email.",
                        len(created),
                    )
                    % {"count": len(created)},
                )
            elif action == "determine":
                form = DeterminationForm(request.POST, application=application)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(determination_form=form))
                data = form.cleaned_data
                if not data["confirm"]:
                    confirming = DeterminationForm(
                        initial={**data, "confirm": True}, application=application
                    )
                    return self.render_to_response(
                        self.get_context_data(
                            determination_form=confirming,
                            confirming=data,
                            confirming_outcome=dict(form.fields["outcome"].choices)[
                                data["outcome"]
                            ],
                        )
                    )
                reviewing.determine(
                    application=application,
                    outcome=data["outcome"],
                    reasons=data["reasons"],
                    internal_note=data["internal_note"],
                    by=request.user,
                )
                messages.success(request, _("Decision recorded. The applicant has been emailed."))
            else:
                raise Http404
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(request.path)


# --- Applications: the CSV export of a call ---


def hub_time(value):
    """A moment as the CSV writes it: ISO date and time in the hub's zone, to the second."""
    if value is None:
        return ""
    import zoneinfo

    from django.conf import settings
    from django.utils import timezone

    zone = zoneinfo.ZoneInfo(settings.HUB_DEFAULT_TIME_ZONE)
    return timezone.localtime(value, zone).isoformat(sep=" ", timespec="seconds")


@never_cache
def export_call(request, call_id):
    """One row per application to the call (in any language), one column per question key
    in the order of the call's form; headers in the exporter's language with the key."""
    if not is_coordinator(request.user):
        raise PermissionDenied
    canonical = get_object_or_404(CallPage, pk=call_id).canonical
    call = localized(canonical)
    stages = [Stage.CONCEPT, Stage.PROPOSAL] if canonical.concept_note_first else [Stage.PROPOSAL]
    # Every canonical question is a column, in the canonical order; its header (and choice
    # labels) from the exporter's translation when it has the key, else the canonical one.
    columns = []
    for stage in stages:
        translated = {q.key: q for q in engine.questions(call.form_for(stage))}
        for question in engine.questions(canonical.form_for(stage)):
            columns.append((stage, translated.get(question.key, question)))
    applications = (
        Application.objects.visible_to(request.user)
        .filter(call__translation_key=canonical.translation_key)
        .exclude(status=Status.DRAFT, concept_submitted_at__isnull=True)
        .select_related("organisation")
        .order_by("submitted_at", "pk")
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="applications-{canonical.slug}.csv"'
    response.write("\ufeff")  # spreadsheets read UTF-8 with its mark
    writer = csv_writer(response)
    writer.writerow(
        [
            _("Reference"),
            _("Organisation"),
            _("Status"),
            _("Stage"),
            _("Submitted"),
            _("Project title"),
            _("Amount requested"),
            *[f"{question.label} ({question.key})" for _stage, question in columns],
        ]
    )
    for application in applications:
        writer.writerow(
            [
                application.reference,
                application.organisation.name,
                application.get_status_display(),
                application.get_stage_display(),
                hub_time(application.submitted_at or application.concept_submitted_at),
                application.title,
                application.amount_requested,
                *[
                    engine.export_cell(question, application.answers_for(stage).get(question.key))
                    for stage, question in columns
                ],
            ]
        )
    return response


# --- Files ---


@never_cache
def download_file(request, file_id):
    """A file of an application, for someone who may see it (GrantFile.objects.visible_to:
    coordinators, reviewers with no conflict); always a download, never cached."""
    from django.http import FileResponse

    if not request.user.is_authenticated:
        raise Http404
    found = get_object_or_404(
        GrantFile.objects.visible_to(request.user).filter(application__isnull=False),
        public_id=file_id,
    )
    try:
        handle = found.file.storage.open(found.file.name, "rb")
        handle.seek(0)
    except FileNotFoundError:
        raise Http404 from None
    except OSError:
        return HttpResponse(
            _("The file could not be read just now. Try again in a minute."), status=503
        )
    response = FileResponse(
        handle, as_attachment=True, filename=found.name, content_type=found.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# --- My reviews ---


def review_state(review: Review) -> str:
    if not review.conflict:
        return "declare"
    if review.conflict == Review.Conflict.CONFLICT:
        return "conflict"
    if review.submitted_at:
        return "sent"
    return "score"


REVIEW_STATES = {
    "declare": gettext_lazy("Declare conflicts"),
    "conflict": gettext_lazy("Conflict declared"),
    "score": gettext_lazy("To score"),
    "sent": gettext_lazy("Sent"),
}


class ReviewStateFilterSet(WagtailFilterSet):
    state = ChoiceFilter(
        label=gettext_lazy("State"),
        choices=list(REVIEW_STATES.items()),
        empty_label=gettext_lazy("Any state"),
        method="filter_state",
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Review
        fields = []

    def filter_state(self, queryset, name, value):
        if value == "declare":
            return queryset.filter(conflict="")
        if value == "conflict":
            return queryset.filter(conflict=Review.Conflict.CONFLICT)
        if value == "sent":
            return queryset.filter(conflict=Review.Conflict.NONE, submitted_at__isnull=False)
        return queryset.filter(conflict=Review.Conflict.NONE, submitted_at__isnull=True)


class ReviewIndexView(IndexView):
    model = Review
    template_name = "grants/admin/review_index.html"
    results_template_name = "grants/admin/review_index_results.html"
    page_title = gettext_lazy("My reviews")
    header_icon = "tick"
    paginate_by = 50
    filterset_class = ReviewStateFilterSet
    default_ordering = "due_on"
    any_permission_required = None
    permission_policy = None
    columns = [
        ApplicationCell(
            "reference",
            "grants/admin/review_cell_reference.html",
            label=gettext_lazy("Application"),
            sort_key="application__reference",
        ),
        ApplicationCell("call", "grants/admin/review_cell_call.html", label=gettext_lazy("Call")),
        ApplicationCell(
            "due_on",
            "grants/admin/review_cell_due.html",
            label=gettext_lazy("Review due"),
            sort_key="due_on",
        ),
        ApplicationCell(
            "state", "grants/admin/review_cell_state.html", label=gettext_lazy("State")
        ),
    ]

    def dispatch(self, request, *args, **kwargs):
        if not may_review(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_base_queryset(self):
        return (
            Review.objects.visible_to(self.request.user)
            .filter(reviewer=self.request.user)
            .select_related("application__call", "reviewer")
            # Only what the rows show: the call's forms and rubric (StreamFields, parsed per
            # row) and the application's answers are never read here.
            .only(
                "reviewer__full_name",
                "reviewer__email",
                "reviewer__closed_at",
                "application_id",
                "stage",
                "reviewer_id",
                "due_on",
                "assigned_at",
                "conflict",
                "submitted_at",
                "application__reference",
                "application__call_id",
                "application__call__title",
                "application__call__translation_key",
            )
        )

    def order_queryset(self, queryset):
        from django.db.models import F

        ordering = self.ordering or self.default_ordering
        field = F(ordering.lstrip("-"))
        first = (
            field.desc(nulls_last=True) if ordering.startswith("-") else field.asc(nulls_last=True)
        )
        return queryset.order_by(first, "assigned_at", "pk")

    def get_table(self, object_list):
        rows = list(object_list)
        titles = localized_titles({row.application.call for row in rows})
        for row in rows:
            row.call_title = titles.get(row.application.call_id, "")
            row.state = review_state(row)
            row.state_label = REVIEW_STATES[row.state]
        return super().get_table(rows)


class ConflictForm(forms.Form):
    has_conflict = forms.TypedChoiceField(
        label=gettext_lazy("Do you have a conflict of interest with this application?"),
        choices=[
            ("no", gettext_lazy("No: I have no conflict of interest")),
            ("yes", gettext_lazy("Yes: I have a conflict of interest")),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        help_text=gettext_lazy(
            "For example: you work for, advise or are close to the organisation or someone in "
            "it, or you gain from the decision. You cannot change your answer afterwards."
        ),
    )
    note = forms.CharField(
        label=gettext_lazy("If yes, what is the conflict?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Only the coordinators read this."),
    )


def score_form_class(criteria):
    fields = {}
    for criterion in criteria:
        fields[f"score_{criterion['key']}"] = forms.IntegerField(
            label=criterion["label"],
            help_text=criterion["guidance"]
            or _("From 0 to %(max)d.") % {"max": criterion["max_score"]},
            required=False,
            widget=forms.NumberInput(attrs={"min": 0, "max": criterion["max_score"]}),
        )
    fields["recommendation"] = forms.ChoiceField(
        label=gettext_lazy("Your recommendation"),
        choices=Review.Recommendation.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    fields["comments"] = forms.CharField(
        label=gettext_lazy("Comments for the coordinators"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("The applicant never reads them."),
    )
    return type("ScoreForm", (forms.Form,), fields)


class ReviewView(AdminPage):
    template_name = "grants/admin/review_detail.html"
    page_title = gettext_lazy("Review")
    header_icon = "tick"

    def dispatch(self, request, *args, **kwargs):
        if not may_review(request.user):
            raise PermissionDenied
        self.object = get_object_or_404(
            Review.objects.visible_to(request.user)
            .filter(reviewer=request.user)
            .select_related("application__organisation", "application__call"),
            pk=kwargs["pk"],
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.object.application.reference

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("grant_reviews:index"), "label": _("My reviews")},
            {"url": "", "label": self.object.application.reference},
        ]

    @cached_property
    def criteria(self):
        return reviewing.canonical_rubric(self.object.application.call)

    def score_form(self, data=None):
        review = self.object
        initial = {f"score_{k}": v for k, v in review.scores.items()}
        initial.update(recommendation=review.recommendation, comments=review.comments)
        return score_form_class(self.criteria)(data=data, initial=initial)

    def get_context_data(self, **kwargs):
        review = self.object
        application = review.application
        context = {"review": review, "application": application, "state": review_state(review)}
        if not review.conflict:
            kwargs.setdefault("conflict_form", ConflictForm())
        elif review.conflict == Review.Conflict.NONE:
            # Only now: the application, through the rule that says who may see it.
            visible = Application.objects.visible_to(self.request.user).filter(pk=application.pk)
            if not visible.exists():
                raise Http404
            context["sections"] = answer_sections(application, upto=review.stage)
            context["open"] = reviewing.review_is_open(review, application)
            if context["open"]:
                kwargs.setdefault("score_form", self.score_form())
            form = kwargs.get("score_form")
            if form is not None:
                context["criteria_fields"] = [
                    (criterion, form[f"score_{criterion['key']}"]) for criterion in self.criteria
                ]
            context["criteria"] = [
                {**c, "score": review.scores.get(c["key"])} for c in self.criteria
            ]
        return super().get_context_data(**context, **kwargs)

    def post(self, request, *args, **kwargs):
        review = self.object
        action = request.POST.get("action")
        try:
            if action == "conflict":
                form = ConflictForm(request.POST)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(conflict_form=form))
                try:
                    reviewing.declare_conflict(
                        review=review,
                        by=request.user,
                        has_conflict=form.cleaned_data["has_conflict"],
                        note=form.cleaned_data["note"],
                    )
                except ValidationError as error:
                    if hasattr(error, "error_dict"):
                        for name, errors in error.message_dict.items():
                            form.add_error(name if name in form.fields else None, errors)
                        return self.render_to_response(self.get_context_data(conflict_form=form))
                    raise
                if form.cleaned_data["has_conflict"]:
                    messages.success(
                        request,
                        _(
                            "Thank you. The coordinators will assign the application to someone else."
                        ),
                    )
                else:
                    messages.success(request, _("Thank you. You can now read and score it."))
            elif action == "score":
                form = self.score_form(request.POST)
                form.is_valid()
                data = form.cleaned_data
                try:
                    reviewing.submit_review(
                        review=review,
                        by=request.user,
                        scores={
                            c["key"]: request.POST.get(f"score_{c['key']}", "").strip()
                            for c in self.criteria
                        },
                        recommendation=data.get("recommendation") or "",
                        comments=data.get("comments") or "",
                    )
                except ValidationError as error:
                    if hasattr(error, "error_dict"):
                        for name, errors in error.message_dict.items():
                            field = name if name in form.fields else f"score_{name}"
                            if field in form.fields:
                                form.errors.pop(field, None)
                                form.add_error(field, errors)
                            else:
                                form.add_error(None, errors)
                        return self.render_to_response(self.get_context_data(score_form=form))
                    raise
                messages.success(request, _("Your review has been sent to the coordinators."))
            else:
                raise Http404
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(request.path)


# --- The viewsets (grants.wagtail_hooks groups them into one menu) ---


class ApplicationsViewSet(ViewSet):
    name = "grant_applications"
    url_prefix = "grants/applications"
    icon = "doc-full"
    menu_label = gettext_lazy("Applications")
    menu_item_class = CoordinatorsMenuItem

    def get_urlpatterns(self):
        return [
            path(
                "",
                ApplicationIndexView.as_view(
                    index_url_name="grant_applications:index",
                    index_results_url_name="grant_applications:index_results",
                ),
                name="index",
            ),
            path(
                "results/",
                ApplicationIndexView.as_view(
                    index_url_name="grant_applications:index",
                    index_results_url_name="grant_applications:index_results",
                    results_only=True,
                ),
                name="index_results",
            ),
            path("export/<int:call_id>/", export_call, name="export"),
            path("<uuid:public_id>/", ApplicationView.as_view(), name="detail"),
        ]


class ReviewsViewSet(ViewSet):
    name = "grant_reviews"
    url_prefix = "grants/reviews"
    icon = "tick"
    menu_label = gettext_lazy("My reviews")
    menu_item_class = ReviewersMenuItem

    def get_urlpatterns(self):
        return [
            path(
                "",
                ReviewIndexView.as_view(
                    index_url_name="grant_reviews:index",
                    index_results_url_name="grant_reviews:index_results",
                ),
                name="index",
            ),
            path(
                "results/",
                ReviewIndexView.as_view(
                    index_url_name="grant_reviews:index",
                    index_results_url_name="grant_reviews:index_results",
                    results_only=True,
                ),
                name="index_results",
            ),
            path("<int:pk>/", ReviewView.as_view(), name="review"),
            path("files/<uuid:file_id>/", download_file, name="file"),
        ]


VIEWSETS = [ApplicationsViewSet, ReviewsViewSet]


@hooks.register("register_log_actions")
def register_review_log_actions(actions):
    """Reviewing and deciding, in the application's history: who did what, never scores,
    notes or the reasons."""
    actions.register_action(
        "grants.review.assign", gettext_lazy("Assign a reviewer"), gettext_lazy("Reviewer assigned")
    )
    actions.register_action(
        "grants.application.in_review",
        gettext_lazy("Start reviewing an application"),
        gettext_lazy("Review started"),
    )
    actions.register_action(
        "grants.review.no_conflict",
        gettext_lazy("Declare no conflict of interest"),
        gettext_lazy("Reviewer declared no conflict of interest"),
    )
    actions.register_action(
        "grants.review.conflict",
        gettext_lazy("Declare a conflict of interest"),
        gettext_lazy("Reviewer declared a conflict of interest"),
    )
    actions.register_action(
        "grants.review.submit", gettext_lazy("Send a review"), gettext_lazy("Review sent")
    )
    actions.register_action(
        "grants.review.change", gettext_lazy("Change a review"), gettext_lazy("Review changed")
    )

    @actions.register_action("grants.application.determine")
    class DetermineFormatter(LogFormatter):
        label = gettext_lazy("Decide on an application")

        def format_message(self, log_entry):
            outcome = log_entry.data.get("outcome")
            stage = log_entry.data.get("stage")
            if stage == Stage.CONCEPT and outcome == Determination.Outcome.APPROVED:
                return gettext_lazy("Invited to send a full proposal")
            labels = {
                Determination.Outcome.APPROVED: gettext_lazy("Approved"),
                Determination.Outcome.DECLINED: gettext_lazy("Declined"),
                Determination.Outcome.CHANGES_REQUESTED: gettext_lazy("Changes requested"),
            }
            return labels.get(outcome, gettext_lazy("Decided"))
