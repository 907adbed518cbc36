"""My learning: a learner's own courses with their progress and what opens next, and the
courses' translations in the reader's language for any listing. Reads only.

A fixed number of queries whatever the number of courses, and no page objects but the
courses and the lessons to resume: the outlines are counted from plain rows.
"""

from collections import defaultdict

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Substr
from django.db.models.lookups import In, StartsWith
from django.utils import timezone
from django.utils.translation import get_language
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, PageViewRestriction

from .models import CoursePage, Enrolment, LessonPage, LessonProgress
from .models.pages import schedule


def my_learning(*, user, localize=()) -> list[dict]:
    """The learner's own cohorts, newest first, then the self-paced courses they started,
    each with progress and what opens next.

    Four queries however many courses the learner follows: enrolments, progress, the
    courses in the reader's language, the modules and lessons as plain rows (the lessons to
    resume are built from those rows). `localize`: more courses (a
    listing's certificates, say), selected with their `locale`, given their `localized`
    translation by the same query."""
    active = _active_language()
    enrolments = list(
        Enrolment.objects.own(user)
        .active()
        .select_related("cohort__course__locale")
        .order_by("-cohort__starts_on", "pk")  # the same order on every visit
    )
    done = defaultdict(set)
    for course_key, lesson_key in LessonProgress.objects.filter(user=user).values_list(
        "course_key", "lesson_key"
    ):
        done[course_key].add(lesson_key)
    # The translations in the reader's language, and the self-paced courses the learner has
    # started (these have no cohort: they are listed too), in one query.
    # (Only the courses not in the reader's language need their translation.)
    listed = [e.cohort.course for e in enrolments] + list(localize)
    keys = {c.translation_key for c in listed if c.locale.language_code != active}
    found = list(
        CoursePage.objects.live()
        .select_related("locale")
        .filter(
            Q(locale__language_code=active, translation_key__in=keys)
            | Q(self_paced=True, translation_key__in=list(done))
            | Q(pk=0)  # the same query with nothing to find
        )
        .order_by("path")
    )
    translations = {c.translation_key: c for c in found if c.locale.language_code == active}

    def localized(course):
        if course.locale.language_code == active:
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
                "next_opening": outline["next_opening"],
            }
        )
    return rows


def _active_language() -> str:
    """The language code of Locale.get_active(), without asking the database."""
    try:
        return get_supported_content_language_variant(get_language())
    except LookupError:
        return get_supported_content_language_variant(settings.LANGUAGE_CODE)


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
            "url_path",
            "locale_id",
            "modulepage__release_offset_days",
            "lessonpage__required",
        )
    )
    steplen = Page.steplen
    by_module, by_course = defaultdict(list), defaultdict(list)
    for row in rows:
        path, depth, offset = row[1], row[2], row[7]
        if offset is not None:  # a module
            by_course[path[:-steplen], depth].append((path, offset, row[3]))
        else:
            by_module[path[:-steplen]].append(row)
    now = timezone.now()
    found = {}
    for course in courses:
        enrolment = current.get(course.translation_key)
        finished = done[course.translation_key]
        required = required_done = 0
        resume = next_release = next_opening = None
        for path, offset, title in by_course[course.path, course.depth + 1]:
            is_open, opens_at = schedule(course, enrolment, offset, now)
            if opens_at and opens_at > now:
                if next_release is None:
                    next_release = {"module": {"title": title}, "opens_at": opens_at}
                next_opening = min(next_opening or opens_at, opens_at)
            for lesson in by_module[path]:
                is_done = lesson[4] in finished
                if lesson[8]:  # required
                    required += 1
                    required_done += is_done
                if resume is None and is_open and not is_done:
                    resume = lesson
        found[course.pk] = {
            "percent_complete": round(100 * required_done / required) if required else 0,
            # The lesson to resume, for its title and link: a page built from the row, not
            # read again.
            "resume": _lesson(resume) if resume else None,
            "next_release": next_release,
            # When this course's progress next changes by itself (a module opens).
            "next_opening": next_opening,
        }
    return found


def page_url(page, request) -> str | None:
    """Page.get_url(request) for a view that is not a Wagtail page, without Wagtail's site
    lookup (a query) when the page belongs to one site: the link is then the page's path."""
    parts = page.get_url_parts(request)
    if parts is None or parts[2] is None:
        return None
    if len({root.site_id for root in page._get_site_root_paths(request)}) == 1:
        return parts[2]
    return page.get_url(request)


def _lesson(row) -> LessonPage:
    """A lesson page with what its title and link need (Page.get_url reads the url_path and
    nothing else), built from its row in _progress."""
    pk, path, depth, title, key, url_path, locale_id = row[:7]
    return LessonPage(
        pk=pk,
        path=path,
        depth=depth,
        title=title,
        translation_key=key,
        url_path=url_path,
        locale_id=locale_id,
    )


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
