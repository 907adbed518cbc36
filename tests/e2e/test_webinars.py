"""Webinar journeys in Chromium: a visitor registers, gets the calendar invitation, cancels
from the email's link, and the first person waiting is promoted and told."""

import re

import pytest
from django.core import mail
from icalendar import Calendar
from playwright.sync_api import Page, expect

from tests.e2e.test_visitor import wait_for_mail
from webinars.models import WebinarPage

pytestmark = pytest.mark.browser


def test_visitor_registers_gets_the_invitation_and_cancels_which_promotes_the_next(
    page: Page, live_server, demo_site
):
    mail.outbox.clear()
    session = WebinarPage.objects.get(
        locale__language_code="en", slug="threats-against-local-officials"
    )
    first_waiting = session.registrations.filter(status="waitlisted").order_by("created_at").first()
    session.capacity += 1  # one seat left: the visitor takes it
    session.save_revision().publish()

    page.goto(f"{live_server.url}/en/webinars/")
    page.get_by_role("link", name="Threats against local officials").click()
    form = page.get_by_role("region", name="Registration")
    form.get_by_label("Full name").fill("Riley Visitor")
    form.get_by_role("textbox", name="Email").fill("riley@town.example")
    form.get_by_label("Organisation").fill("Town of Canmore")
    form.get_by_label("Role").select_option(label="Municipal staff")
    form.get_by_label("I agree").check()
    form.get_by_role("button", name="Register").click()
    expect(page.get_by_text("We have emailed the details to riley@town.example")).to_be_visible()

    wait_for_mail(1)
    (confirmation,) = [m for m in mail.outbox if m.to == ["riley@town.example"]]
    assert "You are registered" in confirmation.subject
    ((name, content, mimetype),) = confirmation.attachments
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    assert str(event["summary"]) == "Threats against local officials"
    assert "meet.example.org" in str(event["description"])
    link = re.search(r"https?://[^/\s]+(/en/webinars/registrations/\S+/)", confirmation.body)

    page.goto(f"{live_server.url}{link.group(1)}")
    expect(page.get_by_text("Riley Visitor")).to_be_visible()
    expect(page.get_by_role("link", name="Join the session")).to_be_visible()
    page.get_by_role("button", name="Cancel my registration").click()
    expect(page.get_by_text("Your registration is cancelled.")).to_be_visible()
    expect(page.get_by_role("link", name="Register again")).to_be_visible()

    wait_for_mail(3)  # the cancellation, and the promotion of the first person waiting
    promoted = [m for m in mail.outbox if m.to == [first_waiting.email]]
    assert promoted and "A seat opened for you" in promoted[0].subject
    first_waiting.refresh_from_db()
    assert first_waiting.status == "registered"


def test_a_french_visitor_sees_the_session_in_french(page: Page, live_server, demo_site):
    page.goto(f"{live_server.url}/fr/webinaires/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    page.get_by_role("link", name="L’incivilité envers les administrations locales").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "L’incivilité envers les administrations locales"
    )
    expect(page.get_by_text("NST").first).to_be_visible()  # Newfoundland time, named
