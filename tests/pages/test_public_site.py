"""The public site through the test client: every page type in both languages, the Resource
Hub's facets, stories and their feed, convenings, the city directory, search, sitemaps, SEO
tags, previews and the moderation workflow."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale, Page, TaskState, WorkflowState

from network.models import Organisation, Topic, User
from pages.models import (
    CityDirectoryPage,
    ContentLanguage,
    EventIndexPage,
    EventPage,
    HomePage,
    NewsIndexPage,
    NewsPage,
    ResourceHubPage,
    ResourcePage,
    StandardPage,
)

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"

# The demo's English resources: the public site's twelve and one webinar recording.
DEMO_RESOURCES = 13
RECORDING = "/en/resources/recording-urban-design-for-violence-prevention/"


def get(client, url, data=None) -> BeautifulSoup:
    response = client.get(url, data)
    assert response.status_code == 200, (url, data, response.status_code)
    return BeautifulSoup(response.content.decode(), "html.parser")


def result_links(doc) -> list[str]:
    """The resources a Resource Hub page lists, in order."""
    return [a["href"] for a in doc.select("section.results .card__title a")]


def result_count(doc) -> int:
    return int(doc.find(id="results-heading").get_text().split()[0])


def search_links(doc) -> list[str]:
    return [a["href"] for a in doc.select("ol.search-results h3 a")]


def alias_urls(language_code="fr") -> set[str]:
    aliases = Page.objects.filter(locale__language_code=language_code, alias_of__isnull=False)
    return {page.url for page in aliases}


def meta(doc, prop) -> str | None:
    tag = doc.find("meta", property=prop)
    return tag["content"] if tag else None


def english(model, slug):
    return model.objects.get(locale__language_code="en", slug=slug)


# --- Every page type, in both languages ---

PAGES = [
    ("home", "/en/", "/fr/"),
    ("standard", "/en/about/", "/fr/a-propos/"),
    ("resource hub", "/en/resources/", "/fr/ressources/"),
    (
        "resource",
        "/en/resources/inclusive-mapping/",
        "/fr/ressources/cartographie-globale-et-inclusive/",
    ),
    ("news index", "/en/stories/", "/fr/recits/"),
    (
        "news page",
        "/en/stories/edmonton-hate-landscape/",
        "/fr/recits/edmonton-cartographie-la-haine/",
    ),
    ("event index", "/en/convenings/", "/fr/rencontres/"),
    (
        "event page",
        "/en/convenings/mayoral-retreat-2027/",
        "/fr/rencontres/retraite-des-maires-2027/",
    ),
    ("city directory", "/en/member-cities/", "/fr/villes-membres/"),
    ("academies overview", "/en/academies/", "/fr/academies/"),
    ("search", "/en/search/?q=toolkit", "/fr/search/?q=cartographie"),
]


@pytest.mark.parametrize(
    "url, language",
    [pytest.param(en, "en", id=f"{kind}-en") for kind, en, _fr in PAGES]
    + [pytest.param(fr, "fr", id=f"{kind}-fr") for kind, _en, fr in PAGES],
)
def test_every_page_type_answers_in_its_language_with_one_heading(client, demo, url, language):
    response = client.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    assert f'<html lang="{language}">' in content
    doc = BeautifulSoup(content, "html.parser")
    assert len(doc.find_all("h1")) == 1
    assert doc.find("h1").get_text(strip=True)


@pytest.mark.parametrize(
    "url, title",
    [
        ("/fr/a-propos/", "À propos du Pôle"),
        ("/fr/ressources/", "Ressources"),
        ("/fr/ressources/cartographie-globale-et-inclusive/", "Cartographie globale et inclusive"),
        ("/fr/recits/", "Récits d’impact"),
        (
            "/fr/recits/edmonton-cartographie-la-haine/",
            "Edmonton cartographie la haine sur son territoire",
        ),
        ("/fr/rencontres/", "Rencontres"),
        ("/fr/rencontres/retraite-des-maires-2027/", "Retraite des maires 2027"),
        ("/fr/villes-membres/", "Villes membres"),
        ("/en/convenings/mayoral-retreat-2027/", "Mayoral Retreat 2027"),
    ],
)
def test_the_heading_is_the_pages_title_in_its_language(client, demo, url, title):
    assert get(client, url).find("h1").get_text(strip=True) == title


# --- The Resource Hub ---


def test_the_hub_lists_every_resource_newest_first(client, demo):
    doc = get(client, "/en/resources/")
    links = result_links(doc)
    assert result_count(doc) == DEMO_RESOURCES and len(links) == 12  # twelve to a page
    # The newest: last month's webinar recording (webinars' demo), then the impact report.
    assert links[:2] == [RECORDING, "/en/resources/regional-impact-report/"]
    dates = [t["datetime"] for t in doc.select("section.results .card__meta time")]
    assert dates == sorted(dates, reverse=True)
    assert not doc.select("a.clear-filters")  # nothing to clear


def test_filter_by_one_theme(client, demo):
    doc = get(client, "/en/resources/", {"theme": "mapping"})
    assert sorted(result_links(doc)) == [
        "/en/resources/inclusive-mapping/",
        "/en/resources/policy-brief-needs-assessments/",
    ]
    assert result_count(doc) == 2
    assert "2 resources" in doc.find(id="results-heading").get_text()
    checked = doc.select("input[name=theme][checked]")
    assert [box["value"] for box in checked] == ["mapping"]
    assert doc.select_one("a.clear-filters")["href"] == "/en/resources/"


def test_two_themes_are_alternatives_and_each_resource_is_listed_once(client, demo):
    strategy = set(result_links(get(client, "/en/resources/", {"theme": "strategy"})))
    prevention = set(result_links(get(client, "/en/resources/", {"theme": "prevention"})))
    assert strategy & prevention  # the ten-step roadmap has both themes
    doc = get(client, "/en/resources/", {"theme": ["strategy", "prevention"]})
    links = result_links(doc)
    assert len(links) == len(set(links)) == result_count(doc)
    assert set(links) == strategy | prevention
    assert len(links) == 6


def test_themes_and_languages_all_apply(client, demo):
    doc = get(client, "/en/resources/", {"theme": "strategy", "language": "fr"})
    assert sorted(result_links(doc)) == [
        "/en/resources/guide-for-mayors/",
        "/en/resources/ten-step-roadmap/",
    ]
    # The English-only toolkit has the theme but not the language.
    assert "/en/resources/multi-actor-framework-toolkit/" not in result_links(doc)
    doc = get(client, "/en/resources/", {"theme": "strategy", "language": "es", "type": "guide"})
    assert result_links(doc) == ["/en/resources/guide-for-mayors/"]


def test_unknown_filter_values_show_every_resource(client, demo):
    doc = get(client, "/en/resources/", {"theme": "astrology", "type": "<script>", "colour": "red"})
    assert result_count(doc) == DEMO_RESOURCES
    assert not doc.select("input[type=checkbox][checked]")


def test_search_within_the_hub(client, demo):
    doc = get(client, "/en/resources/", {"q": "toolkit"})
    assert sorted(result_links(doc)) == [
        "/en/resources/anti-government-hate-toolkit/",
        "/en/resources/multi-actor-framework-toolkit/",
    ]
    assert doc.find(id="hub-q")["value"] == "toolkit"
    # The words of a query all apply, and so do the facets beside it.
    doc = get(client, "/en/resources/", {"q": "toolkit municipalities"})
    assert result_links(doc) == ["/en/resources/anti-government-hate-toolkit/"]
    doc = get(client, "/en/resources/", {"q": "toolkit", "region": "united-states"})
    assert result_links(doc) == ["/en/resources/multi-actor-framework-toolkit/"]


def test_an_empty_result_offers_to_clear_the_filters(client, demo):
    for params in ({"q": "toolkit", "type": "recording"}, {"q": "xylophone"}):
        doc = get(client, "/en/resources/", params)
        assert result_count(doc) == 0
        assert result_links(doc) == []
        empty = doc.select_one("section.results .empty")
        assert empty is not None and empty["role"] == "status"
        assert empty.find("a")["href"] == "/en/resources/"
        assert "Clear the filters" in empty.get_text()


def add_resources(count, **fields):
    hub = english(ResourceHubPage, "resources")
    for number in range(count):
        hub.add_child(
            instance=ResourcePage(
                title=f"Extra resource {number}",
                slug=f"extra-resource-{number}",
                summary="An extra resource for the pagination tests.",
                resource_type=fields.get("resource_type", "case-study"),
                published_on=datetime.date(2020, 1, 1) + datetime.timedelta(days=number),
            )
        )


def test_pagination(client, demo):
    add_resources(5)
    first = get(client, "/en/resources/")
    assert result_count(first) == DEMO_RESOURCES + 5
    assert len(result_links(first)) == 12
    next_link = first.select_one("nav.pagination a[rel=next]")
    assert next_link["href"] == "?page=2"
    second = get(client, "/en/resources/", {"page": "2"})
    assert len(result_links(second)) == DEMO_RESOURCES + 5 - 12
    assert not set(result_links(first)) & set(result_links(second))
    assert second.select_one("nav.pagination a[rel=prev]")["href"] == "?page=1"
    # The oldest of all comes last.
    assert result_links(second)[-1] == "/en/resources/extra-resource-0/"


def test_pagination_keeps_the_filters(client, demo):
    add_resources(14)
    doc = get(client, "/en/resources/", {"type": "case-study", "q": "extra"})
    assert result_count(doc) == 14
    href = doc.select_one("nav.pagination a[rel=next]")["href"]
    assert href.startswith("?") and "type=case-study" in href and "q=extra" in href
    assert "page=2" in href
    second = get(client, "/en/resources/" + href)
    assert len(result_links(second)) == 2


@pytest.mark.parametrize(
    "page_number, shown",
    [("999", "last"), ("-1", "last"), ("0", "last"), ("abc", "first"), ("", "first")],
)
def test_out_of_range_page_numbers_answer_a_page(client, demo, page_number, shown):
    add_resources(5)
    doc = get(client, "/en/resources/", {"page": page_number})
    expected = 12 if shown == "first" else DEMO_RESOURCES + 5 - 12
    assert len(result_links(doc)) == expected
    assert result_count(doc) == DEMO_RESOURCES + 5


def test_odd_page_numbers_without_enough_resources_show_the_only_page(client, demo):
    ResourcePage.objects.get(url_path__endswith=RECORDING.removeprefix("/en")).unpublish()
    for page in ("2", "999", "-1", "abc", "1.5", "%00"):
        doc = get(client, f"/en/resources/?page={page}")
        assert len(result_links(doc)) == 12
        assert not doc.select("nav.pagination")


def test_filters_work_under_french_urls(client, demo):
    doc = get(client, "/fr/ressources/", {"theme": "mapping"})
    assert doc.find("html")["lang"] == "fr"
    links = result_links(doc)
    # The French translation, and the alias standing in for an untranslated resource.
    assert sorted(links) == [
        "/fr/ressources/cartographie-globale-et-inclusive/",
        "/fr/ressources/policy-brief-needs-assessments/",
    ]
    for link in links:
        assert client.get(link).status_code == 200
    form = doc.select_one("form.filters")
    assert form["action"] == "/fr/ressources/"
    assert [box["value"] for box in form.select("input[checked]")] == ["mapping"]
    assert doc.select_one("a.clear-filters")["href"] == "/fr/ressources/"
    # Theme names in the form and on the cards are the French ones.
    assert "Cartographie globale et inclusive" in form.get_text()
    assert "Cartographie globale et inclusive" in doc.select_one("section.results").get_text()


def test_french_hub_combines_facets(client, demo):
    doc = get(client, "/fr/ressources/", {"theme": ["strategy", "harassment"], "language": "fr"})
    assert sorted(result_links(doc)) == [
        "/fr/ressources/feuille-de-route-en-dix-etapes/",
        "/fr/ressources/guide-for-mayors/",
        "/fr/ressources/trousse-haine-et-harcelement-anti-gouvernement/",
    ]
    empty = get(client, "/fr/ressources/", {"type": "case-study"})
    assert result_links(empty) == []
    assert empty.select_one("section.results .empty a")["href"] == "/fr/ressources/"


# --- A resource and its documents ---


def test_a_resource_shows_its_documents_with_type_and_size(client, demo):
    resource = english(ResourcePage, "ten-step-roadmap")
    document = resource.documents.get().document
    doc = get(client, "/en/resources/ten-step-roadmap/")
    items = doc.select("section.documents li")
    assert len(items) == 1
    link = items[0].find("a")
    assert link.get_text() == document.title
    assert link.has_attr("download")
    size = document.get_file_size()
    assert size and size > 100
    assert items[0].select_one(".documents__meta").get_text() == f"(PDF, {filesizeformat(size)})"

    response = client.get(link["href"])
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    body = b"".join(response.streaming_content)
    assert body.startswith(b"%PDF-") and body.rstrip().endswith(b"%%EOF")
    assert len(body) == size


def test_the_french_resource_and_its_alias_offer_the_download(client, demo):
    for url in (
        "/fr/ressources/feuille-de-route-en-dix-etapes/",
        "/fr/ressources/guide-for-mayors/",
    ):
        doc = get(client, url)
        href = doc.select_one("section.documents a")["href"]
        assert href.endswith(".pdf")
        assert client.get(href).status_code == 200


def test_a_resource_lists_its_facts(client, demo):
    doc = get(client, "/en/resources/ten-step-roadmap/")
    facts = doc.select_one("dl.facts").get_text(" ", strip=True)
    for fact in ("Guide", "Mayors and elected officials", "North America", "Developing a strategy"):
        assert fact in facts
    assert doc.select_one("dl.facts time")["datetime"] == "2025-09-15"
    # The languages it exists in, named in the reader's language (not "English, Français").
    languages = [dt for dt in doc.select("dl.facts dt") if dt.get_text() == "Available in"]
    assert languages[0].find_next_sibling("dd").get_text() == "English, French"
    assert not doc.select("dl.facts [lang]")
    trail = doc.select_one("nav.breadcrumbs")
    assert [a["href"] for a in trail.select("a")] == ["/en/", "/en/resources/"]


# --- Impact stories and their feed ---


def test_stories_are_listed_newest_first(client, demo):
    stories = english(NewsIndexPage, "stories")
    stories.add_child(
        instance=NewsPage(
            title="A story from today", slug="today", summary="Today.", date=timezone.localdate()
        )
    )
    doc = get(client, "/en/stories/")
    titles = [a.get_text() for a in doc.select("article.card h2 a")]
    assert titles[0] == "A story from today"
    assert titles[-1] == "A tabletop exercise that Forest Park used weeks later"  # 2024-08-02
    dates = [t["datetime"] for t in doc.select("article.card time")]
    assert dates == sorted(dates, reverse=True)
    assert len(titles) == 7
    assert doc.find("link", type="application/rss+xml")["href"] == "/en/stories/feed/"


def test_stories_paginate_by_ten(client, demo):
    stories = english(NewsIndexPage, "stories")
    for number in range(8):
        stories.add_child(
            instance=NewsPage(
                title=f"Old story {number}",
                slug=f"old-story-{number}",
                summary="Old.",
                date=datetime.date(2010, 1, 1 + number),
            )
        )
    first = get(client, "/en/stories/")
    assert len(first.select("article.card")) == 10
    second = get(client, "/en/stories/", {"page": "2"})
    titles = [a.get_text() for a in second.select("article.card h2 a")]
    assert titles == ["Old story 3", "Old story 2", "Old story 1", "Old story 0"]
    assert get(client, "/en/stories/", {"page": "abc"}).select("article.card")


def test_the_rss_feed_lists_the_stories(client, demo):
    response = client.get("/en/stories/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    rss = ET.fromstring(response.content)
    assert rss.tag == "rss" and rss.get("version") == "2.0"
    channel = rss.find("channel")
    assert channel.findtext("title") == "Impact stories"
    assert channel.findtext("link") == "http://testserver/en/stories/"
    assert channel.findtext("language") == "en"
    items = channel.findall("item")
    expected = list(
        NewsPage.objects.live().filter(locale__language_code="en").order_by("-date", "-pk")
    )
    assert [item.findtext("title") for item in items] == [story.title for story in expected]
    assert len(items) == 6
    first = items[0]
    assert first.findtext("link") == "http://testserver/en/stories/vancouver-online-harms-academy/"
    assert first.findtext("description").startswith("A gathering of municipal")
    assert first.findtext("pubDate")


def test_the_french_feed_has_the_french_stories(client, demo):
    response = client.get("/fr/recits/feed/")
    assert response.status_code == 200
    channel = ET.fromstring(response.content).find("channel")
    assert channel.findtext("title") == "Récits d’impact"
    assert channel.findtext("language") == "fr"
    links = [item.findtext("link") for item in channel.findall("item")]
    assert "http://testserver/fr/recits/edmonton-cartographie-la-haine/" in links
    assert all(link.startswith("http://testserver/fr/recits/") for link in links)


# --- Convenings ---


def convening_sections(doc):
    upcoming = doc.find(id="upcoming-heading").find_parent("section")
    past = doc.find(id="past-heading").find_parent("section")
    return upcoming, past


def test_upcoming_convenings_come_before_past_ones(client, demo):
    today = timezone.localdate()
    convenings = english(EventIndexPage, "convenings")
    convenings.add_child(
        instance=EventPage(
            title="Running right now",
            slug="ongoing",
            summary="Started yesterday, ends tomorrow.",
            start_date=today - datetime.timedelta(days=1),
            end_date=today + datetime.timedelta(days=1),
        )
    )
    convenings.add_child(
        instance=EventPage(
            title="Yesterday's webinar",
            slug="yesterday",
            summary="One day, yesterday.",
            start_date=today - datetime.timedelta(days=1),
        )
    )
    doc = get(client, "/en/convenings/")
    upcoming, past = convening_sections(doc)
    assert str(doc).index('id="upcoming-heading"') < str(doc).index('id="past-heading"')

    upcoming_titles = [a.get_text() for a in upcoming.select(".card__title a")]
    assert upcoming_titles == [
        "Running right now",
        "Canada convening: incivility toward local officials",
        "BC deep-dive municipalities convening",
        "Mayoral Retreat 2027",
    ]
    starts = [card.find("time")["datetime"] for card in upcoming.select("article.card")]
    assert starts == sorted(starts)

    past_titles = [a.get_text() for a in past.select(".card__title a")]
    assert past_titles[0] == "Yesterday's webinar"
    assert "Western Canada and western US exchange" in past_titles
    assert not set(upcoming_titles) & set(past_titles)
    past_starts = [card.find("time")["datetime"] for card in past.select("article.card")]
    assert past_starts == sorted(past_starts, reverse=True)
    assert all(start < today.isoformat() for start in past_starts)


def test_french_convenings(client, demo):
    upcoming, past = convening_sections(get(client, "/fr/rencontres/"))
    links = [a["href"] for a in upcoming.select(".card__title a")]
    assert "/fr/rencontres/retraite-des-maires-2027/" in links
    assert "Retraite des maires 2027" in upcoming.get_text()
    assert len(past.select("article.card")) == 4


def test_an_event_page_says_when_and_where(client, demo):
    event = english(EventPage, "mayoral-retreat-2027")
    doc = get(client, "/en/convenings/mayoral-retreat-2027/")
    times = [t["datetime"] for t in doc.select("dl.facts time")]
    assert times == [event.start_date.isoformat(), event.end_date.isoformat()]
    facts = doc.select_one("dl.facts").get_text(" ", strip=True)
    assert "Pittsburgh Theological Seminary" in facts
    assert "In person" in facts


# --- Member cities ---


def directory(doc):
    """{country: {province or state: [(city, "member since ...", [link hrefs])]}}."""
    countries = {}
    for section in doc.select("main section"):
        regions = {}
        for heading in section.find_all("h3"):
            cities = []
            for item in heading.find_next_sibling("ul").find_all("li", class_="city"):
                since = item.select_one(".city__since")
                cities.append(
                    (
                        item.find("strong").get_text(),
                        since.get_text() if since else None,
                        [a["href"] for a in item.select(".city__links a")],
                    )
                )
            regions[heading.get_text()] = cities
        countries[section.find("h2").get_text()] = regions
    return countries


def test_the_directory_groups_cities_by_country_and_province(client, demo):
    doc = get(client, "/en/member-cities/")
    countries = directory(doc)
    assert list(countries) == ["Canada", "United States"]
    canada = countries["Canada"]
    assert list(canada) == ["Alberta", "British Columbia", "Ontario"]
    assert [name for name, *_rest in canada["British Columbia"]] == ["Vancouver", "Victoria"]
    edmonton = canada["Alberta"][0]
    assert edmonton[0] == "Edmonton"
    assert edmonton[1] == "member since 2023"
    assert edmonton[2] == [
        "/en/stories/edmonton-hate-landscape/",
        "/en/convenings/edmonton-workshop-2024/",
    ]
    united_states = countries["United States"]
    assert list(united_states) == ["Idaho", "Illinois", "Ohio", "Pennsylvania"]
    assert [name for name, *_rest in united_states["Illinois"]] == ["Forest Park", "Highland Park"]
    highland_park = united_states["Illinois"][1]
    assert highland_park[1] == "member since 2016"
    assert highland_park[2] == []
    assert united_states["Pennsylvania"][0][2] == ["/en/convenings/mayoral-retreat-2027/"]
    assert "9 member cities" in doc.find("main").get_text()


def test_the_directory_lists_member_cities_only(client, demo):
    Organisation.objects.create(name="Calgary", kind="city", country="CA", region="CA-AB")
    Organisation.objects.create(
        name="Halifax",
        kind="city",
        country="CA",
        region="",
        is_member=True,
        member_since=datetime.date(2025, 5, 1),
    )
    countries = directory(get(client, "/en/member-cities/"))
    names = {
        city[0] for regions in countries.values() for cities in regions.values() for city in cities
    }
    assert "Calgary" not in names  # not a member
    assert "Boise Neighbours Together" not in names  # not a city
    assert "Foundation for a Path Forward" not in names
    assert "Halifax" in names
    # A city without a province comes first in its country.
    first_region, first_cities = next(iter(countries["Canada"].items()))
    assert first_region == "Across the country"
    assert first_cities == [("Halifax", "member since 2025", [])]


def test_the_french_directory_links_the_french_stories(client, demo):
    countries = directory(get(client, "/fr/villes-membres/"))
    assert len(countries) == 2
    canada = next(iter(countries.values()))
    edmonton = next(iter(canada.values()))[0]
    assert edmonton[0] == "Edmonton"
    assert "2023" in edmonton[1]
    assert "/fr/recits/edmonton-cartographie-la-haine/" in edmonton[2]
    links = [
        href
        for regions in countries.values()
        for cities in regions.values()
        for city in cities
        for href in city[2]
    ]
    assert links and all(href.startswith("/fr/") for href in links)


def test_unpublished_stories_are_not_linked_from_the_directory(client, demo):
    story = english(NewsPage, "edmonton-hate-landscape")
    story.unpublish()
    countries = directory(get(client, "/en/member-cities/"))
    edmonton = countries["Canada"]["Alberta"][0]
    assert edmonton[2] == ["/en/convenings/edmonton-workshop-2024/"]


# --- Site search ---


def test_search_finds_the_toolkits(client, demo):
    doc = get(client, "/en/search/", {"q": "toolkit"})
    links = search_links(doc)
    assert set(links) >= {
        "/en/resources/anti-government-hate-toolkit/",
        "/en/resources/multi-actor-framework-toolkit/",
    }
    assert all(link.startswith("/en/") for link in links)
    assert doc.find(id="search-q")["value"] == "toolkit"
    assert doc.find("meta", attrs={"name": "robots"})["content"] == "noindex, follow"


def test_french_search_finds_the_french_mapping_resource(client, demo):
    doc = get(client, "/fr/search/", {"q": "cartographie"})
    links = search_links(doc)
    assert "/fr/ressources/cartographie-globale-et-inclusive/" in links
    assert "Cartographie globale et inclusive" in doc.select_one("ol.search-results").get_text()
    assert all(link.startswith("/fr/") for link in links)
    assert not set(links) & alias_urls()


def test_french_search_never_returns_aliases(client, demo):
    aliases = alias_urls()
    assert "/fr/ressources/guide-for-mayors/" in aliases
    # English words that only untranslated (alias) pages carry under /fr/.
    for query in ("mayors", "guide", "Pittsburgh", "membership", "Brampton"):
        links = search_links(get(client, "/fr/search/", {"q": query}))
        assert not set(links) & aliases, (query, links)
        assert all(link.startswith("/fr/") for link in links), (query, links)
        english_links = search_links(get(client, "/en/search/", {"q": query}))
        assert english_links, query  # the words are there, in English


def test_french_search_leaves_aliases_out_after_the_original_changes(client, demo):
    """Publishing the English page updates its alias: that must not put the alias in the index."""
    original = english(ResourcePage, "guide-for-mayors")
    original.title = "Leading the response: a guide for mayors, second edition"
    original.save_revision().publish()
    alias = get(client, "/fr/ressources/guide-for-mayors/")
    assert "second edition" in alias.find("h1").get_text()
    assert search_links(get(client, "/en/search/", {"q": "second edition"})) == [
        "/en/resources/guide-for-mayors/"
    ]
    assert search_links(get(client, "/fr/search/", {"q": "second edition"})) == []
    assert search_links(get(client, "/fr/search/", {"q": "mayors"})) == []


@pytest.mark.parametrize(
    "query_string",
    [
        "q=%22",
        "q=%22toolkit",
        "q=%27%3B--",
        "q=%00",
        "q=toolkit%00",
        "q=NOT",
        "q=toolkit+OR",
        "q=NEAR%28a+b%29",
        "q=*",
        "q=%E2%80%8B",
        "q=" + "a" * 5000,
        "q=" + "toolkit+" * 700,
        "q=toolkit&page=999",
        "q=toolkit&page=-1",
        "q=toolkit&page=abc",
        "q=",
        "",
    ],
)
def test_odd_search_queries_answer(client, demo, query_string):
    for prefix in ("/en", "/fr"):
        response = client.get(f"{prefix}/search/?{query_string}")
        assert response.status_code == 200
        doc = BeautifulSoup(response.content.decode(), "html.parser")
        assert len(doc.find(id="search-q")["value"]) <= 200


def test_search_paginates(client, demo):
    add_resources(12)
    doc = get(client, "/en/search/", {"q": "extra resource"})
    assert len(search_links(doc)) == 10
    second = get(client, "/en/search/", {"q": "extra resource", "page": "2"})
    assert len(search_links(second)) == 2
    assert not set(search_links(doc)) & set(search_links(second))


# --- Sitemaps and robots.txt ---


def sitemap_urls(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    entries = {}
    for entry in root.findall(f"{SITEMAP}url"):
        alternates = {
            link.get("hreflang"): link.get("href") for link in entry.findall(f"{XHTML}link")
        }
        entries[entry.findtext(f"{SITEMAP}loc")] = alternates
    return entries


def test_the_french_sitemap_lists_french_pages_with_their_translations(client, demo):
    entries = sitemap_urls(client, "/fr/sitemap.xml")
    assert all(url.startswith("http://testserver/fr/") for url in entries)
    mapping = entries["http://testserver/fr/ressources/cartographie-globale-et-inclusive/"]
    assert mapping == {
        "en": "http://testserver/en/resources/inclusive-mapping/",
        "fr": "http://testserver/fr/ressources/cartographie-globale-et-inclusive/",
        "x-default": "http://testserver/en/resources/inclusive-mapping/",
    }
    assert entries["http://testserver/fr/"]["en"] == "http://testserver/en/"
    for url in ("/fr/ressources/", "/fr/recits/", "/fr/rencontres/", "/fr/villes-membres/"):
        assert f"http://testserver{url}" in entries


def test_the_french_sitemap_leaves_aliases_out(client, demo):
    entries = sitemap_urls(client, "/fr/sitemap.xml")
    assert "http://testserver/fr/ressources/guide-for-mayors/" not in entries
    assert "http://testserver/fr/adhesion/" in entries  # translated: listed
    listed = {url.removeprefix("http://testserver") for url in entries}
    assert not listed & alias_urls()
    translated = Page.objects.live().filter(
        locale__language_code="fr", alias_of__isnull=True, depth__gt=1
    )
    assert listed == {page.url for page in translated}


def test_the_english_sitemap(client, demo):
    entries = sitemap_urls(client, "/en/sitemap.xml")
    assert all(url.startswith("http://testserver/en/") for url in entries)
    # Untranslated: no alternates (its French alias is not a translation).
    assert entries["http://testserver/en/membership/"]["fr"] == "http://testserver/fr/adhesion/"
    assert entries["http://testserver/en/resources/guide-for-mayors/"] == {}
    assert entries["http://testserver/en/about/"]["fr"] == "http://testserver/fr/a-propos/"
    assert (
        len(entries) == Page.objects.live().filter(locale__language_code="en", depth__gt=1).count()
    )


def test_the_sitemap_index_lists_both_languages(client, demo):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    assert root.tag == f"{SITEMAP}sitemapindex"
    locations = [loc.text for loc in root.iter(f"{SITEMAP}loc")]
    assert locations == ["http://testserver/en/sitemap.xml", "http://testserver/fr/sitemap.xml"]
    for location in locations:
        assert client.get(location.removeprefix("http://testserver")).status_code == 200


def test_robots_txt_points_at_the_sitemap(client, demo):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines


# --- SEO ---


def test_a_translated_page_names_its_translations_and_open_graph_tags(client, demo):
    doc = get(client, "/fr/ressources/cartographie-globale-et-inclusive/")
    alternates = {
        link["hreflang"]: link["href"]
        for link in doc.find_all("link", rel="alternate")
        if link.has_attr("hreflang")
    }
    assert alternates == {
        "en": "http://testserver/en/resources/inclusive-mapping/",
        "fr": "http://testserver/fr/ressources/cartographie-globale-et-inclusive/",
    }
    canonical = doc.find("link", rel="canonical")["href"]
    assert canonical == "http://testserver/fr/ressources/cartographie-globale-et-inclusive/"
    assert meta(doc, "og:title") == "Cartographie globale et inclusive"
    assert (
        meta(doc, "og:url") == "http://testserver/fr/ressources/cartographie-globale-et-inclusive/"
    )
    assert meta(doc, "og:locale") == "fr_CA"
    assert meta(doc, "og:type") == "website"
    assert meta(doc, "og:description").startswith("Comprendre les défis")
    assert doc.find("meta", attrs={"name": "robots"}) is None

    english_doc = get(client, "/en/resources/inclusive-mapping/")
    assert meta(english_doc, "og:locale") == "en_CA"
    assert meta(english_doc, "og:url") == "http://testserver/en/resources/inclusive-mapping/"
    english_alternates = english_doc.find_all("link", rel="alternate", hreflang=True)
    assert {link["hreflang"] for link in english_alternates} == {"en", "fr"}


def test_a_story_is_an_article(client, demo):
    doc = get(client, "/en/stories/edmonton-hate-landscape/")
    assert meta(doc, "og:type") == "article"
    assert meta(doc, "og:title") == "Edmonton maps its hate landscape"


def test_an_untranslated_page_has_no_alternates(client, demo):
    doc = get(client, "/en/resources/guide-for-mayors/")
    assert not doc.find_all("link", rel="alternate", hreflang=True)
    assert meta(doc, "og:url") == "http://testserver/en/resources/guide-for-mayors/"


def test_an_alias_points_search_engines_at_the_original(client, demo):
    doc = get(client, "/fr/ressources/guide-for-mayors/")
    assert doc.find("html")["lang"] == "fr"
    canonical = doc.find("link", rel="canonical")["href"]
    assert canonical == "http://testserver/en/resources/guide-for-mayors/"
    assert doc.find("meta", attrs={"name": "robots"})["content"] == "noindex, follow"
    assert not doc.find_all("link", rel="alternate", hreflang=True)
    assert meta(doc, "og:url") is None
    # Its own words are marked English, the French labels around them are not (test_lang_marks).
    title = doc.select_one("main h1[lang=en]").get_text()
    assert title == "Leading the response: a guide for mayors"
    assert doc.select_one("main p.notice[role=note]")


# --- Preview ---

PAGE_TYPES = [
    HomePage,
    StandardPage,
    ResourceHubPage,
    ResourcePage,
    NewsIndexPage,
    NewsPage,
    EventIndexPage,
    EventPage,
    CityDirectoryPage,
]


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("model", PAGE_TYPES, ids=lambda model: model.__name__)
def test_every_page_type_renders_in_preview(demo, model, language):
    page = model.objects.filter(locale__language_code=language, alias_of__isnull=True).first()
    assert page is not None
    response = page.make_preview_request()
    assert response.status_code == 200
    content = response.content.decode()
    assert f'<html lang="{language}">' in content
    assert content.count("<h1") == 1


def admin_client(client, email):
    client.force_login(User.objects.get(email=email))
    return client


def test_preview_shows_a_draft_without_publishing_it(client, demo):
    hub = english(ResourceHubPage, "resources")
    admin_client(client, "editor@hub.example")
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[hub.pk])
    response = client.post(
        url,
        {
            "title": "A draft title for the hub",
            "slug": "resources",
            "introduction": "A draft introduction.",
            "body-count": "0",
            "comments-TOTAL_FORMS": "0",
            "comments-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert response.json()["is_valid"] is True
    preview = BeautifulSoup(client.get(url).content.decode(), "html.parser")
    assert preview.find("h1").get_text() == "A draft title for the hub"
    assert len(result_links(preview)) == 12  # the listing works in preview too
    client.logout()
    assert get(client, "/en/resources/").find("h1").get_text() == "Resource Hub"


@pytest.mark.parametrize(
    "model, parent, fields",
    [
        (
            "newspage",
            ("en", "stories"),
            {"summary": "A new story.", "date": "2026-01-15", "body-count": "0"},
        ),
        (
            "eventpage",
            ("fr", "rencontres"),
            {
                "summary": "Une nouvelle rencontre.",
                "start_date": "2030-03-01",
                "event_format": "virtual",
                "body-count": "0",
            },
        ),
        (
            "resourcepage",
            ("en", "resources"),
            {
                "summary": "A new resource.",
                "resource_type": "guide",
                "audience": "everyone",
                "region": "global",
                "published_on": "2026-01-15",
                "body-count": "0",
                "documents-TOTAL_FORMS": "0",
                "documents-INITIAL_FORMS": "0",
            },
        ),
        ("standardpage", ("fr", "accueil"), {"introduction": "Nouveau.", "body-count": "0"}),
    ],
)
def test_a_new_page_renders_in_preview_before_it_is_saved(client, demo, model, parent, fields):
    parent_page = Page.objects.get(locale__language_code=parent[0], slug=parent[1])
    admin_client(client, "editor@hub.example")
    url = reverse("wagtailadmin_pages:preview_on_add", args=["pages", model, parent_page.pk])
    data = {
        "title": "Brand new page",
        "slug": "brand-new-page",
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        **fields,
    }
    response = client.post(url, data)
    assert response.json()["is_valid"] is True
    response = client.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    assert f'<html lang="{parent[0]}">' in content
    assert "<h1>Brand new page</h1>" in content
    assert not Page.objects.filter(slug="brand-new-page").exists()


# --- Moderation ---


def resource_form(page, title, action):
    document = page.documents.get()
    return {
        "title": title,
        "slug": page.slug,
        "summary": page.summary,
        "resource_type": page.resource_type,
        "audience": page.audience,
        "region": page.region,
        "published_on": page.published_on.isoformat(),
        "topics": [str(topic.pk) for topic in page.topics.all()],
        "languages": [str(language.pk) for language in page.languages.all()],
        "documents-TOTAL_FORMS": "1",
        "documents-INITIAL_FORMS": "1",
        "documents-0-id": str(document.pk),
        "documents-0-document": str(document.document_id),
        "documents-0-label": "",
        "documents-0-ORDER": "0",
        "body-count": "0",
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        action: "1",
    }


def workflow_state(page):
    return WorkflowState.objects.filter(
        base_content_type=page.get_base_content_type(), object_id=str(page.pk)
    )


def test_editors_draft_and_moderators_publish(demo):
    page = english(ResourcePage, "guide-for-mayors")
    editor = User.objects.get(email="editor@hub.example")
    moderator = User.objects.get(email="moderator@hub.example")
    assert page.permissions_for_user(editor).can_edit()
    assert not page.permissions_for_user(editor).can_publish()
    assert page.permissions_for_user(moderator).can_publish()
    workflow = page.get_workflow()
    assert workflow is not None and workflow.active
    task = workflow.tasks.get().specific
    assert [action for action, *_ in task.get_actions(page, moderator)][:2] == ["reject", "approve"]
    assert task.get_actions(page, editor) == []


def test_an_editor_cannot_publish_from_the_admin(client, demo):
    page = english(ResourcePage, "guide-for-mayors")
    admin_client(client, "editor@hub.example")
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        resource_form(page, "Published by an editor?", "action-publish"),
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.title == "Leading the response: a guide for mayors"
    assert page.has_unpublished_changes  # saved as a draft, not published
    assert not workflow_state(page).exists()
    client.logout()
    assert (
        "Published by an editor?" not in get(client, "/en/resources/guide-for-mayors/").get_text()
    )


def test_submitted_for_moderation_then_approved_and_published(client, demo):
    page = english(ResourcePage, "guide-for-mayors")
    admin_client(client, "editor@hub.example")
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        resource_form(page, "Leading the response: the revised guide", "action-submit"),
    )
    assert response.status_code == 302

    state = workflow_state(page).get()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by.email == "editor@hub.example"
    task_state = state.current_task_state
    assert task_state.status == TaskState.STATUS_IN_PROGRESS
    page.refresh_from_db()
    assert task_state.revision_id == page.latest_revision_id
    assert page.live and page.has_unpublished_changes
    assert page.title == "Leading the response: a guide for mayors"  # still the live title

    approve = reverse(
        "wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk]
    )
    client.post(approve, {})  # the editor cannot approve their own submission
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_IN_PROGRESS

    client.logout()
    assert "the revised guide" not in get(client, "/en/resources/guide-for-mayors/").get_text()

    admin_client(client, "moderator@hub.example")
    response = client.post(approve, {})
    assert response.status_code == 302
    task_state.refresh_from_db()
    state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_APPROVED
    assert task_state.finished_by.email == "moderator@hub.example"
    assert state.status == WorkflowState.STATUS_APPROVED
    page.refresh_from_db()
    assert page.title == "Leading the response: the revised guide"
    assert not page.has_unpublished_changes

    client.logout()
    title = get(client, "/en/resources/guide-for-mayors/").find("h1").get_text()
    assert title == "Leading the response: the revised guide"
    # The French alias follows its original.
    alias_title = get(client, "/fr/ressources/guide-for-mayors/").find("h1").get_text()
    assert alias_title == "Leading the response: the revised guide"


def test_a_moderator_can_send_a_submission_back(client, demo):
    page = english(ResourcePage, "ten-step-roadmap")
    editor = User.objects.get(email="editor@hub.example")
    moderator = User.objects.get(email="moderator@hub.example")
    page.title = "A draft the moderator does not like"
    page.save_revision(user=editor)
    page.get_workflow().start(page, editor)

    state = workflow_state(page).get()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, moderator, "reject")
    state.refresh_from_db()
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_REJECTED
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    title = get(client, "/en/resources/ten-step-roadmap/").find("h1").get_text()
    assert title == "Unlocking the potential of cities: a ten-step roadmap"


def test_a_resource_added_by_an_editor_is_found_by_its_facets(client, demo):
    topic = Topic.objects.get(locale__language_code="en", slug="online-harms")
    hub = english(ResourceHubPage, "resources")
    resource = ResourcePage(
        title="Online harms casebook",
        slug="online-harms-casebook",
        summary="Cases.",
        resource_type="case-study",
    )
    hub.add_child(instance=resource)
    resource.topics.set([topic])
    resource.languages.set(ContentLanguage.objects.filter(code="en"))
    resource.save_revision().publish()
    doc = get(client, "/en/resources/", {"theme": "online-harms", "type": "case-study"})
    assert result_links(doc) == ["/en/resources/online-harms-casebook/"]
    assert "Online harms" in doc.select_one("section.results .card__facets").get_text()


# --- Aliases: the French stand-ins for untranslated pages ---


def test_an_alias_follows_its_originals_facets(client, demo):
    original = english(ResourcePage, "guide-for-mayors")
    original.topics.set([Topic.objects.get(locale__language_code="en", slug="mapping")])
    original.save_revision().publish()
    french = result_links(get(client, "/fr/ressources/", {"theme": "mapping"}))
    assert "/fr/ressources/guide-for-mayors/" in french
    assert "/fr/ressources/guide-for-mayors/" not in result_links(
        get(client, "/fr/ressources/", {"theme": "strategy"})
    )


def test_unpublishing_the_original_takes_its_alias_down(client, demo):
    english(ResourcePage, "guide-for-mayors").unpublish()
    assert client.get("/fr/ressources/guide-for-mayors/").status_code == 404
    assert "/fr/ressources/guide-for-mayors/" not in result_links(get(client, "/fr/ressources/"))
    assert result_count(get(client, "/fr/ressources/")) == DEMO_RESOURCES - 1


def test_starting_a_translation_keeps_the_alias_out_of_search_engines(client, demo):
    original = english(ResourcePage, "guide-for-mayors")
    french_locale = Locale.objects.get(language_code="fr")
    admin_client(client, "editor@hub.example")
    response = client.post(
        reverse("wagtail_localize:submit_page_translation", args=[original.pk]),
        {"locales": [str(french_locale.pk)]},
    )
    assert response.status_code == 302
    french = ResourcePage.objects.get(
        locale=french_locale, translation_key=original.translation_key
    )
    assert french.alias_of_id is None  # the translation took the alias's place
    client.logout()

    url = "/fr/ressources/guide-for-mayors/"
    response = client.get(url)
    if response.status_code == 200:
        doc = BeautifulSoup(response.content.decode(), "html.parser")
        robots = doc.find("meta", attrs={"name": "robots"})
        assert robots is not None and robots["content"] == "noindex, follow"
        canonical = doc.find("link", rel="canonical")["href"]
        assert canonical == "http://testserver/en/resources/guide-for-mayors/"
        assert not doc.find_all("link", rel="alternate", hreflang="fr")
    else:
        assert response.status_code == 404
    assert f"http://testserver{url}" not in sitemap_urls(client, "/fr/sitemap.xml")
    assert url not in search_links(get(client, "/fr/search/", {"q": "mayors"}))


def test_upcoming_convenings_are_paginated_apart_from_the_archive(client, demo):
    from pages.models import EventIndexPage, EventPage
    from pages.models.events import UPCOMING_PER_PAGE

    index = english(EventIndexPage, "convenings")
    start = timezone.localdate() + datetime.timedelta(days=30)
    for number in range(UPCOMING_PER_PAGE + 3):
        index.add_child(
            instance=EventPage(
                title=f"Regional meeting {number:02}", slug=f"regional-meeting-{number:02}",
                start_date=start + datetime.timedelta(days=number), location="Online",
                summary="The member cities of the region meet.",
            )
        )  # fmt: skip
    first = get(client, "/en/convenings/")
    upcoming = first.select_one("section[aria-labelledby=upcoming-heading]")
    assert len(upcoming.select(".card")) == UPCOMING_PER_PAGE
    next_link = upcoming.select_one("a[rel=next]")["href"]
    assert next_link == "?upcoming=2"
    second = get(client, "/en/convenings/" + next_link + "&page=1")
    later = second.select_one("section[aria-labelledby=upcoming-heading]")
    assert "Regional meeting 14" in later.get_text()
    assert "Regional meeting 00" not in later.get_text()
    # The archive keeps its own page number.
    assert second.select_one("section[aria-labelledby=past-heading]").select(".card")
