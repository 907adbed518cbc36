"""Joining one's organisation in Chromium, typing no address but the home page's and the
links read from emails: a brand-new official signs up, confirms their address, asks to join
their city (suggested by their address's domain), the city's lead approves, and the
official files a help-desk request for the city; a lead invites a colleague, who creates an
account and accepts."""

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from tests.e2e.test_accessibility import serious_violations
from tests.e2e.test_visitor import wait_for_mail

pytestmark = pytest.mark.browser

DEMO_PASSWORD = "hub-demo-2026"
NEW_PASSWORD = "a-long-new-passphrase-7"
LEAD = "official.edmonton@hub.example"


def account_menu(page: Page):
    return page.get_by_role("navigation", name="Account")


def services_menu(page: Page):
    return page.get_by_role("navigation", name="Services")


def link_in_mail(to: str, pattern: str) -> str:
    """The path of the first link matching `pattern` in the last email sent to `to`."""
    message = [m for m in mail.outbox if m.to == [to]][-1]
    found = re.search(rf"https?://[^/\s]+({pattern}\S*)", message.body)
    assert found, message.body
    return found.group(1)


def sign_up(page: Page, base: str, name: str, email: str) -> None:
    """From the home page: "Create an account", the form, then the link in the email."""
    mail.outbox.clear()
    page.goto(f"{base}/en/")
    account_menu(page).get_by_role("link", name="Create an account").click()
    page.get_by_label("Full name").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_label(re.compile(r"^Password:?$")).fill(NEW_PASSWORD)
    page.get_by_label("Password (again)").fill(NEW_PASSWORD)
    page.get_by_label("Time zone").select_option("America/Edmonton")
    page.get_by_role("button", name="Create an account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your email address")
    wait_for_mail(1)
    page.goto(base + link_in_mail(email, "/en/accounts/confirm-email/"))
    page.get_by_role("button", name="Confirm").click()


def sign_in(page: Page, base: str, email: str, password: str) -> None:
    """From the home page, through the account menu's "Sign in"."""
    page.goto(f"{base}/en/")
    account_menu(page).get_by_role("link", name="Sign in").click()
    page.get_by_label("Email").fill(email)
    page.get_by_label(re.compile(r"^Password:?$")).fill(password)
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(f"{base}/en/my/")


def sign_out(page: Page) -> None:
    account_menu(page).get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()
    page.context.clear_cookies()


def test_a_new_official_joins_their_city_and_files_a_help_desk_request(
    page: Page, live_server, demo_site
):
    from helpdesk.models import HelpRequest
    from network.models import JoinRequest, Membership

    base = live_server.url
    email = "casey.newcomer@edmonton.ca"
    sign_up(page, base, "Casey Newcomer", email)
    page.get_by_label("Email").fill(email)  # the sign-in form, after confirming
    page.get_by_label(re.compile(r"^Password:?$")).fill(NEW_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(f"{base}/en/my/")

    # My hub says what is missing and where to ask; the city is suggested by the domain.
    page.get_by_role("link", name="Ask to join your city or organisation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My organisations")
    suggested = page.get_by_role("region", name="Suggested for you")
    expect(suggested).to_contain_text("Your address is on edmonton.ca: ask to join Edmonton.")
    assert serious_violations(page) == []
    suggested.get_by_label("Message to its leads (optional)").fill("Community safety office")
    mail.outbox.clear()
    suggested.get_by_role("button", name="Ask to join Edmonton").click()
    expect(page.get_by_text("Your request to join Edmonton has been sent")).to_be_visible()
    expect(page.get_by_role("button", name="Withdraw my request to Edmonton")).to_be_visible()
    wait_for_mail(1)
    assert [m.to for m in mail.outbox] == [[LEAD]]
    assert JoinRequest.objects.pending().filter(user__email=email).exists()

    # Without a city, the help desk explains and links to the same page.
    services_menu(page).get_by_role("link", name="Help desk").click()
    expect(page.get_by_role("link", name="Ask to join your city")).to_be_visible()
    sign_out(page)

    # Edmonton's lead approves, from their organisations.
    sign_in(page, base, LEAD, DEMO_PASSWORD)
    account_menu(page).get_by_role("link", name="My organisations").click()
    page.get_by_role("link", name="Manage the people of Edmonton").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edmonton")
    expect(page.get_by_role("link", name="People")).to_have_attribute("aria-current", "page")
    expect(page.get_by_role("navigation", name="Pages for Edmonton")).to_be_visible()
    assert serious_violations(page) == []
    mail.outbox.clear()
    page.get_by_role("button", name="Approve Casey Newcomer").click()
    expect(page.get_by_text("Casey Newcomer is now a member of Edmonton.")).to_be_visible()
    wait_for_mail(1)
    assert mail.outbox[0].to == [email]
    assert Membership.objects.filter(user__email=email, organisation__name="Edmonton").exists()
    sign_out(page)

    # The new official files a request for their city.
    sign_in(page, base, email, NEW_PASSWORD)
    services_menu(page).get_by_role("link", name="Help desk").click()
    page.get_by_role("link", name="Ask for advice").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask for advice")
    page.get_by_label("Urgent", exact=True).check()
    page.get_by_label("Anti-government hate and harassment").check()
    page.get_by_label("In one sentence, what is happening?").fill(
        "Posters threatening a councillor appeared near city hall."
    )
    page.get_by_label("Details").fill("Three posters naming a councillor, found this morning.")
    page.get_by_role("button", name="Send the request").click()
    page.wait_for_url(re.compile(rf"^{re.escape(base)}/en/help-desk/[0-9a-f-]{{36}}/$"))
    filed = HelpRequest.objects.get(requester__email=email)
    assert filed.organisation.name == "Edmonton"
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Request {filed.reference}")


def test_a_lead_invites_a_colleague_who_creates_an_account_and_accepts(
    page: Page, live_server, demo_site
):
    from network.models import Membership

    base = live_server.url
    colleague = "jamie.colleague@edmonton.ca"
    sign_in(page, base, LEAD, DEMO_PASSWORD)
    account_menu(page).get_by_role("link", name="My organisations").click()
    page.get_by_role("link", name="Manage the people of Edmonton").click()
    invite = page.get_by_role("region", name="Invite someone")
    invite.get_by_label("Email address").fill(colleague)
    invite.get_by_label("Role").select_option("lead")
    mail.outbox.clear()
    invite.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_text(f"We have emailed an invitation to {colleague}.")).to_be_visible()
    expect(page.get_by_role("link", name=f"Withdraw the invitation to {colleague}")).to_be_visible()
    wait_for_mail(1)
    invitation_path = link_in_mail(colleague, "/en/invitations/")
    sign_out(page)

    # The colleague opens the link, creates their account with that address, and accepts.
    page.goto(base + invitation_path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Join Edmonton")
    expect(page.get_by_text("as one of its leads")).to_be_visible()
    sign_up(page, base, "Jamie Colleague", colleague)
    page.get_by_label("Email").fill(colleague)
    page.get_by_label(re.compile(r"^Password:?$")).fill(NEW_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(f"{base}/en/my/")
    account_menu(page).get_by_role("link", name="My organisations").click()
    page.get_by_role("link", name="See the invitation").click()
    page.get_by_role("button", name="Accept and join Edmonton").click()
    expect(page.get_by_text("Welcome to Edmonton.")).to_be_visible()
    membership = Membership.objects.get(user__email=colleague, organisation__name="Edmonton")
    assert membership.role == Membership.Role.LEAD
