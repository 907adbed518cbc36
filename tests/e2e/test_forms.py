"""A form sent with mistakes, in Chromium: the error summary takes focus (so a screen reader
reads it out), and each of its links puts the cursor in the field it names, a radio group's
first radio for a group."""

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_office_hours import sign_in

pytestmark = pytest.mark.browser

BOISE = "official.boise@hub.example"


def test_the_error_summary_takes_focus_and_leads_to_each_field(page: Page, live_server, demo_site):
    sign_in(page, live_server.url, BOISE)
    page.goto(f"{live_server.url}/en/help-desk/new/")
    expect(page.locator("[data-error-summary]")).to_have_count(0)

    page.get_by_role("button", name="Send the request").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()

    summary.get_by_role("link", name="Tell us how urgent it is.").click()
    expect(page.locator("#id_urgency_0")).to_be_focused()
    # The question stays in view above the radio the cursor is in.
    expect(page.get_by_text("How urgent is it?")).to_be_in_viewport()

    summary.get_by_role("link", name="Write a one-sentence summary.").click()
    summary_field = page.get_by_label("In one sentence, what is happening?")
    expect(summary_field).to_be_focused()
    summary_field.fill("Posters threatening a mosque appeared overnight.")
    expect(summary_field).to_have_attribute("aria-invalid", "true")  # until sent again
