"""Text that reads right: titles that name the page then the site once, a plain-text meta
description on every page, and search excerpts as clean text with the match marked."""

import pytest
from bs4 import BeautifulSoup
from django.utils import translation
from wagtail.models import Page

from pages.models.base import plain_text
from pages.templatetags.hub_tags import excerpt

pytestmark = pytest.mark.django_db

SITE = {"en": "North America Hub", "fr": "Pôle Amérique du Nord"}


def one_page_of_each_type():
    seen, pages = set(), []
    for page in Page.objects.live().filter(depth__gt=1).specific().select_related("locale"):
        kind = (type(page).__name__, page.locale.language_code)
        if kind not in seen:
            seen.add(kind)
            pages.append(page)
    return pages


def head(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser").head


def test_plain_text_drops_tags_and_entities():
    assert plain_text("<p>Book <i>an hour</i>&nbsp;with\n an expert &amp; more</p>") == (
        "Book an hour with an expert & more"
    )


def test_a_rich_text_introduction_describes_its_page_without_its_tags(demo):
    from webinars.office_hours.models import OfficeHoursPage

    page = OfficeHoursPage.objects.filter(locale__language_code="en").first()
    assert "<" in page.introduction
    assert page.description and "<" not in page.description


def test_every_page_type_in_both_languages_has_a_title_and_a_plain_description(client, demo):
    pages = one_page_of_each_type()
    assert {page.locale.language_code for page in pages} == {"en", "fr"}
    assert len(pages) > 20
    for page in pages:
        language = page.locale.language_code
        site = SITE[language]
        with translation.override(language):
            document = head(client, page.url)
        title = document.title.string
        if page.depth == 2:
            assert title == site, page.url
        else:
            assert title.count(site) == 1 and title.endswith(f" · {site}"), (page.url, title)
            assert title.startswith(page.seo_title or page.title), (page.url, title)
        descriptions = document.find_all("meta", attrs={"name": "description"})
        assert len(descriptions) == 1, page.url
        content = descriptions[0]["content"]
        assert content and "<" not in content and "&" not in content, (page.url, content)
        assert len(content) <= 160, page.url
        shared = document.find("meta", property="og:description")
        if shared is not None:
            assert "<" not in shared["content"], page.url


@pytest.mark.parametrize(
    "url, expected",
    [("/en/search/", "The North America Regional Hub"), ("/fr/recherche/", "Le Pôle régional")],
)
def test_pages_that_are_not_cms_pages_have_a_description_in_their_language(client, url, expected):
    from django.urls import reverse

    language = url.split("/")[1]
    with translation.override(language):
        url = reverse("search")
    document = head(client, url)
    assert document.find("meta", attrs={"name": "description"})["content"].startswith(expected)
    assert document.title.string.endswith(f" · {SITE[language]}")


@pytest.mark.parametrize("language, query", [("en", "office hours"), ("fr", "permanences")])
def test_search_excerpts_are_clean_text_with_the_match_marked(client, demo, language, query):
    from django.urls import reverse

    with translation.override(language):
        response = client.get(reverse("search"), {"q": query})
    results = BeautifulSoup(response.content, "html.parser").select(".search-results li")
    assert results, f"nothing found for {query!r}"
    excerpts = [item.find("p") for item in results if item.find("p")]
    assert excerpts
    for paragraph in excerpts:
        text = paragraph.get_text()
        assert "<" not in text and "&lt;" not in text and "&nbsp;" not in text, text
    marked = [mark.get_text().lower() for p in excerpts for mark in p.find_all("mark")]
    assert any(word in marked for word in query.split()), marked


def test_the_excerpt_escapes_text_and_query_and_marks_whole_words():
    assert (
        str(excerpt("Book office hours now", "hour hours")) == "Book office <mark>hours</mark> now"
    )
    hostile = str(excerpt("a <b>bold</b> & <script>x</script> claim", "<script>"))
    assert "<script>" not in hostile and "<b>" not in hostile
    assert str(excerpt("fish &amp; chips", "amp")) == "fish &amp; chips"


def test_the_excerpt_starts_near_the_first_match_in_a_long_text():
    words = [f"w{i}" for i in range(100)]
    words[60] = "prevention"
    shown = str(excerpt(" ".join(words), "prevention"))
    assert shown.startswith("… w55 ")
    assert "<mark>prevention</mark>" in shown
    assert shown.endswith(" …")
