"""The academy's metrics over a period: applications received and decided, seats given,
course completions (certificates issued), lessons completed and the knowledge checks' pass
rate, the backlog of pending applications at the end of each day or week, and per cohort
its learners: enrolled, active in the period, behind schedule.

Coordinators see every cohort; a facilitator the cohorts they facilitate
(`Cohort.objects.reported_to`), and every count follows from the reported cohorts,
enrolments and certificates. The flows (applications, decisions, seats) are read from the
enrolments' history, which academy.services logs on every change of status. A fixed number
of queries, whatever the number of learners.
"""

import datetime
import zoneinfo
from bisect import bisect_left
from functools import reduce
from operator import or_
from typing import NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import EmptyResultSet, PermissionDenied
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Min,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Locale, ModelLogEntry

from pages.cache import stamp
from pages.dates import format_date, format_day_heading, zone_label
from pages.metrics import MetricsView as PeriodMetricsView
from pages.metrics import (
    Table,
    midnight,
)

from . import report_counts
from .models import (
    Certificate,
    CheckAttempt,
    Cohort,
    CoursePage,
    Enrolment,
    LessonPage,
    LessonProgress,
    ModulePage,
)
from .reports import ReportMenuItem, can_see_reports, lessons_done

Status = Enrolment.Status
# A learner is behind schedule when a required lesson released this long ago is not done.
GRACE = datetime.timedelta(days=7)
# The per-cohort table lists at most this many cohorts, the latest to start first.
MOST_COHORTS = 100


class AcademyMetricsView(PeriodMetricsView):
    """Coordinators and facilitators (their own cohorts); other admin users 403."""

    template_name = "academy/admin/metrics.html"
    page_title = gettext_lazy("Academy metrics")
    export_prefix = "academy"

    def dispatch(self, request, *args, **kwargs):
        if not can_see_reports(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def metrics(self, period):
        return academy_metrics(self.request.user, period)

    def get_context_data(self, **kwargs):
        return super().get_context_data(is_coordinator=self.request.user.is_coordinator, **kwargs)


# --- The figures ---


def _between(field: str, start, end) -> Q:
    return Q(**{f"{field}__gte": start, f"{field}__lt": end})


def _share(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


def enrolment_history(user, cohorts):
    """The logged changes of the enrolments in the reported cohorts (every one for a
    coordinator, including those of enrolments since deleted)."""
    entries = ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Enrolment),
        action__startswith="academy.enrolment.",
    )
    if user.is_coordinator:
        return entries
    return entries.filter(data__cohort__in=list(cohorts.values_list("pk", flat=True)))


def academy_metrics(user, period) -> dict:
    start, end = period.start, period.end
    cohorts = Cohort.objects.reported_to(user)
    enrolments = Enrolment.objects.reported_to(user)
    history = enrolment_history(user, cohorts)
    changes = history_since(history, start)
    flows = {
        name: sum(1 for change in changes if start <= change.timestamp < end and test(change))
        for name, test in FLOWS.items()
    }
    pending = enrolments.filter(status=Status.APPLIED).aggregate(
        n=Count("pk"), oldest=Min("created_at")
    )
    certificates = Certificate.objects.reported_to(user).aggregate(
        issued=Count("pk", filter=_between("issued_at", start, end)),
        revoked=Count("pk", filter=_between("revoked_at", start, end)),
    )
    learners = enrolments.values("user_id")
    courses = cohorts.values("course__translation_key")
    taken = CheckAttempt.objects.visible_to(user).filter(
        _between("created_at", start, end), user_id__in=learners, course_key__in=courses
    )
    attempts = kept(
        taken,
        lambda: taken.aggregate(n=Count("pk"), passed=Count("pk", filter=Q(passed=True))),
        "attempts and passed",
        attempts=True,
    )
    completed = LessonProgress.objects.filter(
        _between("completed_at", start, end), user_id__in=learners, course_key__in=courses
    )
    lessons = kept(completed, completed.count, "count")
    oldest = pending["oldest"]
    return {
        "flows": flows,
        "decided": flows["approved"] + flows["declined"],
        "pending": pending["n"],
        "oldest_day": format_date(timezone.localtime(oldest, _zone(period))) if oldest else None,
        "certificates": certificates,
        "attempts": attempts["n"],
        "passed": attempts["passed"],
        "pass_rate": _share(attempts["passed"], attempts["n"]),
        "lessons_completed": lessons,
        "tables": [
            backlog_table(changes, pending["n"], period),
            cohort_table(user, cohorts, enrolments, period),
        ],
    }


class Change(NamedTuple):
    """A logged change of an enrolment, with what the metrics ask of it answered by the
    database (each flag is the SQL condition the counts used to filter on: NULL, for a
    change whose data lacks the key, counts as no)."""

    timestamp: datetime.datetime
    action: str
    came: bool | None  # its status became "applied"
    left: bool | None  # it was "applied" and became something else
    decided: bool | None  # approved or declined
    seated: bool | None  # its status became "enrolled"


FLOWS = {
    "received": lambda change: change.action == "academy.enrolment.apply",
    "approved": lambda change: change.action == "academy.enrolment.approve",
    "declined": lambda change: change.action == "academy.enrolment.decline",
    "seated": lambda change: bool(change.seated),
    "withdrawn": lambda change: change.action == "academy.enrolment.withdraw",
}


def history_since(history, start) -> list[Change]:
    """The logged changes from `start` on (to now, past the period's end: the backlog
    counts back from today), read once for the flows and the backlog: one query, a row per
    change in a few columns, instead of two aggregates of a hundred filtered counts each
    (which cost far more to build than the database takes to count)."""
    came = Q(data__to=Status.APPLIED)
    flags = {
        "came": came,
        "left": Q(data__from=Status.APPLIED) & ~came,
        "decided": Q(action__in=["academy.enrolment.approve", "academy.enrolment.decline"]),
        "seated": Q(data__to=Status.ENROLLED),
    }
    rows = (
        history.filter(timestamp__gte=start)
        .order_by()
        .annotate(**{name: ExpressionWrapper(q, BooleanField()) for name, q in flags.items()})
        .values_list("timestamp", "action", *flags)
    )
    return [Change(*row) for row in rows]


def _at_or_after(moments: list, moment) -> int:
    return len(moments) - bisect_left(moments, moment)


def backlog_table(changes: list[Change], pending_now: int, period) -> Table:
    """Applications waiting for a decision at the end of each day (or week): today's
    count, less what arrived after that moment, plus what was decided or withdrawn after
    it. Counted from the changes since the period's start (`history_since`)."""
    buckets = period.buckets()
    came = sorted(change.timestamp for change in changes if change.came)
    left = sorted(change.timestamp for change in changes if change.left)
    decided = sorted(change.timestamp for change in changes if change.decided)
    counts = {}
    for n, (first, _last, e) in enumerate(buckets):
        counts[f"came{n}"] = _at_or_after(came, e)
        counts[f"left{n}"] = _at_or_after(left, e)
        since = _start(period, first)
        counts[f"received{n}"] = _at_or_after(came, since) - counts[f"came{n}"]
        counts[f"decided{n}"] = _at_or_after(decided, since) - _at_or_after(decided, e)
    rows, labels = [], []
    for n, (first, last, _end) in enumerate(buckets):
        waiting = max(0, pending_now - counts[f"came{n}"] + counts[f"left{n}"])
        rows.append([last, waiting, counts[f"received{n}"], counts[f"decided{n}"]])
        labels.append(
            format_day_heading(last)
            if period.daily
            else _("Week of %(day)s") % {"day": format_date(first)}
        )
    zone = zone_label(period.zone)
    return Table(
        key="applications",
        title=_("Applications waiting for a decision"),
        columns=[
            _("Day") if period.daily else _("Week"),
            _("Waiting at the end"),
            _("Applications received"),
            _("Applications decided"),
        ],
        rows=rows,
        labels=labels,
        note=(
            _("At the end of each day (midnight, %(zone)s).")
            if period.daily
            else _("At the end of each week (Sunday midnight, %(zone)s).")
        )
        % {"zone": zone},
    )


def _zone(period):
    return zoneinfo.ZoneInfo(period.zone)


def _start(period, day: datetime.date) -> datetime.datetime:
    return midnight(day, period.zone)


def released_lessons(cohorts, *, now) -> dict[int, set | None]:
    """{cohort id: the translation keys of the required lessons released at least GRACE
    ago}, or None for a self-paced course (no schedule to be behind). Three queries for any
    number of cohorts."""
    courses = {cohort.course_id: cohort.course for cohort in cohorts}
    if not courses:
        return {}
    under = reduce(or_, (Q(path__startswith=course.path) for course in courses.values()))
    private = ModulePage.objects.private_q()  # what .public() leaves out, read once for both
    modules = list(
        ModulePage.objects.live()
        .exclude(private)
        .filter(under)
        .values_list("path", "depth", "release_offset_days")
    )
    required = list(
        LessonPage.objects.live()
        .exclude(private)
        .filter(under, required=True)
        .values_list("path", "translation_key")
    )
    # The required lessons under each module, grouped once by their paths' prefixes rather
    # than matched against every opened module of every cohort.
    under_module = {module_path: set() for module_path, _depth, _offset in modules}
    lengths = {len(module_path) for module_path in under_module}
    for lesson_path, key in required:
        for length in lengths:
            keys = under_module.get(lesson_path[:length])
            if keys is not None:
                keys.add(key)
    found = {}
    for cohort in cohorts:
        course = cohort.course
        if course.self_paced:
            found[cohort.pk] = None
            continue
        found[cohort.pk] = set().union(
            *(
                under_module[module_path]
                for module_path, depth, offset in modules
                if module_path.startswith(course.path)
                and depth == course.depth + 1
                and cohort.release_at(offset) <= now - GRACE
            )
        )
    return found


def course_titles(keys) -> dict:
    """Each course's title in the reader's language where it is translated (one query)."""
    return dict(
        CoursePage.objects.filter(translation_key__in=keys, locale=Locale.get_active()).values_list(
            "translation_key", "title"
        )
    )


def cohort_table(user, cohorts, enrolments, period) -> Table:
    """Per cohort started by the period's end: learners enrolled now, those active in the
    period (a lesson done or a check taken), those behind schedule, applications waiting,
    and certificates issued in the period."""
    start, end = period.start, period.end

    def count_of(rows):
        per_cohort = rows.order_by().values("cohort").annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(per_cohort), 0)

    certificates = Certificate.objects.reported_to(user).filter(
        _between("issued_at", start, end), cohort=OuterRef("pk")
    )
    listed = list(
        cohorts.filter(starts_on__lt=period.last + datetime.timedelta(days=1))
        .select_related("course")
        .annotate(
            enrolled=count_of(enrolments.filter(cohort=OuterRef("pk"), status=Status.ENROLLED)),
            applied=count_of(enrolments.filter(cohort=OuterRef("pk"), status=Status.APPLIED)),
            certificates_issued=count_of(certificates),
        )
        .filter(Q(enrolled__gt=0) | Q(applied__gt=0))
        .order_by("-starts_on", "name")[:MOST_COHORTS]
    )
    titles = course_titles({cohort.course.translation_key for cohort in listed})
    now = timezone.now()
    released = released_lessons(listed, now=now)
    scheduled = {pk: keys for pk, keys in released.items() if keys}
    per_cohort = active_and_behind(enrolments, listed, scheduled, start, end)
    rows, labels, links = [], [], []
    for cohort in listed:
        row = per_cohort.get(cohort.pk, {})
        rows.append(
            [
                cohort.name,
                titles.get(cohort.course.translation_key, cohort.course.title),
                format_date(cohort.starts_on),
                cohort.enrolled,
                row.get("active", 0),
                None if released.get(cohort.pk) is None else row.get("behind", 0),
                cohort.applied,
                cohort.certificates_issued,
            ]
        )
        labels.append(str(cohort.display_name))
        links.append(reverse("academy_reports:cohort", args=[cohort.pk]))
    return Table(
        key="cohorts",
        title=_("Learners per cohort"),
        columns=[
            _("Cohort"),
            _("Course"),
            _("Starts on"),
            _("Enrolled now"),
            _("Active in the period"),
            _("Behind schedule"),
            _("Applications waiting"),
            _("Certificates issued in the period"),
        ],
        rows=rows,
        labels=labels,
        links=links,
        bar=None,  # a table of several figures per cohort: no one of them to draw
        note=_(
            "Active: completed a lesson or took a knowledge check in the period. Behind "
            "schedule: a required lesson released more than %(days)s days ago is not done "
            "(self-paced courses have no schedule: —)."
        )
        % {"days": GRACE.days},
    )


def active_and_behind(enrolments, listed, scheduled: dict, start, end) -> dict:
    """{cohort id: {"active": n, "behind": n}} of the enrolled in the listed cohorts, in
    one grouped query, kept while nothing it counts changes (see below). Its key is what
    the query is built from (the enrolments' read rules as SQL, the cohorts, the required
    lessons' keys, the period), not the query's own SQL: building that (a subquery per
    scheduled cohort) cost more than reading what was kept."""

    def compute():
        active = Exists(
            LessonProgress.objects.filter(
                _between("completed_at", start, end),
                user=OuterRef("user"),
                course_key=OuterRef("cohort__course__translation_key"),
            )
        ) | Exists(
            CheckAttempt.objects.filter(
                _between("created_at", start, end),
                user=OuterRef("user"),
                course_key=OuterRef("cohort__course__translation_key"),
            )
        )
        seated = enrolments.filter(cohort__in=listed, status=Status.ENROLLED)
        if scheduled:
            done = Case(
                *(
                    When(cohort_id=pk, then=Coalesce(Subquery(lessons_done(keys)), 0))
                    for pk, keys in scheduled.items()
                ),
                default=Value(0),
            )
            need = Case(
                *(When(cohort_id=pk, then=Value(len(keys))) for pk, keys in scheduled.items()),
                default=Value(0),
            )
            seated = seated.alias(done=done, need=need)
            behind = Count("pk", filter=Q(done__lt=F("need")))
        else:
            behind = Value(0)
        rows = (
            seated.order_by()
            .values("cohort")
            .annotate(active=Count("pk", filter=Q(active)), behind=behind)
        )
        return {row["cohort"]: row for row in rows}

    try:
        sql, params = enrolments.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:  # no enrolment to read: Django runs no query for it either
        return compute()
    built_from = (
        "academy metrics: active and behind per cohort",
        start,
        end,
        tuple(cohort.pk for cohort in listed),
        tuple(sorted((pk, tuple(sorted(keys))) for pk, keys in scheduled.items())),
        ("attempts", stamp(ATTEMPTS_KEY)),
    )
    return report_counts.kept(sql, (*params, built_from), compute)


# --- Counts of lesson progress and attempts, kept (academy.report_counts) ---
#
# The lessons completed in the period and each cohort's active and behind learners read the
# progress rows of every reported learner (150,000 at the benchmark's volume: 30 and 55 ms of
# SQL, which no query shape reads fewer of: there is one row per completion); the checks'
# pass rate reads the attempts (4 ms). They are kept as the academy reports keep their
# counts: under a digest of their SQL and parameters (the viewer's read rules, the period,
# the required lessons' keys), ignored once an enrolment, a lesson's progress, a cohort, a
# membership or a cohort's facilitators change. The pass rate and the per-cohort counts
# also read knowledge-check attempts, which the reports' counter does not follow: their own
# counter (report_counts.ATTEMPTS_KEY), moved on when an attempt is saved or deleted, is in
# their key.

ATTEMPTS_KEY = report_counts.ATTEMPTS_KEY


def kept(rows, compute, what: str, *, attempts=False):
    """compute() (what it counts of `rows`), kept while nothing it counts changes: under
    the SQL of the rows counted and `what` is counted of them, with the attempts' counter
    when they are knowledge-check attempts."""
    try:
        sql, params = rows.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:  # Django runs no query for it either
        return compute()
    params = (*params, f"academy metrics: {what}")
    if attempts:
        params = (*params, ("attempts", stamp(ATTEMPTS_KEY)))
    return report_counts.kept(sql, params, compute)


# --- Admin wiring (registered in wagtail_hooks.py) ---


def metrics_urls():
    return [path("reports/academy/metrics/", AcademyMetricsView.as_view(), name="academy_metrics")]


def metrics_menu_item():
    return ReportMenuItem(
        gettext_lazy("Academy metrics"),
        reverse("academy_metrics"),
        name="academy-metrics",
        icon_name="doc-full",
        order=305,
    )
