"""The help desk's public Get help page (issue 17): what a visitor, an official linked to a
city and a person not linked yet read and can do; the response targets as the coordinators
set them, in both languages; /help-desk/ for visitors; search; the anonymous page cache."""

import re

import pytest
from bs4 import BeautifulSoup
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from helpdesk import targets
from helpdesk.models import GetHelpPage, ResponseTarget
from network.models import User
from pages.models import HomePage
from tests.pages.test_query_budgets import MAX_QUERIES

pytestmark = pytest.mark.django_db

PAGES = {"en": "/en/get-help/", "fr": "/fr/obtenir-de-laide/"}
OFFICIAL = "official.boise@hub.example"  # a member of Boise (a city)
COMMUNITY = "community@hub.example"  # lead of a community organisation, no city


def signed_in(email: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(email=email))
    return client


def read(client, url) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return BeautifulSoup(response.content, "html.parser")


def urgency_cards(document) -> dict[str, str]:
    return {
        card["id"].removeprefix("urgency-"): re.sub(
            r"[ \t\n]+", " ", card.get_text(" ", strip=True)
        )
        for card in document.select("main li.card[id^=urgency-]")
    }


def main_links(document) -> dict[str, str]:
    return {" ".join(a.get_text().split()): a["href"] for a in document.select("main a[href]")}


# --- The targets in words (helpdesk.targets.promise) ---


@pytest.mark.parametrize(
    "language, minutes, business_hours, words",
    [
        ("en", 60, False, "within an hour"),
        ("en", 120, False, "within 2 hours"),
        ("en", 24 * 60, False, "within 24 hours"),
        ("en", 3 * 24 * 60, False, "within 3 days"),
        ("en", 45, False, "within 45 minutes"),
        ("en", 8 * 60, True, "within 8 business hours"),
        ("en", 3 * 8 * 60, True, "within 3 business days"),
        ("en", 60, True, "within 1 business hour"),
        ("fr", 60, False, "dans un délai d’une heure"),
        ("fr", 24 * 60, False, "dans un délai de 24 heures"),
        ("fr", 8 * 60, True, "dans un délai de 8 heures ouvrables"),
        ("fr", 10 * 8 * 60, True, "dans un délai de 10 jours ouvrables"),
    ],
)
def test_a_target_reads_as_people_say_it(language, minutes, business_hours, words):
    with translation.override(language):
        assert targets.within(minutes, business_hours=business_hours) == words


def test_business_hours_are_named_with_the_hub_s_zone_in_each_language():
    with translation.override("en"):
        said = targets.promise(
            first_response_minutes=480, resolution_minutes=2400, business_hours=True
        )
        assert said.first_response == (
            "First answer within 8 business hours: Monday to Friday, 9:00\u00a0a.m. to 5:00\u00a0p.m. "
            "Eastern Time (Toronto)"
        )
        assert said.resolution == "We aim to resolve it within 5 business days"
    with translation.override("fr"):
        said = targets.promise(
            first_response_minutes=60, resolution_minutes=1440, business_hours=False
        )
        assert said.first_response == "Première réponse dans un délai d’une heure, jour et nuit"
        assert said.resolution == "Nous visons à la régler dans un délai de 24 heures"
        hours = targets.business_hours_in_words()
        assert hours == "du lundi au vendredi, de 9\u00a0h à 17\u00a0h, heure de l’Est (Toronto)"


# --- The page ---


@pytest.mark.parametrize(
    "language, at_risk, urgent",
    [
        (
            "en",
            "First answer within an hour, day and night",
            "First answer within 8 business hours: Monday to Friday, 9:00\u00a0a.m. to 5:00\u00a0p.m.",
        ),
        (
            "fr",
            "Première réponse dans un délai d’une heure, jour et nuit",
            "Première réponse dans un délai de 8 heures ouvrables\u00a0: du lundi au vendredi, "
            "de 9\u00a0h à 17\u00a0h",
        ),
    ],
)
def test_the_page_shows_each_urgency_s_target_as_the_coordinators_set_it(
    client, demo, language, at_risk, urgent
):
    cards = urgency_cards(read(client, PAGES[language]))
    assert list(cards) == ["at_risk", "urgent", "routine"]
    assert at_risk in cards["at_risk"]
    assert urgent in cards["urgent"]

    # A coordinator makes urgent requests a two-hour, around-the-clock matter (saved, as the
    # admin saves it: a new generation of the page cache).
    target = ResponseTarget.objects.get(urgency="urgent")
    target.first_response_minutes, target.business_hours = 120, False
    target.save()
    cards = urgency_cards(read(client, PAGES[language]))
    expected = {
        "en": "First answer within 2 hours, day and night",
        "fr": "Première réponse dans un délai de 2 heures, jour et nuit",
    }
    assert expected[language] in cards["urgent"]
    assert urgent not in cards["urgent"]


def test_a_target_changed_in_the_admin_reaches_visitors_through_the_page_cache(demo, settings):
    settings.HUB_PAGE_CACHE_SECONDS = 300
    caches["pages"].clear()
    try:
        visitor = Client()
        assert "First answer within an hour" in urgency_cards(read(visitor, PAGES["en"]))["at_risk"]
        assert visitor.get(PAGES["en"])["X-Hub-Cache"] == "hit"
        target = ResponseTarget.objects.get(urgency="at_risk")
        target.first_response_minutes = 30
        target.save()  # as the admin's edit view does
        assert "within 30 minutes" in urgency_cards(read(visitor, PAGES["en"]))["at_risk"]
    finally:
        caches["pages"].clear()


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_page_says_to_call_911_first_and_explains_the_at_risk_urgency(client, demo, language):
    document = read(client, PAGES[language])
    alert = document.select_one("main .alert.alert--danger")
    heading = {
        "en": "If someone is in danger now, call 911",
        "fr": "Si quelqu’un est en danger maintenant, composez le 911",
    }
    assert alert.find("h2").get_text(strip=True) == heading[language]
    at_risk = {"en": "Someone is at risk now", "fr": "Quelqu’un est en danger maintenant"}
    assert "Canada" in alert.get_text() and at_risk[language] in alert.get_text()
    # The headings go in order: one h1, then h2 sections, then h3 cards.
    levels = [int(h.name[1]) for h in document.select("main h1, main h2, main h3")]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_visitor_is_asked_to_sign_in_with_a_way_back_to_the_request_form(client, demo, language):
    document = read(client, PAGES[language])
    links = main_links(document)
    labels = {
        "en": ("Sign in to ask", "No account? Create one"),
        "fr": ("Se connecter pour faire une demande", "Pas de compte ? Créez-en un"),
    }
    sign_in, sign_up = labels[language]
    assert links[sign_in] == f"/{language}/accounts/login/?next=%2F{language}%2Fhelp-desk%2Fnew%2F"
    assert links[sign_up].startswith(f"/{language}/accounts/signup/?next=")
    hero = document.select_one("main .hero__actions a.button")
    assert hero.get_text(strip=True) == sign_in, "signing in is the main action"
    # How to be linked to a city: three steps on the site, and the hub team's address for
    # a city that is not on it yet.
    assert len(document.select("#access ol > li")) == 3
    mail = document.select_one('#access a[href^="mailto:"]')
    assert mail.get_text(strip=True) == "na.hub@example.org"
    assert mail["href"] == "mailto:na.hub@example.org"
    assert "Ask for advice" not in links and "Demander conseil" not in links


@pytest.mark.parametrize("language", ["en", "fr"])
def test_an_official_linked_to_a_city_is_offered_to_ask_and_their_requests(demo, language):
    document = read(signed_in(OFFICIAL), PAGES[language])
    links = main_links(document)
    ask, mine = {
        "en": ("Ask for advice", "Your requests"),
        "fr": ("Demander conseil", "Vos demandes"),
    }[language]
    assert links[ask] == f"/{language}/help-desk/new/"
    assert links[mine] == f"/{language}/help-desk/"
    said = {
        "en": "linked to Boise: you can ask for advice now, and follow your city's requests",
        "fr": "rattaché à Boise\u00a0: vous pouvez demander conseil dès maintenant et "
        "suivre les demandes de votre ville",
    }[language]
    assert said in document.select_one("#access").get_text()
    assert not document.select('main a[href*="/accounts/login/"]')
    assert not document.select('#access a[href^="mailto:"]')


def test_someone_not_linked_to_a_city_learns_how_to_join_it(demo):
    document = read(signed_in(COMMUNITY), PAGES["en"])
    access = document.select_one("#access")
    assert "Your account is not linked to a city yet" in access.get_text()
    # They ask on the site; the hub team's address stays for a city not on the site yet.
    assert (
        access.select_one('a[href="/en/my/organisations/"]').get_text() == "Ask to join your city"
    )
    assert access.select_one('a[href^="mailto:na.hub@example.org"]') is not None
    links = main_links(document)
    assert "Ask for advice" not in links and "Sign in to ask" not in links
    assert links["How to join your city"] == "#access"
    # A community organisation is pointed to the experts' office hours instead.
    assert links["Book office hours"].startswith("/en/")


# --- /help-desk/ ---


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_visitor_at_the_help_desk_gets_the_get_help_page_not_a_sign_in(client, demo, language):
    response = client.get(f"/{language}/help-desk/", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == PAGES[language]
    document = BeautifulSoup(response.content, "html.parser")
    title = GetHelpPage.objects.get(url_path__endswith=PAGES[language].split("/")[-2] + "/").title
    assert document.find("h1").get_text(strip=True) == title
    assert document.select_one('main input[type="password"]') is None


def test_without_a_get_help_page_a_visitor_is_still_asked_to_sign_in(client, demo):
    for page in GetHelpPage.objects.all():
        page.unpublish()
    response = client.get("/en/help-desk/")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/?next=/en/help-desk/")


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_signed_in_official_still_gets_their_requests_at_the_help_desk(demo, language):
    response = signed_in(OFFICIAL).get(f"/{language}/help-desk/")
    assert response.status_code == 200
    assert "helpdesk/request_list.html" in [t.name for t in response.templates]


# --- Search, place in the tree, cache ---


@pytest.mark.parametrize("language, query", [("en", "help desk"), ("fr", "aide")])
def test_site_search_puts_the_page_first(client, demo, language, query):
    document = read(client, f"/{language}/search/?q={query}")
    found = [a["href"] for a in document.select("main section a[href]")]
    assert found[0] == PAGES[language]  # promoted by the demo, under "Recommended"


@pytest.mark.parametrize(
    "language, query", [("en", "confidential advice"), ("fr", "conseils confidentiels")]
)
def test_site_search_finds_the_page_by_its_words(client, demo, language, query):
    document = read(client, f"/{language}/search/?q={query}")
    found = [a["href"] for a in document.select("main .search-results a[href]")]
    assert PAGES[language] in found


def test_there_is_one_get_help_page_per_language():
    assert GetHelpPage.objects.count() == 2
    assert {p.locale.language_code for p in GetHelpPage.objects.all()} == {"en", "fr"}
    for home in HomePage.objects.all():
        assert not GetHelpPage.can_create_at(home), "a second one under the same home page"


def test_visitors_share_a_cached_page_that_never_carries_a_signed_in_person_s_part(demo, settings):
    settings.HUB_PAGE_CACHE_SECONDS = 300
    caches["pages"].clear()
    try:
        official = signed_in(OFFICIAL)
        theirs = official.get(PAGES["en"])
        assert b'href="/en/help-desk/new/"' in theirs.content
        assert "X-Hub-Cache" not in theirs, "a signed-in person's page is never stored"
        assert "private" in theirs["Cache-Control"]

        first = Client().get(PAGES["en"])
        second = Client().get(PAGES["en"])
        assert (first["X-Hub-Cache"], second["X-Hub-Cache"]) == ("miss", "hit")
        for response in (first, second):
            assert b"Sign in to ask" in response.content
            assert b'href="/en/help-desk/new/"' not in response.content
            assert b"Your requests" not in response.content
            assert b"Boise" not in response.content
        # And the official, still signed in, is not served the visitors' copy.
        assert b'href="/en/help-desk/new/"' in official.get(PAGES["en"]).content
    finally:
        caches["pages"].clear()


@pytest.mark.parametrize("who", [None, OFFICIAL, COMMUNITY])
def test_every_reader_s_page_stays_within_the_site_s_query_budget(demo, who):
    client = signed_in(who) if who else Client()
    client.get(PAGES["en"])
    if who is None:
        caches["pages"].clear()  # measure the visitors' page being built, not its kept copy
    with CaptureQueriesContext(connection) as done:
        assert client.get(PAGES["en"]).status_code == 200
    assert len(done.captured_queries) <= MAX_QUERIES
    targets_read = [q for q in done.captured_queries if "helpdesk_responsetarget" in q["sql"]]
    assert len(targets_read) == 1, "every urgency's target in one query"
