"""Help-desk journeys in Chromium: a city official files an urgent request with an
attachment (the emergency guidance shows at once for "Someone is at risk now"); the routed
expert signs in to the admin with their second factor and replies; the official reads the
reply and books a call with the expert; a coordinator reads the metrics; an official of
another city gets the "not found" page for the request and its file. The intake form, the
request page and the metrics page pass axe.
"""

import re
import time
from datetime import timedelta

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.core import mail
from PIL import Image
from playwright.sync_api import Browser, Page, expect

from tests.e2e.test_accessibility import serious_violations
from tests.e2e.test_office_hours import PASSWORD, sign_in
from tests.e2e.test_visitor import wait_for_mail

pytestmark = pytest.mark.browser

EDMONTON = "official.edmonton@hub.example"
BOISE = "official.boise@hub.example"
COORDINATOR = "coordinator@hub.example"
SUMMARY = "Threatening letters were left at a councillor's ward office."
DETAILS = (
    "Two letters naming Councillor R. and her children were left at her ward office this "
    "week, after her vote on the shelter by-law. Police have the letters. We need advice on "
    "her safety and on what the city says at Monday's meeting."
)
REPLY = "Thank you. Three things for today: a safety plan with the police, one spokesperson."
NOTE = "Same wording as the letters sent in Red Deer last spring: keep an eye on it."


def current_code(secret: str) -> str:
    """What the authenticator app shows now; near the end of a period, the next period's
    code (waiting for it), so that the code is still good when the server checks it."""
    period = mfa_settings.TOTP_PERIOD
    left = period - time.time() % period
    if left < 5:
        time.sleep(left + 0.2)
    return format_hotp_value(hotp_value(secret, int(time.time()) // period))


def with_second_factor(email: str) -> str:
    """Give a demo account a TOTP authenticator; returns its secret."""
    from network.models import User

    secret = generate_totp_secret()
    TOTP.activate(User.objects.get(email=email), secret)
    return secret


def admin_sign_in(page: Page, url: str, email: str, secret: str) -> None:
    """Open an admin address signed out: the site's sign-in form, then the authenticator
    code, then the address itself."""
    page.goto(url)
    page.wait_for_url(re.compile(r"/en/accounts/login/\?next="))
    page.get_by_label("Email").fill(email)
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/en/accounts/2fa/authenticate/")  # the password is not enough
    page.locator('input[name="code"]').fill(current_code(secret))
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(url)


def a_png(tmp_path):
    path = tmp_path / "letter-photo.png"
    Image.new("RGB", (40, 30), (200, 30, 30)).save(path, format="PNG")
    return path


def test_an_urgent_request_goes_from_the_city_to_the_expert_to_a_call(
    page: Page, browser: Browser, live_server, demo_site, settings, tmp_path
):
    from helpdesk.models import Event, HelpRequest
    from network.models import Organisation
    from webinars.office_hours.models import Booking

    settings.HUB_REQUIRE_STAFF_MFA = True  # as in production; the live server reads it
    base = live_server.url
    bookings_before = Booking.objects.filter(organisation__name="Edmonton").count()

    # The official opens the help desk and the form.
    sign_in(page, base, EDMONTON)
    page.goto(f"{base}/en/help-desk/")
    page.get_by_role("link", name="Ask for advice").click()
    page.wait_for_url(f"{base}/en/help-desk/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask for advice")
    assert serious_violations(page) == []  # the intake form

    # "Someone is at risk now" shows the emergency guidance at once, before sending.
    guidance = page.locator("#emergency-guidance")
    expect(guidance).to_be_hidden()
    page.get_by_label("Someone is at risk now").check()
    expect(guidance).to_be_visible()
    expect(guidance).to_contain_text("Call 911 first.")
    assert serious_violations(page) == []  # with the guidance shown
    page.get_by_label("Urgent", exact=True).check()
    expect(guidance).to_be_hidden()

    edmonton = Organisation.objects.get(name="Edmonton")
    expect(page.locator("#id_organisation")).to_have_value(str(edmonton.pk))  # the only city
    page.get_by_label("Anti-government hate and harassment").check()
    page.get_by_label("In one sentence, what is happening?").fill(SUMMARY)
    page.get_by_label("Details").fill(DETAILS)
    page.get_by_label("Country").select_option("CA")
    page.get_by_label("Province or state").select_option("CA-AB")
    page.get_by_label("Language for the conversation").select_option("en")
    expect(page.get_by_label("Standard", exact=True)).to_be_checked()
    page.get_by_label("Attachments").set_input_files(a_png(tmp_path))
    mail.outbox.clear()
    page.get_by_role("button", name="Send the request").click()

    # The request's page, with its reference; the request is routed at once.
    page.wait_for_url(re.compile(rf"^{re.escape(base)}/en/help-desk/[0-9a-f-]{{36}}/$"))
    public_id = page.url.rstrip("/").rsplit("/", 1)[1]
    request = HelpRequest.objects.select_related("assignee__user").get(public_id=public_id)
    assert (request.urgency, request.sensitivity, request.status) == (
        "urgent",
        "standard",
        "assigned",
    )
    assert (request.country, request.region, request.language) == ("CA", "CA-AB", "en")
    assert list(request.topics.values_list("slug", flat=True)) == ["harassment"]
    assert re.fullmatch(r"HD-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}", request.reference)
    expert = request.assignee.user
    # Canada, English, harassment: the one demo expert who advises on all three.
    assert expert.email == "expert.amara@hub.example", request.routing_reasons
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Request {request.reference}")
    expect(page.get_by_text(f"Your request {request.reference} is filed.")).to_be_visible()
    facts = page.locator("dl.facts")
    # The expert's name, then their role.
    expect(facts.locator("dt:text-is('Expert') + dd")).to_contain_text(expert.full_name)
    expect(facts.locator("dt:text-is('Urgency') + dd")).to_have_text("Urgent")
    expect(page.get_by_role("heading", name=SUMMARY)).to_be_visible()
    (attachment,) = request.attachments.all()
    assert (attachment.name, attachment.content_type) == ("letter-photo.png", "image/png")
    expect(page.get_by_role("link", name="letter-photo.png")).to_have_attribute(
        "href", f"/en/help-desk/{public_id}/files/{attachment.public_id}/"
    )
    expect(page.get_by_text("No reply yet.")).to_be_visible()
    assert serious_violations(page) == []  # the request page

    # Emails: the official's receipt and the expert's notice, only a reference and a link.
    wait_for_mail(2)
    to_expert = [m for m in mail.outbox if m.to == [expert.email]]
    assert len(to_expert) == 1, [(m.to, m.subject) for m in mail.outbox]
    link = re.search(r"https?://[^/\s]+(/admin/help-desk/[0-9a-f-]{36}/)", to_expert[0].body)
    assert link and link[1] == f"/admin/help-desk/{public_id}/", to_expert[0].body
    for message in mail.outbox:
        assert request.reference in message.subject + message.body
        assert "Councillor" not in message.body and "letters" not in message.body
        assert "letter-photo" not in message.body and not message.attachments

    # The expert follows the link: the admin asks for the password, then the second factor.
    amara_secret = with_second_factor(expert.email)
    coordinator_secret = with_second_factor(COORDINATOR)
    workspace = browser.new_context()
    try:
        admin = workspace.new_page()
        admin_sign_in(admin, f"{base}{link[1]}", expert.email, amara_secret)
        expect(admin.get_by_role("heading", name=SUMMARY)).to_be_visible()
        expect(admin.get_by_role("link", name="letter-photo.png")).to_be_visible()

        # An internal note, then the reply.
        admin.get_by_role("textbox", name="Message").fill(NOTE)
        admin.get_by_label("Internal note (the city never sees it)").check()
        admin.get_by_role("button", name="Send", exact=True).click()
        expect(admin.get_by_text("Internal note added.")).to_be_visible()
        mail.outbox.clear()
        admin.get_by_role("textbox", name="Message").fill(REPLY)
        expect(admin.get_by_label("Internal note (the city never sees it)")).not_to_be_checked()
        admin.get_by_role("button", name="Send", exact=True).click()
        expect(admin.get_by_text("Reply sent. The city has been told.")).to_be_visible()
        expect(admin.get_by_text(REPLY)).to_be_visible()
    finally:
        workspace.close()
    request.refresh_from_db()
    assert request.status == "in_progress" and request.first_response_at is not None
    wait_for_mail(1)
    (to_city,) = mail.outbox
    assert to_city.to == [EDMONTON]
    assert f"/en/help-desk/{public_id}/" in to_city.body and REPLY not in to_city.body

    # The official reads the reply (not the internal note) and books a call with the expert.
    page.reload()
    conversation = page.get_by_role("region", name="Conversation")
    expect(conversation).to_contain_text(REPLY)
    expect(conversation).to_contain_text(expert.full_name)
    expect(page.get_by_text(NOTE)).to_have_count(0)
    expect(page.locator("dl.facts dt:text-is('Status') + dd")).to_have_text("In progress")
    talk = page.get_by_role("region", name="Talk it through")
    expect(talk).to_contain_text(f"{expert.full_name}’s next office-hours slot is")
    talk.get_by_role("button", name="Book this call").click()
    page.wait_for_url(re.compile(r"/office-hours/my/[0-9a-f-]{36}/$"))
    expect(page.get_by_text("Your call is booked.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Office hours with {expert.full_name}"
    )
    booking = Booking.objects.get(public_id=page.url.rstrip("/").rsplit("/", 1)[1])
    assert (booking.organisation.name, booking.expert.user_id, booking.status) == (
        "Edmonton",
        expert.pk,
        "confirmed",
    )
    assert request.reference in booking.questions
    assert Booking.objects.filter(organisation__name="Edmonton").count() == bookings_before + 1
    assert request.events.filter(kind=Event.Kind.CALL_BOOKED).count() == 1

    # A coordinator reads the metrics, with the new request counted.
    metrics_url = f"{base}/admin/help-desk/metrics/"
    office = browser.new_context()
    try:
        coordinator = office.new_page()
        admin_sign_in(coordinator, metrics_url, COORDINATOR, coordinator_secret)
        expect(coordinator.get_by_role("heading", level=1)).to_contain_text("Help-desk metrics")
        # The last 30 days by default, whole days in the coordinator's zone.
        from network.models import User
        from pages.metrics import midnight, today_in, viewer_zone

        zone = viewer_zone(User.objects.get(email=COORDINATOR))
        since = midnight(today_in(zone) - timedelta(days=29), zone)
        total = HelpRequest.objects.filter(created_at__gte=since).count()
        expect(coordinator.locator("dt:text-is('Requests filed') + dd")).to_have_text(str(total))
        for title in ("Open requests over time", "Requests by topic", "Requests by region"):
            chart = coordinator.get_by_role("region", name=title)
            expect(chart.get_by_role("table")).to_be_visible()
            expect(chart.locator("tbody tr svg rect").first).to_be_attached()
        by_topic = coordinator.get_by_role("region", name="Requests by topic")
        expect(by_topic.get_by_role("row", name=re.compile("Anti-government hate"))).to_be_visible()
        by_region = coordinator.get_by_role("region", name="Requests by region")
        expect(by_region.get_by_role("row", name=re.compile("Alberta"))).to_be_visible()
        load = coordinator.get_by_role("region", name="Load per expert")
        expect(load.get_by_role("row", name=re.compile(expert.get_full_name()))).to_be_visible()
        assert serious_violations(coordinator) == []  # the metrics page
    finally:
        office.close()

    # An official of another city: the request and its file are "not found".
    elsewhere = browser.new_context()
    try:
        other = elsewhere.new_page()
        sign_in(other, base, BOISE)
        answer = other.goto(f"{base}/en/help-desk/{public_id}/")
        assert answer.status == 404
        expect(other.get_by_role("heading", level=1)).to_have_text("We could not find that page")
        expect(other.get_by_text(request.reference)).to_have_count(0)
        expect(other.get_by_text(SUMMARY)).to_have_count(0)
        answer = other.goto(f"{base}/en/help-desk/{public_id}/files/{attachment.public_id}/")
        assert answer.status == 404
        other.goto(f"{base}/en/help-desk/")
        expect(other.get_by_text(request.reference)).to_have_count(0)
    finally:
        elsewhere.close()
