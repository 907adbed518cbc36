"""Promoted search results (issue 17): what people in trouble type finds the help desk's Get
help page first, in their language; editors choose the pages (Wagtail's search promotions)."""

import pytest
from bs4 import BeautifulSoup
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from pages.models import StandardPage

pytestmark = pytest.mark.django_db


def search(client, language, q, **params):
    response = client.get(f"/{language}/search/", {"q": q, **params})
    assert response.status_code == 200
    doc = BeautifulSoup(response.content, "html.parser")
    promoted = doc.find("section", class_="promoted")
    picks = [a["href"] for a in promoted.select(".card__title a")] if promoted else []
    results = [a["href"] for a in doc.select("ol.search-results h3 a")]
    return picks, results


@pytest.mark.parametrize(
    ("language", "q", "url"),
    [
        ("en", "help desk", "/en/get-help/"),
        ("en", "Help Desk", "/en/get-help/"),
        ("en", "crisis", "/en/get-help/"),
        ("fr", "aide", "/fr/obtenir-de-laide/"),
        ("fr", "service d’assistance", "/fr/obtenir-de-laide/"),
        ("fr", "help desk", "/fr/obtenir-de-laide/"),
    ],
)
def test_people_in_trouble_find_the_get_help_page_first(client, demo, language, q, url):
    picks, results = search(client, language, q)
    assert picks == [url]
    assert url not in results  # once, at the top


def test_a_promotion_shows_only_in_its_own_language(client, demo):
    picks, _results = search(client, "fr", "crisis")  # an English query, promoted in English
    assert picks == []


def test_an_editor_promotes_a_page_and_reading_records_nothing(client, demo):
    membership = StandardPage.objects.get(locale__language_code="en", slug="membership")
    SearchPromotion.objects.create(query=Query.get("join"), page=membership, sort_order=0)
    picks, _results = search(client, "en", "join")
    assert picks == ["/en/membership/"]
    before = Query.objects.count()
    search(client, "en", "a question nobody promoted anything for")
    assert Query.objects.count() == before


def test_an_unpublished_promoted_page_is_not_shown(client, demo):
    membership = StandardPage.objects.get(locale__language_code="en", slug="membership")
    SearchPromotion.objects.create(query=Query.get("join"), page=membership, sort_order=0)
    membership.unpublish()
    picks, _results = search(client, "en", "join")
    assert picks == []


def test_promoted_pages_head_the_first_page_only(client, demo):
    membership = StandardPage.objects.get(locale__language_code="en", slug="membership")
    SearchPromotion.objects.create(query=Query.get("cities"), page=membership, sort_order=0)
    first, results = search(client, "en", "cities")
    assert first == ["/en/membership/"] and len(results) == 10  # a second page exists
    second, _results = search(client, "en", "cities", page=2)
    assert second == []
