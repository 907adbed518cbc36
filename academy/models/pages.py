"""Academy content as translatable pages: academy > course > module > lesson."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from pages.blocks import BodyBlock
from pages.models import SitePage

from ..blocks import CheckBlock, LessonBodyBlock


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


class CoursePage(SitePage):
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
        from academy.progress import course_view

        context = super().get_context(request, *args, **kwargs)
        context.update(course_view(course=self, user=request.user))
        return context


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
        from academy.progress import module_view

        context = super().get_context(request, *args, **kwargs)
        context.update(module_view(module=self, user=request.user))
        return context


class LessonPage(SitePage):
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
        from academy.progress import check_view, following_lesson, lesson_view

        context = super().get_context(request, *args, **kwargs)
        context.update(lesson_view(lesson=self, user=request.user))
        if context["can_read"]:
            context.update(check_view(lesson=self, user=request.user, is_done=context["is_done"]))
        if context["is_done"] or context.get("check", {}).get("passed"):
            # Where "Next lesson" leads: on through the course, then back to its page.
            context["following_lesson"] = following_lesson(self)
        return context

    def serve(self, request, *args, **kwargs):
        """A POST to a lesson is an attempt at its knowledge check (academy.views)."""
        if request.method == "POST":
            from academy.views import submit_check

            return submit_check(request, self)
        return super().serve(request, *args, **kwargs)
