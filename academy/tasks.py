"""Scheduled academy emails (django-q2): module released, and a nudge after a quiet spell.

Each task takes no arguments but the clock, is safe to run twice, and costs a number of
queries that grows with cohorts, courses and modules, never with learners.
"""

import datetime
import zoneinfo

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django_q.models import Schedule

from network import tasks as network_tasks
from network.mail import queue_emails, render_email
from network.models import EmailPreference

from .models import (
    Cohort,
    CoursePage,
    Enrolment,
    LessonPage,
    LessonProgress,
    ModulePage,
    ReleaseNotice,
)

# A module released longer ago than this gets no email: a first deployment, or a worker
# that was down for days, must not announce weeks of old modules at once.
RELEASE_NOTICE_WINDOW = datetime.timedelta(days=2)
# Learners quiet for this long get a nudge, and then at most one per period.
NUDGE_AFTER = datetime.timedelta(days=14)
NUDGE_HOUR = 10  # local time in settings.HUB_DEFAULT_TIME_ZONE

SCHEDULES = {
    "academy: module release notices": {
        "func": "academy.tasks.send_release_notices",
        "schedule_type": Schedule.MINUTES,
        "minutes": 15,
    },
    "academy: inactivity nudges": {
        "func": "academy.tasks.send_nudges",
        "schedule_type": Schedule.DAILY,
        "minutes": None,
    },
}


def _translations(model, keys) -> dict:
    """{(translation_key, language_code): page} for the live translations of these pages."""
    pages = model.objects.live().filter(translation_key__in=set(keys)).select_related("locale")
    return {(page.translation_key, page.locale.language_code): page for page in pages}


class _Localizer:
    """A page's title and absolute URL in a language, falling back to the source page; each
    URL is worked out once per page, not once per learner."""

    def __init__(self, model, sources):
        self.sources = {page.translation_key: page for page in sources}
        self.pages = _translations(model, self.sources)
        self.urls = {}

    def page(self, key, language):
        return self.pages.get((key, language)) or self.sources[key]

    def url(self, page) -> str:
        if page.pk not in self.urls:
            self.urls[page.pk] = page.get_full_url()
        return self.urls[page.pk]


# --- Module released ---


def send_release_notices(now: datetime.datetime | None = None) -> int:
    """Email each cohort's enrolled learners when one of its modules opens; once per module
    per cohort, recorded by ReleaseNotice. Returns the number of emails queued."""
    now = now or timezone.now()
    # A module can only have opened if its cohort starts by tomorrow (time zones ahead of UTC).
    cohorts = list(
        Cohort.objects.filter(
            course__self_paced=False,
            starts_on__lte=timezone.localdate(now) + datetime.timedelta(days=1),
        ).select_related("course")
    )
    modules_of = {}
    for cohort in cohorts:
        if cohort.course_id not in modules_of:
            modules_of[cohort.course_id] = list(cohort.course.modules())
    due = [
        (cohort, module)
        for cohort in cohorts
        for module in modules_of[cohort.course_id]
        if now - RELEASE_NOTICE_WINDOW < cohort.release_at(module.release_offset_days) <= now
    ]
    if not due:
        return 0
    sent = set(
        ReleaseNotice.objects.filter(cohort__in={cohort for cohort, _ in due}).values_list(
            "cohort_id", "module_key"
        )
    )
    due = [(c, m) for c, m in due if (c.pk, m.translation_key) not in sent]
    if not due:
        return 0
    modules = _Localizer(ModulePage, [module for _, module in due])
    courses = _Localizer(CoursePage, [cohort.course for cohort, _ in due])
    count = 0
    for cohort, module in due:
        count += _announce(cohort, module, modules=modules, courses=courses)
    return count


def _announce(cohort: Cohort, module, *, modules: _Localizer, courses: _Localizer) -> int:
    with transaction.atomic():
        # The unique constraint decides between two runs at once: only the one that
        # creates the notice sends, and its emails go only if its transaction commits.
        _, created = ReleaseNotice.objects.get_or_create(
            cohort=cohort, module_key=module.translation_key
        )
        if not created:
            return 0
        enrolments = (
            cohort.enrolments.enrolled().filter(user__is_active=True).select_related("user")
        )
        emails = []
        for enrolment in enrolments:
            user = enrolment.user
            page = modules.page(module.translation_key, user.language)
            course = courses.page(cohort.course.translation_key, user.language)
            context = {
                "user": user,
                "course": course.title,
                "module": page.title,
                "summary": page.summary,
                "url": modules.url(page),
            }
            emails.append(
                (
                    render_email(
                        template="academy_module_released",
                        context=context,
                        to=[user.email],
                        language=user.language,
                        kind=EmailPreference.Kind.MODULE_RELEASES,
                    ),
                    f"academy-module-released:{cohort.pk}:{module.translation_key}:{enrolment.pk}",
                )
            )
        queue_emails(emails)  # one row per learner, written in three queries
        return len(emails)


# --- Nudges ---


def send_nudges(now: datetime.datetime | None = None) -> int:
    """Nudge enrolled learners who have not been active for NUDGE_AFTER in a cohort that has
    been running at least that long, and who have not finished the course, towards the
    lesson where they left off. Returns the number of emails queued."""
    now = now or timezone.now()
    quiet_since = now - NUDGE_AFTER
    with transaction.atomic():
        # Rows another run holds are skipped (PostgreSQL), and those it nudged no longer
        # match once it commits: a learner is never nudged twice by runs at the same time.
        enrolments = list(
            Enrolment.objects.enrolled()
            .filter(cohort__starts_on__lte=timezone.localdate(quiet_since), user__is_active=True)
            .alias(last_seen=Coalesce("last_active_at", "created_at"))
            .filter(last_seen__lt=quiet_since)
            # Once per quiet spell: after a nudge, only new activity makes another one due.
            .filter(Q(nudged_at__isnull=True) | Q(nudged_at__lt=F("last_seen")))
            .select_related("user", "cohort__course")
            .select_for_update(skip_locked=True, of=("self",))
        )
        if not enrolments:
            return 0
        courses = {e.cohort.course_id: e.cohort.course for e in enrolments}
        plans = {pk: _course_plan(course) for pk, course in courses.items()}
        done = {}
        for user_id, course_key, lesson_key in LessonProgress.objects.filter(
            user__in={e.user_id for e in enrolments},
            course_key__in={course.translation_key for course in courses.values()},
        ).values_list("user_id", "course_key", "lesson_key"):
            done.setdefault((user_id, course_key), set()).add(lesson_key)

        to_nudge = []
        for enrolment in enrolments:
            course = enrolment.cohort.course
            resume, percent = _resume(
                plans[course.pk],
                enrolment.cohort,
                done.get((enrolment.user_id, course.translation_key), set()),
                now,
            )
            if resume is not None:  # None: finished, or done everything released so far
                to_nudge.append((enrolment, resume, percent))
        if not to_nudge:
            return 0
        emails = []
        lessons = _Localizer(LessonPage, [resume for _, resume, _ in to_nudge])
        titles = _Localizer(CoursePage, [e.cohort.course for e, _, _ in to_nudge])
        for enrolment, resume, percent in to_nudge:
            user = enrolment.user
            lesson = lessons.page(resume.translation_key, user.language)
            course = titles.page(enrolment.cohort.course.translation_key, user.language)
            context = {
                "user": user,
                "course": course.title,
                "lesson": lesson.title,
                "url": lessons.url(lesson),
                "percent": percent,
            }
            emails.append(
                (
                    render_email(
                        template="academy_nudge",
                        context=context,
                        to=[user.email],
                        language=user.language,
                        kind=EmailPreference.Kind.NUDGES,
                    ),
                    # Once per quiet spell, as nudged_at: keyed by the last activity.
                    f"academy-nudge:{enrolment.pk}:"
                    f"{(enrolment.last_active_at or enrolment.created_at).isoformat()}",
                )
            )
        queue_emails(emails)
        Enrolment.objects.filter(pk__in=[e.pk for e, _, _ in to_nudge]).update(nudged_at=now)
    return len(to_nudge)


def _course_plan(course: CoursePage) -> list[tuple[int, list]]:
    """[(release offset, lessons)] per live module, in order: what CoursePage.outline walks,
    read once per course instead of once per learner."""
    lessons = list(LessonPage.objects.live().public().descendant_of(course).order_by("path"))
    return [
        (module.release_offset_days, [x for x in lessons if x.path.startswith(module.path)])
        for module in course.modules()
    ]


def _resume(plan, cohort: Cohort, done: set, now) -> tuple[LessonPage | None, int]:
    """The first open lesson not done (as CoursePage.outline finds it), or None
    when every required lesson is done; and the percentage of required lessons done."""
    required = [x for _, lessons in plan for x in lessons if x.required]
    required_done = sum(x.translation_key in done for x in required)
    percent = round(100 * required_done / len(required)) if required else 0
    if required and required_done == len(required):
        return None, percent
    for offset, lessons in plan:
        if cohort.release_at(offset) > now:
            break
        for lesson in lessons:
            if lesson.translation_key not in done:
                return lesson, percent
    return None, percent


# --- Schedules ---


def ensure_schedules(*, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """Create or update the django-q2 schedules of these tasks (a post_migrate handler).
    Nudges first run tomorrow at NUDGE_HOUR in the hub's zone; the rest at once."""
    zone = zoneinfo.ZoneInfo(settings.HUB_DEFAULT_TIME_ZONE)
    first_nudges = datetime.datetime.combine(
        timezone.localdate(timezone=zone) + datetime.timedelta(days=1),
        datetime.time(NUDGE_HOUR),
        tzinfo=zone,
    )
    network_tasks.ensure_schedules(
        SCHEDULES,
        using=using,
        first_run=lambda fields: (
            first_nudges if fields["schedule_type"] == Schedule.DAILY else timezone.now()
        ),
    )
