"""Coordinators' cohort actions in the Wagtail admin: decide applications in bulk, and
invite people by pasting their addresses. Both hang off the cohort listing (CohortViewSet)."""

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db.models import Count, Max, Prefetch, Q, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import include, path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem as AdminMenuItem
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import EditView, IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from network.forms import ModelMultipleChoiceField
from network.models import Membership, User

from . import services
from .models import (
    AttemptGrant,
    CheckAttempt,
    Cohort,
    CoursePage,
    Enrolment,
    LessonPage,
    LessonProgress,
)

MAX_INVITATIONS = 500


class CohortIndexView(IndexView):
    def get_base_queryset(self):
        return Cohort.objects.visible_to(self.request.user).annotate(
            pending_applications=Count(
                "enrolments", filter=Q(enrolments__status=Enrolment.Status.APPLIED)
            )
        )

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.request.user.is_coordinator:
            if instance.enrolment_mode == Cohort.Mode.APPLICATION:
                buttons.append(
                    MenuItem(
                        _("Applications"),
                        url=reverse("cohort:applications", args=[instance.pk]),
                        icon_name="tasks",
                        priority=5,
                    )
                )
            if instance.enrolment_mode == Cohort.Mode.INVITATION:
                buttons.append(
                    MenuItem(
                        _("Invite"),
                        url=reverse("cohort:invite", args=[instance.pk]),
                        icon_name="mail",
                        priority=5,
                    )
                )
        return buttons


class CohortEditView(EditView):
    def save_instance(self):
        """A raised capacity goes to the people waiting at once (Cohort.clean refuses a
        capacity below the seats taken)."""
        instance = super().save_instance()
        services.fill_free_seats(cohort=instance, by=self.request.user)
        return instance


class EnrolmentIndexView(IndexView):
    def get_base_queryset(self):
        return Enrolment.objects.visible_to(self.request.user)

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.status == Enrolment.Status.ENROLLED:
            buttons.append(
                MenuItem(
                    _("Knowledge checks"),
                    url=reverse("academy_staff:checks", args=[instance.pk]),
                    icon_name="tasks",
                    priority=5,
                )
            )
        return buttons


class CohortActionView(WagtailAdminTemplateMixin, FormView):
    """A coordinators-only page about one cohort."""

    header_icon = "group"
    mode = None  # the enrolment mode the page is for

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated or not request.user.is_coordinator:
            raise PermissionDenied
        self.cohort = get_object_or_404(
            Cohort.objects.visible_to(request.user).select_related("course"),
            pk=kwargs["pk"],
            enrolment_mode=self.mode,
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.cohort)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("cohort:index"), "label": _("Cohorts")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(cohort=self.cohort, **kwargs)

    def url(self, name):
        return reverse(f"cohort:{name}", args=[self.cohort.pk])


class DecisionForm(forms.Form):
    applications = ModelMultipleChoiceField(
        queryset=Enrolment.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label=gettext_lazy("Applications"),
        error_messages={"required": gettext_lazy("Select at least one application.")},
    )
    decision = forms.ChoiceField(
        choices=[("approve", gettext_lazy("Approve")), ("decline", gettext_lazy("Decline"))]
    )

    def __init__(self, *args, cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applications"].queryset = cohort.enrolments.filter(
            status=Enrolment.Status.APPLIED
        )


class ApplicationsView(CohortActionView):
    """Every pending application of a cohort, oldest first, approved or declined in bulk."""

    template_name = "academy/admin/applications.html"
    form_class = DecisionForm
    page_title = gettext_lazy("Applications")
    mode = Cohort.Mode.APPLICATION

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "cohort": self.cohort}

    def get_initial(self):
        # Arriving from the applications listing's "Decide", the row comes selected.
        return {"applications": self.request.GET.getlist("applications")}

    def get_context_data(self, **kwargs):
        pending = (
            self.cohort.enrolments.filter(status=Enrolment.Status.APPLIED)
            .select_related("user")
            .prefetch_related("user__memberships__organisation")
            .order_by("created_at", "pk")
        )
        counts = {
            status: self.cohort.enrolments.filter(status=status).count()
            for status in (Enrolment.Status.ENROLLED, Enrolment.Status.WAITLISTED)
        }
        form = kwargs.get("form")
        selected = [str(value) for value in form["applications"].value() or []] if form else []
        return super().get_context_data(
            pending=pending,
            selected=selected,
            seats_left=max(self.cohort.capacity - counts[Enrolment.Status.ENROLLED], 0),
            waitlisted=counts[Enrolment.Status.WAITLISTED],
            **kwargs,
        )

    def form_valid(self, form):
        counts = services.decide(
            cohort=self.cohort,
            enrolment_ids=[enrolment.pk for enrolment in form.cleaned_data["applications"]],
            approve=form.cleaned_data["decision"] == "approve",
            by=self.request.user,
        )
        messages.success(
            self.request,
            _("Enrolled: %(enrolled)s. Waitlisted: %(waitlisted)s. Declined: %(declined)s.")
            % counts,
        )
        return redirect(self.url("applications"))


def split_addresses(text: str) -> list[str]:
    """Addresses pasted one per line or separated by commas, semicolons or spaces."""
    for separator in ",;\t\r":
        text = text.replace(separator, "\n")
    return [part.strip() for line in text.split("\n") for part in line.split(" ") if part.strip()]


class InviteForm(forms.Form):
    emails = forms.CharField(
        label=gettext_lazy("Email addresses"),
        help_text=gettext_lazy(
            "Paste the addresses, one per line or separated by commas. Each person receives "
            "a personal link in their language."
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def clean_emails(self):
        addresses = split_addresses(self.cleaned_data["emails"])
        invalid = []
        for address in addresses:
            try:
                validate_email(address)
            except ValidationError:
                invalid.append(address)
        if invalid:
            raise ValidationError(
                _("These are not email addresses: %(list)s. Nothing was sent; correct them.")
                % {"list": ", ".join(invalid[:20])}
            )
        if len(addresses) > MAX_INVITATIONS:
            raise ValidationError(
                _("At most %(count)s addresses at a time.") % {"count": MAX_INVITATIONS}
            )
        return addresses


class InviteView(CohortActionView):
    template_name = "academy/admin/invite.html"
    form_class = InviteForm
    page_title = gettext_lazy("Invitations")
    mode = Cohort.Mode.INVITATION

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            invitations=self.cohort.invitations.select_related("accepted_by").order_by("email"),
            **kwargs,
        )

    def form_valid(self, form):
        invited, skipped = services.invite(
            cohort=self.cohort, emails=form.cleaned_data["emails"], by=self.request.user
        )
        messages.success(
            self.request,
            _("Invitations sent: %(sent)s. Already invited: %(skipped)s.")
            % {"sent": len(invited), "skipped": len(skipped)},
        )
        return redirect(self.url("invite"))


# --- Who works on the academy in the admin ---


def is_academy_staff(user) -> bool:
    """Coordinators and facilitators (of any cohort): the people the academy's staff
    screens are for. Other admin users get 403; rows outside their cohorts answer 404."""
    if not user.is_authenticated:
        return False
    if not hasattr(user, "_academy_staff"):  # asked by the menu, the view and the panels
        user._academy_staff = (
            user.is_coordinator or Cohort.objects.filter(facilitators=user).exists()
        )
    return user._academy_staff


class AcademyStaffMixin:
    def dispatch(self, request, *args, **kwargs):
        if not is_academy_staff(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


# --- Applications across cohorts ---


def application_cohorts(user):
    """The cohorts whose applications a person sees: a coordinator's every cohort, a
    facilitator's their own (Cohort.objects.reported_to)."""
    return Cohort.objects.reported_to(user)


def applications_of(user):
    """Applications in the cohorts a person sees: rows of cohorts by application, and any
    row still waiting for a decision."""
    return (
        Enrolment.objects.reported_to(user)
        .filter(
            Q(cohort__enrolment_mode=Cohort.Mode.APPLICATION) | Q(status=Enrolment.Status.APPLIED)
        )
        .exclude(status=Enrolment.Status.WITHDRAWN, cohort__enrolment_mode=Cohort.Mode.OPEN)
    )


def pending_counts(user):
    """The cohorts a person sees with applications waiting, each with `pending` (a count),
    soonest start first: one query."""
    return (
        application_cohorts(user)
        .annotate(
            pending=Count("enrolments", filter=Q(enrolments__status=Enrolment.Status.APPLIED))
        )
        .filter(pending__gt=0)
        .select_related("course")
        .order_by("starts_on", "name", "pk")
    )


class ApplicationFilterSet(WagtailFilterSet):
    cohort = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Cohort"),
        queryset=lambda request: (
            application_cohorts(request.user)
            .filter(enrolment_mode=Cohort.Mode.APPLICATION)
            .select_related("course")
        ),
    )
    course = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Course"),
        field_name="cohort__course",
        queryset=lambda request: CoursePage.objects.filter(
            pk__in=application_cohorts(request.user).values("course")
        ).order_by("title"),
    )
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"),
        choices=[
            (Enrolment.Status.APPLIED, gettext_lazy("Waiting for a decision")),
            (Enrolment.Status.ENROLLED, gettext_lazy("Approved: enrolled")),
            (Enrolment.Status.WAITLISTED, gettext_lazy("Approved: on the waitlist")),
            (Enrolment.Status.DECLINED, gettext_lazy("Declined")),
            (Enrolment.Status.WITHDRAWN, gettext_lazy("Withdrawn")),
        ],
        empty_label=gettext_lazy("Any status"),
    )

    class Meta:
        model = Enrolment
        fields = ["cohort", "course", "status"]


class DayColumn(Column):
    """A day in the project's one date format (pages.dates, through hub_dates)."""

    cell_template_name = "academy/admin/_day_cell.html"


class ApplicantColumn(Column):
    cell_template_name = "academy/admin/_applicant_cell.html"


class OrganisationsColumn(Column):
    cell_template_name = "academy/admin/_organisations_cell.html"


class DecisionColumn(Column):
    """A link to the cohort's decision form, for coordinators and rows still waiting."""

    cell_template_name = "academy/admin/_decision_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        user = parent_context["request"].user
        waiting = instance.status == Enrolment.Status.APPLIED
        context["url"] = (
            reverse("cohort:applications", args=[instance.cohort_id])
            + f"?applications={instance.pk}"
            if waiting
            and user.is_coordinator
            and instance.cohort.enrolment_mode == Cohort.Mode.APPLICATION
            else ""
        )
        context["waiting"] = waiting
        return context


class ApplicationIndexView(AcademyStaffMixin, IndexView):
    """Applications across the cohorts a person sees, waiting ones first by default,
    oldest first: coordinators decide them in the cohort's decision form."""

    model = Enrolment
    # Who may look is AcademyStaffMixin's question, which rows is Enrolment.reported_to's:
    # facilitators hold no model permission on enrolments.
    permission_policy = None
    any_permission_required = None
    page_title = gettext_lazy("Academy applications")
    header_icon = "tasks"
    index_url_name = "academy_applications:index"
    index_results_url_name = "academy_applications:index_results"
    filterset_class = ApplicationFilterSet
    default_ordering = "created_at"
    is_searchable = True
    search_fields = ["user__full_name", "user__email"]
    paginate_by = 50
    verbose_name = gettext_lazy("application")
    verbose_name_plural = gettext_lazy("applications")

    @cached_property
    def columns(self):
        return [
            ApplicantColumn(
                "applicant",
                label=gettext_lazy("Applicant"),
                accessor="user",
                sort_key="user__full_name",
            ),
            OrganisationsColumn(
                "organisations", label=gettext_lazy("Organisation"), accessor="user"
            ),
            Column(
                "cohort",
                label=gettext_lazy("Cohort"),
                accessor="cohort.display_name",
                sort_key="cohort__starts_on",
            ),
            Column("course", label=gettext_lazy("Course"), accessor="cohort.course.title"),
            Column(
                "status",
                label=gettext_lazy("Status"),
                accessor="get_status_display",
                sort_key="status",
            ),
            DayColumn("created_at", label=gettext_lazy("Applied on"), sort_key="created_at"),
            DecisionColumn("decision", label=gettext_lazy("Decision"), accessor="status"),
        ]

    def get_filterset_kwargs(self):
        kwargs = super().get_filterset_kwargs()
        data = kwargs["data"].copy()
        data.setdefault("status", Enrolment.Status.APPLIED)  # what needs someone, first
        return {**kwargs, "data": data}

    def get_base_queryset(self):
        return (
            applications_of(self.request.user)
            .select_related("user", "cohort__course")
            .prefetch_related(
                Prefetch(
                    "user__memberships",
                    queryset=Membership.objects.visible_to(self.request.user).select_related(
                        "organisation"
                    ),
                )
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_coordinator"] = self.request.user.is_coordinator
        return context


class ApplicationsViewSet(ViewSet):
    """The applications listing, as an item of the Academies menu for coordinators and
    facilitators."""

    name = "academy_applications"
    icon = "tasks"
    menu_label = gettext_lazy("Applications")
    url_prefix = "academy/applications"

    @property
    def menu_item_class(self):
        return StaffMenuItem

    def get_urlpatterns(self):
        return [
            path("", ApplicationIndexView.as_view(), name="index"),
            path("results/", ApplicationIndexView.as_view(results_only=True), name="index_results"),
        ]


class StaffMenuItem(AdminMenuItem):
    def is_shown(self, request):
        return is_academy_staff(request.user)


class PendingApplicationsColumn(Column):
    """The cohort listing's count of applications waiting, linked to the decision form."""

    cell_template_name = "academy/admin/_pending_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["count"] = instance.pending_applications
        context["url"] = (
            reverse("cohort:applications", args=[instance.pk])
            if instance.enrolment_mode == Cohort.Mode.APPLICATION
            else reverse("academy_applications:index") + f"?cohort={instance.pk}"
        )
        context["is_application"] = instance.enrolment_mode == Cohort.Mode.APPLICATION
        return context


# --- Knowledge checks of a learner, and another attempt ---


class EnrolmentStaffView(AcademyStaffMixin, WagtailAdminTemplateMixin):
    """A page about one learner's enrolment, for the cohort's facilitators and the
    coordinators; anyone else's enrolment answers 404."""

    header_icon = "user"

    def dispatch(self, request, *args, **kwargs):
        if not is_academy_staff(request.user):
            raise PermissionDenied
        self.enrolment = get_object_or_404(
            Enrolment.objects.reported_to(request.user).select_related("user", "cohort__course"),
            pk=kwargs["enrolment_id"],
        )
        return super(AcademyStaffMixin, self).dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return f"{self.enrolment.user} · {self.enrolment.cohort}"

    def checks_url(self):
        return reverse("academy_staff:checks", args=[self.enrolment.pk])

    def get_breadcrumbs_items(self):
        learner = self.enrolment.user
        return self.breadcrumbs_items + [
            {"url": reverse("academy_reports:cohorts"), "label": _("Academy cohorts")},
            {"url": reverse("academy_reports:learner", args=[learner.pk]), "label": str(learner)},
            *self.trail(),
        ]

    def trail(self):
        return [{"url": "", "label": self.get_page_title()}]


def check_rows(*, viewer, enrolment) -> list[dict]:
    """Each lesson with a knowledge check in the enrolment's course, in course order, with
    the learner's attempts used and allowed, best score, and whether they may be granted
    another. Four queries whatever the course's size."""
    course = enrolment.cohort.course
    learner = enrolment.user
    lessons = [
        lesson
        for lesson in LessonPage.objects.live().descendant_of(course).order_by("path")
        if lesson.has_check
    ]
    keys = [lesson.translation_key for lesson in lessons]
    attempts = {
        row["lesson_key"]: row
        for row in CheckAttempt.objects.visible_to(viewer)
        .filter(user=learner, lesson_key__in=keys)
        .order_by()
        .values("lesson_key")
        .annotate(
            used=Count("pk"),
            best=Max("score"),
            passes=Count("pk", filter=Q(passed=True)),
            last=Max("created_at"),
        )
    }
    granted = {
        row["lesson_key"]: row["extra"]
        for row in AttemptGrant.objects.filter(user=learner, lesson_key__in=keys)
        .order_by()
        .values("lesson_key")
        .annotate(extra=Sum("attempts"))
    }
    done = set(
        LessonProgress.objects.filter(user=learner, lesson_key__in=keys).values_list(
            "lesson_key", flat=True
        )
    )
    rows = []
    for lesson in lessons:
        found = attempts.get(lesson.translation_key, {})
        used = found.get("used", 0)
        allowed = lesson.max_attempts + granted.get(lesson.translation_key, 0)
        passed = bool(found.get("passes")) or lesson.translation_key in done
        rows.append(
            {
                "lesson": lesson,
                "used": used,
                "allowed": allowed,
                "extra": granted.get(lesson.translation_key, 0),
                "best": found.get("best"),
                "last": found.get("last"),
                "passed": passed,
                "out_of_attempts": not passed and used >= allowed,
            }
        )
    return rows


class ChecksView(EnrolmentStaffView, TemplateView):
    """A learner's knowledge checks in a cohort's course, and the way to grant another
    attempt to one they have run out of."""

    template_name = "academy/admin/checks.html"
    page_title = gettext_lazy("Knowledge checks")

    def get_context_data(self, **kwargs):
        grants = (
            AttemptGrant.objects.filter(
                user=self.enrolment.user, course_key=self.enrolment.cohort.course.translation_key
            )
            .select_related("granted_by")
            .order_by("-created_at", "-pk")
        )
        rows = check_rows(viewer=self.request.user, enrolment=self.enrolment)
        titles = {row["lesson"].translation_key: row["lesson"].title for row in rows}
        for grant in grants:
            grant.lesson_title = titles.get(grant.lesson_key, "—")
        return super().get_context_data(
            enrolment=self.enrolment,
            rows=rows,
            grants=grants,
            may_grant=self.enrolment.status == Enrolment.Status.ENROLLED,
            time_zone=self.request.user.time_zone,
            **kwargs,
        )


class GrantAttemptForm(forms.Form):
    attempts = forms.TypedChoiceField(
        label=gettext_lazy("Attempts to grant"),
        choices=[(n, str(n)) for n in range(1, services.MAX_ATTEMPTS_GRANTED + 1)],
        coerce=int,
        initial=1,
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason (optional)"),
        help_text=gettext_lazy(
            "Kept in the enrolment's history for the other facilitators and coordinators; "
            "the learner does not see it."
        ),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class GrantAttemptView(EnrolmentStaffView, FormView):
    """Confirm another attempt at one lesson's check for one learner."""

    template_name = "academy/admin/grant_attempt.html"
    form_class = GrantAttemptForm
    page_title = gettext_lazy("Grant another attempt")

    def dispatch(self, request, *args, **kwargs):
        self.lesson_id = kwargs["lesson_id"]
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def row(self):
        rows = check_rows(viewer=self.request.user, enrolment=self.enrolment)
        row = next((row for row in rows if row["lesson"].pk == self.lesson_id), None)
        if row is None:
            raise Http404
        return row

    def get(self, request, *args, **kwargs):
        return self.nothing_to_grant() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self.nothing_to_grant() or super().post(request, *args, **kwargs)

    def nothing_to_grant(self):
        """Back to the learner's checks when they have attempts left or passed (a form
        sent twice, a stale link); a lesson outside the cohort's course answers 404."""
        if self.row["out_of_attempts"] and self.enrolment.status == Enrolment.Status.ENROLLED:
            return None
        messages.info(
            self.request,
            _("%(name)s is not out of attempts at “%(lesson)s”: there is nothing to grant.")
            % {"name": self.enrolment.user, "lesson": self.row["lesson"].title},
        )
        return redirect(self.checks_url())

    def trail(self):
        return [
            {"url": self.checks_url(), "label": _("Knowledge checks")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            enrolment=self.enrolment, row=self.row, cancel_url=self.checks_url(), **kwargs
        )

    def form_valid(self, form):
        try:
            services.grant_attempt(
                enrolment=self.enrolment,
                lesson=self.row["lesson"],
                by=self.request.user,
                reason=form.cleaned_data["reason"],
                attempts=form.cleaned_data["attempts"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(name)s can take the check of “%(lesson)s” again. We have emailed them.")
            % {"name": self.enrolment.user, "lesson": self.row["lesson"].title},
        )
        return redirect(self.checks_url())


def staff_urls():
    patterns = [
        path("<id:enrolment_id>/checks/", ChecksView.as_view(), name="checks"),
        path(
            "<id:enrolment_id>/checks/<id:lesson_id>/grant/",
            GrantAttemptView.as_view(),
            name="grant_attempt",
        ),
    ]
    return [path("academy/enrolments/", include((patterns, "academy_staff")))]


# --- Choosing facilitators ---


def person_label(user, organisations: dict[int, list[str]]) -> str:
    """A person as staff choose them: name, address and organisations, so that two people
    with the same name are told apart."""
    parts = [user.full_name or user.email, user.email]
    if organisations.get(user.pk):
        parts.append(", ".join(organisations[user.pk]))
    return " · ".join(parts)


def organisations_of(user_ids, *, viewer) -> dict[int, list[str]]:
    """{user id: the names of their organisations the viewer may see}, one query."""
    found: dict[int, list[str]] = {}
    rows = (
        Membership.objects.visible_to(viewer)
        .filter(user_id__in=user_ids)
        .order_by("organisation__name")
        .values_list("user_id", "organisation__name")
    )
    for user_id, name in rows:
        found.setdefault(user_id, []).append(name)
    return found


def admin_users():
    """People who can sign in to the admin: superusers, and anyone holding the admin's
    access permission themselves or through a group."""
    access = Q(groups__permissions__codename="access_admin") | Q(
        user_permissions__codename="access_admin"
    )
    return User.objects.filter(
        pk__in=User.objects.filter(access | Q(is_superuser=True)).values("pk"),
        is_active=True,
        closed_at__isnull=True,
    )


class CohortForm(WagtailAdminModelForm):
    """The cohort form: facilitators chosen among the admin's users, each labelled with
    their address and organisation."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("facilitators")
        if field is None:
            return
        current = self.instance.facilitators.values("pk") if self.instance.pk else []
        field.queryset = field.queryset.model.objects.filter(
            Q(pk__in=admin_users().values("pk")) | Q(pk__in=current)
        ).order_by("full_name", "email")
        field.widget = forms.CheckboxSelectMultiple()
        field.widget.choices = field.choices
        organisations = (
            organisations_of(field.queryset.values("pk"), viewer=self.for_user)
            if self.for_user
            else {}
        )
        field.label_from_instance = lambda user: person_label(user, organisations)
        field.help_text = _(
            "People who can sign in to the admin, each with their address and organisation. "
            "Facilitators see their cohorts' reports and applications and can grant a "
            "learner another attempt at a knowledge check."
        )
