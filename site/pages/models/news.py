"""Impact stories: what cities did with the hub's support, dated, tagged with cities and topics."""

from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from network.models import Organisation, Topic
from pages.blocks import BodyBlock

from .base import SitePage
from .resources import default_language_topics

STORIES_PER_PAGE = 10
LISTING_RENDITION = "fill-480x270"


class NewsPageQuerySet(PageQuerySet):
    def with_listing_data(self):
        from wagtail.images import get_image_model

        return self.prefetch_related(
            "cities",
            "topics",
            models.Prefetch(
                "social_image",
                queryset=get_image_model().objects.prefetch_renditions(LISTING_RENDITION),
            ),
        )


class NewsIndexPage(RoutablePageMixin, SitePage):
    """The list of impact stories, newest first, with an RSS feed at feed/."""

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = SitePage.content_panels + [FieldPanel("introduction")]

    parent_page_types = ["pages.HomePage"]
    subpage_types = ["pages.NewsPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("impact stories index")

    def stories(self):
        return NewsPage.objects.live().public().child_of(self).order_by("-date", "-pk")

    @path("")
    def index(self, request):
        paginator = Paginator(self.stories().with_listing_data(), STORIES_PER_PAGE)
        return self.render(
            request, context_overrides={"stories": paginator.get_page(request.GET.get("page"))}
        )

    @path("feed/", name="feed")
    def feed(self, request):
        from pages.feeds import StoriesFeed

        return StoriesFeed(self)(request)


class NewsPage(SitePage):
    """One impact story."""

    content_cache = True  # the same content for everyone (SitePage.content_cache)

    date = models.DateField(_("date"), default=timezone.localdate)
    summary = models.TextField(_("summary"))
    cities = ParentalManyToManyField(
        Organisation,
        blank=True,
        related_name="stories",
        limit_choices_to={"kind": Organisation.Kind.CITY},
        verbose_name=_("cities"),
    )
    topics = ParentalManyToManyField(
        Topic,
        blank=True,
        related_name="stories",
        limit_choices_to=default_language_topics,
        verbose_name=_("topics"),
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    objects = PageManager.from_queryset(NewsPageQuerySet)()

    content_panels = SitePage.content_panels + [
        FieldPanel("date"),
        FieldPanel("summary"),
        FieldPanel("cities"),
        FieldPanel("topics"),
        FieldPanel("body"),
    ]

    parent_page_types = ["pages.NewsIndexPage"]
    subpage_types = []

    search_fields = SitePage.search_fields + [
        index.SearchField("summary", boost=1.5),
        index.SearchField("body"),
        index.FilterField("date"),
    ]

    class Meta:
        verbose_name = _("impact story")
        verbose_name_plural = _("impact stories")
