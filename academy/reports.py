"""Academy reports in the Wagtail admin: cohorts, cities and learners, exportable as CSV/XLSX.

Every report starts from the read rules (Cohort, Enrolment, Certificate and CheckAttempt
`visible_to`): coordinators see every cohort, facilitators the cohorts they facilitate, and any
other id answers 404. Per-row figures are annotations and per-page figures one grouped query, so a page
costs the same queries for 10 learners as for 1,000.
"""

import datetime
from collections import defaultdict
from functools import reduce
from operator import or_
from statistics import mean

from django.conf import settings
from django.core.exceptions import EmptyResultSet, PermissionDenied
from django.db import connections
from django.db.models import (
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.reports import ReportView

from network.models import Membership, Organisation, User
from pages.reports import SafeReportView

from . import report_counts
from .models import (
    Certificate,
    CheckAttempt,
    Cohort,
    CoursePage,
    Enrolment,
    LessonPage,
    LessonProgress,
)

# "Active" officials did something in a course within this many days.
ACTIVE_DAYS = 30
ENROLLED = Enrolment.Status.ENROLLED


# --- Who sees what ---


def can_see_reports(user) -> bool:
    """Coordinators and facilitators; the admin's URLs have already required admin access."""
    if not user.is_authenticated:
        return False
    if not hasattr(user, "_academy_reports"):  # asked by the menu and the view on one request
        user._academy_reports = (
            user.is_coordinator or Cohort.objects.filter(facilitators=user).exists()
        )
    return user._academy_reports


def report_cohorts(user):
    """The cohorts a person may see in reports (Cohort.objects.reported_to, which narrows
    visible_to)."""
    return Cohort.objects.reported_to(user)


def report_enrolments(user):
    """The enrolments a person may see, in the cohorts they may see."""
    return Enrolment.objects.reported_to(user)


def report_cities(user):
    """City governments; anyone but a coordinator sees only those with officials in the
    enrolments they may see."""
    cities = Organisation.objects.cities()
    if user.is_coordinator:
        return cities
    officials = report_enrolments(user).values("user_id")
    return cities.filter(
        pk__in=Membership.objects.filter(user__in=officials).values("organisation")
    )


def report_certificates(user):
    """Valid certificates: all for coordinators, else those earned in the cohorts they see."""
    return Certificate.objects.reported_to(user).filter(revoked_at__isnull=True)


# --- Progress ---


def required_lessons(course_ids) -> dict[int, set]:
    """Each course's required lessons as translation keys, in three queries for any number
    of courses. Lessons follow the learner's view: live and public (see CoursePage.lessons)."""
    courses = CoursePage.objects.filter(pk__in=course_ids).values_list("pk", "path")
    return required_lessons_under(list(courses))


def required_lessons_under(courses: list[tuple[int, str]]) -> dict[int, set]:
    """required_lessons for courses whose (id, tree path) are at hand: two queries."""
    if not courses:
        return {}
    under_a_course = reduce(or_, (Q(path__startswith=course_path) for _pk, course_path in courses))
    lessons = (
        LessonPage.objects.live()
        .public()
        .filter(under_a_course, required=True)
        .values_list("path", "translation_key")
    )
    keys = {pk: set() for pk, _path in courses}
    # A lesson's course is the one whose path begins its own: looked up by each length of
    # course path (one or two), not compared with every course (415 lessons x 23 courses).
    by_path = defaultdict(list)
    for pk, course_path in courses:
        by_path[course_path].append(pk)
    lengths = {len(course_path) for course_path in by_path}
    for lesson_path, key in lessons:
        for length in lengths:
            for pk in by_path.get(lesson_path[:length], ()):
                keys[pk].add(key)
    return keys


def percent(done: int, required: int) -> int | None:
    return round(100 * done / required) if required else None


def lessons_done(keys):
    """A subquery: how many of these lessons the enrolment's learner has completed in its
    course (from the (user, course_key) index). A plain COUNT, not one grouped by user: the
    grouping added a sort-and-group step to each of 12,000 sub-plan runs (7% of the query)."""
    return (
        LessonProgress.objects.filter(
            user=OuterRef("user"),
            course_key=OuterRef("cohort__course__translation_key"),
            lesson_key__in=sorted(keys),  # one SQL text for one set (report_counts)
        )
        .order_by()
        .annotate(n=Func("pk", function="COUNT", output_field=IntegerField()))
        .values("n")
    )


def annotate_progress(enrolments, required: dict[int, set]):
    """Each enrolment with its required lessons done and whether it earned a certificate."""
    keys = set().union(*required.values())
    done = lessons_done(keys)
    certificate = Certificate.objects.filter(
        user=OuterRef("user"), course=OuterRef("cohort__course"), revoked_at__isnull=True
    )
    return enrolments.annotate(
        lessons_done=Coalesce(Subquery(done), 0) if keys else Value(0),
        has_certificate=Exists(certificate),
    )


def with_progress(enrolments, required: dict[int, set]):
    """annotate_progress, each row with its learner, cohort and course as objects."""
    return annotate_progress(enrolments, required).select_related("user", "cohort__course")


def organisation_names(enrolments) -> dict[int, str]:
    """{learner id: their organisations' names, in name order} for these enrolments, read
    as two columns in one query (not a membership and an organisation object a row)."""
    names = defaultdict(list)
    memberships = (
        Membership.objects.filter(user__in={enrolment.user_id for enrolment in enrolments})
        .order_by("organisation__name")
        .values_list("user_id", "organisation__name")
    )
    for user_id, name in memberships:
        names[user_id].append(name)
    return {user_id: ", ".join(each) for user_id, each in names.items()}


def best_scores(viewer, enrolments) -> dict[tuple, dict]:
    """{(user id, course key): {lesson key: best score}} for these enrolments, in one query."""
    if not enrolments:
        return {}
    attempts = (
        CheckAttempt.objects.visible_to(viewer)
        .filter(
            user_id__in={enrolment.user_id for enrolment in enrolments},
            course_key__in={enrolment.cohort.course.translation_key for enrolment in enrolments},
        )
        .order_by()
        .values("user_id", "course_key", "lesson_key")
        .annotate(best=Max("score"))
    )
    scores = defaultdict(dict)
    for row in attempts:
        scores[row["user_id"], row["course_key"]][row["lesson_key"]] = row["best"]
    return scores


def decorate_enrolments(enrolments, *, viewer, required: dict[int, set]) -> list:
    """Add the figures computed per page (not per row) to enrolments from with_progress."""
    enrolments = list(enrolments)
    scores = best_scores(viewer, enrolments)
    for enrolment in enrolments:
        course = enrolment.cohort.course
        enrolment.lessons_required = len(required.get(course.pk, ()))
        enrolment.percent_complete = percent(enrolment.lessons_done, enrolment.lessons_required)
        best = scores.get((enrolment.user_id, course.translation_key))
        enrolment.average_score = round(mean(best.values())) if best else None
    return enrolments


def lessons_done_by_group(enrolments, group: str, required: dict[int, set]) -> dict:
    """{(group value, course id): (enrolments, required lessons done)} in one grouped query,
    kept while nothing counted changes (report_counts)."""
    keys = set().union(*required.values())
    if not keys:
        return {}
    # Each enrolment's count comes from the (user, course_key) index: joining every lesson
    # a learner ever completed, in any course, took seconds at 150,000 progress rows.
    done = lessons_done(keys)
    rows = (
        enrolments.order_by()
        .values(group, "cohort__course_id")
        .annotate(n=Count("pk", distinct=True), done=Sum(Coalesce(Subquery(done), 0)))
    )
    try:
        sql, params = rows.query.sql_with_params()
    except EmptyResultSet:
        return {}
    return report_counts.kept(
        sql,
        params,
        lambda: {(row[group], row["cohort__course_id"]): (row["n"], row["done"]) for row in rows},
    )


def enrolments_and_lessons_done(enrolments, keys: set, course_keys: set) -> dict:
    """{(cohort id, status): (enrolments, required lessons done)} in one query: the progress
    rows of these courses counted once per learner and course in one pass, then joined to
    the enrolments. (A count correlated to each enrolment ran 12,000 index look-ups at full
    volume: 39 -> 32 ms for the query.) Kept while nothing counted changes (report_counts)."""
    rows = enrolments.order_by().values(
        "cohort_id", "user_id", "status", course_key=F("cohort__course__translation_key")
    )
    try:
        sql, params = rows.query.sql_with_params()
    except EmptyResultSet:  # no cohort on the page: Django runs no query for it either
        return {}
    if not keys or not course_keys:
        query = f"SELECT e.cohort_id, e.status, COUNT(*), 0 FROM ({sql}) e GROUP BY 1, 2"
    else:
        done = (
            LessonProgress.objects.filter(
                lesson_key__in=sorted(keys), course_key__in=sorted(course_keys)
            )
            .order_by()
            .values("user_id", "course_key")
            .annotate(n=Count("pk"))
        )
        done_sql, done_params = done.query.sql_with_params()
        query = (
            f"SELECT e.cohort_id, e.status, COUNT(*), SUM(p.n) FROM ({sql}) e"
            f" LEFT JOIN ({done_sql}) p ON p.user_id = e.user_id AND p.course_key = e.course_key"
            " GROUP BY e.cohort_id, e.status"
        )
        params = (*params, *done_params)

    def count():
        with connections[enrolments.db].cursor() as cursor:
            cursor.execute(query, params)
            return {
                (cohort_id, status): (n, int(done or 0))
                for cohort_id, status, n, done in cursor.fetchall()
            }

    return report_counts.kept(query, params, count)


def average_percents(groups: dict, required: dict[int, set]) -> dict:
    """{group value: the mean of its enrolments' percent complete} from lessons_done_by_group's
    sums, in one pass over them (not one pass a row: 50 cities x 500 sums)."""
    sums = {}
    for (group, course_id), (n, done) in groups.items():
        lessons = len(required.get(course_id, ()))
        if lessons:
            enrolments, total = sums.get(group, (0, 0.0))
            sums[group] = (enrolments + n, total + 100 * done / lessons)
    return {
        group: round(total / enrolments)
        for group, (enrolments, total) in sums.items()
        if enrolments
    }


# --- Views ---


class EnrolmentFilterSet(WagtailFilterSet):
    class Meta:
        model = Enrolment
        fields = ["status"]


def utc_minutes(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M")


class AcademyReportView(SafeReportView):
    """Coordinators and facilitators only; the object a report is about is found or 404.

    Pages show times in the viewer's time zone; exports in UTC, said so in the heading.
    """

    paginate_by = 50
    export_name = "academy-report"
    url_kwarg = None
    custom_value_preprocess = {
        **ReportView.custom_value_preprocess,
        datetime.datetime: {
            **ReportView.custom_value_preprocess[datetime.datetime],
            "csv": utc_minutes,
        },
    }

    def dispatch(self, request, *args, **kwargs):
        if not can_see_reports(request.user):
            raise PermissionDenied
        self.load(**kwargs)
        return super().dispatch(request, *args, **kwargs)

    def load(self, **kwargs):
        """Fetch what the report is about, from the reported rows only (else 404)."""

    @property
    def time_zone(self) -> str:
        return self.request.user.time_zone or settings.HUB_DEFAULT_TIME_ZONE

    def get_filename(self):
        return f"{self.export_name}-{timezone.localdate():%Y-%m-%d}"

    def url_args(self):
        return [self.kwargs[self.url_kwarg]] if self.url_kwarg else []

    def get_index_url(self):
        return reverse(self.index_url_name, args=self.url_args())

    def get_index_results_url(self):
        return reverse(self.index_results_url_name, args=self.url_args())


yes_no = {fmt: lambda value: str(_("yes") if value else _("no")) for fmt in ("csv", "xlsx")}


class EnrolmentReportView(AcademyReportView):
    """One row per enrolment: a learner's progress in one cohort."""

    filterset_class = EnrolmentFilterSet
    is_searchable = True
    search_fields = ["user__full_name", "user__email"]
    search_backend_name = None
    list_export = [
        "user.full_name",
        "user.email",
        "organisation_names",
        "get_status_display",
        "lessons_done",
        "lessons_required",
        "percent_complete",
        "average_score",
        "last_active_at",
        "has_certificate",
    ]
    export_headings = {
        "user.full_name": _("Learner"),
        "user.email": _("Email"),
        "organisation_names": _("Organisation"),
        "cohort.name": _("Cohort"),
        "cohort.course.title": _("Course"),
        "get_status_display": _("Status"),
        "lessons_done": _("Required lessons done"),
        "lessons_required": _("Required lessons"),
        "percent_complete": _("Percent complete"),
        "average_score": _("Average best check score (%)"),
        "best_scores": _("Best check score per lesson"),
        "last_active_at": _("Last active (UTC)"),
        "has_certificate": _("Certificate"),
    }
    custom_field_preprocess = {"has_certificate": yes_no}
    verbose_name_plural = _("enrolments")

    def reported_enrolments(self):
        """The enrolments this report covers: every one the viewer may report on. Each
        subclass (cohort, city, learner) narrows it to its own."""
        return report_enrolments(self.request.user)

    def required_lessons(self) -> dict[int, set]:
        return required_lessons(self.reported_enrolments().values("cohort__course_id").distinct())

    def get_base_queryset(self):
        self.required = self.required_lessons()
        # Only the learner as an object: a page's rows share a few cohorts, read once in
        # page_cohorts (a cohort and a Wagtail course page built for each of 50 rows cost
        # more than the rest of the row).
        return annotate_progress(self.reported_enrolments(), self.required).select_related("user")

    def page_cohorts(self, cohort_ids: set) -> dict:
        """{id: cohort with its course} for the cohorts of a page's rows."""
        cohorts = report_cohorts(self.request.user).filter(pk__in=cohort_ids)
        return {cohort.pk: cohort for cohort in cohorts.select_related("course")}

    def decorate_paginated_queryset(self, object_list):
        enrolments = list(object_list)
        cohorts = self.page_cohorts({enrolment.cohort_id for enrolment in enrolments})
        for enrolment in enrolments:
            enrolment.cohort = cohorts[enrolment.cohort_id]
        if "organisation_names" in self.list_export:
            names = organisation_names(enrolments)
            for enrolment in enrolments:
                enrolment.organisation_names = names.get(enrolment.user_id, "")
        return decorate_enrolments(enrolments, viewer=self.request.user, required=self.required)


class CohortsReportView(AcademyReportView):
    page_title = _("Academy cohorts")
    header_icon = "group"
    results_template_name = "academy/reports/cohorts_results.html"
    index_url_name = "academy_reports:cohorts"
    index_results_url_name = "academy_reports:cohorts_results"
    export_name = "academy-cohorts"
    verbose_name_plural = _("cohorts")
    list_export = [
        "name",
        "course_title",
        "starts_on",
        "enrolled",
        "applied",
        "waitlisted",
        "average_percent",
        "certificates_issued",
    ]
    export_headings = {
        "name": _("Cohort"),
        "course_title": _("Course"),
        "starts_on": _("Starts on"),
        "enrolled": _("Enrolled"),
        "applied": _("Applied"),
        "waitlisted": _("On the waitlist"),
        "average_percent": _("Average percent complete"),
        "certificates_issued": _("Certificates issued"),
    }

    def get_base_queryset(self):
        # The course's title and tree path as plain columns: a row shows the title only, and
        # building 50 Wagtail page objects for it cost more than the rest of the row.
        return (
            report_cohorts(self.request.user)
            .annotate(
                course_title=F("course__title"),
                course_path=F("course__path"),
                course_key=F("course__translation_key"),
            )
            .order_by("-starts_on", "name")
        )

    def decorate_paginated_queryset(self, object_list):
        # The page's figures in two grouped queries (enrolments by status with the required
        # lessons done, and certificates), not four counts correlated to every cohort row: the
        # enrolments of each cohort were read four times over (20 ms at 12,000).
        cohorts = list(object_list)
        required = required_lessons_under(
            list({(cohort.course_id, cohort.course_path) for cohort in cohorts})
        )
        keys = set().union(*required.values())
        counts = enrolments_and_lessons_done(
            report_enrolments(self.request.user).filter(cohort__in=cohorts),
            keys,
            {cohort.course_key for cohort in cohorts},
        )
        certificates = dict(
            report_certificates(self.request.user)
            .filter(cohort__in=cohorts)
            .order_by()
            .values("cohort")
            .annotate(n=Count("pk"))
            .values_list("cohort", "n")
        )
        groups = {
            (cohort.pk, cohort.course_id): counts[cohort.pk, ENROLLED]
            for cohort in cohorts
            if (cohort.pk, ENROLLED) in counts and keys
        }
        percents = average_percents(groups, required)
        for cohort in cohorts:
            cohort.enrolled = counts.get((cohort.pk, ENROLLED), (0, 0))[0]
            cohort.applied = counts.get((cohort.pk, Enrolment.Status.APPLIED), (0, 0))[0]
            cohort.waitlisted = counts.get((cohort.pk, Enrolment.Status.WAITLISTED), (0, 0))[0]
            cohort.certificates_issued = certificates.get(cohort.pk, 0)
            cohort.average_percent = percents.get(cohort.pk)
        return cohorts


class CohortReportView(EnrolmentReportView):
    page_title = _("Cohort report")
    header_icon = "group"
    results_template_name = "academy/reports/cohort_results.html"
    index_url_name = "academy_reports:cohort"
    index_results_url_name = "academy_reports:cohort_results"
    url_kwarg = "cohort_id"

    def load(self, *, cohort_id):
        cohorts = report_cohorts(self.request.user).select_related("course")
        self.cohort = get_object_or_404(cohorts, pk=cohort_id)
        self.export_name = f"academy-cohort-{self.cohort.pk}"

    def get_page_subtitle(self):
        return self.cohort.name

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("academy_reports:cohorts"), "label": _("Academy cohorts")},
            {"url": "", "label": self.cohort.name, "sublabel": self.get_page_title()},
        ]

    def reported_enrolments(self):
        return report_enrolments(self.request.user).filter(cohort=self.cohort)

    def required_lessons(self) -> dict[int, set]:
        course = self.cohort.course
        return required_lessons_under([(course.pk, course.path)])

    def page_cohorts(self, cohort_ids: set) -> dict:
        return {self.cohort.pk: self.cohort}

    def get_base_queryset(self):
        return super().get_base_queryset().order_by("user__full_name", "user__email")


class CitiesReportView(AcademyReportView):
    page_title = _("Academy cities")
    header_icon = "site"
    results_template_name = "academy/reports/cities_results.html"
    index_url_name = "academy_reports:cities"
    index_results_url_name = "academy_reports:cities_results"
    export_name = "academy-cities"
    verbose_name_plural = _("cities")
    list_export = [
        "name",
        "region_name",
        "get_country_display",
        "officials_enrolled",
        "officials_active",
        "average_percent",
        "certificates",
    ]
    export_headings = {
        "name": _("City"),
        "region_name": _("Province or state"),
        "get_country_display": _("Country"),
        "officials_enrolled": _("Officials enrolled"),
        "officials_active": _("Active in the last 30 days"),
        "average_percent": _("Average percent complete"),
        "certificates": _("Certificates"),
    }

    def enrolled(self):
        return report_enrolments(self.request.user).filter(status=ENROLLED)

    def get_base_queryset(self):
        return report_cities(self.request.user).order_by("name")

    def decorate_paginated_queryset(self, object_list):
        # The page's figures in grouped queries over the page's cities, not three counts
        # correlated to each city row (one of them scanned every certificate per row).
        cities = list(object_list)
        since = timezone.now() - datetime.timedelta(days=ACTIVE_DAYS)
        active = self.enrolled().filter(last_active_at__gte=since)
        officials = {
            row["organisation"]: row
            for row in Membership.objects.filter(
                organisation__in=cities, user__in=self.enrolled().values("user_id")
            )
            .order_by()
            .values("organisation")
            .annotate(
                enrolled=Count("pk"),
                active=Count("pk", filter=Q(user__in=active.values("user_id"))),
            )
        }
        # A person is a member of a city once, so joining certificates to memberships
        # counts each certificate once per city.
        certificates = dict(
            report_certificates(self.request.user)
            .filter(user__memberships__organisation__in=cities)
            .order_by()
            .values("user__memberships__organisation")
            .annotate(n=Count("pk"))
            .values_list("user__memberships__organisation", "n")
        )
        required = required_lessons(report_cohorts(self.request.user).values("course_id"))
        group = "user__memberships__organisation"
        enrolled = self.enrolled().filter(user__memberships__organisation__in=cities)
        percents = average_percents(lessons_done_by_group(enrolled, group, required), required)
        for city in cities:
            row = officials.get(city.pk, {})
            city.officials_enrolled = row.get("enrolled", 0)
            city.officials_active = row.get("active", 0)
            city.certificates = certificates.get(city.pk, 0)
            city.average_percent = percents.get(city.pk)
        return cities


class CityReportView(EnrolmentReportView):
    page_title = _("City report")
    header_icon = "site"
    results_template_name = "academy/reports/city_results.html"
    index_url_name = "academy_reports:city"
    index_results_url_name = "academy_reports:city_results"
    url_kwarg = "organisation_id"
    list_export = ["cohort.name", "cohort.course.title", *EnrolmentReportView.list_export]

    def load(self, *, organisation_id):
        self.city = get_object_or_404(report_cities(self.request.user), pk=organisation_id)
        self.export_name = f"academy-city-{self.city.slug}"

    def get_page_subtitle(self):
        return self.city.name

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("academy_reports:cities"), "label": _("Academy cities")},
            {"url": "", "label": self.city.name, "sublabel": self.get_page_title()},
        ]

    def reported_enrolments(self):
        return report_enrolments(self.request.user).filter(
            user__memberships__organisation=self.city
        )

    def get_base_queryset(self):
        return super().get_base_queryset().order_by("user__full_name", "-cohort__starts_on")


class LearnerReportView(EnrolmentReportView):
    page_title = _("Learner report")
    header_icon = "user"
    results_template_name = "academy/reports/learner_results.html"
    index_url_name = "academy_reports:learner"
    index_results_url_name = "academy_reports:learner_results"
    url_kwarg = "user_id"
    is_searchable = False
    list_export = [
        "cohort.name",
        "cohort.course.title",
        "get_status_display",
        "lessons_done",
        "lessons_required",
        "percent_complete",
        "average_score",
        "best_scores",
        "last_active_at",
        "has_certificate",
    ]

    def load(self, *, user_id):
        learners = User.objects.filter(pk__in=report_enrolments(self.request.user).values("user"))
        self.learner = get_object_or_404(learners, pk=user_id)
        self.export_name = f"academy-learner-{self.learner.pk}"

    def get_page_subtitle(self):
        return str(self.learner)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("academy_reports:cohorts"), "label": _("Academy cohorts")},
            {"url": "", "label": str(self.learner), "sublabel": self.get_page_title()},
        ]

    def reported_enrolments(self):
        return report_enrolments(self.request.user).filter(user=self.learner)

    def get_base_queryset(self):
        return super().get_base_queryset().order_by("-cohort__starts_on", "pk")

    def decorate_paginated_queryset(self, object_list):
        enrolments = super().decorate_paginated_queryset(object_list)
        self.checks = self.check_scores(enrolments)
        for enrolment in enrolments:
            rows = self.checks.get(enrolment.cohort.course.translation_key, [])
            enrolment.check_scores = rows
            enrolment.best_scores = "; ".join(f"{row['lesson']}: {row['best']}%" for row in rows)
        return enrolments

    def check_scores(self, enrolments) -> dict:
        """{course key: [{lesson, attempts, best, passed, last}]} in lesson order, two queries."""
        course_keys = {enrolment.cohort.course.translation_key for enrolment in enrolments}
        if not course_keys:
            return {}
        attempts = list(
            CheckAttempt.objects.visible_to(self.request.user)
            .filter(user=self.learner, course_key__in=course_keys)
            .order_by()
            .values("course_key", "lesson_key")
            .annotate(
                best=Max("score"),
                attempts=Count("pk"),
                passes=Count("pk", filter=Q(passed=True)),
                last=Max("created_at"),
            )
        )
        titles, order = {}, {}
        language = get_language()
        lessons = LessonPage.objects.filter(
            translation_key__in={row["lesson_key"] for row in attempts}
        ).values_list("translation_key", "title", "path", "locale__language_code")
        for key, title, lesson_path, code in lessons:
            if key not in titles or code == language:
                titles[key], order[key] = title, lesson_path
        checks = defaultdict(list)
        for row in sorted(attempts, key=lambda row: order.get(row["lesson_key"], "")):
            checks[row["course_key"]].append(
                {
                    "lesson": titles.get(row["lesson_key"], str(row["lesson_key"])),
                    "attempts": row["attempts"],
                    "best": row["best"],
                    "passed": row["passes"] > 0,
                    "last": row["last"],
                }
            )
        return dict(checks)


# --- Admin wiring (registered in wagtail_hooks.py) ---


def admin_urls():
    views = [
        ("cohorts/", CohortsReportView, "cohorts"),
        ("cohorts/<id:cohort_id>/", CohortReportView, "cohort"),
        ("cities/", CitiesReportView, "cities"),
        ("cities/<id:organisation_id>/", CityReportView, "city"),
        ("learners/<id:user_id>/", LearnerReportView, "learner"),
    ]
    patterns = []
    for route, view, name in views:
        patterns += [
            path(route, view.as_view(), name=name),
            path(f"{route}results/", view.as_view(results_only=True), name=f"{name}_results"),
        ]
    return [path("reports/academy/", include((patterns, "academy_reports")))]


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_see_reports(request.user)


def cohorts_menu_item():
    return ReportMenuItem(
        _("Academy cohorts"),
        reverse("academy_reports:cohorts"),
        name="academy-cohorts",
        icon_name="group",
        order=300,
    )


def cities_menu_item():
    return ReportMenuItem(
        _("Academy cities"),
        reverse("academy_reports:cities"),
        name="academy-cities",
        icon_name="site",
        order=310,
    )
