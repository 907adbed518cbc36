"""The public face of grants: the funding index, programmes, calls for proposals and each
programme's public evaluation (translated with wagtail-localize like every page).

Applications, reviews and grants point at the call's and the programme's page in the
language it was first written in (`canonical`), so an application made from the French page
and one made from the English page belong to the same call.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from pages.blocks import BodyBlock
from pages.models import SitePage

from ..blocks import EligibilityQuestionBlock, FormFieldsBlock, QuestionAnswerBlock, RubricBlock
from .common import Currency

TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class CanonicalMixin:
    """The page in the language it was first written in: what rows point at."""

    @property
    def canonical(self):
        if self.locale.language_code == settings.LANGUAGE_CODE:
            return self
        default = Locale.objects.filter(language_code=settings.LANGUAGE_CODE).first()
        found = self.get_translation_or_none(default) if default else None
        return (found or self).specific


class GrantsIndexPage(SitePage):
    """ "Funding": the open calls, the programmes, and how to get help applying."""

    introduction = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = SitePage.content_panels + [FieldPanel("introduction"), FieldPanel("body")]
    parent_page_types = ["pages.HomePage"]
    subpage_types = ["grants.GrantProgrammePage"]
    max_count_per_parent = 1

    search_fields = SitePage.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    class Meta:
        verbose_name = _("funding index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        calls = CallPage.objects.live().public().descendant_of(self).specific()
        now = timezone.now()
        context["open_calls"] = list(calls.open(now))
        context["closed_calls"] = list(calls.closed(now).order_by("-deadline")[:6])
        context["programmes"] = GrantProgrammePage.objects.live().public().child_of(self).specific()
        return context


class GrantProgrammePage(CanonicalMixin, SitePage):
    """A grants programme: what it funds and why, who funds it, its calls, what grantees
    report on, and its public evaluation."""

    introduction = models.TextField(_("introduction"), blank=True)
    funder = models.CharField(
        _("funded by"),
        max_length=300,
        blank=True,
        help_text=_("Shown on the programme and its calls, e.g. the federal agency or donor."),
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))
    report_form = StreamField(
        FormFieldsBlock(),
        blank=True,
        verbose_name=_("report form"),
        help_text=_(
            "The questions every grantee answers in each report, after the figures every "
            "report asks (people reached, activities held, incidents by category and month)."
        ),
    )
    contact_email = models.EmailField(_("who to ask"), blank=True)

    content_panels = SitePage.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("funder"),
        FieldPanel("body"),
        FieldPanel("contact_email"),
    ]
    report_panels = [FieldPanel("report_form")]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(report_panels, heading=_("Report form")),
            ObjectList(SitePage.promote_panels, heading=_("Promote")),
            ObjectList(SitePage.settings_panels, heading=_("Settings")),
        ]
    )

    parent_page_types = ["grants.GrantsIndexPage"]
    subpage_types = ["grants.CallPage", "grants.EvaluationPage"]

    search_fields = SitePage.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    class Meta:
        verbose_name = _("grants programme")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        calls = CallPage.objects.live().public().child_of(self).specific()
        now = timezone.now()
        context["open_calls"] = list(calls.open(now))
        context["closed_calls"] = list(calls.closed(now).order_by("-deadline"))
        context["evaluation"] = EvaluationPage.objects.live().public().child_of(self).first()
        return context


class CallPageQuerySet(PageQuerySet):
    """Pages' querysets (PageQuerySet) with the call's own read rules."""

    def open(self, now=None):
        now = now or timezone.now()
        return self.filter(Q(opens_at__isnull=True) | Q(opens_at__lte=now)).filter(
            Q(deadline__isnull=True) | Q(deadline__gt=now)
        )

    def closed(self, now=None):
        return self.filter(deadline__lte=now or timezone.now())


class CallPage(CanonicalMixin, SitePage):
    """A call for proposals: what it funds, for how much and how long, who may apply, by
    when; the application form (with a concept note first where asked) and the rubric
    reviewers score it on."""

    introduction = models.TextField(_("introduction"), blank=True)
    themes = StreamField(
        [("theme", blocks.CharBlock(label=_("Theme"), max_length=120))],
        blank=True,
        verbose_name=_("themes"),
    )
    award_min = models.DecimalField(
        _("smallest award"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    award_max = models.DecimalField(
        _("largest award"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, choices=Currency, default="USD")
    duration_months = models.PositiveSmallIntegerField(
        _("longest project (months)"), null=True, blank=True
    )
    opens_at = models.DateTimeField(
        _("opens"), null=True, blank=True, help_text=_("Empty: open as soon as it is published.")
    )
    deadline = models.DateTimeField(
        _("deadline"),
        null=True,
        blank=True,
        help_text=_("Empty: a rolling call, open until it is unpublished."),
    )
    eligibility = RichTextField(_("who may apply"), blank=True, features=TEXT_FEATURES)
    eligibility_questions = StreamField(
        [("question", EligibilityQuestionBlock())],
        blank=True,
        verbose_name=_("eligibility check"),
        help_text=_("Yes-or-no questions asked before anyone starts an application."),
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))
    faq = StreamField(
        [("item", QuestionAnswerBlock())], blank=True, verbose_name=_("questions and answers")
    )
    contact_name = models.CharField(_("who to ask"), max_length=200, blank=True)
    contact_email = models.EmailField(_("their email address"), blank=True)
    concept_note_first = models.BooleanField(
        _("concept note first"),
        default=False,
        help_text=_(
            "Applicants send a short concept note; those the hub invites then send the full "
            "proposal."
        ),
    )
    concept_form = StreamField(FormFieldsBlock(), blank=True, verbose_name=_("concept note form"))
    proposal_form = StreamField(FormFieldsBlock(), blank=True, verbose_name=_("proposal form"))
    rubric = StreamField(RubricBlock(), blank=True, verbose_name=_("scoring rubric"))

    objects = PageManager.from_queryset(CallPageQuerySet)()

    content_panels = SitePage.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("themes"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("award_min"), FieldPanel("award_max")]),
                FieldPanel("currency"),
                FieldPanel("duration_months"),
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("deadline")]),
            ],
            heading=_("Awards and dates"),
        ),
        FieldPanel("eligibility"),
        FieldPanel("eligibility_questions"),
        FieldPanel("body"),
        FieldPanel("faq"),
        FieldRowPanel([FieldPanel("contact_name"), FieldPanel("contact_email")]),
    ]
    form_panels = [
        FieldPanel("concept_note_first"),
        FieldPanel("concept_form"),
        FieldPanel("proposal_form"),
        FieldPanel("rubric"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(form_panels, heading=_("Application form")),
            ObjectList(SitePage.promote_panels, heading=_("Promote")),
            ObjectList(SitePage.settings_panels, heading=_("Settings")),
        ]
    )

    parent_page_types = ["grants.GrantProgrammePage"]
    subpage_types = []

    search_fields = SitePage.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("eligibility"),
        index.SearchField("body"),
        index.FilterField("deadline"),
    ]

    class Meta:
        verbose_name = _("call for proposals")
        verbose_name_plural = _("calls for proposals")

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        errors = {}
        if self.award_min and self.award_max and self.award_min > self.award_max:
            errors["award_max"] = _("The largest award cannot be smaller than the smallest.")
        if self.opens_at and self.deadline and self.deadline <= self.opens_at:
            errors["deadline"] = _("The deadline must come after the call opens.")
        if self.concept_note_first and not self.concept_form:
            errors["concept_form"] = _("A call with a concept note first needs its questions.")
        if errors:
            raise ValidationError(errors)

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return (self.opens_at is None or self.opens_at <= now) and (
            self.deadline is None or self.deadline > now
        )

    @property
    def programme(self):
        return self.get_parent().specific

    def form_for(self, stage: str):
        """The localized form blocks for a stage ("concept" or "proposal")."""
        return self.concept_form if stage == "concept" else self.proposal_form


class EvaluationPage(SitePage):
    """A programme's public evaluation (roadmap step 10): the figures the hub chooses to
    publish, rolled up from accepted reports, and what was learned."""

    introduction = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("what we learned"))
    show_people_reached = models.BooleanField(_("publish people reached"), default=True)
    show_activities = models.BooleanField(_("publish activities held"), default=True)
    show_incidents = models.BooleanField(
        _("publish incidents by category"),
        default=True,
        help_text=_("Counts under five are never shown, here or anywhere else."),
    )
    show_cities = models.BooleanField(_("publish figures per city"), default=True)

    content_panels = SitePage.content_panels + [
        FieldPanel("introduction"),
        MultiFieldPanel(
            [
                FieldPanel("show_people_reached"),
                FieldPanel("show_activities"),
                FieldPanel("show_incidents"),
                FieldPanel("show_cities"),
            ],
            heading=_("What to publish"),
        ),
        FieldPanel("body"),
    ]

    parent_page_types = ["grants.GrantProgrammePage"]
    subpage_types = []
    max_count_per_parent = 1

    search_fields = SitePage.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    class Meta:
        verbose_name = _("programme evaluation")

    def get_context(self, request, *args, **kwargs):
        from ..rollup import evaluation_context

        context = super().get_context(request, *args, **kwargs)
        context.update(evaluation_context(self))
        return context
