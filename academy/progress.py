"""What a learner sees of a course: enrolment, schedule, progress. Reads only.

Each function takes the page and the user and returns template context, in a fixed number
of queries whatever the number of modules and lessons.
"""

import datetime
import uuid

from django.db.models import Case, When
from django.utils import timezone

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
    enrolment = enrolment_for(user, course)
    done = completed_keys(user, course)
    modules = list(course.modules())
    lessons = list(LessonPage.objects.live().public().descendant_of(course).order_by("path"))
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

    context = course_outline(course, user)
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
    nonce for the form, and the graded feedback of the learner's latest attempt. A lesson
    already completed (before the check was added, say) counts as passed."""
    if not lesson.has_check:
        return {}
    state = check_state(lesson=lesson, user=user)
    if is_done and not state["passed"]:
        state = {**state, "passed": True, "left": 0}
    latest = state["latest"]
    return {
        "check": state,
        "check_questions": checks.questions(lesson),
        "check_nonce": uuid.uuid4(),
        "check_grade": checks.grade(lesson, latest.answers) if latest else None,
    }


def my_learning(*, user) -> list[dict]:
    """The learner's own cohorts, newest first, each with progress and what opens next."""
    enrolments = (
        Enrolment.objects.visible_to(user)
        .filter(user=user)
        .exclude(status__in=INACTIVE)
        .select_related("cohort__course")
        .order_by("-cohort__starts_on")
    )
    now = timezone.now()
    rows = []
    for enrolment in enrolments:
        course = enrolment.cohort.course.localized.specific
        outline = course_outline(course, user)
        upcoming = [
            item for item in outline["outline"] if item["opens_at"] and item["opens_at"] > now
        ]
        rows.append(
            {
                "enrolment": enrolment,
                "course": course,
                "percent_complete": outline["percent_complete"],
                "resume": outline["resume"],
                "next_release": upcoming[0] if upcoming else None,
            }
        )
    # Self-paced courses have no cohort: the ones the learner has started are listed too.
    started = LessonProgress.objects.filter(user=user).values("course_key").distinct()
    for course in CoursePage.objects.live().filter(self_paced=True, translation_key__in=started):
        if course.locale_id != course.localized.locale_id:
            continue  # one row per course: the translation in the reader's language
        outline = course_outline(course, user)
        rows.append(
            {
                "enrolment": None,
                "course": course,
                "percent_complete": outline["percent_complete"],
                "resume": outline["resume"],
                "next_release": None,
            }
        )
    return rows
