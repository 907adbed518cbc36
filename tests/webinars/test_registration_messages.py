"""After registering, the registration area itself says what happened and what comes next,
in place of the form, for a seat and for a waitlist place alike."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from tests.network.factories import UserFactory
from tests.webinars.factories import register_url
from webinars.models import Registration, WebinarPage
from webinars.registration import register

from .test_registration import guest

pytestmark = pytest.mark.django_db


@pytest.fixture
def session():
    page = WebinarPage.objects.get(
        locale__language_code="en", slug="urban-design-for-violence-prevention"
    )
    page.starts_at = timezone.now().replace(microsecond=0) + datetime.timedelta(days=3)
    page.capacity = 1
    page.save_revision().publish()
    return WebinarPage.objects.get(pk=page.pk)


def registration_area(client, url):
    page = BeautifulSoup(client.get(url).content, "html.parser")
    area = page.find("section", id="registration")
    assert area["tabindex"] == "-1"  # the redirect's anchor moves focus here
    return page, area


def test_a_visitor_sees_the_thanks_where_the_form_was(client, session):
    response = client.post(register_url(session), guest(1))
    assert response["Location"] == session.url + "#registration"
    page, area = registration_area(client, session.url)
    panel = area.find("h2").find_next_sibling()
    assert "registration-status" in panel["class"]
    text = panel.get_text(" ", strip=True)
    assert text.startswith("Check your email")
    assert "We have emailed the details to guest1@town.example." in text
    assert "calendar invitation" in text and "waiting list" in text
    assert area.find("form") is None  # not an empty form under the thanks
    assert page.find(id="messages") is None  # nor the same words off-screen at the top
    # Once read, the form is back (for a colleague, say).
    _page, area = registration_area(client, session.url)
    assert area.find("form") is not None


def test_a_signed_in_person_with_a_seat_is_told_what_comes_next(client, session):
    person = UserFactory()
    client.force_login(person)
    client.post(register_url(session), guest(1))
    _page, area = registration_area(client, session.url)
    panel = area.find("h2").find_next_sibling()
    assert panel.h3.get_text(strip=True) == "You are registered"
    assert "calendar invitation" in panel.get_text()
    assert panel.find("a", string="Manage or cancel my registration") is not None


def test_a_waitlisted_person_is_told_on_the_page_with_their_place(client, session):
    register(session=session, **guest(1))  # takes the one seat
    register(session=session, **guest(2))  # first in line
    person = UserFactory()
    client.force_login(person)
    response = client.post(register_url(session), guest(3))
    assert response["Location"].endswith("#registration")
    assert Registration.objects.get(user=person).status == Registration.Status.WAITLISTED
    _page, area = registration_area(client, session.url)
    panel = area.find("h2").find_next_sibling()
    assert panel.h3.get_text(strip=True) == "You are on the waiting list, number 2"
    assert "We will email you if a seat frees up" in panel.get_text()
    french = session.get_translation(session.locale.__class__.objects.get(language_code="fr"))
    _page, area = registration_area(client, french.url)
    assert "Vous êtes sur la liste d’attente, au rang 2" in area.get_text()
