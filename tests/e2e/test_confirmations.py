"""A confirmation before something that cannot be taken back, in Chromium: an official opens
their booking, is told what cancelling does, first keeps it, then cancels it, and the news
is the first thing on the page, with the focus on it."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.e2e.test_accessibility import serious_violations
from tests.e2e.test_office_hours import BOOKER, sign_in

pytestmark = pytest.mark.browser


def a_booking_for_boise():
    """A confirmed booking with Amara, two days ahead (past the change cut-off)."""
    from network.models import ExpertProfile, Organisation, User
    from webinars.office_hours import services
    from webinars.office_hours.models import OfficeHoursPage
    from webinars.office_hours.slots import open_slots

    amara = ExpertProfile.objects.filter(user__email="expert.amara@hub.example")
    programme = OfficeHoursPage.objects.get(locale__language_code="en", slug="office-hours")
    slot = open_slots(amara, start=timezone.now() + datetime.timedelta(days=2))[0]
    booking, _created = services.book(
        programme=programme,
        expert_id=slot.expert_id,
        starts_at=slot.starts_at,
        organisation=Organisation.objects.get(name="Boise"),
        user=User.objects.get(email=BOOKER),
        questions="How do we brief the council after an incident?",
        language="en",
    )
    return booking


def test_a_booking_is_cancelled_through_its_confirmation_page(page: Page, live_server, demo_site):
    from webinars.office_hours.models import Booking

    booking = a_booking_for_boise()
    sign_in(page, live_server.url, BOOKER)
    booking_url = f"{live_server.url}/en/office-hours/my/{booking.public_id}/"
    page.goto(booking_url)

    page.get_by_role("link", name="Cancel this booking").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cancel this booking?")
    expect(page.get_by_text("We email Amara Okafor and the person who booked")).to_be_visible()
    assert serious_violations(page) == []  # the confirmation page
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED  # looking changed nothing

    # Second thoughts: back to the booking, still there.
    page.get_by_role("link", name="Keep my booking").click()
    page.wait_for_url(booking_url)
    expect(page.get_by_text("Confirmed", exact=True)).to_be_visible()

    page.get_by_role("link", name="Cancel this booking").click()
    page.get_by_label("Reason (optional)").fill("Our council meeting moved.")
    page.get_by_role("button", name="Cancel booking").click()
    page.wait_for_url(booking_url + "#messages")
    news = page.locator("#messages")
    expect(news).to_have_text(
        "Your booking is cancelled. We have told the expert; the slot is open again."
    )
    expect(news).to_be_focused()  # the anchor took the focus there: read out first
    assert news.bounding_box()["y"] < 400  # where the eye is, without scrolling
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert booking.cancel_reason == "Our council meeting moved."
    expect(page.get_by_role("link", name="Cancel this booking")).to_have_count(0)
