"""Issue 17's "Done when", walked in Chromium: from the home page, only by clicking what a
person sees, in English and French, at 1280 and 390 pixels wide. A visitor downloads a
guide, registers for a webinar, reads how to get help in a crisis, finds what each academy
offers and how a city joins; a signed-in official reaches their next lesson, books office
hours and opens their help-desk requests.

Every journey runs in both languages at both widths. They share one demo load (about half a
minute) instead of one each, so the module takes about two minutes.
"""

import datetime
import os
import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

PASSWORD = "hub-demo-2026"
WIDTHS = {1280: {"width": 1280, "height": 900}, 390: {"width": 390, "height": 844}}
PHONE = 768  # the header folds its menus below 48rem (static/js/menu.js)
EVERYWHERE = [("en", 1280), ("fr", 390), ("fr", 1280), ("en", 390)]
# Slots open 24 hours ahead (the demo's notice): one well past it stays bookable while the
# journey runs.
MARGIN = datetime.timedelta(hours=26)

TEXT = {
    "en": {
        "home": "Cities leading the prevention",
        "menu": "Menu",
        "services": "Services",
        "network": "The network",
        "account": "Account",
        "resources": "Resource Hub",
        "guide": "Unlocking the potential of cities: a ten-step roadmap",
        "download": "Download",
        "webinars": "Webinars",
        "upcoming": "Upcoming sessions",
        "session": "When a conflict abroad divides your city",
        "registration": "Registration",
        "full_name": "Full name",
        "email": "Email",
        "organisation": "Organisation",
        "role": "Municipal staff",
        "consent": "I agree",
        "register": "Register",
        "registered": "Thank you. We have emailed the details to {email}.",
        "help_desk": "Help desk",
        "get_help": "Get help from the help desk",
        "danger": "If someone is in danger now, call 911",
        "targets": "How fast we answer",
        "first_answer": "First answer within",
        "at_risk": "First answer within an hour, day and night",
        "academy": "Academy",
        "academies": "Prevention Academies",
        "academy_us": "Prevention Academy US",
        "academy_canada": "Prevention Academy Canada",
        "academy_bc": "Prevention Academy for BC Municipalities",
        "courses": "Courses",
        "no_course": "No course is open yet.",
        "membership": "Membership",
        "how_to_join": "How to join",
        "sign_in": "Sign in",
        "login_email": "Email",
        "login_password": "Password",
        "login_button": "Sign in",
        "my_hub": "My hub",
        "continue": "Continue",
        "enrol_first": "Enrol in a cohort to read them",
        "office_hours": "Office hours",
        "office_hours_title": "Office hours with our experts",
        "book_title": "Book office hours",
        "booking_for": "Booking for",
        "questions": "Your questions",
        "book": "Book this slot",
        "booked": "Booked. We have emailed you the details",
        "booking_title": "Office hours with {name}",
        "my_bookings": "My organisation’s office hours",
        "coming_up": "Coming up",
        "next_week": "Next week",
        "requests": "Your organisation's requests",
        "request_title": "Request {reference}",
    },
    "fr": {
        "home": "Des villes à l’avant-garde de la prévention",
        "menu": "Menu",
        "services": "Services",
        "network": "Le réseau",
        "account": "Compte",
        "resources": "Ressources",
        "guide": "Libérer le potentiel des villes : une feuille de route en dix étapes",
        "download": "Télécharger",
        "webinars": "Webinaires",
        "upcoming": "Séances à venir",
        "session": "Quand un conflit lointain divise votre ville",
        "registration": "Inscription",
        "full_name": "Nom complet",
        "email": "Courriel",
        "organisation": "Organisme",
        "role": "Personnel municipal",
        "consent": "J’accepte",
        "register": "S’inscrire",
        "registered": "Merci. Nous avons envoyé tous les renseignements par courriel à {email}.",
        "help_desk": "Service d’assistance",
        "get_help": "Obtenir de l’aide du service d’assistance",
        "danger": "Si quelqu’un est en danger maintenant, composez le 911",
        "targets": "Nos délais de réponse",
        "first_answer": "Première réponse dans un délai",
        "at_risk": "Première réponse dans un délai d’une heure, jour et nuit",
        "academy": "Académie",
        "academies": "Académies de prévention",
        "academy_us": "Académie de prévention États-Unis",
        "academy_canada": "Académie de prévention Canada",
        "academy_bc": "Académie de prévention pour les municipalités de la C.-B.",
        "courses": "Cours",
        "no_course": "Aucun cours n’est encore offert.",
        "membership": "Adhésion",
        "how_to_join": "Comment adhérer",
        "sign_in": "Se connecter",
        "login_email": "Courriel",
        "login_password": "Mot de passe",
        "login_button": "Se connecter",
        "my_hub": "Mon espace",
        "continue": "Continuer",
        "enrol_first": "Inscrivez-vous à une cohorte pour les consulter",
        "office_hours": "Permanences",
        "office_hours_title": "Permanences avec nos experts",
        "book_title": "Réserver une séance de permanence",
        "booking_for": "Réservation au nom de",
        "questions": "Vos questions",
        "book": "Réserver ce créneau",
        "booked": "Votre réservation est confirmée.",
        "booking_title": "Séance de permanence avec {name}",
        "my_bookings": "Les permanences de mon organisme",
        "coming_up": "À venir",
        "next_week": "Semaine suivante",
        "requests": "Les demandes de votre organisme",
        "request_title": "Demande {reference}",
    },
}


@pytest.fixture(autouse=True)
def _live_server_helper():
    """Replaces pytest-django's helper of this name for this module only: it would empty the
    database after every journey, and the demo takes half a minute to load again. These
    journeys share one demo load (`journeys_site`); the rows they add (registrations under
    their own addresses, bookings within each organisation's cap) stand in no other's way."""
    yield


@pytest.fixture(scope="module")
def journeys_site(django_db_setup, live_server, django_db_blocker):
    """The live server with the demo loaded once for the module; emptied at the end, as
    every browser test leaves the database. `django_db_setup` first: without it the
    connection still names the development database."""
    from django.core.management import call_command
    from django.db import connection

    # The test database's name says "test" (a file under hub-test-db-, or test_<name>).
    assert "test" in str(connection.settings_dict["NAME"]), connection.settings_dict["NAME"]
    with django_db_blocker.unblock():
        live_server._live_server_modified_settings.enable()
        try:
            with open(os.devnull, "w") as devnull:
                call_command("load_demo", stdout=devnull)
            yield live_server
        finally:
            live_server._live_server_modified_settings.disable()
            call_command("flush", interactive=False, verbosity=0)


def start_at_home(page: Page, base: str, language: str, width: int) -> dict:
    """The one address typed: the home page. Returns the words of that language."""
    text = TEXT[language]
    page.set_viewport_size(WIDTHS[width])
    page.goto(f"{base}/{language}/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_role("heading", level=1)).to_contain_text(text["home"])
    return text


def header_link(page: Page, text: dict, nav: str, name: str):
    """A link of one of the header's menus; on a phone, after opening "Menu", which folds
    the menus away until then."""
    menu = page.get_by_role("navigation", name=text[nav])
    toggle = page.locator("summary.site-menu__toggle")
    if page.viewport_size["width"] < PHONE:
        expect(menu).to_be_hidden()
        expect(toggle).to_have_text(text["menu"])
        toggle.click()
    else:
        expect(toggle).to_be_hidden()
    expect(menu).to_be_visible()
    return menu.get_by_role("link", name=name, exact=True)


def h1(page: Page):
    return page.get_by_role("heading", level=1)


def sign_in_from_home(page: Page, base: str, language: str, width: int, email: str) -> dict:
    """Home, the header's "Sign in", the login form; a signed-in person lands on My hub."""
    text = start_at_home(page, base, language, width)
    header_link(page, text, "account", text["sign_in"]).click()
    page.get_by_label(re.compile(rf"^{text['login_email']}\s*:?$")).fill(email)
    page.get_by_label(re.compile(rf"^{text['login_password']}\s*:?$")).fill(PASSWORD)
    page.get_by_role("button", name=text["login_button"], exact=True).click()
    expect(page).to_have_url(f"{base}/{language}/my/")
    expect(h1(page)).to_have_text(text["my_hub"])
    return text


# Visitors, signed out.


@pytest.mark.parametrize("language, width", EVERYWHERE)
def test_a_visitor_finds_a_guide_and_downloads_it(page: Page, journeys_site, language, width):
    text = start_at_home(page, journeys_site.url, language, width)
    header_link(page, text, "services", text["resources"]).click()
    expect(h1(page)).to_have_text(text["resources"])
    page.get_by_role("link", name=text["guide"], exact=True).first.click()
    expect(h1(page)).to_have_text(text["guide"])

    documents = page.locator("section.documents").filter(
        has=page.get_by_role("heading", name=text["download"])
    )
    with page.expect_download() as download_info:
        documents.get_by_role("link").first.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf"), download.suggested_filename
    with open(download.path(), "rb") as downloaded:
        assert downloaded.read(5) == b"%PDF-"


@pytest.mark.parametrize("language, width", EVERYWHERE)
def test_a_visitor_registers_for_an_upcoming_webinar(page: Page, journeys_site, language, width):
    text = start_at_home(page, journeys_site.url, language, width)
    header_link(page, text, "services", text["webinars"]).click()
    expect(h1(page)).to_have_text(text["webinars"])
    upcoming = page.get_by_role("heading", level=2, name=text["upcoming"])
    expect(upcoming).to_be_visible()
    page.get_by_role("link", name=text["session"], exact=True).click()
    expect(h1(page)).to_have_text(text["session"])

    email = f"visitor-{language}-{width}@town.example"
    form = page.get_by_role("region", name=text["registration"])
    form.get_by_label(text["full_name"]).fill("Robin Tremblay")
    form.get_by_role("textbox", name=text["email"], exact=True).fill(email)
    form.get_by_label(text["organisation"], exact=True).fill("Town of Canmore")
    form.get_by_role("combobox", name=re.compile(r"^R[oô]le")).select_option(label=text["role"])
    form.get_by_label(text["consent"]).check()
    form.get_by_role("button", name=text["register"], exact=True).click()
    expect(page.get_by_text(text["registered"].format(email=email))).to_be_visible()


@pytest.mark.parametrize("language, width", EVERYWHERE)
def test_a_visitor_reads_how_to_get_help_in_a_crisis(page: Page, journeys_site, language, width):
    text = start_at_home(page, journeys_site.url, language, width)
    header_link(page, text, "services", text["help_desk"]).click()
    expect(h1(page)).to_have_text(text["get_help"])
    danger = page.get_by_role("heading", name=text["danger"])
    expect(danger).to_be_visible()
    expect(page.get_by_text(re.compile(r"\b911\b")).first).to_be_visible()

    targets = page.get_by_role("region", name=text["targets"])
    urgencies = targets.get_by_role("listitem")
    expect(urgencies).to_have_count(3)
    for urgency in urgencies.all():
        expect(urgency).to_contain_text(text["first_answer"])
    expect(targets).to_contain_text(text["at_risk"])


@pytest.mark.parametrize("language, width", EVERYWHERE)
def test_a_visitor_finds_what_each_academy_offers(page: Page, journeys_site, language, width):
    text = start_at_home(page, journeys_site.url, language, width)
    header_link(page, text, "services", text["academy"]).click()
    expect(h1(page)).to_have_text(text["academies"])

    courses = {text["academy_us"]: 1, text["academy_canada"]: 0, text["academy_bc"]: 2}
    for academy, count in courses.items():
        card = page.get_by_role("region", name=academy, exact=True)
        expect(card).to_be_visible()
        if count:
            expect(card.get_by_role("heading", name=text["courses"])).to_be_visible()
            expect(card.get_by_role("listitem").get_by_role("link")).to_have_count(count)
        else:
            expect(card).to_contain_text(text["no_course"])

    page.get_by_role("link", name=text["academy_bc"], exact=True).click()
    expect(h1(page)).to_have_text(text["academy_bc"])


@pytest.mark.parametrize("language, width", EVERYWHERE)
def test_a_visitor_learns_how_their_city_joins(page: Page, journeys_site, language, width):
    text = start_at_home(page, journeys_site.url, language, width)
    header_link(page, text, "network", text["membership"]).click()
    expect(h1(page)).to_have_text(text["membership"])
    how = page.get_by_role("heading", level=2, name=text["how_to_join"])
    expect(how).to_be_visible()
    steps = how.locator("xpath=following::ol[1]/li")
    assert steps.count() >= 3, steps.all_inner_texts()
    contact = steps.get_by_role("link", name="na.hub@example.org")
    expect(contact).to_be_visible()
    expect(contact).to_have_attribute("href", re.compile(r"^mailto:na\.hub@example\.org"))


# A signed-in official.

OFFICIAL = "official.boise@hub.example"


@pytest.mark.parametrize("language, width", EVERYWHERE)
def test_an_official_signs_in_and_continues_to_their_next_lesson(
    page: Page, journeys_site, language, width
):
    text = sign_in_from_home(page, journeys_site.url, language, width, OFFICIAL)
    next_lesson = page.get_by_role("link", name=re.compile(rf"^{text['continue']}\s*:"))
    expect(next_lesson).to_have_count(1)
    # "Continue: <lesson>"; French sets a no-break space before its colon.
    lesson = re.split(r"\s*:\s*", next_lesson.inner_text(), maxsplit=1)[1].strip()
    next_lesson.click()
    expect(h1(page)).to_have_text(lesson)
    expect(page.get_by_text(text["enrol_first"])).to_have_count(0)  # the lesson itself


# An organisation may hold two upcoming bookings at a time (the demo's cap): Boise starts
# with none, Brampton with none, Edmonton with one.
@pytest.mark.parametrize(
    "language, width, booker, organisation",
    [
        ("en", 1280, "official.boise@hub.example", "Boise"),
        ("fr", 390, "official.brampton@hub.example", "Brampton"),
        ("fr", 1280, "official.boise@hub.example", "Boise"),
        ("en", 390, "official.edmonton@hub.example", "Edmonton"),
    ],
)
def test_an_official_books_office_hours_and_finds_the_booking(
    page: Page, journeys_site, language, width, booker, organisation
):
    text = sign_in_from_home(page, journeys_site.url, language, width, booker)
    header_link(page, text, "services", text["office_hours"]).click()
    expect(h1(page)).to_have_text(text["office_hours_title"])

    slot, starts, expert = first_open_slot(page, text)
    slot.click()
    expect(h1(page)).to_have_text(text["book_title"])
    booking_for = page.get_by_label(text["booking_for"])
    expect(booking_for.locator("option:checked")).to_have_text(organisation)
    page.get_by_label(text["questions"]).fill(
        "Our council meets on a divisive motion next month. How do we keep the meeting safe?"
    )
    page.get_by_role("button", name=text["book"], exact=True).click()
    expect(page.get_by_text(text["booked"])).to_be_visible()
    expect(h1(page)).to_have_text(text["booking_title"].format(name=expert))
    confirmed = page.locator("dl.facts time").first.get_attribute("datetime")
    assert datetime.datetime.fromisoformat(confirmed) == starts

    # Their bookings: from My hub's office-hours panel (the account menu holds My hub).
    header_link(page, text, "account", text["my_hub"]).click()
    page.get_by_role("link", name=text["my_bookings"], exact=True).click()
    expect(h1(page)).to_have_text(text["my_bookings"])
    coming_up = page.get_by_role("region", name=text["coming_up"])
    booked = coming_up.get_by_role("listitem").filter(has_text=expert).filter(has_text=organisation)
    times = booked.locator("time").evaluate_all("(all) => all.map((t) => t.dateTime)")
    assert starts in [datetime.datetime.fromisoformat(t) for t in times], times


def first_open_slot(page: Page, text: dict):
    """The first slot in the week grid far enough ahead, following "Next week" when this
    week has none: its link, start and expert."""
    earliest = datetime.datetime.now(datetime.UTC) + MARGIN
    for _week in range(4):
        grid = page.locator("ol.week-grid")
        expect(grid).to_be_visible()
        for link in grid.get_by_role("link").all():
            starts = datetime.datetime.fromisoformat(link.locator("time").get_attribute("datetime"))
            if starts >= earliest and link.is_visible():
                expert = link.locator(".slot__expert").inner_text().strip()
                return link, starts, expert
        following = page.get_by_role("link", name=text["next_week"]).first
        week = re.search(r"week=([\d-]+)", following.get_attribute("href"))[1]
        following.click()
        page.wait_for_url(re.compile(rf"week={week}"))
    raise AssertionError("no open slot in four weeks")


@pytest.mark.parametrize("language, width", EVERYWHERE)
def test_an_official_opens_their_help_desk_requests(page: Page, journeys_site, language, width):
    text = sign_in_from_home(page, journeys_site.url, language, width, OFFICIAL)
    header_link(page, text, "services", text["help_desk"]).click()
    expect(h1(page)).to_have_text(text["help_desk"])
    requests = page.get_by_role("region", name=text["requests"])
    first = requests.get_by_role("link", name=re.compile(r"^HD-")).first
    expect(first).to_be_visible()
    reference = first.inner_text().strip()
    first.click()
    expect(h1(page)).to_have_text(text["request_title"].format(reference=reference))
