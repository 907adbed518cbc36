"""A person's own data in Chromium: from the home page an official signs in, goes from
their profile to Your data, downloads the archive (a ZIP with data.json and a README), and
closes their account with their password; they are signed out and cannot sign in again."""

import io
import json
import re
import zipfile

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

PASSWORD = "hub-demo-2026"
OFFICIAL = "official.edmonton@hub.example"


def sign_in(page: Page, base: str) -> None:
    page.goto(f"{base}/en/")
    page.get_by_role("navigation", name="Account").get_by_role("link", name="Sign in").click()
    page.get_by_label(re.compile(r"^Email\s*:?$")).fill(OFFICIAL)
    page.get_by_label(re.compile(r"^Password\s*:?$")).fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()


def test_an_official_downloads_their_data_and_closes_their_account(
    page: Page, live_server, demo_site
):
    from network.models import User

    base = live_server.url
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, base)
    expect(page).to_have_url(f"{base}/en/my/")
    page.get_by_role("navigation", name="Account").get_by_role("link", name="My profile").click()
    page.get_by_role("link", name="Your data and closing your account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your data")

    with page.expect_download() as info:
        page.get_by_role("link", name="Download my data").click()
    download = info.value
    assert re.fullmatch(r"hub-data-\d{4}-\d{2}-\d{2}\.zip", download.suggested_filename)
    archive = zipfile.ZipFile(io.BytesIO(open(download.path(), "rb").read()))
    assert sorted(archive.namelist()) == ["README.txt", "data.json"]
    data = json.loads(archive.read("data.json"))
    assert data["network"]["profile"]["email"] == OFFICIAL
    assert data["helpdesk"]["requests_you_filed"]

    page.get_by_role("link", name="Close my account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Close your account")
    page.get_by_label("Your password").fill("not my password")
    page.get_by_role("button", name="Close my account").click()
    expect(page.get_by_role("link", name="This is not your password.")).to_be_visible()
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Close my account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account is closed")
    expect(
        page.get_by_role("navigation", name="Account").get_by_role("link", name="Sign in")
    ).to_be_visible()
    assert User.objects.filter(email=OFFICIAL).count() == 0

    sign_in(page, base)
    expect(page).to_have_url(re.compile(r"/en/accounts/login/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Sign in"))
