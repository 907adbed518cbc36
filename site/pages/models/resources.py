"""The Resource Hub: a living library of guides, toolkits, briefs and recordings."""

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Locale, Orderable, PageManager, TranslatableMixin
from wagtail.query import PageQuerySet
from wagtail.search import index

from network.bilingual import Text, reader_language
from network.models import Topic
from pages.blocks import BodyBlock
from pages.filters import FACET_LABELS, FACETS, ResourceFilters, topic_names

from .base import SitePage

RESULTS_PER_PAGE = 12


def default_language_topics():
    """Pages point at the default-language topic; translations follow its translation_key."""
    return {"locale__language_code": settings.LANGUAGE_CODE}


class ContentLanguage(models.Model):
    """A language a resource exists in (not the site's languages: a guide may be in Spanish).

    Readers see its name in their own language (« Offert en anglais »), from name_en and
    name_fr; the name in the language itself is the fallback."""

    code = models.CharField(_("code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=50, help_text=_("In the language itself."))
    name_en = models.CharField(
        _("name in English"), max_length=50, blank=True, help_text=_("For example “Spanish”.")
    )
    name_fr = models.CharField(
        _("name in French"), max_length=50, blank=True,
        help_text=_("As in a sentence, for example « espagnol »."),
    )  # fmt: skip

    class Meta:
        verbose_name = _("content language")
        verbose_name_plural = _("content languages")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def name_in(self, language: str | None = None) -> Text:
        """Its name in a language (the active one by default), falling back to its own."""
        language = reader_language(language)
        translated = {"en": self.name_en, "fr": self.name_fr}.get(language, "")
        if translated:
            return Text(translated, language)
        return Text(self.name, self.code)

    @property
    def display_name(self) -> Text:
        return self.name_in()


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

    def offered_documents(self) -> list["ResourceDocument"]:
        """Its files, each with the language it is written in (`lang`, `language_name`): in a
        translation, a file the translator left as the original's is in the original's
        language, and the page says so."""
        rows = list(self.documents.select_related("document", "locale"))
        language = self.locale.language_code
        original_files = {}
        default = Locale.get_default()
        if self.locale_id != default.pk:
            original_files = dict(
                ResourceDocument.objects.filter(
                    page__translation_key=self.translation_key, page__locale=default
                ).values_list("translation_key", "document_id")
            )
        for row in rows:
            same_file = original_files.get(row.translation_key) == row.document_id
            row.lang = default.language_code if same_file else language
        names = {
            other.code: other.name_in()
            for other in ContentLanguage.objects.filter(code__in={row.lang for row in rows})
        }
        for row in rows:
            row.language_name = names.get(row.lang) or row.lang
        return rows

    @cached_property
    def theme_names(self) -> list[str]:
        """This resource's themes, named in the visitor's language where translated."""
        names = topic_names(Locale.get_active())
        return [names.get(topic.slug, topic.name) for topic in self.topics.all()]


class ResourceDocument(TranslatableMixin, Orderable):
    """A downloadable file of a resource (the guide itself, a summary, a translation).

    Translated with its page: in wagtail-localize's editor the translator translates the
    label and may choose another file in place of the original's (the French edition, say);
    a file left as the original's is in the original's language (ResourcePage.offered_documents).
    """

    page = ParentalKey(ResourcePage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        "wagtaildocs.Document", on_delete=models.CASCADE, related_name="+", verbose_name=_("file")
    )
    label = models.CharField(
        _("label"), max_length=200, blank=True, help_text=_("Leave empty to use the file's title.")
    )

    panels = [FieldPanel("document"), FieldPanel("label")]

    # Set by ResourcePage.offered_documents: the file's language and its name for the reader.
    lang = ""
    language_name = ""

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order"]
        verbose_name = _("resource document")
        verbose_name_plural = _("resource documents")

    @property
    def title(self):
        """The label (written in the page's language), or the file's own title."""
        if self.label:
            return Text(self.label, self.locale.language_code)
        return Text(self.document.title, self.lang or self.locale.language_code)

    @property
    def url(self):
        return self.document.url

    @property
    def file_extension(self):
        return self.document.file_extension

    @property
    def file_size(self):
        return self.document.get_file_size()


def filter_choices(locale: Locale) -> dict[str, list[tuple[str, str]]]:
    """The values each facet accepts, with their labels in the visitor's language."""
    themes = sorted(topic_names(locale).items(), key=lambda item: item[1].lower())
    return {
        "theme": themes,
        "type": list(ResourcePage.Kind.choices),
        "audience": list(ResourcePage.Audience.choices),
        "region": list(ResourcePage.Region.choices),
        "language": [
            (language.code, capfirst(language.name_in(locale.language_code)))
            for language in ContentLanguage.objects.all()
        ],
    }
