"""My calendar's module openings (network.calendar_feed): for each cohort the person is
enrolled in, each module of its course at the moment it opens (Cohort.release_at, the time
the release email and the course outline use), from the last 90 days on. Shown as a short
event that keeps the time free; self-paced courses have nothing to open.
"""

from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail import hooks

from network.calendar_feed import HOOK, CalendarEvent, window_start

from .models import CoursePage, Enrolment, ModulePage


def _translations(model, keys, language: str) -> dict:
    """{translation_key: live page in `language`}, in one query."""
    found = (
        model.objects.live()
        .filter(locale__language_code=language, translation_key__in=set(keys))
        .select_related("locale")
        .defer_streamfields()
    )
    return {page.translation_key: page for page in found}


def _modules_of(courses) -> dict:
    """{course pk: [its live public modules, in order]}, for every course in one query (what
    CoursePage.modules() gives one course at a time)."""
    if not courses:
        return {}
    children = Q()
    for course in courses:
        children |= Q(path__startswith=course.path, depth=course.depth + 1)
    modules = ModulePage.objects.live().public().filter(children).order_by("path")
    modules = modules.select_related("locale").defer_streamfields()
    found = {course.pk: [] for course in courses}
    for module in modules:
        for course in courses:
            if module.path.startswith(course.path):
                found[course.pk].append(module)
    return found


@hooks.register(HOOK)
def module_releases(user) -> list[CalendarEvent]:
    enrolments = list(
        Enrolment.objects.visible_to(user)
        .filter(user=user, cohort__course__self_paced=False)
        .enrolled()
        .select_related("cohort__course")
    )
    courses = {e.cohort.course_id: e.cohort.course for e in enrolments}
    modules_of = _modules_of(list(courses.values()))
    language = get_language()
    since = window_start()
    due = [
        (enrolment.cohort, module, enrolment.cohort.release_at(module.release_offset_days))
        for enrolment in enrolments
        for module in modules_of[enrolment.cohort.course_id]
    ]
    due = [(cohort, module, opens) for cohort, module, opens in due if opens >= since]
    modules = _translations(ModulePage, [m.translation_key for _c, m, _o in due], language)
    titles = _translations(CoursePage, [c.translation_key for c in courses.values()], language)
    events = []
    for cohort, module, opens in due:
        shown = modules.get(module.translation_key, module)
        course = titles.get(cohort.course.translation_key, cohort.course)
        url = shown.get_full_url()
        where = f"{course.title} · {cohort.name_in(language)}"
        events.append(
            CalendarEvent(
                uid=f"academy-module-{cohort.pk}-{module.translation_key}@hub",
                start=opens,
                end=opens,
                summary=_("Module opens: %(module)s") % {"module": shown.title},
                description="\n\n".join(filter(None, [where, shown.summary, url])),
                url=url,
                busy=False,
            )
        )
    return events
