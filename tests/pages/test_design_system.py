"""What every page shares from the design system (issue 17): breadcrumbs as a nav, the home
page's hero buttons and services, and the pattern library (development settings only)."""

import pytest
from bs4 import BeautifulSoup
from django.test import override_settings

from pages.models import HomePage, NavigationMenu

pytestmark = pytest.mark.django_db


def get(client, url) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def trail(doc):
    nav = doc.find("nav", class_="breadcrumbs")
    if nav is None:
        return None
    return [(a.get_text(strip=True), a["href"]) for a in nav.select("ol > li > a")]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/en/resources/ten-step-roadmap/", [("Home", "/en/"), ("Resource Hub", "/en/resources/")]),
        ("/fr/ressources/", [("Accueil", "/fr/")]),
    ],
)
def test_a_page_below_home_has_its_trail(client, demo, url, expected):
    doc = get(client, url)
    nav = doc.find("nav", class_="breadcrumbs")
    assert nav["aria-label"] in ("Breadcrumb", "Fil d’Ariane")
    # The trail is a nav outside main, before it; the current page is named by its h1 alone.
    assert nav.find_parent("main") is None
    assert trail(doc) == expected


def test_the_home_page_has_no_trail(client, demo):
    assert trail(get(client, "/en/")) is None


def test_a_lesson_is_placed_in_its_academy_course_and_module(client, demo):
    from academy.models import LessonPage

    lesson = LessonPage.objects.live().filter(locale__language_code="en").first()
    doc = get(client, lesson.url)
    ancestors = list(lesson.get_ancestors().filter(depth__gte=3))
    crumbs = trail(doc)
    assert crumbs[0] == ("Home", "/en/")
    assert [title for title, _url in crumbs[1:]] == [page.title for page in ancestors]
    assert [url for _title, url in crumbs[1:]] == [page.url for page in ancestors]


def test_a_view_that_is_not_a_page_gives_its_own_trail(client, demo):
    from network.models import User

    client.force_login(User.objects.get(email="official.boise@hub.example"))
    doc = get(client, "/en/help-desk/new/")
    assert trail(doc) == [("Home", "/en/"), ("Help desk", "/en/help-desk/")]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_home_page_leads_to_every_service_and_offers_two_ways_in(client, demo, language):
    doc = get(client, f"/{language}/")
    services = doc.find("section", id="services")
    links = [a["href"] for a in services.select(".card__title a")]
    menu = NavigationMenu.objects.get(locale__language_code=language, slot="main")
    menu_links = [
        link.value["page"].url if link.value["page"] else link.value["url"] for link in menu.links
    ]
    assert links == menu_links
    assert len(links) == 6
    for card in services.select(".card"):
        assert card.select_one(".card__body").get_text(strip=True)
    buttons = doc.select(".hero__actions a.button")
    assert len(buttons) == 2
    assert "button--secondary" not in buttons[0]["class"]
    assert "button--secondary" in buttons[1]["class"]
    for button in buttons:
        assert client.get(button["href"], follow=True).status_code == 200


def test_an_editor_changes_the_services(client, demo):
    home = HomePage.objects.get(locale__language_code="en")
    home.services = [
        ("service", {"title": "Grants", "text": "Small grants.", "link": {"label": "Grants", "page": None, "url": "/en/grants/"}})
    ]  # fmt: skip
    home.save_revision().publish()
    services = get(client, "/en/").find("section", id="services")
    assert [a.get_text(strip=True) for a in services.select(".card__title a")] == ["Grants"]


def test_the_pattern_library_is_closed_outside_development(client, demo):
    assert client.get("/en/patterns/").status_code == 404


@override_settings(HUB_PATTERN_LIBRARY=True)
def test_the_pattern_library_shows_every_component(client, demo):
    doc = get(client, "/en/patterns/")
    assert doc.find(attrs={"lang": "en"}) is not None  # English only, and marked so under /fr/
    for selector in [
        ".hero .hero__actions .button",
        ".button--secondary",
        ".button--danger",
        ".button--small",
        ".badge--info",
        ".badge--success",
        ".badge--warning",
        ".badge--danger",
        ".badge--neutral",
        ".alert--info",
        ".alert--success",
        ".alert--warning",
        ".alert--danger",
        ".card .card__image",
        ".card--link",
        ".person .avatar--initials",
        ".person img.avatar",
        ".table-wrap .table--stack",
        ".filters-fold .filters",
        "nav.breadcrumbs",
        ".empty",
        ".week-grid .week-grid__day .slot",
        ".week-grid__day--empty",
        ".person .person__facts",
    ]:
        assert doc.select_one(selector) is not None, selector
    for row in doc.select(".table--stack tbody tr"):
        assert all(cell.get("data-label") for cell in row.find_all(["td", "th"]))
