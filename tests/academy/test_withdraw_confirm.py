"""Leaving a cohort or withdrawing an application asks first: a page that says what follows
(GET, which changes nothing), then the POST, and the news at the top of the course page."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from academy import services
from academy.models import Cohort, CoursePage, Enrolment
from tests.network.factories import UserFactory

pytestmark = pytest.mark.django_db


COURSE = "/en/prevention-academy-us/city-led-prevention/"


@pytest.fixture
def cohort():
    course = CoursePage.objects.get(locale__language_code="en", slug="city-led-prevention")
    return Cohort.objects.create(
        course=course,
        name="Spring cohort",
        starts_on=timezone.localdate() + datetime.timedelta(days=10),
        capacity=1,
    )


def url(enrolment) -> str:
    return f"/en/academy/enrolments/{enrolment.pk}/withdraw/"


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_the_course_page_links_to_a_confirmation_that_changes_nothing(client, cohort):
    person = UserFactory()
    enrolment = services.enrol(cohort=cohort, user=person)
    client.force_login(person)
    course = soup(client.get(COURSE))
    link = course.find("a", href=url(enrolment))
    assert link is not None and link.get_text(strip=True) == "Leave this cohort"
    page = soup(client.get(url(enrolment)))
    assert page.h1.get_text(strip=True) == "Leave Spring cohort?"
    text = page.main.get_text(" ", strip=True)
    assert "the first of them takes your seat" in text and "This cannot be undone" in text
    form = page.select_one("main form.confirm")
    button = form.find("button", attrs={"type": "submit"})
    assert "button--danger" in button["class"]
    assert button.get_text(strip=True) == "Leave this cohort"
    assert form.find("a", string="Stay in the cohort")["href"] == COURSE
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ENROLLED


def test_confirming_leaves_gives_the_seat_on_and_says_so_at_the_top(client, cohort):
    person, waiting = UserFactory(), UserFactory()
    enrolment = services.enrol(cohort=cohort, user=person)
    services.enrol(cohort=cohort, user=waiting)
    client.force_login(person)
    response = client.post(url(enrolment))
    assert response.status_code == 302 and response["Location"] == COURSE + "#messages"
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.WITHDRAWN
    assert Enrolment.objects.get(user=waiting).status == Enrolment.Status.ENROLLED
    page = soup(client.get(response["Location"]))
    messages = page.main.find(id="messages")
    assert page.main.find(True) is messages and messages["role"] == "status"
    assert "You have left Spring cohort." in messages.get_text()


def test_a_waiting_learner_is_told_their_place_and_an_applicant_their_application(client, cohort):
    services.enrol(cohort=cohort, user=UserFactory())
    person = UserFactory()
    waiting = services.enrol(cohort=cohort, user=person)
    client.force_login(person)
    text = soup(client.get(url(waiting))).main.get_text(" ", strip=True)
    assert "You leave the waitlist, where you are number 1" in text
    by_application = Cohort.objects.create(
        course=cohort.course,
        name="Autumn cohort",
        starts_on=cohort.starts_on + datetime.timedelta(days=90),
        enrolment_mode=Cohort.Mode.APPLICATION,
    )
    applicant = UserFactory()
    applied = services.apply(cohort=by_application, user=applicant, note="")
    client.force_login(applicant)
    page = soup(client.get(url(applied)))
    assert page.h1.get_text(strip=True) == "Withdraw your application to Autumn cohort?"
    assert page.select_one("main form.confirm button").get_text(strip=True) == (
        "Withdraw my application"
    )
    client.post(url(applied))
    page = soup(client.get(COURSE))
    assert "You have withdrawn your application to Autumn cohort." in page.find(
        id="messages"
    ).get_text(" ", strip=True)


def test_someone_else_s_enrolment_is_a_404_and_visitors_sign_in_first(client, cohort):
    owner = UserFactory()
    enrolment = services.enrol(cohort=cohort, user=owner)
    client.force_login(UserFactory())
    assert client.get(url(enrolment)).status_code == 404
    assert client.post(url(enrolment)).status_code == 404
    client.logout()
    assert client.get(url(enrolment)).status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ENROLLED


def test_the_confirmation_speaks_french_on_french_pages(client, cohort):
    person = UserFactory()
    enrolment = services.enrol(cohort=cohort, user=person)
    client.force_login(person)
    page = soup(client.get(f"/fr/academy/enrolments/{enrolment.pk}/withdraw/"))
    assert page.h1.get_text() == "Quitter «\u00a0Spring cohort\u00a0»\u00a0?"
    assert page.h1.find(lang="en").get_text() == "Spring cohort"  # no French name: marked
    assert page.select_one("main form.confirm button").get_text(strip=True) == (
        "Quitter cette cohorte"
    )
