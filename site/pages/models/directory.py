"""The member-city directory, built from network.Organisation."""

from itertools import groupby

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from network.models import Organisation

from .base import SitePage

# The latest few per city: the stories and convenings indexes hold the rest.
LINKS_PER_CITY = 3


class CityDirectoryPage(SitePage):
    """Member cities grouped by country and province or state, with their stories and events."""

    content_cache = True  # the same content for everyone (SitePage.content_cache)

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = SitePage.content_panels + [FieldPanel("introduction")]

    parent_page_types = ["pages.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("member-city directory")

    def get_context(self, request, *args, **kwargs):
        from .events import EventPage
        from .news import NewsPage

        context = super().get_context(request, *args, **kwargs)
        stories = (
            NewsPage.objects.live().public().filter(locale=self.locale).order_by("-date", "-pk")
        )
        events = (
            EventPage.objects.live().public().filter(locale=self.locale).order_by("-start_date")
        )
        cities = (
            Organisation.objects.cities()
            .members()
            .order_by("country", "region", "name")
            .prefetch_related(
                models.Prefetch(
                    "stories", queryset=stories[:LINKS_PER_CITY], to_attr="local_stories"
                ),
                models.Prefetch("events", queryset=events[:LINKS_PER_CITY], to_attr="local_events"),
            )
        )
        countries = []
        for country, in_country in groupby(cities, key=lambda city: city.get_country_display()):
            regions = [
                (region, list(in_region))
                for region, in_region in groupby(in_country, key=lambda city: city.region_name)
            ]
            countries.append((country, regions))
        context["countries"] = countries
        context["city_count"] = sum(len(c) for _country, regions in countries for _r, c in regions)
        return context
