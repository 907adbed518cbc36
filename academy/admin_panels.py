"""The academy's panels on the Wagtail admin's home page, for coordinators and
facilitators: applications awaiting a decision per cohort, and learners out of attempts at
a knowledge check (each with a link to where it is acted on). A fixed number of queries
whatever the number of cohorts and learners."""

from django.db.models import Count, Max, Q, Sum
from django.urls import reverse
from django.utils.translation import get_language
from wagtail.admin.ui.components import Component

from .admin_views import is_academy_staff, pending_counts
from .models import AttemptGrant, CheckAttempt, Cohort, Enrolment, LessonPage, LessonProgress

PANEL_ROWS = 10  # the rest are one click away


def out_of_attempts(user) -> list[dict]:
    """Enrolled learners of the cohorts a person sees who have used every attempt at a
    lesson's check without passing, oldest last attempt first: [{enrolment, lesson, used,
    allowed, last}]. Five queries."""
    enrolments = Enrolment.objects.reported_to(user).filter(
        status=Enrolment.Status.ENROLLED, cohort__in=Cohort.objects.reported_to(user)
    )
    failing = list(
        CheckAttempt.objects.filter(
            user_id__in=enrolments.values("user_id"),
            course_key__in=enrolments.values("cohort__course__translation_key"),
        )
        .order_by()
        .values("user_id", "lesson_key", "course_key")
        .annotate(
            used=Count("pk"), passes=Count("pk", filter=Q(passed=True)), last=Max("created_at")
        )
        .filter(passes=0)
    )
    if not failing:
        return []
    keys = {row["lesson_key"] for row in failing}
    users = {row["user_id"] for row in failing}
    lessons, language = {}, get_language()
    for lesson in (
        LessonPage.objects.filter(translation_key__in=keys)
        .only("pk", "title", "translation_key", "max_attempts", "locale__language_code")
        .select_related("locale")
    ):
        known = lessons.get(lesson.translation_key)
        if known is None or lesson.locale.language_code == language:
            lessons[lesson.translation_key] = lesson
    granted = {
        (row["user_id"], row["lesson_key"]): row["extra"]
        for row in AttemptGrant.objects.filter(user_id__in=users, lesson_key__in=keys)
        .order_by()
        .values("user_id", "lesson_key")
        .annotate(extra=Sum("attempts"))
    }
    done = set(
        LessonProgress.objects.filter(user_id__in=users, lesson_key__in=keys).values_list(
            "user_id", "lesson_key"
        )
    )
    seats = {
        (enrolment.user_id, enrolment.cohort.course.translation_key): enrolment
        for enrolment in enrolments.filter(user_id__in=users).select_related(
            "user", "cohort__course"
        )
    }
    rows = []
    for row in failing:
        key = (row["user_id"], row["lesson_key"])
        lesson = lessons.get(row["lesson_key"])
        enrolment = seats.get((row["user_id"], row["course_key"]))
        if lesson is None or enrolment is None or key in done:
            continue
        allowed = lesson.max_attempts + granted.get(key, 0)
        if row["used"] >= allowed:
            rows.append(
                {
                    "enrolment": enrolment,
                    "lesson": lesson,
                    "used": row["used"],
                    "allowed": allowed,
                    "last": row["last"],
                    "url": reverse("academy_staff:grant_attempt", args=[enrolment.pk, lesson.pk]),
                }
            )
    return sorted(rows, key=lambda row: row["last"])


class ApplicationsPanel(Component):
    """Academy applications awaiting a decision, per cohort."""

    name = "academy_applications"
    template_name = "academy/admin/home_applications_panel.html"
    order = 130

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        cohorts = list(pending_counts(self.request.user))
        return {
            "cohorts": cohorts[:PANEL_ROWS],
            "more": max(len(cohorts) - PANEL_ROWS, 0),
            "total": sum(cohort.pending for cohort in cohorts),
            "is_coordinator": self.request.user.is_coordinator,
            "listing_url": reverse("academy_applications:index"),
        }


class OutOfAttemptsPanel(Component):
    """Learners who used every attempt at a knowledge check: a facilitator's next step."""

    name = "academy_out_of_attempts"
    template_name = "academy/admin/home_attempts_panel.html"
    order = 131

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        rows = out_of_attempts(self.request.user)
        return {
            "rows": rows[:PANEL_ROWS],
            "more": max(len(rows) - PANEL_ROWS, 0),
            "time_zone": self.request.user.time_zone,
        }


def academy_panels(request, panels) -> None:
    """construct_homepage_panels: the academy's panels for its staff only."""
    if is_academy_staff(request.user):
        panels.append(ApplicationsPanel(request))
        panels.append(OutOfAttemptsPanel(request))
