"""`lang` on every mixed part: on /fr/, English words (an alias's title, summary and body)
are marked English, and only they; the French around them (labels, dates, breadcrumb,
notices) stays French. Pages parsed as a French reader gets them."""

import datetime

import pytest
from bs4 import BeautifulSoup, NavigableString
from django.template import Context, Template
from django.utils import translation
from wagtail.models import Locale, Page

from network.models import Organisation
from pages.languages import content_language, foreign_language
from pages.models import EventIndexPage, EventPage, NewsIndexPage, NewsPage, ResourcePage

pytestmark = pytest.mark.django_db


def get(client, url) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return BeautifulSoup(response.content.decode(), "html.parser")


def language_of(node) -> str | None:
    """The language a screen reader speaks a node in: its nearest `lang`."""
    element = node.parent if isinstance(node, NavigableString) else node
    while element is not None:
        if element.has_attr("lang"):
            return element["lang"]
        element = element.parent
    return None


def text_nodes(doc, text: str) -> list:
    """Every text node of the page's body that holds `text` (the <title> names the page and
    the site together; a file's title is the document list's to mark, by the file's language)."""
    body = doc.find("body") or doc
    nodes = [
        node
        for node in body.find_all(string=True)
        if text in node and not node.find_parent(class_="documents")
    ]
    assert nodes, f"not on the page: {text!r}"
    return nodes


def assert_spoken_in(doc, text: str, language: str):
    for node in text_nodes(doc, text):
        assert language_of(node) == language, (text, language_of(node), node.parent)


def french_aliases(model):
    return list(model.objects.filter(locale__language_code="fr", alias_of__isnull=False))


def alias_in_french(english_page, french_parent):
    fr = Locale.objects.get(language_code="fr")
    return english_page.create_alias(
        parent=french_parent, update_locale=fr, reset_translation_key=False
    ).specific


# --- The French home page ---


def test_english_alias_cards_on_the_french_home_page_are_marked_english(client, demo):
    doc = get(client, "/fr/")
    cards = doc.select("#latest-heading + ul .card")
    assert cards
    aliases = {page.url: page for page in french_aliases(ResourcePage)}
    marked = 0
    for card in cards:
        link = card.select_one(".card__title a")
        title, body = card.select_one(".card__title"), card.select_one(".card__body")
        eyebrow = card.select_one(".card__eyebrow")
        assert language_of(eyebrow) == "fr"  # « Guide », « Rapport »: French either way
        if link["href"] in aliases:
            assert language_of(link) == "en" and language_of(body) == "en", card
            assert eyebrow.get_text().endswith(" · en anglais")  # said in words too
            marked += 1
        else:
            assert language_of(title) == "fr" and language_of(body) == "fr", card
            assert "anglais" not in eyebrow.get_text()
    assert marked, "the demo's French home page lists English resources"


def test_the_french_home_page_marks_nothing_else_english(client, demo):
    doc = get(client, "/fr/")
    english = {el.name for el in doc.select("main [lang=en]")}
    assert english <= {"h3", "p"}, english
    assert language_of(doc.find("h1")) == "fr"
    assert language_of(doc.select_one(".site-footer p")) == "fr"


# --- The member-city directory ---


def test_an_english_story_in_the_french_directory_is_marked_english(client, demo):
    boise = Organisation.objects.get(name="Boise")
    index = NewsIndexPage.objects.get(locale__language_code="en")
    story = NewsPage(
        title="Boise counts its hate incidents",
        slug="boise-counts",
        date=datetime.date.today(),
        summary="How the city built its count.",
    )
    index.add_child(instance=story)
    story.cities.set([boise])
    story.save_revision().publish()
    alias_in_french(story, NewsIndexPage.objects.get(locale__language_code="fr"))

    doc = get(client, "/fr/villes-membres/")
    assert_spoken_in(doc, "Boise counts its hate incidents", "en")
    item = next(li for li in doc.select("li.city") if li.find("strong").get_text() == "Boise")
    assert_spoken_in(item, "Récit", "fr")  # « Récit : » before the English title
    assert_spoken_in(item, "membre depuis", "fr")
    assert_spoken_in(item, "(en anglais)", "fr")
    for link in item.select(".city__links a"):
        if link.get_text() != "Boise counts its hate incidents":
            assert language_of(link) == "fr", link


# --- English-fallback pages under /fr/ ---


def assert_only_the_content_is_english(doc, page):
    """The title, summary and body are English; the breadcrumb, notice and labels French."""
    assert doc.find("html")["lang"] == "fr"
    assert not doc.select("main > div[lang]"), "the whole content is not marked English"
    assert language_of(doc.find("h1")) == "en"
    assert_spoken_in(doc, page.title, "en")
    assert_spoken_in(doc, page.summary[:40], "en")
    for crumb in doc.select("nav.breadcrumbs a"):
        assert language_of(crumb) == "fr", crumb
    assert language_of(doc.select_one("main .notice")) == "fr"
    for label in doc.select("main dl.facts dt"):
        assert language_of(label) == "fr", label
    for time in doc.select("main time"):
        assert language_of(time) == "fr", time


def test_an_english_resource_under_fr_marks_only_its_own_words(client, demo):
    alias = ResourcePage.objects.get(locale__language_code="fr", slug="guide-for-mayors")
    assert alias.alias_of_id
    doc = get(client, alias.url)
    assert_only_the_content_is_english(doc, alias)
    assert_spoken_in(doc, "Date de publication", "fr")
    assert "septembre" in doc.select_one("main time").get_text()


def test_an_english_convening_under_fr_marks_only_its_own_words(client, demo):
    english = EventPage.objects.filter(locale__language_code="en").first()
    index = EventIndexPage.objects.get(locale__language_code="fr")
    french = english.get_translation(Locale.objects.get(language_code="fr"))
    french.delete()  # the demo translated it: stand it in with an alias instead
    alias = alias_in_french(EventPage.objects.get(pk=english.pk), index)
    doc = get(client, alias.url)
    assert_only_the_content_is_english(doc, alias)
    assert_spoken_in(doc, "Quand", "fr")
    assert_spoken_in(doc, "Format", "fr")


def test_an_english_webinar_under_fr_marks_only_its_own_words(client, demo):
    from webinars.models import WebinarPage

    alias = WebinarPage.objects.filter(locale__language_code="fr", alias_of__isnull=False).first()
    doc = get(client, alias.url)
    assert_only_the_content_is_english(doc, alias)
    registration = doc.find(id="registration-heading")
    assert language_of(registration) == "fr"
    assert language_of(doc.select_one("main .speakers")) == "en"


def test_an_english_lesson_under_fr_marks_only_its_own_words(client, demo):
    from academy.models import LessonPage

    alias = LessonPage.objects.filter(locale__language_code="fr", alias_of__isnull=False).first()
    doc = get(client, alias.url)
    assert not doc.select("main > div[lang]")
    assert language_of(doc.find("h1")) == "en"
    for crumb in doc.select("nav.breadcrumbs a"):
        assert language_of(crumb) == "fr", crumb
    assert language_of(doc.select_one("main .notice")) == "fr"


def translated_roadmap():
    """The demo's French translation of the ten-step roadmap, whatever its slug."""
    english = ResourcePage.objects.get(locale__language_code="en", slug="ten-step-roadmap")
    return english.get_translation(Locale.objects.get(language_code="fr"))


def test_a_translated_page_marks_nothing_english(client, demo):
    doc = get(client, translated_roadmap().url)
    # Only a language's name may be marked, as that language (« Offert en : English »).
    assert not [el for el in doc.select("main [lang=en]") if not el.find_parent("dl")]
    assert language_of(doc.find("h1")) == "fr"
    assert language_of(doc.select_one("main .lead")) == "fr"


# --- The rule itself ---


def test_content_language_of_pages_aliases_and_converted_stand_ins(demo):
    alias = ResourcePage.objects.get(locale__language_code="fr", slug="guide-for-mayors")
    translated = translated_roadmap()
    english = ResourcePage.objects.get(locale__language_code="en", slug="ten-step-roadmap")
    assert content_language(alias) == "en"
    assert content_language(translated) == "fr"
    assert content_language(english) == "en"
    with translation.override("fr"):
        assert foreign_language(alias) == "en"
        assert foreign_language(translated) is None
        assert foreign_language(english) == "en"  # an English page linked from a French one
    with translation.override("en"):
        assert foreign_language(alias) is None
        assert foreign_language(translated) == "fr"

    # A translation started but not yet published: the page still shows the English.
    from wagtail_localize.operations import translate_object

    translate_object(alias.alias_of.specific, [Locale.objects.get(language_code="fr")])
    converted = Page.objects.get(pk=alias.pk).specific
    assert converted.alias_of_id is None and converted.is_stand_in
    assert content_language(converted, thorough=True) == "en"
    listed = ResourcePage.objects.select_related("live_revision").get(pk=alias.pk)
    assert content_language(listed) == "en"  # a listing that loads the live revision


def test_the_tag_marks_only_when_the_languages_differ(demo):
    alias = ResourcePage.objects.get(locale__language_code="fr", slug="guide-for-mayors")
    translated = translated_roadmap()
    source = "{% load hub_lang %}<h3{% content_lang a %}>x</h3><h3{% content_lang b %}>y</h3>"
    with translation.override("fr"):
        html = Template(source).render(Context({"a": alias, "b": translated}))
    assert html == '<h3 lang="en">x</h3><h3>y</h3>'
    with translation.override("fr"):
        assert Template("{% load hub_lang %}[{% content_lang none %}]").render(Context()) == "[]"
