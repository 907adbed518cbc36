"""My calendar in Chromium: from the home page an official signs in, opens their profile,
gets their private calendar address, copies it with the Copy button, and the address
serves their calendar (read here with the page's own request context and icalendar); a new
address replaces it after a confirmation, and the old one stops at once."""

import re

import pytest
from icalendar import Calendar
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

PASSWORD = "hub-demo-2026"
OFFICIAL = "official.boise@hub.example"


def test_an_official_subscribes_to_their_calendar(page: Page, live_server, demo_site):
    from webinars.calendars import uid as session_uid
    from webinars.models import Registration

    session = Registration.objects.get(user__email=OFFICIAL).session
    base = live_server.url
    page.set_viewport_size({"width": 1280, "height": 900})
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)

    page.goto(f"{base}/en/")
    page.get_by_role("navigation", name="Account").get_by_role("link", name="Sign in").click()
    page.get_by_label(re.compile(r"^Email\s*:?$")).fill(OFFICIAL)
    page.get_by_label(re.compile(r"^Password\s*:?$")).fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page).to_have_url(f"{base}/en/my/")
    page.get_by_role("navigation", name="Account").get_by_role("link", name="My profile").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My profile")

    section = page.locator("section#calendar")
    expect(section.get_by_role("heading", level=2)).to_have_text("My calendar")
    section.get_by_role("button", name="Get my calendar address").click()
    expect(page.get_by_text("Your calendar address is ready")).to_be_visible()

    field = page.get_by_label("Your private calendar address")
    expect(field).to_have_attribute("readonly", "")
    address = field.input_value()
    assert re.fullmatch(rf"{re.escape(base)}/en/calendar/[\w-]+\.ics", address), address
    subscribe = section.get_by_role("link", name="Subscribe in my calendar app")
    expect(subscribe).to_have_attribute("href", "webcal://" + address.split("://", 1)[1])

    copy = section.get_by_role("button", name="Copy", exact=True)
    expect(copy).to_be_visible()
    copy.click()
    expect(section.get_by_role("status")).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == address

    response = page.request.get(address)
    assert response.status == 200
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.body())
    assert str(calendar["x-wr-calname"]) == "North America Hub"
    uids = {str(event["uid"]) for event in calendar.walk("VEVENT")}
    assert session_uid(session) in uids

    # A new address, after the confirmation: the old one answers 404 at once.
    section.get_by_role("link", name="Get a new address").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Get a new calendar address?")
    page.get_by_role("button", name="Get a new address").click()
    expect(page.get_by_text("Your calendar has a new address")).to_be_visible()
    new_address = page.get_by_label("Your private calendar address").input_value()
    assert new_address != address
    assert page.request.get(address).status == 404
    assert page.request.get(new_address).status == 200
