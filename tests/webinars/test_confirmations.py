"""Cancelling a booking or a registration asks first: a page that says what follows (GET,
which changes nothing), then the POST that does it, and a message at the top of the page."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.urls import reverse as django_reverse
from django.utils import timezone, translation

from tests.office_hours import test_office_hours as office_hours
from tests.office_hours.test_office_hours import book, free, member
from webinars import registration as registrations
from webinars.models import Registration, WebinarPage
from webinars.office_hours import services
from webinars.office_hours.models import Booking

from .test_registration import guest

pytestmark = pytest.mark.django_db


programme, expert = office_hours.programme, office_hours.expert  # the same fixtures


def reverse(name, args) -> str:
    with translation.override("en"):
        return django_reverse(name, args=args)


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def confirm_form(page: BeautifulSoup):
    form = page.select_one("form.confirm")
    assert form is not None and form["method"] == "post"
    return form


# --- Office-hours bookings ---


def test_the_booking_page_links_to_a_confirmation_that_changes_nothing(client, programme, expert):
    booker = member()
    booking, _ = book(programme, expert, booker, slot=free(expert, days=2))
    client.force_login(booker)
    page = soup(client.get(f"/en/office-hours/my/{booking.public_id}/"))
    cancel_url = reverse("office_hours:booking-cancel", args=[booking.public_id])
    link = page.find("a", href=cancel_url)
    assert link is not None and "button--danger" in link["class"]
    sent = len(mail.outbox)
    response = client.get(cancel_url)
    assert response.status_code == 200
    page = soup(response)
    assert page.h1.get_text(strip=True) == "Cancel this booking?"
    text = page.main.get_text(" ", strip=True)
    assert "We email Robin Expert and the person who booked" in text
    assert "This cannot be undone" in text
    form = confirm_form(page)
    assert form.find("textarea", attrs={"name": "reason"}) is not None
    danger = form.find("button", attrs={"type": "submit"})
    assert "button--danger" in danger["class"] and danger.get_text(strip=True) == "Cancel booking"
    back = form.find("a", string="Keep my booking")
    assert back["href"] == f"/en/office-hours/my/{booking.public_id}/"
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED and len(mail.outbox) == sent


def test_confirming_cancels_and_says_so_where_the_eye_is(
    client, programme, expert, django_capture_on_commit_callbacks
):
    booker = member()
    booking, _ = book(programme, expert, booker, slot=free(expert, days=2))
    client.force_login(booker)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("office_hours:booking-cancel", args=[booking.public_id]), {"reason": "Ill"}
        )
    assert response.status_code == 302
    assert response["Location"] == f"/en/office-hours/my/{booking.public_id}/#messages"
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED and booking.cancel_reason == "Ill"
    assert {m.to[0] for m in mail.outbox[-2:]} == {booker.email, expert.user.email}
    page = soup(client.get(response["Location"]))
    messages = page.main.find(id="messages")
    assert messages["role"] == "status" and messages["tabindex"] == "-1"
    assert page.main.find(True) is messages  # the first thing in the main content
    assert "Your booking is cancelled." in messages.get_text()
    # Cancelled: the confirmation page only sends back to the booking.
    again = client.get(reverse("office_hours:booking-cancel", args=[booking.public_id]))
    assert again.status_code == 302


def test_people_who_may_not_cancel_get_a_404(client, programme, expert):
    booker = member()
    organisation = booker.memberships.first().organisation
    booking, _ = book(programme, expert, booker, slot=free(expert, days=2))
    url = reverse("office_hours:booking-cancel", args=[booking.public_id])
    for person in (member(), member(organisation)):  # a stranger, a colleague who did not book
        client.force_login(person)
        assert client.get(url).status_code == 404
        assert client.post(url, {"reason": ""}).status_code == 404
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED
    client.logout()
    assert client.get(url).status_code == 302  # to sign in


def test_the_emailed_link_has_its_own_confirmation(client, programme, expert):
    booking, _ = book(programme, expert, member(), slot=free(expert, days=2))
    token = services.manage_token(booking)
    url = reverse("office_hours:booking-link-cancel", args=[token])
    assert (
        client.get(reverse("office_hours:booking-link-cancel", args=[token + "x"])).status_code
        == 404
    )
    page = soup(client.get(f"/en/office-hours/link/{token}/"))
    assert page.find("a", href=url) is not None
    assert client.get(url).status_code == 200
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED
    response = client.post(url, {"reason": ""})
    assert response["Location"] == f"/en/office-hours/link/{token}/#messages"
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED


def test_the_confirmation_is_in_french_on_french_pages(client, programme, expert):
    booker = member()
    booking, _ = book(programme, expert, booker, slot=free(expert, days=2))
    client.force_login(booker)
    page = soup(client.get(f"/fr/office-hours/my/{booking.public_id}/cancel/"))
    assert page.h1.get_text(strip=True) == "Annuler cette réservation\u00a0?"
    assert confirm_form(page).find("button").get_text(strip=True) == "Annuler la réservation"


# --- Webinar registrations ---


@pytest.fixture
def session():
    page = WebinarPage.objects.get(
        locale__language_code="en", slug="urban-design-for-violence-prevention"
    )
    page.starts_at = timezone.now().replace(microsecond=0) + datetime.timedelta(days=3)
    page.capacity = 1
    page.save_revision().publish()
    return WebinarPage.objects.get(pk=page.pk)


def test_a_registration_is_cancelled_only_after_confirming(client, session):
    registration, _ = registrations.register(session=session, **guest(1))
    token = registrations.manage_token(registration)
    manage = soup(client.get(reverse("webinars:manage", args=[token])))
    cancel_url = reverse("webinars:manage-cancel", args=[token])
    assert manage.find("a", href=cancel_url) is not None
    assert not manage.select("main form[method=post]")  # no one-click cancel any more
    page = soup(client.get(cancel_url))
    assert page.h1.get_text(strip=True) == "Cancel your registration?"
    text = page.main.get_text(" ", strip=True)
    assert "You give up your seat." in text and "guest1@town.example" in text
    form = confirm_form(page)
    assert form.find("a", string="Keep my registration")["href"] == reverse(
        "webinars:manage", args=[token]
    )
    registration.refresh_from_db()
    assert registration.status == Registration.Status.REGISTERED
    response = client.post(cancel_url)
    assert response["Location"] == reverse("webinars:manage", args=[token]) + "#messages"
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
    after = soup(client.get(response["Location"]))
    assert "Your registration is cancelled." in after.find(id="messages").get_text()
    assert client.get(reverse("webinars:manage-cancel", args=["bad"])).status_code == 404


def test_a_waiting_registrant_is_told_their_place_on_the_confirmation(client, session):
    registrations.register(session=session, **guest(1))
    waiting, _ = registrations.register(session=session, **guest(2))
    assert waiting.status == Registration.Status.WAITLISTED
    page = soup(
        client.get(reverse("webinars:manage-cancel", args=[registrations.manage_token(waiting)]))
    )
    text = page.main.get_text(" ", strip=True)
    assert "On the waitlist, number 1" in text and "You leave the waitlist" in text
