"""A city joins the network, in Chromium: a visitor goes from the home page to the form
without typing an address and says their city would like to join; a coordinator follows the
link in their email, signs in to the admin with their second factor and, after the
conversations, makes the city a member; the city is then among the member cities. The form
and the thanks page pass axe.
"""

import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from tests.e2e.test_accessibility import serious_violations
from tests.e2e.test_helpdesk import admin_sign_in, with_second_factor
from tests.e2e.test_visitor import wait_for_mail

pytestmark = pytest.mark.browser

COORDINATOR = "coordinator@hub.example"
CITY = "Greater Sudbury"
CONTACT = "nadia.lefebvre@sudbury.example"


def test_a_city_expresses_interest_and_a_coordinator_makes_it_a_member(
    page: Page, browser: Browser, live_server, demo_site, settings
):
    from network.models import Organisation, User

    settings.HUB_REQUIRE_STAFF_MFA = True  # as in production; the live server reads it
    base = live_server.url
    mail.outbox.clear()

    # From the home page: "Join the network", then the Membership page's button.
    page.goto(f"{base}/en/")
    page.get_by_role("link", name="Join the network").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Membership")
    page.get_by_role("link", name="Express your city’s interest").first.click()
    page.wait_for_url(f"{base}/en/join-the-network/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Join the network")
    expect(page.get_by_role("heading", name="What happens next")).to_be_visible()
    assert serious_violations(page) == []  # the form

    # A failed submit first: the error summary names what is missing.
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    expect(page.get_by_role("link", name="Choose the country.")).to_be_visible()

    page.get_by_label("Name of your city or local government").fill(CITY)
    page.get_by_label("Country").select_option("CA")
    page.get_by_label("Province or state").select_option("CA-ON")
    page.get_by_label("Website").fill("https://www.greatersudbury.ca")
    page.get_by_label("Your name").fill("Nadia Lefebvre")
    page.get_by_label("Your role").fill("Director of Community Safety")
    page.get_by_label("Your email address").fill(CONTACT)
    page.get_by_label("Why now?").fill(
        "Hate incidents reported to our police service doubled this year, and council wants "
        "a prevention strategy before the summer."
    )
    page.get_by_role("button", name="Send", exact=True).click()
    page.wait_for_url(f"{base}/en/join-the-network/thanks/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    expect(page.get_by_text(f"We have received {CITY}’s interest")).to_be_visible()
    assert serious_violations(page) == []  # the thanks page

    city = Organisation.objects.get(name=CITY)
    assert (city.stage, city.is_member) == ("interested", False)

    # The contact person's acknowledgement and the coordinators' notice with its link.
    coordinators = User.objects.filter(groups__name="Hub coordinators").count()
    wait_for_mail(1 + coordinators)
    assert [m.to for m in mail.outbox].count([CONTACT]) == 1
    (notice,) = [m for m in mail.outbox if m.to == [COORDINATOR]]
    link = re.search(r"https?://[^/\s]+(/admin/organisation/edit/\d+/)", notice.body)
    assert link and link[1] == f"/admin/organisation/edit/{city.pk}/", notice.body

    # The coordinator follows it: password, then the second factor, then the organisation.
    secret = with_second_factor(COORDINATOR)
    office = browser.new_context()
    try:
        admin = office.new_page()
        admin_sign_in(admin, f"{base}{link[1]}", COORDINATOR, secret)
        expect(admin.get_by_text("Steps in the pipeline")).to_be_visible()
        expect(admin.get_by_text("Director of Community Safety")).to_be_visible()
        admin.get_by_role("link", name="Move to stage").click()
        admin.wait_for_url(f"{base}/admin/organisation/move/{city.pk}/")
        admin.get_by_label("New stage").select_option("member")
        admin.locator("input[name=on]").fill(timezone.localdate().isoformat())
        admin.get_by_label("Note").fill("The mayor's letter of confirmation arrived.")
        admin.get_by_role("button", name="Move to this stage").click()
        admin.wait_for_url(f"{base}/admin/organisation/edit/{city.pk}/")
        expect(admin.get_by_text(f"{CITY} is now in the stage “Member”.")).to_be_visible()
        expect(admin.get_by_text("The mayor's letter of confirmation arrived.")).to_be_visible()
    finally:
        office.close()

    city.refresh_from_db()
    assert (city.stage, city.is_member, city.member_since) == (
        "member",
        True,
        timezone.localdate(),
    )

    # The visitor finds the city among the member cities, from the header.
    page.goto(f"{base}/en/")
    page.get_by_role("navigation", name="The network").get_by_role(
        "link", name="Member cities", exact=True
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Member cities")
    expect(page.get_by_text(CITY).first).to_be_visible()
