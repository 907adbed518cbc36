"""A visitor becomes a signed-in participant and reads the site in French."""

import re
import time

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def wait_for_mail(count: int, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while len(mail.outbox) < count and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(mail.outbox) >= count, "the email never arrived"


def test_visitor_signs_up_confirms_signs_in_and_switches_to_french(
    page: Page, live_server, demo_site
):
    mail.outbox.clear()
    page.goto(f"{live_server.url}/en/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Cities leading the prevention")
    page.get_by_role("link", name="Create an account").click()

    page.get_by_label("Full name").fill("Robin Official")
    page.get_by_label("Email").fill("robin@city.example")
    page.get_by_label(re.compile(r"^Password:?$")).fill("a-long-new-passphrase-7")
    page.get_by_label("Password (again)").fill("a-long-new-passphrase-7")
    page.get_by_label("Time zone").select_option("America/St_Johns")
    page.get_by_role("button", name="Create an account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your email address")

    wait_for_mail(1)
    link = re.search(r"https?://[^/\s]+(/en/accounts/confirm-email/\S+)", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    page.goto(f"{live_server.url}{link.group(1)}")
    page.get_by_role("button", name="Confirm").click()

    page.get_by_label("Email").fill("robin@city.example")
    page.get_by_label(re.compile(r"^Password:?$")).fill("a-long-new-passphrase-7")
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(f"{live_server.url}/en/my/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My hub")
    page.get_by_role("navigation", name="Account").get_by_role("link", name="My profile").click()
    expect(page.get_by_label("Full name")).to_have_value("Robin Official")

    page.goto(f"{live_server.url}/en/about/")
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Français").click()
    expect(page).to_have_url(f"{live_server.url}/fr/a-propos/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1)).to_have_text("À propos du Pôle")
    expect(page.get_by_role("link", name="Mon profil")).to_be_visible()


def test_keyboard_users_can_skip_to_the_content(page: Page, live_server, demo_site):
    page.goto(f"{live_server.url}/fr/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Passer au contenu principal")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#main$"))
