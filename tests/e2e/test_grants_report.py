"""A grantee files its first report in Chromium: signed in, the member opens its grant from
"Your grants", opens the interim report, sends it too early (the error summary takes the
focus and names what is missing, nothing typed is lost), saves a draft, then sends it; the
grant's page shows it received, and the receipt is in the outbox. The report page passes axe."""

import datetime
import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_accessibility import serious_violations
from tests.network.factories import PASSWORD

pytestmark = pytest.mark.browser


def test_a_grantee_files_its_first_report(page: Page, live_server, demo_site):
    from grants.models import Report
    from network.models import OutboxEmail
    from tests.grants.factories import applicant, new_grant, new_report, programme
    from tests.grants.test_report_views import REPORT_FORM

    OutboxEmail.objects.all().delete()
    grant = new_grant(
        programme=programme("e2e-reporting", report_form=REPORT_FORM),
        title="Neighbours together",
        starts_on=datetime.date(2027, 1, 1),
        ends_on=datetime.date(2027, 12, 31),
    )
    report = new_report(
        grant,
        period_start=datetime.date(2027, 1, 1),
        period_end=datetime.date(2027, 2, 28),
        due_on=datetime.date(2027, 3, 15),
    )
    user = applicant(grant.organisation, email="lee@neighbours.example")
    base = live_server.url

    page.goto(f"{base}/en/accounts/login/")
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()

    page.goto(f"{base}/en/grants/grants/")
    page.get_by_role("link", name="Neighbours together").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Neighbours together")
    page.get_by_role("link", name="Interim report").click()
    assert serious_violations(page) == []  # the report form

    # Too early: the figures and the answer are missing.
    page.get_by_label(re.compile("Race, ethnicity or ancestry, February 2027")).fill("2")
    page.get_by_role("button", name="Send the report").click()
    expect(page.locator("[data-error-summary]")).to_be_focused()
    expect(page.locator("[data-error-summary]")).to_contain_text(
        "Enter the number of people reached"
    )
    expect(
        page.get_by_label(re.compile("Race, ethnicity or ancestry, February 2027"))
    ).to_have_value("2")

    # Fill it in, save a draft, then send it.
    page.get_by_label("What changed for the people you worked with?").fill(
        "Parents now come to the school's evening meetings."
    )
    page.get_by_label("How many people did the project reach in this period?").fill("85")
    page.get_by_label("How many activities did the project hold in this period?").fill("4")
    page.get_by_role("button", name="Save as a draft").click()
    expect(page.get_by_text("Your report is saved as a draft.")).to_be_visible()
    expect(
        page.get_by_label("How many people did the project reach in this period?")
    ).to_have_value("85")
    page.get_by_role("button", name="Send the report").click()
    expect(page.get_by_text("Thank you: your report is sent.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Neighbours together")
    expect(page.locator("table").first).to_contain_text("Received")

    report.refresh_from_db()
    assert report.status == Report.Status.SUBMITTED
    assert report.people_reached == 85
    assert report.tallies.get().count == 2
    receipts = [r for r in OutboxEmail.objects.all() if user.email in r.payload["to"]]
    assert len(receipts) == 1
