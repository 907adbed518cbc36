"""Cancelling a webinar session, in Chromium (issue 21, item 6): a signed-in member
registers for an upcoming session from the home page and gets the calendar invitation; a
moderator cancels the session from its admin "⋯" menu, with a message; the member's email
carries the calendar CANCEL of that same invitation, and the public page says the session
is cancelled and takes no registrations."""

import email
import re
from email import policy

import pytest
from django.core import mail
from icalendar import Calendar
from playwright.sync_api import Page, expect

from tests.e2e.test_visitor import wait_for_mail

pytestmark = pytest.mark.browser

PASSWORD = "hub-demo-2026"
MEMBER = "official.edmonton@hub.example"
MODERATOR = "moderator@hub.example"
SESSION = "When a conflict abroad divides your city"
MESSAGE = "Our speaker is ill. We will announce a new date in the newsletter."


def calendar_part(message) -> tuple[str, Calendar]:
    """The text/calendar alternative of a sent message: its method parameter and the
    parsed calendar."""
    parsed = email.message_from_bytes(message.message().as_bytes(), policy=policy.default)
    (part,) = [p for p in parsed.walk() if p.get_content_type() == "text/calendar"]
    return part.get_param("method"), Calendar.from_ical(part.get_content())


def sent_to(address: str, subject: str):
    found = [m for m in mail.outbox if m.to == [address] and subject in m.subject]
    assert len(found) == 1, [(m.to, m.subject) for m in mail.outbox]
    return found[0]


def sign_in(page: Page, base: str, address: str) -> None:
    page.goto(f"{base}/en/")
    page.get_by_role("navigation", name="Account").get_by_role(
        "link", name="Sign in", exact=True
    ).click()
    page.get_by_label(re.compile(r"^Email\s*:?$")).fill(address)
    page.get_by_label(re.compile(r"^Password\s*:?$")).fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page).to_have_url(f"{base}/en/my/")


def test_a_moderator_cancels_a_session_and_its_registrant_gets_the_calendar_cancel(
    page: Page, live_server, demo_site
):
    base = live_server.url
    page.set_viewport_size({"width": 1280, "height": 900})
    mail.outbox.clear()

    # The member, signed in, registers from the home page.
    sign_in(page, base, MEMBER)
    page.goto(f"{base}/en/")
    page.get_by_role("navigation", name="Services").get_by_role(
        "link", name="Webinars", exact=True
    ).click()
    page.get_by_role("link", name=SESSION, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(SESSION)
    session_url = page.url
    form = page.get_by_role("region", name="Registration", exact=True)
    expect(form.get_by_role("textbox", name="Email", exact=True)).to_have_value(MEMBER)
    form.get_by_label("I agree").check()
    form.get_by_role("button", name="Register", exact=True).click()
    expect(form.get_by_role("heading", name="You are registered", exact=True)).to_be_visible()

    wait_for_mail(1)
    invitation = sent_to(MEMBER, "You are registered")
    method, calendar = calendar_part(invitation)
    assert method == "REQUEST"
    (invited,) = calendar.walk("VEVENT")

    # The moderator finds the session in the admin and cancels it from its "⋯" menu.
    moderator = page.context.browser.new_context(viewport={"width": 1280, "height": 900})
    admin = moderator.new_page()
    sign_in(admin, base, MODERATOR)
    admin.goto(f"{base}/admin/pages/search/?q={SESSION}")
    admin.get_by_role("link", name=SESSION, exact=True).first.click()
    expect(admin.get_by_role("heading", level=1)).to_contain_text(SESSION)
    admin.get_by_role("button", name="Actions", exact=True).click()
    admin.get_by_role(
        "link", name="Cancel this session and tell its registrants", exact=True
    ).click()
    expect(admin.get_by_role("heading", level=1)).to_contain_text("Cancel this session")
    admin.get_by_label("Message to registrants (optional)", exact=True).fill(MESSAGE)
    admin.get_by_role("button", name="Cancel the session and tell registrants", exact=True).click()
    expect(admin.get_by_text(f"“{SESSION}” is cancelled.")).to_be_visible()
    moderator.close()

    # The member's cancellation: a CANCEL of the very invitation they got, sequenced after it.
    wait_for_mail(2)
    cancellation = sent_to(MEMBER, "Cancelled")
    assert SESSION in cancellation.subject
    assert MESSAGE in cancellation.body
    method, calendar = calendar_part(cancellation)
    assert method == "CANCEL"
    assert str(calendar["method"]) == "CANCEL"
    (cancelled,) = calendar.walk("VEVENT")
    assert str(cancelled["status"]) == "CANCELLED"
    assert str(cancelled["uid"]) == str(invited["uid"])
    assert int(cancelled["sequence"]) > int(invited["sequence"])

    # The public page, reloaded: cancelled, with no registration form.
    page.goto(session_url)
    expect(page.get_by_text("This session has been cancelled.", exact=True)).to_be_visible()
    registration = page.get_by_role("region", name="Registration", exact=True)
    expect(
        registration.get_by_text(
            "This session has been cancelled: it takes no registrations.", exact=True
        )
    ).to_be_visible()
    expect(registration.get_by_text(MESSAGE, exact=True)).to_be_visible()
    expect(registration.get_by_role("button", name="Register", exact=True)).to_have_count(0)
    expect(registration.locator("form")).to_have_count(0)
