"""My learning: a learner's own courses with their progress and what opens next, and the
courses' translations in the reader's language for any listing. Reads only.

A fixed number of queries whatever the number of courses (CoursePage.outlines_for).
"""

from django.utils import timezone
from wagtail.models import Locale

from .models import CoursePage, Enrolment, LessonProgress


def my_learning(*, user) -> list[dict]:
    """The learner's own cohorts, newest first, each with progress and what opens next.

    A fixed number of queries however many courses the learner follows: the courses in the
    reader's language come in one query, the outlines in one batch (CoursePage.outlines_for)."""
    enrolments = list(
        Enrolment.objects.visible_to(user)
        .filter(user=user)
        .active()
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
    outlines = CoursePage.outlines_for(list({c.pk: c for c in courses}.values()), user)
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
