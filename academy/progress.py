"""What a learner sees of a course: enrolment, schedule, progress. Reads only.

Each function takes the page and the user and returns template context, in a fixed number
of queries whatever the number of modules and lessons.
"""

import datetime
import uuid
from collections import defaultdict
from functools import reduce
from operator import or_

from django.db.models import Case, F, Q, When
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from . import checks
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

INACTIVE = (Enrolment.Status.WITHDRAWN, Enrolment.Status.DECLINED, Enrolment.Status.DEFERRED)
# A cohort stays open for enrolment this long after it starts: late joiners catch up on the
# released modules; after that they wait for the next cohort.
LATE_ENROLMENT_DAYS = 21


def enrolment_for(user, course: CoursePage) -> Enrolment | None:
    """The learner's current place in any cohort of this course, in any language."""
    if not user.is_authenticated:
        return None
    seated_first = Case(When(status=Enrolment.Status.ENROLLED, then=0), default=1)
    return (
        Enrolment.objects.filter(user=user, cohort__course__translation_key=course.translation_key)
        .exclude(status__in=INACTIVE)
        .select_related("cohort")
        .order_by(seated_first, "-created_at")
        .first()
    )


def can_manage(user) -> bool:
    return user.is_authenticated and user.is_coordinator


def completed_keys(user, course: CoursePage) -> set:
    if not user.is_authenticated:
        return set()
    return set(
        LessonProgress.objects.filter(user=user, course_key=course.translation_key).values_list(
            "lesson_key", flat=True
        )
    )


def module_schedule(module: ModulePage, enrolment: Enrolment | None, course: CoursePage):
    """(is_open, opens_at): self-paced courses are open; cohort modules open on release."""
    if course.self_paced:
        return True, None
    if enrolment is None or enrolment.status != Enrolment.Status.ENROLLED:
        return False, None
    opens_at = enrolment.cohort.release_at(module.release_offset_days)
    return timezone.now() >= opens_at, opens_at


def course_outline(course: CoursePage, user):
    """Modules with their lessons, release times and completion, plus overall progress."""
    return _course_outline(course, enrolment_for(user, course), completed_keys(user, course))


def _course_outline(course: CoursePage, enrolment, done: set) -> dict:
    # An outline shows titles and links: the pages' StreamFields stay in the database.
    modules = list(course.modules().defer_streamfields())
    lessons = list(
        LessonPage.objects.live()
        .public()
        .descendant_of(course)
        .defer_streamfields()
        .order_by("path")
    )
    return _outline(course, enrolment, done, modules, lessons)


def course_outlines(courses: list[CoursePage], user) -> dict[int, dict]:
    """course_outline for many courses at once, in the same four queries (plus Wagtail's
    view-restriction lookups) whatever the number of courses: {course pk: outline}."""
    if not courses:
        return {}
    keys = {course.translation_key for course in courses}
    enrolments, done = {}, defaultdict(set)
    if user.is_authenticated:
        seated_first = Case(When(status=Enrolment.Status.ENROLLED, then=0), default=1)
        found = (
            Enrolment.objects.filter(user=user, cohort__course__translation_key__in=keys)
            .exclude(status__in=INACTIVE)
            .select_related("cohort")
            .annotate(course_key=F("cohort__course__translation_key"))
            .order_by(seated_first, "-created_at")
        )
        for enrolment in found:  # enrolment_for's choice: seated first, then the newest
            enrolments.setdefault(enrolment.course_key, enrolment)
        progress = LessonProgress.objects.filter(user=user, course_key__in=keys)
        for course_key, lesson_key in progress.values_list("course_key", "lesson_key"):
            done[course_key].add(lesson_key)
    under = reduce(or_, (Q(path__startswith=course.path) for course in courses))
    modules = ModulePage.objects.live().public().filter(under).defer_streamfields()
    lessons = LessonPage.objects.live().public().filter(under).defer_streamfields()
    modules, lessons = list(modules.order_by("path")), list(lessons.order_by("path"))
    return {
        course.pk: _outline(
            course,
            enrolments.get(course.translation_key),
            done[course.translation_key],
            [m for m in modules if m.path.startswith(course.path) and m.depth == course.depth + 1],
            [lesson for lesson in lessons if lesson.path.startswith(course.path)],
        )
        for course in courses
    }


def _outline(course, enrolment, done, modules, lessons) -> dict:
    outline, required, required_done, resume = [], 0, 0, None
    for module in modules:
        is_open, opens_at = module_schedule(module, enrolment, course)
        module_lessons = [lesson for lesson in lessons if lesson.path.startswith(module.path)]
        for lesson in module_lessons:
            lesson.is_done = lesson.translation_key in done
            if lesson.required:
                required += 1
                required_done += lesson.is_done
            if resume is None and is_open and not lesson.is_done:
                resume = lesson
        outline.append(
            {"module": module, "lessons": module_lessons, "is_open": is_open, "opens_at": opens_at}
        )
    percent = round(100 * required_done / required) if required else 0
    return {
        "enrolment": enrolment,
        "outline": outline,
        "percent_complete": percent,
        "resume": resume,
        "is_complete": bool(required) and required_done == required,
    }


def certificate_for(user, course: CoursePage) -> Certificate | None:
    if not user.is_authenticated:
        return None
    return Certificate.objects.filter(
        user=user, course__translation_key=course.translation_key
    ).first()


def course_view(*, course: CoursePage, user) -> dict:
    from .services import later_cohorts

    enrolment, done = enrolment_for(user, course), completed_keys(user, course)
    if enrolment is None and not done:
        # Nothing of the visitor's own in the outline: it is the same for everyone who has
        # not started, so the template keeps it ({% shared_cache %}) and it is read from the
        # database only when it is not kept.
        # Progress and "resume" are shown only with an enrolment.
        context = {
            "enrolment": None,
            "outline": SimpleLazyObject(lambda: _course_outline(course, None, set())["outline"]),
            "outline_shared": True,
        }
    else:
        context = _course_outline(course, enrolment, done)
    context["certificate"] = certificate_for(user, course)
    if context["enrolment"]:
        context["later_cohorts"] = list(later_cohorts(context["enrolment"]))
    source_key = course.translation_key
    context["cohorts"] = (
        Cohort.objects.filter(course__translation_key=source_key)
        .filter(starts_on__gte=timezone.localdate() - datetime.timedelta(days=LATE_ENROLMENT_DAYS))
        .order_by("starts_on")
        if not course.self_paced
        else Cohort.objects.none()
    )
    if context["enrolment"] and context["enrolment"].status == Enrolment.Status.WAITLISTED:
        context["waitlist_position"] = (
            context["enrolment"]
            .cohort.enrolments.filter(
                status=Enrolment.Status.WAITLISTED,
                created_at__lte=context["enrolment"].created_at,
            )
            .count()
        )
    return context


def waitlist_position(enrolment: Enrolment) -> int | None:
    """A waiting learner's place in line (1 is next), or None when they are not waiting."""
    if enrolment.status != Enrolment.Status.WAITLISTED:
        return None
    return enrolment.cohort.enrolments.filter(
        status=Enrolment.Status.WAITLISTED, created_at__lte=enrolment.created_at
    ).count()


def module_access(module: ModulePage, user) -> dict:
    """The course, the learner's enrolment, and whether the module is open to them."""
    course = module.get_parent().specific
    enrolment = enrolment_for(user, course)
    is_open, opens_at = module_schedule(module, enrolment, course)
    return {
        "course": course,
        "enrolment": enrolment,
        "is_open": is_open or can_manage(user),
        "opens_at": opens_at,
    }


def module_view(*, module: ModulePage, user) -> dict:
    access = module_access(module, user)
    done = completed_keys(user, access["course"])
    lessons = list(module.lessons())
    for lesson in lessons:
        lesson.is_done = lesson.translation_key in done
    return {**access, "lessons": lessons}


def lesson_view(*, lesson: LessonPage, user) -> dict:
    module = lesson.get_parent().specific
    access = module_access(module, user)
    siblings = list(module.lessons())
    position = next((i for i, page in enumerate(siblings) if page.pk == lesson.pk), 0)
    return {
        **access,
        "module": module,
        "can_read": access["is_open"],
        "is_done": lesson.translation_key in completed_keys(user, access["course"]),
        "next_lesson": siblings[position + 1] if position + 1 < len(siblings) else None,
    }


def following_lesson(lesson: LessonPage) -> LessonPage | None:
    """The lesson after this one in the course's order, across modules (tree paths sort
    depth first: module by module, lesson by lesson), or None after the last."""
    course_path = lesson.path[: -2 * LessonPage.steplen]
    return (
        LessonPage.objects.live()
        .public()
        .filter(path__startswith=course_path, path__gt=lesson.path, depth=lesson.depth)
        .order_by("path")
        .first()
    )


def check_state(*, lesson: LessonPage, user) -> dict:
    """The learner's attempts at a lesson's check: used, left, passed, the latest."""
    attempts = []
    if user.is_authenticated:
        attempts = list(
            CheckAttempt.objects.filter(user=user, lesson_key=lesson.translation_key).order_by(
                "created_at", "pk"
            )
        )
    passed = any(attempt.passed for attempt in attempts)
    return {
        "attempts": attempts,
        "used": len(attempts),
        "left": 0 if passed else max(lesson.max_attempts - len(attempts), 0),
        "passed": passed,
        "latest": attempts[-1] if attempts else None,
    }


def check_view(*, lesson: LessonPage, user, is_done: bool = False) -> dict:
    """What the lesson page shows of its check: the questions (never the answers), a fresh
    nonce for the form, and the learner's latest attempt. The marked answers, with the right
    ones and the feedback, only once the check is over for them (passed, or no attempt left)
    or when the lesson's editors chose to show them after every attempt. A lesson already
    completed (before the check was added, say) counts as passed."""
    if not lesson.has_check:
        return {}
    state = check_state(lesson=lesson, user=user)
    if is_done and not state["passed"]:
        state = {**state, "passed": True, "left": 0}
    latest = state["latest"]
    grade = checks.grade(lesson, latest.answers) if latest else None
    over = state["passed"] or state["left"] == 0
    context = {
        "check": state,
        "check_questions": checks.questions(lesson),
        "check_nonce": uuid.uuid4(),
        "check_summary": grade and {"right": grade.right_count, "total": len(grade.marked)},
        "check_grade": grade if over or lesson.reveal_answers_before_last_attempt else None,
    }
    return context


def my_learning(*, user) -> list[dict]:
    """The learner's own cohorts, newest first, each with progress and what opens next.

    A fixed number of queries however many courses the learner follows: the courses in the
    reader's language come in one query, the outlines in one batch (course_outlines)."""
    enrolments = list(
        Enrolment.objects.visible_to(user)
        .filter(user=user)
        .exclude(status__in=INACTIVE)
        .select_related("cohort__course")
        .order_by("-cohort__starts_on")
    )
    # Self-paced courses have no cohort: the ones the learner has started are listed too.
    started = LessonProgress.objects.filter(user=user).values("course_key").distinct()
    self_paced = list(
        CoursePage.objects.live().filter(self_paced=True, translation_key__in=started)
    )
    localized = _localized([e.cohort.course for e in enrolments] + self_paced)
    # One row per self-paced course: the translation in the reader's language.
    self_paced = [c for c in self_paced if c.locale_id == localized[c.pk].locale_id]
    courses = [localized[e.cohort.course.pk] for e in enrolments] + self_paced
    outlines = course_outlines(list({c.pk: c for c in courses}.values()), user)
    now = timezone.now()
    rows = []
    for enrolment, course in zip(enrolments + [None] * len(self_paced), courses, strict=True):
        outline = outlines[course.pk]
        upcoming = [
            item for item in outline["outline"] if item["opens_at"] and item["opens_at"] > now
        ]
        rows.append(
            {
                "enrolment": enrolment,
                "course": course,
                "percent_complete": outline["percent_complete"],
                "resume": outline["resume"],
                "next_release": upcoming[0] if upcoming and enrolment else None,
            }
        )
    return rows


def prefetch_localized(courses: list[CoursePage]) -> None:
    """Give each course its `localized` translation in two queries for the lot, so that a
    template asking `course.localized` in a loop costs nothing more."""
    localized = _localized(courses)
    for course in courses:
        course._prefetched_localized = localized[course.pk]


def _localized(courses: list[CoursePage]) -> dict[int, CoursePage]:
    """Page.localized for many courses: {course pk: the live translation in the active
    language, or the course itself when there is none}."""
    from wagtail.models import Locale

    active = Locale.get_active()
    # Two queries always, for none, one or many courses: a page costs the same either way.
    keys = {c.translation_key for c in courses}
    found = CoursePage.objects.live().filter(locale=active)
    found = found.filter(translation_key__in=keys) if keys else found.filter(pk=0)
    translations = {page.translation_key: page for page in found}
    return {
        c.pk: c if c.locale_id == active.pk else translations.get(c.translation_key, c)
        for c in courses
    }
