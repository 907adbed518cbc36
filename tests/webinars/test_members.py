"""My webinars (webinars:mine): a signed-in member's own registrations, coming up and past,
read through Registration.objects.visible_to; reached from My hub."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.network.factories import UserFactory
from tests.webinars.factories import RegistrationFactory, WebinarSessionFactory
from webinars.models import Registration

pytestmark = pytest.mark.django_db

MINE = "/en/webinars/mine/"


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def past_session(**fields):
    return WebinarSessionFactory(
        starts_at=timezone.now().replace(microsecond=0) - datetime.timedelta(days=10), **fields
    )


@pytest.fixture
def member(client):
    user = UserFactory(time_zone="America/Regina")
    client.force_login(user)
    return user


def test_signing_in_is_asked_first(client):
    response = client.get(MINE)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_member_sees_their_sessions_coming_up_and_past(client, member):
    soon = WebinarSessionFactory(title="Coming soon", capacity=5)
    mine = RegistrationFactory(session=soon, user=member, email=member.email)
    waiting = WebinarSessionFactory(title="Full house", capacity=1)
    RegistrationFactory(session=waiting)
    RegistrationFactory(session=waiting, status=Registration.Status.WAITLISTED)
    RegistrationFactory(
        session=waiting, user=member, email=member.email, status=Registration.Status.WAITLISTED
    )
    recorded = past_session(title="Recorded", recording_url="https://vimeo.com/76979871")
    RegistrationFactory(session=recorded, user=member, email=member.email, attended=True)
    no_show_seat = past_session(title="Not recorded yet")
    RegistrationFactory(session=no_show_seat, user=member, email=member.email)
    dropped = WebinarSessionFactory(title="Dropped")
    RegistrationFactory(
        session=dropped, user=member, email=member.email, status=Registration.Status.CANCELLED
    )
    # By address, from before they had an account: still theirs.
    guest_before = WebinarSessionFactory(title="Before my account")
    RegistrationFactory(session=guest_before, email=member.email.upper())
    # Someone else's: never shown.
    RegistrationFactory(session=WebinarSessionFactory(title="Somebody else's"))

    page = soup(client.get(MINE))
    upcoming = page.find("section", attrs={"aria-labelledby": "upcoming-heading"})
    titles = [a.get_text() for a in upcoming.select("h3 a")]
    assert titles == ["Coming soon", "Full house", "Before my account"]
    card = upcoming.find("a", string="Coming soon").find_parent("li")
    links = {a.get_text(" ", strip=True).split(" · ")[0]: a["href"] for a in card.select("a")}
    assert links["Add to my calendar (.ics)"] == soon.url + "calendar/"
    cancel = links["Cancel my registration"]
    assert cancel.endswith("/cancel/")
    confirm = client.get(cancel)  # asks to confirm, about this registration
    assert confirm.status_code == 200 and "Coming soon" in confirm.content.decode()
    assert Registration.objects.get(pk=mine.pk).status == "registered"
    assert "Number 2 on the waitlist" in upcoming.get_text()
    assert "Times in" not in upcoming.get_text() and "Regina" in page.find(class_="lead").get_text()

    past = page.find("section", attrs={"aria-labelledby": "past-heading"}).get_text()
    assert past.index("Not recorded yet") < past.index("Recorded")  # latest first
    assert "Watch the recording" in past and "You attended" in past
    assert "Dropped" in page.find("section", attrs={"aria-labelledby": "inactive-heading"}).text
    assert "Somebody else's" not in page.get_text()


def test_the_join_button_shows_only_near_the_start(client, member):
    session = WebinarSessionFactory(
        starts_at=timezone.now().replace(microsecond=0) + datetime.timedelta(minutes=10)
    )
    RegistrationFactory(session=session, user=member, email=member.email)
    page = soup(client.get(MINE))
    assert page.find("a", href=session.join_url) is not None
    later = WebinarSessionFactory()
    RegistrationFactory(session=later, user=member, email=member.email)
    card = soup(client.get(MINE)).find("a", string=later.title).find_parent("li")
    assert card.find("a", href=later.join_url) is None


def test_french_readers_get_the_french_page(client, member):
    from webinars.models import WebinarPage

    session = WebinarPage.objects.get(
        locale__language_code="en", slug="when-a-conflict-abroad-divides-your-city"
    )
    RegistrationFactory(session=session, user=member, email=member.email)
    page = client.get("/fr/webinars/mine/").content.decode()
    assert "Quand un conflit lointain divise votre ville" in page
    assert "Mes webinaires" in page


def test_my_hub_leads_to_my_webinars(client, member):
    page = soup(client.get(reverse("network:dashboard")))
    assert page.find("a", href=reverse("webinars:mine")) is not None


def test_my_webinars_costs_the_same_for_many_registrations(client, member):
    def queries():
        client.get(MINE)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(MINE).status_code == 200
        return len(captured)

    RegistrationFactory(session=WebinarSessionFactory(), user=member, email=member.email)
    RegistrationFactory(session=past_session(), user=member, email=member.email)
    before = queries()
    for n in range(12):
        session = WebinarSessionFactory(capacity=1) if n % 2 else past_session()
        if n % 3 == 0:
            RegistrationFactory(session=session)
        RegistrationFactory(
            session=session,
            user=member,
            email=member.email,
            status=Registration.Status.WAITLISTED if n % 3 == 0 and n % 2 else "registered",
        )
    assert queries() == before
