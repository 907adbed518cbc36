"""Editors draft and submit; moderators approve; the resource appears in the hub."""

import re

import pytest
from playwright.sync_api import Page, expect

from pages.models import ResourceHubPage, ResourcePage

pytestmark = pytest.mark.browser


def sign_in(page: Page, live_server, email: str) -> None:
    page.goto(f"{live_server.url}/en/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.locator("#id_password").fill("hub-demo-2026")
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(f"{live_server.url}/en/my/")


def sign_out(page: Page) -> None:
    page.get_by_role("navigation", name="Account").get_by_role("button", name="Sign out").click()


def test_editor_submits_a_resource_and_a_moderator_publishes_it(page: Page, live_server, demo_site):
    hub = ResourceHubPage.objects.get(locale__language_code="en")

    sign_in(page, live_server, "editor@hub.example")
    page.goto(f"{live_server.url}/admin/pages/add/pages/resourcepage/{hub.pk}/")
    page.locator("#id_title").fill("Safer public meetings: a checklist for councils")
    page.locator("#id_summary").fill(
        "What clerks and chairs can do before, during and after a tense council meeting."
    )
    page.locator("#id_resource_type").select_option("guide")
    page.get_by_label("Anti-government hate and harassment").check()
    # Editors cannot publish: their only way forward is the moderators' workflow.
    expect(page.get_by_role("button", name="Publish")).to_have_count(0)
    page.locator("footer .dropdown-toggle, footer [data-w-dropdown-target='toggle']").first.click()
    page.get_by_role("button", name=re.compile("Submit to Moderators approval")).click()
    expect(page.get_by_text(re.compile("submitted", re.IGNORECASE)).first).to_be_visible()

    resource = ResourcePage.objects.get(
        title="Safer public meetings: a checklist for councils", locale=hub.locale
    )
    assert not resource.live
    page.goto(f"{live_server.url}/en/resources/")
    expect(
        page.get_by_role("link", name="Safer public meetings: a checklist for councils")
    ).to_have_count(0)

    page.goto(f"{live_server.url}/en/")
    sign_out(page)
    sign_in(page, live_server, "moderator@hub.example")
    page.goto(f"{live_server.url}/admin/pages/{resource.pk}/edit/")
    page.locator("footer .dropdown-toggle, footer [data-w-dropdown-target='toggle']").first.click()
    # "Approve" without a comment: the workflow button that opens no dialog.
    page.locator(
        "button[data-workflow-action-name='approve']:not([data-workflow-action-modal-url])"
    ).click()
    expect(page.get_by_text(re.compile("has been updated"))).to_be_visible()

    resource.refresh_from_db()
    assert resource.live
    page.goto(f"{live_server.url}/en/resources/?theme=harassment")
    expect(
        page.get_by_role("link", name="Safer public meetings: a checklist for councils")
    ).to_be_visible()
