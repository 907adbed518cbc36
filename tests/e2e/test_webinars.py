"""Webinar journeys in Chromium: a visitor registers, gets the calendar invitation, cancels
from the email's link, and the first person waiting is promoted and told."""

import re

import pytest
from django.core import mail
from icalendar import Calendar
from playwright.sync_api import Page, expect

from tests.e2e.test_accessibility import serious_violations
from tests.e2e.test_visitor import wait_for_mail
from webinars.models import WebinarPage

pytestmark = pytest.mark.browser


def test_visitor_registers_gets_the_invitation_and_cancels_which_promotes_the_next(
    page: Page, live_server, demo_site
):
    from webinars import registration as flow

    mail.outbox.clear()
    page.goto(f"{live_server.url}/en/webinars/")
    page.get_by_role("link", name="When a conflict abroad divides your city").click()
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
    assert str(event["summary"]) == "When a conflict abroad divides your city"
    assert "meet.example.org" in str(event["description"])
    link = re.search(r"https?://[^/\s]+(/en/webinars/registrations/\S+/)", confirmation.body)

    page.goto(f"{live_server.url}{link.group(1)}")
    expect(page.get_by_text("Riley Visitor")).to_be_visible()
    assert serious_violations(page) == []  # the registrant's own page
    expect(page.get_by_role("link", name="Join the session")).to_be_visible()
    page.get_by_role("link", name="Cancel my registration").click()  # a page that asks first
    expect(page.get_by_role("heading", level=1)).to_have_text("Cancel your registration?")
    page.get_by_role("button", name="Cancel my registration").click()
    expect(page.get_by_text("Your registration is cancelled.")).to_be_visible()
    expect(page.get_by_role("link", name="Register again")).to_be_visible()

    # On the full session, a seat holder cancels from their link: the first waiting is told.
    full = WebinarPage.objects.get(
        locale__language_code="en", slug="threats-against-local-officials"
    )
    first_waiting = full.registrations.filter(status="waitlisted").order_by("created_at").first()
    seated = full.registrations.get(email="official.boise@hub.example")
    page.goto(f"{live_server.url}/en/webinars/registrations/{flow.manage_token(seated)}/")
    page.get_by_role("link", name="Cancel my registration").click()
    page.get_by_role("button", name="Cancel my registration").click()
    expect(page.get_by_text("Your registration is cancelled.")).to_be_visible()
    wait_for_mail(4)
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
    # Newfoundland time, named in French words, never "NST" nor "America/St_Johns"
    expect(page.get_by_text("heure de Terre-Neuve").first).to_be_visible()


def test_an_editor_publishes_a_recording_and_it_reaches_the_resource_hub(
    page: Page, live_server, demo_site
):
    page.goto(f"{live_server.url}/en/accounts/login/")
    page.get_by_label("Email").fill("moderator@hub.example")
    page.get_by_label(re.compile(r"^Password:?$")).fill("hub-demo-2026")
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("link", name="My profile")).to_be_visible()

    session = WebinarPage.objects.get(
        locale__language_code="en", slug="city-university-collaboration"
    )
    page.goto(f"{live_server.url}/admin/pages/{session.pk}/edit/")
    page.get_by_label("YouTube or Vimeo address").fill("https://youtu.be/hubDemo0002")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("has been published")).to_be_visible()
    # the form showed the start in the session's zone and read it back the same way
    assert WebinarPage.objects.get(pk=session.pk).starts_at == session.starts_at

    page.goto(f"{live_server.url}{session.url}")
    page.get_by_role("button", name="Load the video from YouTube").click()
    expect(page.locator("iframe[src*='youtube-nocookie.com/embed/hubDemo0002']")).to_have_count(1)
    page.goto(f"{live_server.url}/en/resources/?type=recording")
    expect(
        page.get_by_role("link", name="City and university collaboration in prevention")
    ).to_be_visible()


def test_a_visitor_watches_a_recording_in_french_and_jumps_to_a_chapter(
    page: Page, live_server, demo_site
):
    page.goto(f"{live_server.url}/fr/webinaires/")
    page.get_by_role("link", name="L’aménagement urbain au service de la prévention").click()
    chapters = page.get_by_role("navigation", name="Chapitres")
    chapters.get_by_role("link", name=re.compile("Exemples de villes membres")).click()
    expect(page).to_have_url(re.compile(r"\?t=1275&play=1#recording$"))
    expect(page.locator("iframe[src*='start=1275']")).to_have_count(1)
    search = page.get_by_role("searchbox", name="Rechercher dans la transcription")
    search.fill("éclairage")
    search.press("Enter")
    expect(page.get_by_text("repensé l’éclairage")).to_be_visible()
    expect(page.get_by_text("Les places et les parcs")).to_have_count(0)
