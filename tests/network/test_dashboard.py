"""My hub (network.dashboard and each app's panel): where a signed-in person lands, what
each panel shows them and hides from them, in both languages, at a fixed query cost."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from academy import services as academy_services
from academy.models import AcademyIndexPage, AcademyPage, Cohort, CoursePage, LessonPage, ModulePage
from helpdesk.models import HelpRequest
from network.models import ExpertProfile, Membership, Organisation, User
from tests.network.factories import MembershipFactory, OrganisationFactory, UserFactory
from webinars.models import Registration, WebinarIndexPage, WebinarPage, WebinarSeriesPage
from webinars.office_hours.models import Booking, OfficeHoursPage

pytestmark = pytest.mark.django_db

URL = "/en/my/"
DEMO_PASSWORD = "hub-demo-2026"


def person(email: str) -> User:
    return User.objects.get(email=email)


def page_as(client, user, url=URL) -> BeautifulSoup:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content.decode(), "html.parser")


def panel(doc: BeautifulSoup, key: str):
    """A panel's card, or None when the page does not show it."""
    return doc.select_one(f'section[aria-labelledby="hub-{key}"]')


def text(element) -> str:
    return " ".join(element.get_text(" ").split()) if element else ""


def links(element) -> dict[str, str]:
    return {" ".join(a.get_text(" ").split()): a["href"] for a in element.select("a[href]")}


# --- Getting there ---


def test_signing_in_lands_on_my_hub(client, demo):
    response = client.post(
        "/en/accounts/login/",
        {"login": "official.boise@hub.example", "password": DEMO_PASSWORD},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == URL
    doc = BeautifulSoup(response.content.decode(), "html.parser")
    assert text(doc.h1) == "My hub"
    account_menu = doc.select_one('nav[aria-label="Account"]')
    first = account_menu.select("a")[0]
    assert (text(first), first["href"]) == ("My hub", URL)
    assert "My profile" in links(account_menu)


def test_signing_in_still_goes_where_the_person_was_heading(client, demo):
    response = client.post(
        "/en/accounts/login/?next=/en/help-desk/",
        {"login": "official.boise@hub.example", "password": DEMO_PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/help-desk/"


def test_visitors_are_sent_to_sign_in(client, demo):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/?next=/en/my/")


# --- What each person sees ---


def test_a_city_member_sees_their_course_webinar_and_requests_and_may_book(client, demo):
    boise = person("official.boise@hub.example")
    doc = page_as(client, boise)
    assert "Sam Rivera · Boise" in text(doc.select_one(".lead"))
    assert "Mountain Time (Boise)" in text(doc)
    assert [text(h) for h in doc.select(".card-grid h2")] == [
        "Learning",
        "Webinars",
        "Office hours",
        "Help desk",
    ]

    learning = panel(doc, "learning")
    assert "City-led prevention: a ten-week course" in text(learning)
    assert "Enrolled" in text(learning.select_one(".badge"))
    assert learning.select_one("progress")["value"] == "45"
    button = learning.select_one("a.button")
    assert text(button).startswith("Continue: ")
    resume = LessonPage.objects.get(url_path__endswith=button["href"].removeprefix("/en") or "/")
    assert resume.locale.language_code == "en" and text(button) == f"Continue: {resume.title}"

    webinars = panel(doc, "webinars")
    assert "Threats against local officials" in text(webinars)
    assert "Registered" in text(webinars.select_one(".badge"))
    assert links(webinars)["Manage my registration"].startswith("/en/webinars/registrations/")

    office_hours = panel(doc, "office-hours")  # Boise has booked nothing: the way to book
    book = OfficeHoursPage.objects.live().get(locale__language_code="en", slug="office-hours")
    assert links(office_hours)["Book office hours"] == book.url
    assert "Nothing booked" in text(office_hours)

    help_desk = panel(doc, "help-desk")
    shown = text(help_desk)
    assert "Threatening voicemails" in shown and "Council is split" in shown
    assert "Waiting on the city" in [text(b) for b in help_desk.select(".badge")]
    assert "We want a page where residents" not in shown  # closed
    assert "updated " in shown
    assert links(help_desk)["New request"] == "/en/help-desk/new/"


def test_another_citys_and_another_persons_rows_stay_out(client, demo):
    boise = person("official.boise@hub.example")
    colleague = MembershipFactory(organisation=Organisation.objects.get(name="Boise")).user
    # A colleague's restricted request: only its requester and the city's leads see it.
    HelpRequest.objects.create(
        organisation=Organisation.objects.get(name="Boise"),
        requester=colleague,
        country="US",
        region="US-ID",
        language="en",
        urgency="urgent",
        sensitivity="restricted",
        summary="A restricted matter",
        details="...",
    )
    # Someone else's registration for another upcoming session.
    other_session = (
        WebinarPage.objects.live()
        .filter(locale__language_code="en", ends_at__gt=timezone.now())
        .exclude(title="Threats against local officials")
        .first()
    )
    Registration.objects.create(
        session=other_session,
        user=colleague,
        email=colleague.email,
        full_name=colleague.full_name,
        consent=True,
        status="registered",
    )

    doc = page_as(client, boise)
    shown = text(doc)
    assert "A restricted matter" not in shown
    assert other_session.title not in text(panel(doc, "webinars"))
    for edmonton in HelpRequest.objects.filter(organisation__name="Edmonton"):
        assert edmonton.summary[:30] not in shown
    assert "Amara Okafor" not in shown  # Edmonton's booking
    assert "Edmonton" not in text(doc.select_one("main"))


def test_a_city_lead_sees_their_booking_and_their_citys_requests(client, demo):
    doc = page_as(client, person("official.edmonton@hub.example"))
    assert "Edmonton (lead)" in text(doc.select_one(".lead"))
    office_hours = panel(doc, "office-hours")
    booking = Booking.objects.get(organisation__name="Edmonton", status="confirmed")
    assert "With Amara Okafor · Edmonton" in text(office_hours)
    assert links(office_hours)  # the booking's own page
    assert f"/en/office-hours/my/{booking.public_id}/" in links(office_hours).values()
    help_desk = panel(doc, "help-desk")
    assert "A councillor's home address" in text(help_desk)  # restricted, and theirs
    assert "Someone is at risk now" in [text(b) for b in help_desk.select(".badge--danger")]
    assert "Threatening voicemails" not in text(doc)  # Boise's
    learning = panel(doc, "learning")
    assert "Applied" in text(learning) and "once your application is decided" in text(learning)


def test_a_community_organisation_sees_its_booking_and_no_help_desk(client, demo):
    doc = page_as(client, person("community@hub.example"))
    office_hours = panel(doc, "office-hours")
    assert "With Dana Whitfield · Boise Neighbours Together" in text(office_hours)
    assert "Book office hours" in links(office_hours)
    assert panel(doc, "help-desk") is None  # requests are filed by cities
    assert "New request" not in text(doc)


def test_an_expert_sees_the_office_hours_they_host_and_their_queue(client, demo):
    amara = person("expert.amara@hub.example")
    doc = page_as(client, amara)
    assert doc.select_one(".alert") is None  # no organisation is normal for an expert
    office_hours = panel(doc, "office-hours")
    booking = Booking.objects.get(organisation__name="Edmonton", status="confirmed")
    assert "Edmonton · you are the expert" in text(office_hours)
    assert f"/admin/office-hours/{booking.pk}/" in links(office_hours).values()
    assert "Book office hours" not in links(office_hours)
    help_desk = panel(doc, "help-desk")
    assigned = (
        HelpRequest.objects.open().filter(assignee=ExpertProfile.objects.get(user=amara)).count()
    )
    assert f"{assigned} open request" in text(help_desk)
    assert links(help_desk)["Your queue"] == "/admin/help-desk/"
    assert "New request" not in links(help_desk)


def test_a_coordinator_sees_what_waits_for_an_expert(client, demo):
    doc = page_as(client, person("coordinator@hub.example"))
    help_desk = panel(doc, "help-desk")
    waiting = HelpRequest.objects.open().filter(assignee__isnull=True).count()
    assert f"{waiting} open request" in text(help_desk) and "no expert yet" in text(help_desk)
    assert links(help_desk) == {"Your queue": "/admin/help-desk/"}
    assert panel(doc, "office-hours") is None  # no organisation, hosts nothing


def test_someone_with_nothing_yet_is_told_where_to_start(client, demo):
    doc = page_as(client, UserFactory(full_name="Robin New"))
    assert "Your account is not linked to an organisation yet" in text(doc.select_one(".alert"))
    learning = panel(doc, "learning")
    assert learning.select_one(".empty")
    overview = AcademyIndexPage.objects.live().get(locale__language_code="en")
    assert links(learning) == {"Explore the academies": overview.url}
    webinars = panel(doc, "webinars")
    index = WebinarIndexPage.objects.live().get(locale__language_code="en")
    assert links(webinars) == {
        "See upcoming webinars": index.url,
        "My past webinars and recordings": "/en/webinars/mine/",
    }
    assert panel(doc, "office-hours") is None  # only members book: nothing to offer
    assert panel(doc, "help-desk") is None


def test_my_hub_in_french(client, demo):
    doc = page_as(client, person("official.boise@hub.example"), "/fr/my/")
    assert text(doc.h1) == "Mon espace"
    assert [text(h) for h in doc.select(".card-grid h2")] == [
        "Apprentissage",
        "Webinaires",
        "Permanences",
        "Service d’assistance",
    ]
    assert "heure des Rocheuses (Boise)" in text(doc)
    learning = panel(doc, "learning")
    button = learning.select_one("a.button")
    assert button.get_text().startswith("Continuer\u00a0:")  # French spacing, unbroken
    assert button["href"].startswith("/fr/")
    assert text(learning.select_one("a")).startswith("La prévention menée par les villes")
    webinars = panel(doc, "webinars")
    assert webinars.select_one("h3 a")["href"].startswith("/fr/")
    assert "Gérer mon inscription" in links(webinars)
    assert "En attente de la ville" in [text(b) for b in panel(doc, "help-desk").select(".badge")]
    assert "Nouvelle demande" in links(panel(doc, "help-desk"))
    assert "Mon espace" in links(doc.select_one('nav[aria-label="Compte"]'))


# --- The cost: the same for one of each as for five ---


def _course(academy, n):
    course = CoursePage(title=f"Hub course {n}", slug=f"hub-course-{n}", summary="A course.")
    academy.add_child(instance=course)
    module = ModulePage(title="Week 1", slug="week-1")
    course.add_child(instance=module)
    module.add_child(instance=LessonPage(title=f"First lesson {n}", slug="first"))
    return course


def _give(user, organisation, n: int) -> None:
    """The n-th of each kind: an enrolment, a registration, a booking, a request."""
    now = timezone.now()
    academy = AcademyPage.objects.get(locale__language_code="en", slug="prevention-academy-us")
    cohort = Cohort.objects.create(
        course=_course(academy, n), name=f"Cohort {n}", starts_on=timezone.localdate()
    )
    academy_services.enrol(cohort=cohort, user=user)
    series = WebinarSeriesPage.objects.live().filter(locale__language_code="en").first()
    session = WebinarPage(
        title=f"Hub session {n}",
        slug=f"hub-session-{n}",
        summary="A session.",
        starts_at=now + datetime.timedelta(days=n + 1),
    )
    series.add_child(instance=session)
    Registration.objects.create(
        session=session,
        user=user,
        email=user.email,
        full_name=user.full_name,
        consent=True,
        status="registered",
    )
    programme = OfficeHoursPage.objects.get(locale__language_code="en", slug="office-hours")
    starts = (now + datetime.timedelta(days=30 + n)).replace(minute=0, second=0, microsecond=0)
    Booking.objects.create(
        programme=programme,
        expert=ExpertProfile.objects.get(user__email="expert.noor@hub.example"),
        organisation=organisation,
        booked_by=user,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(minutes=30),
        questions="?",
        language="en",
        meeting_url="https://meet.example.org/hub",
    )
    HelpRequest.objects.create(
        organisation=organisation,
        requester=user,
        country="CA",
        region="CA-ON",
        language="en",
        urgency="routine",
        summary=f"Hub request {n}",
        details="...",
    )


def _queries(client) -> int:
    client.get(URL)  # caches that fill once (routes, site root paths) are warm
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL)
    assert response.status_code == 200
    return len(captured)


def test_my_hub_costs_the_same_for_one_or_five_of_each(client, demo):
    city = OrganisationFactory(name="Hubtown")
    user = UserFactory(full_name="Alex Many")
    Membership.objects.create(user=user, organisation=city, role=Membership.Role.LEAD)
    client.force_login(user)
    _give(user, city, 0)
    one = _queries(client)
    for n in range(1, 5):
        _give(user, city, n)
    five = _queries(client)
    doc = BeautifulSoup(client.get(URL).content.decode(), "html.parser")
    assert len(panel(doc, "learning").select("li")) == 5
    assert len(panel(doc, "webinars").select("li")) == 3  # the next three
    assert len(panel(doc, "office-hours").select("li")) == 3
    assert len(panel(doc, "help-desk").select("li")) == 5
    assert five == one, f"{one} queries for one of each, {five} for five"
    assert one <= 40, one


def test_a_request_written_in_another_language_is_marked_with_it(client, demo):
    """A city's request keeps the words it was written in: on the French My hub an English
    summary carries lang="en" (and a French one nothing)."""
    lead = person("official.edmonton@hub.example")
    requests = HelpRequest.objects.filter(organisation__name="Edmonton")
    english = requests.filter(language="en").first()
    document = page_as(client, lead, "/fr/my/")
    panel = document.select_one('section[aria-labelledby="hub-help-desk"]')
    links = {a.get_text(strip=True): a for a in panel.select(".card__subtitle a")}
    assert links[english.summary]["lang"] == "en"
    in_english = page_as(client, lead).select_one('section[aria-labelledby="hub-help-desk"]')
    assert all("lang" not in a.attrs for a in in_english.select(".card__subtitle a"))
