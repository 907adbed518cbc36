"""My learning: a learner's own courses with their progress and what opens next, and the
courses' translations in the reader's language for any listing. Reads only.

A fixed number of queries whatever the number of courses, and no page objects but the
courses and the lessons to resume: the outlines are counted from plain rows.
"""

from collections import defaultdict

from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Substr
from django.db.models.lookups import In, StartsWith
from django.utils import timezone
from wagtail.models import Locale, Page, PageViewRestriction

from .models import CoursePage, Enrolment, LessonPage, LessonProgress


def my_learning(*, user, localize=()) -> list[dict]:
    """The learner's own cohorts, newest first, then the self-paced courses they started,
    each with progress and what opens next.

    Seven queries however many courses the learner follows (eight when a lesson is there
    to resume): enrolments, progress, the courses in the reader's language, the private
    sections, modules and lessons as plain rows, the lessons to resume. `localize`: more
    courses (a listing's certificates, say) given their `localized` translation by the
    same query."""
    active = Locale.get_active()
    enrolments = list(
        Enrolment.objects.own(user)
        .active()
        .select_related("cohort__course")
        .order_by("-cohort__starts_on", "pk")  # the same order on every visit
    )
    done = defaultdict(set)
    for course_key, lesson_key in LessonProgress.objects.filter(user=user).values_list(
        "course_key", "lesson_key"
    ):
        done[course_key].add(lesson_key)
    # The translations in the reader's language, and the self-paced courses the learner has
    # started (these have no cohort: they are listed too), in one query.
    keys = {e.cohort.course.translation_key for e in enrolments}
    keys |= {course.translation_key for course in localize}
    found = list(
        CoursePage.objects.live()
        .filter(
            Q(locale=active, translation_key__in=keys)
            | Q(self_paced=True, translation_key__in=list(done))
            | Q(pk=0)  # the same query with nothing to find
        )
        .order_by("path")
    )
    translations = {c.translation_key: c for c in found if c.locale_id == active.pk}

    def localized(course):
        if course.locale_id == active.pk:
            return course
        return translations.get(course.translation_key, course)

    for course in localize:
        course._prefetched_localized = localized(course)
    # One row per self-paced course: the translation in the reader's language (every
    # translation when there is none in it).
    self_paced = [
        c
        for c in found
        if c.self_paced and c.translation_key in done and c.locale_id == localized(c).locale_id
    ]
    courses = [localized(e.cohort.course) for e in enrolments] + self_paced
    outlines = _progress(list({c.pk: c for c in courses}.values()), enrolments, done)
    rows = []
    for enrolment, course in zip(enrolments + [None] * len(self_paced), courses, strict=True):
        outline = outlines[course.pk]
        rows.append(
            {
                "enrolment": enrolment,
                "course": course,
                "percent_complete": outline["percent_complete"],
                "resume": outline["resume"],
                "next_release": outline["next_release"] if enrolment else None,
            }
        )
    return rows


def _progress(courses: list[CoursePage], enrolments: list[Enrolment], done) -> dict[int, dict]:
    """What CoursePage.outline says of progress, for many courses from plain rows:
    {course pk: {percent_complete, resume (a lesson page or None), next_release}}.

    The outline's enrolment is Enrolment.objects.current's: a seat first, then the newest."""
    if not courses:
        return {}
    current = {}
    for enrolment in sorted(
        enrolments,
        key=lambda e: (e.status != Enrolment.Status.ENROLLED, -e.created_at.timestamp(), -e.pk),
    ):
        current.setdefault(enrolment.cohort.course.translation_key, enrolment)
    # Modules and lessons as plain rows, in one query: live, outside private sections
    # (PageQuerySet.public, as a subquery), under the courses (their paths' prefixes).
    private = PageViewRestriction.objects.filter(StartsWith(OuterRef("path"), F("page__path")))
    under = Q()
    for depth in {course.depth for course in courses}:
        paths = [course.path for course in courses if course.depth == depth]
        under |= Q(In(Substr("path", 1, depth * Page.steplen), paths), depth__gt=depth)
    rows = (
        Page.objects.live()
        .filter(Q(modulepage__isnull=False) | Q(lessonpage__isnull=False))
        .filter(under)
        .exclude(Exists(private))
        .order_by("path")
        .values_list(
            "pk",
            "path",
            "depth",
            "title",
            "translation_key",
            "modulepage__release_offset_days",
            "lessonpage__required",
        )
    )
    steplen = Page.steplen
    by_module, by_course = defaultdict(list), defaultdict(list)
    for pk, path, depth, title, key, offset, required in rows:
        if offset is not None:  # a module
            by_course[path[:-steplen], depth].append((path, depth, offset, title))
        else:
            by_module[path[:-steplen]].append((pk, path, key, required))
    now = timezone.now()
    found, resume_pks = {}, set()
    for course in courses:
        enrolment = current.get(course.translation_key)
        seated = enrolment is not None and enrolment.status == Enrolment.Status.ENROLLED
        finished = done[course.translation_key]
        required = required_done = 0
        resume = next_release = None
        for path, _depth, offset, title in by_course[course.path, course.depth + 1]:
            # ModulePage.schedule, from the row.
            if course.self_paced:
                is_open, opens_at = True, None
            elif not seated:
                is_open, opens_at = False, None
            else:
                opens_at = enrolment.cohort.release_at(offset)
                is_open = now >= opens_at
            if next_release is None and opens_at and opens_at > now:
                next_release = {"module": {"title": title}, "opens_at": opens_at}
            for pk, _path, key, is_required in by_module[path]:
                is_done = key in finished
                if is_required:
                    required += 1
                    required_done += is_done
                if resume is None and is_open and not is_done:
                    resume = pk
        resume_pks.add(resume)
        found[course.pk] = {
            "percent_complete": round(100 * required_done / required) if required else 0,
            "resume": resume,
            "next_release": next_release,
        }
    resume_pks.discard(None)
    pages = {}
    if resume_pks:
        pages = {p.pk: p for p in LessonPage.objects.filter(pk__in=resume_pks).defer_streamfields()}
    for outline in found.values():
        outline["resume"] = pages.get(outline["resume"])
    return found


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
