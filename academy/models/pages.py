"""Academy content as translatable pages: academy > course > module > lesson.

What a learner sees of a course (enrolment, schedule, progress, knowledge checks) is read
here, in a fixed number of queries whatever the number of modules and lessons; the rules
it shares with the services are methods of these pages and of the learning QuerySets.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from pages import cache as page_cache
from pages.blocks import BodyBlock
from pages.languages import foreign_language
from pages.models import SitePage

from .. import checks, learner_cache
from ..blocks import CheckBlock, LessonBodyBlock
from .learning import (
    AttemptGrant,
    Certificate,
    CheckAttempt,
    Cohort,
    Enrolment,
    LessonProgress,
    attempt_help,
)


def can_manage(user) -> bool:
    """Coordinators read every module, open or not."""
    return user.is_authenticated and user.is_coordinator


class LearnerContentMixin:
    """A page whose content is the signed-in person's own (their place, progress, check):
    kept for them alone (academy.learner_cache), never for anyone else."""

    def content_fragment(self, request) -> dict:
        return learner_cache.fragment(request, [self.cache_key, request.get_host(), request.path])

    def read_kept_content(self, fragment: dict, request):
        """This person's kept content (fresh form tokens and nonce), or None."""
        return learner_cache.read(fragment, request)


class AcademyIndexPage(SitePage):
    """What the Prevention Academies offer, side by side, each with its courses: the
    header's "Academy". Editors write its introduction; the academies list themselves."""

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = SitePage.content_panels + [FieldPanel("introduction")]

    # The academies stay where their addresses are (under the home page): this page lists
    # them rather than holding them.
    parent_page_types = ["pages.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    search_fields = SitePage.search_fields + [index.SearchField("introduction")]
    content_cache = True  # the same for everyone: academies and courses, no form, no clock

    class Meta:
        verbose_name = _("academies overview")
        verbose_name_plural = _("academies overviews")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        academies = list(
            AcademyPage.objects.live().public().filter(locale_id=self.locale_id).order_by("path")
        )
        # The academies are this page's siblings, so their courses sit one level below it.
        courses = (
            CoursePage.objects.live()
            .public()
            .filter(locale_id=self.locale_id, depth=self.depth + 1)
            .order_by("path")
        )
        by_academy = {academy.path: [] for academy in academies}
        for course in courses:
            parent_path = course.path[: -CoursePage.steplen]
            if parent_path in by_academy:
                by_academy[parent_path].append(course)
        context["academies"] = [(academy, by_academy[academy.path]) for academy in academies]
        return context


class AcademyPage(SitePage):
    """One Prevention Academy (US, Canada, British Columbia) and its courses."""

    introduction = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = SitePage.content_panels + [FieldPanel("introduction"), FieldPanel("body")]

    parent_page_types = ["pages.HomePage"]
    subpage_types = ["academy.CoursePage"]

    search_fields = SitePage.search_fields + [index.SearchField("introduction")]

    class Meta:
        verbose_name = _("academy")
        verbose_name_plural = _("academies")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["courses"] = CoursePage.objects.live().public().child_of(self)
        return context


class CoursePage(LearnerContentMixin, SitePage):
    """A course: its track, what learners gain, how long it takes, what completes it."""

    class Track(models.TextChoices):
        MAIN = "main", _("Course")
        GENERAL = "general", _("General Track")
        DEEP_DIVE = "deep-dive", _("Deep Dive Track")

    track = models.CharField(_("track"), max_length=20, choices=Track, default=Track.MAIN)
    summary = models.TextField(_("summary"))
    outcomes = RichTextField(
        _("what you will be able to do"), features=["ul", "ol", "bold", "italic"], blank=True
    )
    estimated_hours = models.DecimalField(
        _("estimated hours"), max_digits=5, decimal_places=1, default=10
    )
    self_paced = models.BooleanField(
        _("self-paced"),
        default=False,
        help_text=_("Everything is open at once to anyone signed in; no cohorts."),
    )
    completion_rule = models.TextField(
        _("completion rule"),
        blank=True,
        help_text=_("Shown to learners, e.g. “Complete every required lesson.”"),
    )

    content_panels = SitePage.content_panels + [
        FieldPanel("summary"),
        FieldPanel("outcomes"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("track"), FieldPanel("estimated_hours")]),
                FieldPanel("self_paced"),
                FieldPanel("completion_rule"),
            ],
            heading=_("How the course runs"),
        ),
    ]

    parent_page_types = ["academy.AcademyPage"]
    subpage_types = ["academy.ModulePage"]

    search_fields = SitePage.search_fields + [index.SearchField("summary")]

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def modules(self):
        return ModulePage.objects.live().public().child_of(self).order_by("path")

    @property
    def localized(self):
        """Page.localized (a query or two per page), or the translation a listing fetched
        for all its courses at once (academy.progress.prefetch_localized)."""
        prefetched = self.__dict__.get("_prefetched_localized")
        return prefetched if prefetched is not None else super().localized

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        user = request.user
        enrolment = Enrolment.objects.current(user=user, course=self)
        done = LessonProgress.objects.completed_keys(user=user, course=self)
        if enrolment is None and not done:
            # Nothing of the visitor's own in the outline: it is the same for everyone who
            # has not started, so the template keeps it ({% wagtailpagecache %}) and it is read
            # only when it is not kept.
            # Progress and "resume" are shown only with an enrolment.
            context.update(
                enrolment=None,
                outline=SimpleLazyObject(
                    lambda: _outline_view(self, self.outline_skeleton(request), None, set())[
                        "outline"
                    ]
                ),
                outline_shared=True,
            )
        else:
            context.update(_outline_view(self, self.outline_skeleton(request), enrolment, done))
        context["certificate"] = Certificate.objects.held(user=user, course=self)
        if context["enrolment"]:
            context["later_cohorts"] = list(
                Cohort.objects.later_than(context["enrolment"], course=self)
            )
        context["cohorts"] = (
            Cohort.objects.none() if self.self_paced else Cohort.objects.joinable(self)
        )
        waitlisted = (
            context["enrolment"] and context["enrolment"].status == Enrolment.Status.WAITLISTED
        )
        if waitlisted:
            context["waitlist_position"] = context["enrolment"].waitlist_position()
        # Kept until the next module opens; not while waitlisted (others move the position).
        context["content_fragment"] = learner_cache.until(
            context["content_fragment"], [context.get("next_opening")], keep=not waitlisted
        )
        return context

    # --- Outline and progress ---

    def lessons(self):
        """Every live lesson of the course in course order, titles and links only (an
        outline leaves the pages' StreamFields in the database)."""
        return (
            LessonPage.objects.live()
            .public()
            .descendant_of(self)
            .defer_streamfields()
            .order_by("path")
        )

    def outline_for(self, user) -> dict:
        """Modules with their lessons, release times and completion, plus overall progress."""
        enrolment = Enrolment.objects.current(user=user, course=self)
        return self.outline(
            enrolment, LessonProgress.objects.completed_keys(user=user, course=self)
        )

    def outline(self, enrolment, done: set) -> dict:
        modules = list(self.modules().defer_streamfields())
        return _outline(self, enrolment, done, modules, list(self.lessons()))

    def outline_skeleton(self, request) -> list[dict]:
        """The outline's modules and lessons as plain values (title, link, language,
        release offset; key and whether required), the same for every reader of a language:
        kept for everyone until the next publish (pages.cache.shared), so that a learner's
        outline costs no page query and no URL or language lookup per lesson."""

        def build():
            codes = {}

            def values(page):
                return {
                    "title": page.title,
                    "url": page.get_url(request),
                    "lang": foreign_language(page, locale_codes=codes) or "",
                }

            lessons = list(self.lessons())
            return [
                {
                    **values(module),
                    "release_offset_days": module.release_offset_days,
                    "lessons": [
                        {
                            **values(lesson),
                            "key": lesson.translation_key,
                            "required": lesson.required,
                        }
                        for lesson in lessons
                        if lesson.path.startswith(module.path)
                    ],
                }
                for module in self.modules().defer_streamfields()
            ]

        seconds = settings.HUB_FRAGMENT_CACHE_SECONDS
        if getattr(request, "is_preview", False) or seconds <= 0:
            return build()
        return page_cache.shared("academy-outline", [self.pk, request.get_host()], build, seconds)


class ModulePage(SitePage):
    """A unit of a course, usually a week, released a number of days after a cohort starts."""

    summary = models.TextField(_("summary"), blank=True)
    release_offset_days = models.PositiveSmallIntegerField(
        _("opens after (days)"),
        default=0,
        help_text=_("Days after the cohort starts; 0 opens it on the first day."),
    )

    content_panels = SitePage.content_panels + [
        FieldPanel("summary"),
        FieldPanel("release_offset_days"),
    ]

    parent_page_types = ["academy.CoursePage"]
    subpage_types = ["academy.LessonPage"]

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")

    def lessons(self):
        return LessonPage.objects.live().public().child_of(self).order_by("path")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        access = self.access(request.user)
        done = LessonProgress.objects.completed_keys(user=request.user, course=access["course"])
        lessons = list(self.lessons())
        for lesson in lessons:
            lesson.is_done = lesson.translation_key in done
        context.update(access, lessons=lessons)
        return context

    def schedule(self, enrolment, course) -> tuple:
        """(is_open, opens_at): self-paced courses are open; cohort modules open on release."""
        return schedule(course, enrolment, self.release_offset_days, timezone.now())

    def access(self, user) -> dict:
        """The course, the learner's enrolment, and whether the module is open to them."""
        course = self.get_parent().specific
        enrolment = Enrolment.objects.current(user=user, course=course)
        is_open, opens_at = self.schedule(enrolment, course)
        return {
            "course": course,
            "enrolment": enrolment,
            "is_open": is_open or can_manage(user),
            "opens_at": opens_at,
        }


class LessonPage(LearnerContentMixin, SitePage):
    """A lesson: text, video, documents, links to resources, a reflection prompt and an
    optional knowledge check. A lesson with a check is completed by passing it."""

    summary = models.TextField(_("summary"), blank=True)
    required = models.BooleanField(
        _("required"), default=True, help_text=_("Counts towards completing the course.")
    )
    body = StreamField(LessonBodyBlock(), blank=True, verbose_name=_("body"))
    reflection_prompt = models.TextField(_("reflection prompt"), blank=True)
    check_questions = StreamField(
        CheckBlock(),
        blank=True,
        verbose_name=_("knowledge check"),
        help_text=_("Optional. Learners complete the lesson by passing it."),
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=80, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("attempts allowed"), default=3, validators=[MinValueValidator(1)]
    )
    reveal_answers_before_last_attempt = models.BooleanField(
        _("show the right answers after every attempt"),
        default=False,
        help_text=_(
            "Off: after a failed attempt learners see their score only, and the right answers "
            "and feedback once they pass or have used every attempt."
        ),
    )

    content_panels = SitePage.content_panels + [
        FieldPanel("summary"),
        FieldPanel("required"),
        FieldPanel("body"),
        FieldPanel("reflection_prompt"),
        MultiFieldPanel(
            [
                FieldPanel("check_questions"),
                FieldRowPanel([FieldPanel("pass_mark"), FieldPanel("max_attempts")]),
                FieldPanel("reveal_answers_before_last_attempt"),
            ],
            heading=_("Knowledge check"),
        ),
    ]

    @property
    def has_check(self) -> bool:
        return len(self.check_questions) > 0

    parent_page_types = ["academy.ModulePage"]
    subpage_types = []

    search_fields = SitePage.search_fields + [index.SearchField("summary")]

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.access(request.user, with_next=False))
        if context["can_read"]:
            context.update(self.check_context(request.user, is_done=context["is_done"]))
        if context["is_done"] or context.get("check", {}).get("passed"):
            # Where "Next lesson" leads: on through the course, then back to its page.
            context["following_lesson"] = self.following()
        # Kept until the lesson opens; not when it names the facilitators to write to (their
        # names and addresses are theirs to change).
        context["content_fragment"] = learner_cache.until(
            context["content_fragment"],
            [None if context["can_read"] else context["opens_at"]],
            keep=not context.get("check_help"),
        )
        return context

    def access(self, user, *, with_next: bool = True) -> dict:
        """The module's access (ModulePage.access), whether the lesson is open to this
        learner and done, and (unless with_next is false: the page does not show it) the
        next lesson in its module."""
        module = self.get_parent().specific
        access = module.access(user)
        done = user.is_authenticated and (
            LessonProgress.objects.filter(
                user=user,
                course_key=access["course"].translation_key,
                lesson_key=self.translation_key,
            ).exists()
        )
        found = {**access, "module": module, "can_read": access["is_open"], "is_done": done}
        if with_next:
            siblings = list(module.lessons())
            position = next((i for i, page in enumerate(siblings) if page.pk == self.pk), 0)
            found["next_lesson"] = siblings[position + 1] if position + 1 < len(siblings) else None
        return found

    def following(self) -> "LessonPage | None":
        """The lesson after this one in the course's order, across modules (tree paths sort
        depth first: module by module, lesson by lesson), or None after the last."""
        course_path = self.path[: -2 * self.steplen]
        return (
            LessonPage.objects.live()
            .public()
            .filter(path__startswith=course_path, path__gt=self.path, depth=self.depth)
            .order_by("path")
            .first()
        )

    # --- Knowledge check ---

    def check_state(self, user) -> dict:
        """The learner's attempts at this lesson's check: used, allowed (the lesson's own
        plus any a facilitator granted), left, passed, the latest."""
        attempts = list(CheckAttempt.objects.of_lesson(user=user, lesson=self))
        passed = any(attempt.passed for attempt in attempts)
        allowed = self.max_attempts + AttemptGrant.objects.extra(
            user=user, lesson_key=self.translation_key
        )
        return {
            "attempts": attempts,
            "used": len(attempts),
            "allowed": allowed,
            "left": 0 if passed else max(allowed - len(attempts), 0),
            "passed": passed,
            "latest": attempts[-1] if attempts else None,
        }

    def check_context(self, user, *, is_done: bool = False) -> dict:
        """What the lesson page shows of its check: the questions (never the answers), a
        fresh nonce for the form, and the learner's latest attempt. The marked answers, with
        the right ones and the feedback, only once the check is over for them (passed, or no
        attempt left) or when the lesson's editors chose to show them after every attempt.
        A lesson already completed (before the check was added, say) counts as passed."""
        if not self.has_check:
            return {}
        state = self.check_state(user)
        if is_done and not state["passed"]:
            state = {**state, "passed": True, "left": 0}
        latest = state["latest"]
        grade = checks.grade(self, latest.answers) if latest else None
        over = state["passed"] or state["left"] == 0
        return {
            "check": state,
            "check_questions": checks.questions(self),
            "check_nonce": uuid.uuid4(),
            "check_summary": grade and {"right": grade.right_count, "total": len(grade.marked)},
            "check_grade": grade if over or self.reveal_answers_before_last_attempt else None,
            # Out of attempts: who can grant another, and how to reach them.
            "check_help": attempt_help(user=user, lesson=self)
            if over and not state["passed"]
            else None,
        }


def schedule(course, enrolment, offset_days: int, now) -> tuple:
    """ModulePage.schedule for a module's release offset: (is_open, opens_at)."""
    if course.self_paced:
        return True, None
    if enrolment is None or enrolment.status != Enrolment.Status.ENROLLED:
        return False, None
    opens_at = enrolment.cohort.release_at(offset_days)
    return now >= opens_at, opens_at


def _outline_view(course, skeleton: list[dict], enrolment, done: set) -> dict:
    """CoursePage.outline for the course page, from its skeleton (outline_skeleton): the
    same modules, lessons, progress and lesson to resume, as plain values."""
    now = timezone.now()
    outline, required, required_done, resume = [], 0, 0, None
    for module in skeleton:
        is_open, opens_at = schedule(course, enrolment, module["release_offset_days"], now)
        lessons = []
        for lesson in module["lessons"]:
            lesson = {**lesson, "is_done": lesson["key"] in done}
            if lesson["required"]:
                required += 1
                required_done += lesson["is_done"]
            if resume is None and is_open and not lesson["is_done"]:
                resume = lesson
            lessons.append(lesson)
        outline.append(
            {"module": module, "lessons": lessons, "is_open": is_open, "opens_at": opens_at}
        )
    return {
        "enrolment": enrolment,
        "outline": outline,
        "percent_complete": round(100 * required_done / required) if required else 0,
        "resume": resume,
        "is_complete": bool(required) and required_done == required,
        # When the outline next changes by itself (a module opens): what is kept expires.
        "next_opening": min(
            (item["opens_at"] for item in outline if item["opens_at"] and item["opens_at"] > now),
            default=None,
        ),
    }


def _outline(course, enrolment, done, modules, lessons) -> dict:
    outline, required, required_done, resume = [], 0, 0, None
    for module in modules:
        is_open, opens_at = module.schedule(enrolment, course)
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
