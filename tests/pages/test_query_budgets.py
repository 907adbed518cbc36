"""Listings cost a fixed number of queries, however many pages they list.

Each test measures a listing on the demo content, adds many more children, and measures
again: the count must not move. A warm-up request comes first each time, since the first
request also fills per-process caches (site root paths, renditions).
"""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail_localize.synctree import create_aliases_for_new_page

from network.models import Organisation, Topic
from pages.models import (
    ContentLanguage,
    EventIndexPage,
    EventPage,
    NewsIndexPage,
    NewsPage,
    ResourceDocument,
    ResourceHubPage,
    ResourcePage,
)
from pages.models.events import UPCOMING_PER_PAGE

pytestmark = pytest.mark.django_db

# What any public page may cost; the listings sit at about 30 today.
MAX_QUERIES = 30
EXTRA = 50


def queries(client, url) -> int:
    assert client.get(url).status_code == 200  # warm-up
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def english(model, slug):
    return model.objects.get(locale__language_code="en", slug=slug)


@pytest.fixture
def image(db):
    return get_image_model().objects.create(title="Listing image", file=get_test_image_file())


def cards(client, url, selector="article.card") -> int:
    doc = BeautifulSoup(client.get(url).content.decode(), "html.parser")
    return len(doc.select(selector))


def test_resource_hub(client, demo, image, django_assert_max_num_queries):
    # One report in the demo: give it what every new one will have, so the same
    # prefetches run before and after.
    report = english(ResourcePage, "regional-impact-report")
    report.social_image = image
    report.save()
    urls = ["/en/resources/?type=report", "/en/resources/?type=report&theme=coordination"]
    assert cards(client, urls[0]) == 1
    before = {url: queries(client, url) for url in urls}

    hub = english(ResourceHubPage, "resources")
    topics = list(
        Topic.objects.filter(locale__language_code="en", slug__in=["mapping", "coordination"])
    )
    languages = list(ContentLanguage.objects.filter(code__in=["en", "fr"]))
    document = report.documents.get().document
    for number in range(EXTRA):
        resource = ResourcePage(
            title=f"Quarterly report {number}",
            slug=f"quarterly-report-{number}",
            summary="A quarterly report.",
            resource_type="report",
            published_on=datetime.date(2025, 1, 1) + datetime.timedelta(days=number),
            social_image=image,
        )
        hub.add_child(instance=resource)
        resource.topics.set(topics)
        resource.languages.set(languages)
        resource.documents.add(ResourceDocument(document=document))
        resource.save()

    assert cards(client, urls[0]) == 12  # a full page of results now
    for url in urls:
        assert queries(client, url) == before[url], url
        with django_assert_max_num_queries(MAX_QUERIES):
            client.get(url)


def test_resource_hub_with_a_search(client, demo, django_assert_max_num_queries):
    hub = english(ResourceHubPage, "resources")

    def add_reports(numbers):
        for number in numbers:
            hub.add_child(
                instance=ResourcePage(
                    title=f"Quarterly report {number}",
                    slug=f"quarterly-report-{number}",
                    summary="A quarterly report.",
                    resource_type="report",
                )
            )

    url = "/en/resources/?q=quarterly+report"
    add_reports(range(2))
    assert cards(client, url) == 2
    before = queries(client, url)
    add_reports(range(2, EXTRA))
    assert cards(client, url) == 12
    assert queries(client, url) == before
    assert queries(client, url + "&page=3") == before
    with django_assert_max_num_queries(MAX_QUERIES):
        client.get(url)


def test_news_index(client, demo, image, django_assert_max_num_queries):
    story = english(NewsPage, "edmonton-hate-landscape")
    story.social_image = image
    story.save()
    url = "/en/stories/"
    assert cards(client, url, "article.card") == 6
    before = queries(client, url)

    stories = english(NewsIndexPage, "stories")
    cities = list(Organisation.objects.filter(name__in=["Edmonton", "Boise"]))
    topics = list(
        Topic.objects.filter(locale__language_code="en", slug__in=["mapping", "response"])
    )
    for number in range(EXTRA):
        page = NewsPage(
            title=f"Story {number}",
            slug=f"story-{number}",
            summary="Another story.",
            date=datetime.date(2026, 1, 1) + datetime.timedelta(days=number),
            social_image=image,
        )
        stories.add_child(instance=page)
        page.cities.set(cities)
        page.topics.set(topics)
        page.save()

    assert cards(client, url, "article.card") == 10
    assert queries(client, url) == before
    assert queries(client, url + "?page=3") == before
    with django_assert_max_num_queries(MAX_QUERIES):
        client.get(url)


def test_news_feed(client, demo, django_assert_max_num_queries):
    url = "/en/stories/feed/"
    before = queries(client, url)
    stories = english(NewsIndexPage, "stories")
    for number in range(EXTRA):
        page = NewsPage(title=f"Story {number}", slug=f"story-{number}", summary="Another story.")
        stories.add_child(instance=page)
        page.save_revision().publish()
    assert queries(client, url) == before
    with django_assert_max_num_queries(MAX_QUERIES):
        client.get(url)


def test_event_index(client, demo, django_assert_max_num_queries):
    url = "/en/convenings/"
    assert cards(client, url) == 7  # three upcoming, four past
    before = queries(client, url)

    convenings = english(EventIndexPage, "convenings")
    cities = list(Organisation.objects.filter(name__in=["Edmonton", "Boise", "Victoria"]))
    picture = convenings.get_children().type(EventPage).specific().first().social_image
    assert picture is not None  # the demo's convenings have images: so do these
    today = timezone.localdate()
    for number in range(EXTRA):
        upcoming = number % 2 == 0
        start = today + datetime.timedelta(days=(number + 1) * (1 if upcoming else -1))
        event = EventPage(
            title=f"Convening {number}",
            slug=f"convening-{number}",
            summary="Another convening.",
            start_date=start,
            end_date=start + datetime.timedelta(days=1),
            city=cities[number % len(cities)],
            social_image=picture,
        )
        convenings.add_child(instance=event)
        event.partners.set(cities)
        event.save()

    # a page of upcoming ones (of 3 + EXTRA // 2), ten past ones
    assert cards(client, url) == UPCOMING_PER_PAGE + 10
    assert queries(client, url) == before
    assert queries(client, url + "?page=2") == before
    with django_assert_max_num_queries(MAX_QUERIES):
        client.get(url)


def test_city_directory(client, demo, django_assert_max_num_queries):
    url = "/en/member-cities/"
    before = queries(client, url)

    for number in range(10):
        Organisation.objects.create(
            name=f"Member town {number}",
            kind="city",
            country="CA" if number % 2 else "US",
            region="CA-QC" if number % 2 else "US-WA",
            is_member=True,
            member_since=datetime.date(2024, 1, 1),
        )
    cities = list(Organisation.objects.cities().members())
    stories = english(NewsIndexPage, "stories")
    convenings = english(EventIndexPage, "convenings")
    for number in range(EXTRA):
        story = NewsPage(title=f"Story {number}", slug=f"story-{number}", summary="A story.")
        stories.add_child(instance=story)
        story.cities.set(cities[number % len(cities) :][:2])
        story.save()
        event = EventPage(
            title=f"Convening {number}",
            slug=f"convening-{number}",
            summary="A convening.",
            start_date=datetime.date(2024, 1, 1) + datetime.timedelta(days=number),
            city=cities[number % len(cities)],
        )
        convenings.add_child(instance=event)

    doc = BeautifulSoup(client.get(url).content.decode(), "html.parser")
    assert len(doc.select("li.city")) == 19
    assert len(doc.select(".city__links a")) > 2 * EXTRA
    assert queries(client, url) == before
    with django_assert_max_num_queries(MAX_QUERIES):
        client.get(url)


@pytest.mark.parametrize(
    "url",
    [
        "/en/",
        "/fr/",
        "/en/about/",
        "/en/resources/",
        "/fr/ressources/",
        "/en/resources/?theme=strategy&theme=prevention&language=fr&q=city",
        "/en/resources/ten-step-roadmap/",
        "/fr/ressources/guide-for-mayors/",
        "/en/stories/",
        "/fr/recits/",
        "/en/stories/edmonton-hate-landscape/",
        "/en/convenings/",
        "/fr/rencontres/",
        "/en/convenings/mayoral-retreat-2027/",
        "/en/member-cities/",
        "/fr/villes-membres/",
        "/en/search/?q=toolkit",
        "/fr/search/?q=cartographie",
        "/en/sitemap.xml",
        "/fr/sitemap.xml",
    ],
)
def test_every_public_page_stays_within_the_budget(
    client, demo, url, django_assert_max_num_queries
):
    client.get(url)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(url)
    assert response.status_code == 200


def test_french_listings_do_not_grow_with_aliases(client, demo):
    """New English pages appear under /fr/ as aliases; the French listings stay flat too."""
    urls = ["/fr/ressources/", "/fr/recits/", "/fr/rencontres/"]
    before = {url: queries(client, url) for url in urls}
    hub = english(ResourceHubPage, "resources")
    stories = english(NewsIndexPage, "stories")
    convenings = english(EventIndexPage, "convenings")
    image = english(NewsPage, "edmonton-hate-landscape").social_image
    assert image is not None  # the demo's stories have images: so do these
    for number in range(20):
        pages = [
            (
                hub,
                ResourcePage(
                    title=f"Guide {number}",
                    slug=f"guide-{number}",
                    summary="A guide.",
                    resource_type="guide",
                ),
            ),
            (
                stories,
                NewsPage(
                    title=f"Story {number}",
                    slug=f"story-{number}",
                    summary="A story.",
                    social_image=image,
                ),
            ),
            (
                convenings,
                EventPage(
                    title=f"Convening {number}",
                    slug=f"convening-{number}",
                    summary="A convening.",
                    start_date=timezone.localdate() + datetime.timedelta(days=number + 1),
                    social_image=image,
                ),
            ),
        ]
        for parent, page in pages:
            parent.add_child(instance=page)
            create_aliases_for_new_page(page)  # what the admin does after creating a page
    assert cards(client, "/fr/recits/", "article.card") == 10
    assert cards(client, "/fr/rencontres/") == UPCOMING_PER_PAGE + 4  # of 3 + 20 upcoming
    for url in urls:
        assert queries(client, url) == before[url], url


def test_resource_hub_costs_the_same_with_500_resources(client, demo):
    """The issue's own yardstick: a hub of about 10 resources, then one of 500."""
    hub = english(ResourceHubPage, "resources")
    themes = list(Topic.objects.filter(locale__language_code="en", slug__in=["mapping"]))
    languages = list(ContentLanguage.objects.filter(code="en"))
    document = english(ResourcePage, "regional-impact-report").documents.get().document
    url = "/en/resources/"
    assert hub.resources().count() < 15
    before = queries(client, url)
    for number in range(500 - hub.resources().count()):
        resource = ResourcePage(
            title=f"Field note {number}",
            slug=f"field-note-{number}",
            summary="A field note.",
            resource_type="case-study",
            topics=themes,
            languages=languages,
            documents=[ResourceDocument(document=document)],
        )
        hub.add_child(instance=resource)
    assert hub.resources().count() == 500
    assert queries(client, url) == before
    assert queries(client, url + "?page=42") == before
    assert queries(client, url + "?theme=mapping&language=en") <= MAX_QUERIES
