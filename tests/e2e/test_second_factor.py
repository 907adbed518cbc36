"""An editor's first second factor, in the browser (issue 22, finding 2): the admin sends
them to set one up, the hub emails them a link, the link opens the authenticator app's page,
and the recovery codes page takes them on to the admin."""

import re

from django.core import mail
from playwright.sync_api import Page, expect

from tests.e2e.test_helpdesk import current_code
from tests.e2e.test_office_hours import PASSWORD
from tests.e2e.test_visitor import wait_for_mail

EDITOR = "editor@hub.example"


def test_an_editor_sets_up_the_first_second_factor_from_the_emailed_link(
    page: Page, live_server, demo_site, settings
):
    settings.HUB_REQUIRE_STAFF_MFA = True
    mail.outbox.clear()
    page.goto(f"{live_server.url}/admin/")
    page.wait_for_url(re.compile(r"/en/accounts/login/\?next="))
    page.get_by_label("Email").fill(EDITOR)
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("sign in", re.I)).click()

    # The password alone: the setup page, not the admin and not allauth's activation.
    page.wait_for_url(re.compile(r"/en/accounts/second-factor/\?next="))
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your second factor")
    expect(page.get_by_text("e•••@hub.example")).to_be_visible()
    page.goto(f"{live_server.url}/en/accounts/2fa/totp/activate/")
    page.wait_for_url(re.compile(r"/en/accounts/second-factor/"))
    page.goto(f"{live_server.url}/admin/")
    page.wait_for_url(re.compile(r"/en/accounts/second-factor/\?next=%2Fadmin%2F"))

    page.get_by_role("button", name="Email me the link").click()
    expect(page.get_by_text("We sent the link to e•••@hub.example")).to_be_visible()
    wait_for_mail(1)
    link = re.search(r"https?://\S+/en/accounts/second-factor/\S+", mail.outbox[-1].body)
    assert link, mail.outbox[-1].body
    path = re.sub(r"^https?://[^/]+", "", link.group(0))
    assert path.endswith("?next=%2Fadmin%2F")

    page.goto(f"{live_server.url}{path}")
    page.get_by_role("button", name="Continue").click()
    # allauth asks for the password again before a factor is added.
    page.wait_for_url(re.compile(r"/en/accounts/reauthenticate/"))
    page.locator('input[name="password"]').fill(PASSWORD)
    page.locator('input[name="password"]').press("Enter")
    page.wait_for_url(re.compile(r"/en/accounts/2fa/totp/activate/"))

    secret = page.locator("#authenticator_secret").input_value()
    page.locator('input[name="code"]').fill(current_code(secret))
    page.locator('input[name="code"]').press("Enter")
    page.wait_for_url(re.compile(r"/en/accounts/2fa/recovery-codes/"))
    codes = page.locator("#recovery_codes").input_value().split()
    assert len(codes) == 10

    page.get_by_role("link", name="Continue").click()
    page.wait_for_url(f"{live_server.url}/admin/")
    expect(page.get_by_role("heading", level=1).first).to_be_visible()
    # The owner heard of it.
    wait_for_mail(2)
    assert mail.outbox[-1].subject == "Your authenticator app was set up"
