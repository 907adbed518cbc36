from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.search import index

from pages.blocks import (
    BodyBlock,
    FeaturedPageBlock,
    KeyFigureBlock,
    LinkBlock,
    PillarBlock,
    ServiceBlock,
)

from .base import SitePage
from .news import LISTING_RENDITION


class HomePage(SitePage):
    """The front page of one language's site. Editors change the hero, pillars and figures."""

    content_cache = True  # the same content for everyone (SitePage.content_cache)

    hero_title = models.CharField(_("hero title"), max_length=200)
    hero_intro = models.TextField(_("hero introduction"), blank=True)
    hero_actions = StreamField(
        [("link", LinkBlock())],
        blank=True,
        max_num=2,
        verbose_name=_("hero buttons"),
        help_text=_("One or two buttons under the introduction; the first is the main one."),
    )
    services = StreamField(
        [("service", ServiceBlock())],
        blank=True,
        verbose_name=_("services"),
        help_text=_("What the hub offers, each with the page or address it starts from."),
    )
    pillars = StreamField(
        [("pillar", PillarBlock())], blank=True, verbose_name=_("pillars of activity")
    )
    figures = StreamField(
        [("figure", KeyFigureBlock())], blank=True, verbose_name=_("impact figures")
    )
    featured = StreamField(
        [("page", FeaturedPageBlock())],
        blank=True,
        verbose_name=_("featured"),
        help_text=_("Academies, webinars and resources to show on the home page."),
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = SitePage.content_panels + [
        MultiFieldPanel(
            [FieldPanel("hero_title"), FieldPanel("hero_intro"), FieldPanel("hero_actions")],
            heading=_("Hero"),
        ),
        FieldPanel("services"),
        FieldPanel("pillars"),
        FieldPanel("figures"),
        FieldPanel("featured"),
        FieldPanel("body"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1
    # Lazy names: pages never imports the feature apps that hang under the home page.
    subpage_types = [
        "pages.StandardPage",
        "pages.ResourceHubPage",
        "pages.NewsIndexPage",
        "pages.EventIndexPage",
        "pages.CityDirectoryPage",
        "academy.AcademyIndexPage",
        "academy.AcademyPage",
        "webinars.WebinarIndexPage",
        "office_hours.OfficeHoursPage",
        "helpdesk.GetHelpPage",
        "grants.GrantsIndexPage",
    ]

    search_fields = SitePage.search_fields + [
        index.SearchField("hero_intro"),
        index.SearchField("body"),
    ]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from .resources import ResourcePage

        context = super().get_context(request, *args, **kwargs)
        context["latest_resources"] = (
            ResourcePage.objects.live()
            .public()
            .filter(locale=self.locale)
            .order_by("-published_on", "-pk")
            .prefetch_related(
                "topics",
                models.Prefetch(
                    "social_image",
                    queryset=get_image_model().objects.prefetch_renditions(LISTING_RENDITION),
                ),
            )[:3]
        )
        context["featured_cards"] = self.featured_cards()
        return context

    def featured_cards(self) -> list[dict]:
        """The featured pages with their pictures, in a fixed number of queries whatever
        their count or types: {"page", "summary", "image"}."""
        chosen = [(item.value["page"], item.value["summary"]) for item in self.featured]
        chosen = [(page, summary) for page, summary in chosen if page is not None and page.live]
        pages = Page.objects.filter(pk__in=[page.pk for page, _ in chosen]).specific()
        by_pk = {page.pk: page for page in pages}
        image_ids = {getattr(page, "social_image_id", None) for page in by_pk.values()} - {None}
        images = {
            image.pk: image
            for image in get_image_model()
            .objects.filter(pk__in=image_ids)
            .prefetch_renditions(LISTING_RENDITION)
        }
        cards = []
        for page, summary in chosen:
            specific = by_pk.get(page.pk)
            if specific is None:
                continue
            image = images.get(getattr(specific, "social_image_id", None))
            cards.append({"page": specific, "summary": summary, "image": image})
        return cards


class StandardPage(SitePage):
    """A plain page of text: about the hub, membership, contact."""

    content_cache = True  # the same content for everyone (SitePage.content_cache)

    introduction = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = SitePage.content_panels + [FieldPanel("introduction"), FieldPanel("body")]

    parent_page_types = ["pages.HomePage", "pages.StandardPage"]
    subpage_types = ["pages.StandardPage"]

    search_fields = SitePage.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    class Meta:
        verbose_name = _("standard page")
