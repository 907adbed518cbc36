"""The Resource Hub: a living library of guides, toolkits, briefs and recordings."""

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Locale, Orderable, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from network.models import Topic
from pages.blocks import BodyBlock

from .base import SitePage

RESULTS_PER_PAGE = 12


def default_language_topics():
    """Pages point at the default-language topic; translations follow its translation_key."""
    return {"locale__language_code": settings.LANGUAGE_CODE}


class ContentLanguage(models.Model):
    """A language a resource exists in (not the site's languages: a guide may be in Spanish)."""

    code = models.CharField(_("code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=50, help_text=_("In the language itself."))

    class Meta:
        verbose_name = _("content language")
        verbose_name_plural = _("content languages")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ResourceHubPage(SitePage):
    """The Resource Hub: every resource, filtered by theme, type, audience, region, language."""

    content_cache = True  # the same content for everyone (SitePage.content_cache)

    introduction = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = SitePage.content_panels + [FieldPanel("introduction"), FieldPanel("body")]

    parent_page_types = ["pages.HomePage"]
    subpage_types = ["pages.ResourcePage"]
    max_count_per_parent = 1

    search_fields = SitePage.search_fields + [index.SearchField("introduction")]

    class Meta:
        verbose_name = _("resource hub")

    def resources(self):
        return ResourcePage.objects.live().public().child_of(self)

    def get_context(self, request, *args, **kwargs):
        from pages.filters import FACET_LABELS, FACETS, ResourceFilters, filter_choices

        context = super().get_context(request, *args, **kwargs)
        choices = filter_choices(self.locale)
        filters = ResourceFilters.from_query(request.GET, choices=choices)
        results = filters.apply(self.resources()).order_by("-published_on", "-pk")
        paginator = Paginator(results.with_listing_data(), RESULTS_PER_PAGE)
        results = paginator.get_page(request.GET.get("page"))
        names = dict(choices["theme"])
        for resource in results:
            resource.theme_names = [names.get(t.slug, t.name) for t in resource.topics.all()]
        facets = [
            (
                facet,
                FACET_LABELS[facet],
                [
                    (value, label, filters.is_selected(facet, value))
                    for value, label in choices[facet]
                ],
            )
            for facet in FACETS
        ]
        context.update(
            filters=filters,
            facets=facets,
            results=results,
        )
        return context


class ResourcePageQuerySet(PageQuerySet):
    def with_listing_data(self):
        """What a result card shows, in a fixed number of queries for any page size."""
        return self.select_related("locale").prefetch_related(
            "topics",
            "languages",
            models.Prefetch(
                "documents", queryset=ResourceDocument.objects.select_related("document")
            ),
        )


class ResourcePage(SitePage):
    """One resource: what it is, who it is for, where it applies, and its documents."""

    content_cache = True  # the same content for everyone (SitePage.content_cache)

    class Kind(models.TextChoices):
        GUIDE = "guide", _("Guide")
        TOOLKIT = "toolkit", _("Toolkit")
        POLICY_BRIEF = "policy-brief", _("Policy brief")
        REPORT = "report", _("Report")
        RECORDING = "recording", _("Recording")
        CASE_STUDY = "case-study", _("Case study")

    class Audience(models.TextChoices):
        MAYORS = "mayors", _("Mayors and elected officials")
        CITY_STAFF = "city-staff", _("City staff")
        COMMUNITY = "community", _("Community organisations")
        EVERYONE = "everyone", _("Everyone")

    class Region(models.TextChoices):
        NORTH_AMERICA = "north-america", _("North America")
        CANADA = "canada", _("Canada")
        UNITED_STATES = "united-states", _("United States")
        GLOBAL = "global", _("Global")

    summary = models.TextField(_("summary"))
    resource_type = models.CharField(_("type"), max_length=20, choices=Kind)
    audience = models.CharField(
        _("audience"), max_length=20, choices=Audience, default=Audience.EVERYONE
    )
    region = models.CharField(
        _("region"), max_length=20, choices=Region, default=Region.NORTH_AMERICA
    )
    published_on = models.DateField(_("published on"), default=timezone.localdate)
    topics = ParentalManyToManyField(
        Topic,
        blank=True,
        related_name="resources",
        limit_choices_to=default_language_topics,
        verbose_name=_("themes"),
    )
    languages = ParentalManyToManyField(
        ContentLanguage,
        blank=True,
        related_name="resources",
        verbose_name=_("available in"),
        help_text=_("The languages the resource itself exists in."),
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    objects = PageManager.from_queryset(ResourcePageQuerySet)()

    content_panels = SitePage.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("resource_type"), FieldPanel("published_on")]),
                FieldRowPanel([FieldPanel("audience"), FieldPanel("region")]),
                FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
                FieldPanel("languages", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Facets"),
        ),
        InlinePanel("documents", label=_("Documents")),
        FieldPanel("body"),
    ]

    parent_page_types = ["pages.ResourceHubPage"]
    subpage_types = []

    search_fields = SitePage.search_fields + [
        index.SearchField("summary", boost=1.5),
        index.SearchField("body"),
        index.FilterField("published_on"),
    ]

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")

    @cached_property
    def theme_names(self) -> list[str]:
        """This resource's themes, named in the visitor's language where translated."""
        from pages.filters import topic_names

        names = topic_names(Locale.get_active())
        return [names.get(topic.slug, topic.name) for topic in self.topics.all()]


class ResourceDocument(Orderable):
    """A downloadable file of a resource (the guide itself, a summary, a translation)."""

    page = ParentalKey(ResourcePage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        "wagtaildocs.Document", on_delete=models.CASCADE, related_name="+", verbose_name=_("file")
    )
    label = models.CharField(
        _("label"), max_length=200, blank=True, help_text=_("Leave empty to use the file's title.")
    )

    panels = [FieldPanel("document"), FieldPanel("label")]

    @property
    def title(self):
        return self.label or self.document.title

    @property
    def url(self):
        return self.document.url

    @property
    def file_extension(self):
        return self.document.file_extension

    @property
    def file_size(self):
        return self.document.get_file_size()
