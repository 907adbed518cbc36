"""Issue 21, item 4, in Chromium: a city official files a "Someone is at risk now" request
from the site's help desk, reached by clicking from the home page; the request goes to the
person the rota has on call at that moment, who is emailed only the reference and a link;
that person signs in to the admin, sees the red banner on the dashboard, follows it to the
request, presses "Acknowledge", and the banner is gone; a coordinator then sees no banner.
"""

import re
import time

import pytest
from django.core import mail
from playwright.sync_api import Browser, Page, expect

from tests.e2e.test_journeys_from_home import header_link, sign_in_from_home
from tests.e2e.test_office_hours import PASSWORD

pytestmark = pytest.mark.browser

EDMONTON = "official.edmonton@hub.example"
COORDINATOR = "coordinator@hub.example"
SUMMARY = "A man with a knife is outside the council chamber asking for the mayor."
DETAILS = (
    "Security has locked the chamber doors and called the police. Staff inside are "
    "frightened and the meeting is due to start in half an hour. What do we do now?"
)
BANNER = re.compile(r"^Someone is at risk now: \d+ requests? not acknowledged$")


def admin_sign_in(page: Page, base: str, email: str) -> None:
    """Open the admin signed out: the site's sign-in form, then the dashboard."""
    page.goto(f"{base}/admin/")
    page.wait_for_url(re.compile(r"/en/accounts/login/\?next="))
    page.get_by_label("Email").fill(email)
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(f"{base}/admin/")


def banner(page: Page):
    return page.get_by_role("heading", name=BANNER)


def test_an_at_risk_request_pages_the_person_on_call_until_they_acknowledge(
    page: Page, browser: Browser, live_server, demo_site
):
    from django.utils import timezone

    from helpdesk.models import HelpRequest, OnCallAlert
    from helpdesk.services import on_call_now

    base = live_server.url

    # The official goes from the home page to the help desk and its form.
    text = sign_in_from_home(page, base, "en", 1280, EDMONTON)
    header_link(page, text, "services", text["help_desk"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(text["help_desk"])
    page.get_by_role("link", name="Ask for advice", exact=True).click()
    page.wait_for_url(f"{base}/en/help-desk/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask for advice")

    page.get_by_label("Someone is at risk now", exact=True).check()
    expect(page.locator("#emergency-guidance")).to_be_visible()
    page.get_by_label("Anti-government hate and harassment", exact=True).check()
    page.get_by_label("In one sentence, what is happening?", exact=True).fill(SUMMARY)
    page.get_by_label("Details", exact=True).fill(DETAILS)
    page.get_by_label("Country", exact=True).select_option("CA")
    page.get_by_label("Province or state", exact=True).select_option("CA-AB")
    page.get_by_label("Language for the conversation", exact=True).select_option("en")

    # Who the rota has on call now (the demo rota covers every hour of the week).
    before = on_call_now(timezone.now())
    assert before, "the demo rota has nobody on call now"
    mail.outbox.clear()
    page.get_by_role("button", name="Send the request", exact=True).click()

    page.wait_for_url(re.compile(rf"^{re.escape(base)}/en/help-desk/[0-9a-f-]{{36}}/$"))
    public_id = page.url.rstrip("/").rsplit("/", 1)[1]
    request = HelpRequest.objects.get(public_id=public_id)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Request {request.reference}")
    assert request.urgency == "at_risk"
    alert = OnCallAlert.objects.select_related("current").get(request=request)
    # The person on call at the instant it was paged (a shift may have just turned over).
    expected = on_call_now(alert.paged_at)[0][0]
    on_call = alert.current
    assert on_call is not None and on_call.pk == expected.pk, (on_call, expected)
    assert alert.paged == [on_call.pk] and not alert.nobody_on_call
    assert alert.acknowledged_at is None
    if not on_call.is_coordinator:
        request.refresh_from_db()
        assert request.assignee.user_id == on_call.pk, request.routing_reasons

    # The person on call is emailed: the reference and a link, nothing of the request.
    deadline = time.monotonic() + 10
    while not any(m.to == [on_call.email] for m in mail.outbox) and time.monotonic() < deadline:
        time.sleep(0.1)
    to_on_call = [m for m in mail.outbox if m.to == [on_call.email]]
    assert len(to_on_call) == 1, [(m.to, m.subject) for m in mail.outbox]
    (email,) = to_on_call
    assert request.reference in email.subject and request.reference in email.body
    link = re.search(r"https?://[^/\s]+(/admin/help-desk/[0-9a-f-]{36}/)", email.body)
    assert link and link[1] == f"/admin/help-desk/{public_id}/", email.body
    for message in mail.outbox:
        assert "knife" not in message.subject + message.body
        assert "chamber" not in message.body and "mayor" not in message.body
        assert not message.attachments

    # The person on call signs in to the admin: the banner is on the dashboard.
    workspace = browser.new_context()
    try:
        admin = workspace.new_page()
        admin_sign_in(admin, base, on_call.email)
        expect(banner(admin)).to_be_visible()
        alert_box = admin.get_by_role("alert").filter(has=banner(admin))
        expect(alert_box).to_contain_text(f"paged: {on_call.get_full_name()}")
        expect(
            alert_box.get_by_role("button", name=f"Acknowledge {request.reference}", exact=True)
        ).to_be_visible()

        # They follow it to the request page and acknowledge there.
        alert_box.get_by_role("link", name=request.reference, exact=True).click()
        admin.wait_for_url(f"{base}/admin/help-desk/{public_id}/")
        expect(admin.get_by_role("heading", name=SUMMARY)).to_be_visible()
        expect(admin.get_by_text("Not acknowledged yet.", exact=True)).to_be_visible()
        admin.get_by_role("button", name="Acknowledge", exact=True).click()
        admin.wait_for_url(f"{base}/admin/help-desk/{public_id}/")
        expect(
            admin.get_by_text(
                f"{request.reference} acknowledged: nobody else on the rota will be paged."
            )
        ).to_be_visible()
        expect(banner(admin)).to_have_count(0)
        expect(
            admin.get_by_text(f"Acknowledged by {on_call.get_full_name()},", exact=False)
        ).to_be_visible()
        expect(admin.get_by_role("button", name="Acknowledge", exact=True)).to_have_count(0)

        # And on the dashboard too.
        admin.goto(f"{base}/admin/")
        expect(admin.get_by_role("heading", level=1).first).to_be_visible()
        expect(banner(admin)).to_have_count(0)
    finally:
        workspace.close()
    alert.refresh_from_db()
    assert alert.acknowledged_by_id == on_call.pk and alert.acknowledged_at is not None

    # A coordinator then sees no banner.
    office = browser.new_context()
    try:
        coordinator = office.new_page()
        admin_sign_in(coordinator, base, COORDINATOR)
        expect(coordinator.get_by_role("heading", level=1).first).to_be_visible()
        expect(banner(coordinator)).to_have_count(0)
        coordinator.goto(f"{base}/admin/help-desk/{public_id}/")
        expect(coordinator.get_by_role("heading", name=SUMMARY)).to_be_visible()
        expect(banner(coordinator)).to_have_count(0)
    finally:
        office.close()
