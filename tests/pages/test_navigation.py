"""Every service one click from home: the header's menus (from the CMS, built by the demo),
walked from the home page signed out and signed in, in both languages (issue 17)."""

import os

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import translation

from network.models import User
from pages.blocks import validate_link_address
from pages.models import NavigationMenu

pytestmark = pytest.mark.django_db

SERVICES = {
    "en": ["Academy", "Webinars", "Office hours", "Help desk", "Funding", "Resource Hub"],
    "fr": [
        "Académie",
        "Webinaires",
        "Permanences",
        "Service d’assistance",
        "Financement",
        "Ressources",
    ],
}
NETWORK = {
    "en": ["About", "Impact stories", "Convenings", "Member cities", "Membership"],
    "fr": ["À propos", "Récits d’impact", "Rencontres", "Villes membres", "Adhésion"],
}
# Where each service lands, by its place in the menu: the page's own heading.
HEADINGS = {
    "en": [
        "Prevention Academies",
        "Webinars",
        "Office hours with our experts",
        None,
        "Funding",
        "Resource Hub",
    ],
    "fr": [
        "Académies de prévention",
        "Webinaires",
        "Permanences avec nos experts",
        None,
        "Financement",
        None,
    ],
}


def header_links(client, language):
    response = client.get(f"/{language}/")
    assert response.status_code == 200
    header = BeautifulSoup(response.content, "html.parser").find("header")
    menus = {}
    for label in {"en": ("Services", "The network"), "fr": ("Services", "Le réseau")}[language]:
        nav = header.find("nav", attrs={"aria-label": label})
        assert nav is not None, f"no {label!r} navigation in the header"
        menus[label] = [(a.get_text(strip=True), a["href"]) for a in nav.find_all("a")]
    return list(menus.values())


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("who", [None, "official.boise@hub.example"])
def test_the_header_leads_to_every_service_then_the_network(client, demo, language, who):
    if who:
        client.force_login(User.objects.get(email=who))
    services, network = header_links(client, language)
    assert [label for label, _ in services] == SERVICES[language]
    assert [label for label, _ in network] == NETWORK[language]
    for (label, href), heading in zip(services, HEADINGS[language], strict=True):
        assert href.startswith(f"/{language}/"), (label, href)
        response = client.get(href, follow=True)
        assert response.status_code == 200, (label, href)
        if label in ("Help desk", "Service d’assistance") and not who:
            # Visitors meet the public Get help page: who may ask, how fast, how to get in.
            get_help = {"en": "/en/get-help/", "fr": "/fr/obtenir-de-laide/"}[language]
            assert response.redirect_chain[-1][0] == get_help
            continue
        if heading:
            h1 = BeautifulSoup(response.content, "html.parser").find("h1")
            assert h1.get_text(strip=True) == heading, (label, href)
    for label, href in network:
        assert client.get(href).status_code == 200, (label, href)


@pytest.mark.parametrize(
    "language, titles",
    [
        ("en", ["Prevention Academy US", "Prevention Academy Canada",
                "Prevention Academy for BC Municipalities"]),
        ("fr", ["Académie de prévention États-Unis", "Académie de prévention Canada",
                "Académie de prévention pour les municipalités de la C.-B."]),
    ],
)  # fmt: skip
def test_the_academy_overview_shows_what_each_academy_offers(client, demo, language, titles):
    """Two clicks from home to each academy and each of its courses."""
    services, _ = header_links(client, language)
    response = client.get(services[0][1])
    document = BeautifulSoup(response.content, "html.parser")
    cards = document.select("main section.card")
    assert [card.find("h2").get_text(strip=True) for card in cards] == titles
    for card in cards:
        assert card.find("p").get_text(strip=True), "each academy says what it offers"
        assert card.find("h2").find("a")["href"].startswith(f"/{language}/")
    us_courses = [a.get_text(strip=True) for a in cards[0].select("ul a")]
    assert us_courses, "the US academy lists its course"
    if language == "fr":
        assert "Avec la National League of Cities" in cards[0].get_text()


def test_loading_the_demo_again_keeps_the_menus_as_they_are(demo):
    def links():
        return {
            (menu.locale.language_code, menu.slot): [link.value["label"] for link in menu.links]
            for menu in NavigationMenu.objects.select_related("locale")
        }

    before = links()
    with open(os.devnull, "w") as devnull:
        call_command("load_demo", stdout=devnull)
    assert links() == before
    assert before[("en", "main")] == SERVICES["en"]
    assert before[("fr", "network")] == NETWORK["fr"]


@pytest.mark.parametrize(
    "address", ["/en/help-desk/", "https://example.org/guide", "mailto:na.hub@example.org"]
)
def test_a_menu_link_may_be_a_path_of_the_site_a_web_address_or_an_email(address):
    validate_link_address(address)


@pytest.mark.parametrize(
    "address", ["javascript:alert(1)", "//elsewhere.example/", "help-desk", "ftp://example.org/"]
)
def test_a_menu_link_refuses_anything_else_with_a_clear_message(address):
    with translation.override("en"), pytest.raises(ValidationError, match="starting with /"):
        validate_link_address(address)
    with translation.override("fr"), pytest.raises(ValidationError, match="commençant par /"):
        validate_link_address(address)
