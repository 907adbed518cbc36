"""Office-hours journeys in Chromium: an organisation member books a slot in their own time
zone, gets the calendar invitation, moves the booking and cancels it; a second organisation
sees the slot go and come back; the booking works from the keyboard; the pages pass axe.

The demo's slots depend on today's date, so the tests read the slots off the page (the link
carries "?slot=<expert id>-<unix time>") instead of naming times.
"""

import datetime
import re
import zoneinfo
from urllib.parse import parse_qs, urlparse

import pytest
from django.core import mail
from icalendar import Calendar
from playwright.sync_api import Browser, Page, expect

from pages import dates
from tests.e2e.test_accessibility import serious_violations
from tests.e2e.test_visitor import wait_for_mail

pytestmark = pytest.mark.browser

UTC = datetime.UTC
BOISE = zoneinfo.ZoneInfo("America/Boise")
TORONTO = zoneinfo.ZoneInfo("America/Toronto")
PROGRAMME = "/en/webinars/office-hours/"
PASSWORD = "hub-demo-2026"
BOOKER = "official.boise@hub.example"
EDMONTON = "official.edmonton@hub.example"
# Slots start at least 24 hours ahead (the demo's notice) and changes close 24 hours before
# a session: a slot well past both keeps the journey clear of the cut-off while it runs.
MARGIN = datetime.timedelta(hours=26)


def sign_in(page: Page, base: str, email: str) -> None:
    """Through the real login form."""
    page.goto(f"{base}/en/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/en/my/")


def parse_slot(href: str) -> tuple[str, int, datetime.datetime]:
    """The slot a link or radio value names: its key, expert id and start (UTC)."""
    key = parse_qs(urlparse(href).query)["slot"][0] if "?" in href else href
    match = re.fullmatch(r"(\d+)-(\d{9,12})", key)
    assert match, f"not a slot key: {key!r}"
    return key, int(match[1]), datetime.datetime.fromtimestamp(int(match[2]), tz=UTC)


def shown_keys(page: Page) -> list[str]:
    return [
        parse_slot(href)[0]
        for href in page.locator("a.slot").evaluate_all(
            "(links) => links.map((a) => a.getAttribute('href'))"
        )
    ]


def next_week(page: Page, within=None) -> None:
    """Follow "Next week" and wait for that week's page."""
    link = (within or page).get_by_role("link", name="Next week")
    week = re.search(r"week=([\d-]+)", link.get_attribute("href"))[1]
    link.click()
    page.wait_for_url(re.compile(rf"week={week}"))


def slot_link(page: Page, key: str):
    return page.locator(f'a.slot[href*="slot={key}"]')


def first_slot_link(page: Page, expert_name: str, *, weeks: int = 4):
    """The first slot link of this expert at least MARGIN ahead, this week or a later one
    (following "Next week"), with its key and start."""
    earliest = datetime.datetime.now(UTC) + MARGIN
    for _week in range(weeks):
        for link in page.locator("a.slot").filter(has_text=expert_name).all():
            key, _expert, starts = parse_slot(link.get_attribute("href"))
            if starts >= earliest:
                return link, key, starts
        next_week(page)
    raise AssertionError(f"no open slot for {expert_name} in {weeks} weeks")


def label_of(locator) -> str:
    """The focused control's label (without the required mark) or its text."""
    text = locator.evaluate("(el) => (el.labels && el.labels[0] || el).textContent")
    return text.replace("*", "").strip()


def filter_by_expert(page: Page, name: str) -> None:
    form = page.get_by_role("form", name="Filter the slots")
    form.get_by_label("Expert").select_option(label=name)
    form.get_by_role("button", name="Show slots").click()
    expect(form.get_by_label("Expert")).to_have_value(re.compile(r"^\d+$"))


def shown_time(when: datetime.datetime) -> str:
    """How the English pages write a time of day in its zone ("9:40 a.m.", "9:00 a.m.")."""
    return dates.format_time(when, when.tzinfo, language="en")


def ics_event(message):
    """The calendar and its single event, from an email's text/calendar alternative (the
    same file is attached for people who import it by hand)."""
    ((filename, _file, mimetype),) = message.attachments
    assert filename.endswith(".ics") and mimetype == "application/ics"
    ((content, _type),) = [a for a in message.alternatives if a[1].startswith("text/calendar")]
    calendar = Calendar.from_ical(content)
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def sent_to(messages, email: str):
    found = [m for m in messages if m.to == [email]]
    assert len(found) == 1, [(m.to, m.subject) for m in messages]
    return found[0]


def test_a_member_books_in_their_zone_gets_the_invitation_moves_and_cancels(
    page: Page, live_server, demo_site
):
    from network.models import Organisation
    from webinars.office_hours.models import Availability, Booking

    amara = Availability.objects.select_related("expert__user").get(
        expert__user__email="expert.amara@hub.example"
    )
    meeting_url = amara.meeting_url
    mail.outbox.clear()
    sign_in(page, live_server.url, BOOKER)

    # The programme page, in the booker's zone (Mountain time), the expert's time beside it.
    page.goto(f"{live_server.url}{PROGRAMME}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Office hours with our experts")
    expect(page.get_by_text("Times in Mountain Time (Boise)")).to_be_visible()
    assert serious_violations(page) == []  # the programme page, signed in
    form = page.get_by_role("form", name="Filter the slots")
    expect(form.get_by_label("Show times in")).to_have_value("America/Boise")  # the profile's
    first = page.locator("a.slot time").first
    first_at = datetime.datetime.fromisoformat(first.get_attribute("datetime"))
    assert first_at.utcoffset() == first_at.astimezone(BOISE).utcoffset()
    first_text = shown_time(first_at.astimezone(BOISE))
    expect(first).to_have_text(re.compile(rf"^{re.escape(first_text)} –"))
    form.get_by_label("Topic").select_option(label="Anti-government hate and harassment")
    form.get_by_role("button", name="Show slots").click()
    expect(form.get_by_label("Topic")).to_have_value("harassment")
    names = page.locator("a.slot").evaluate_all("(links) => links.map((a) => a.textContent)")
    assert names and all("Amara Okafor" in name for name in names), names  # only her topic
    filter_by_expert(page, "Amara Okafor")
    link, key, starts = first_slot_link(page, "Amara Okafor")
    assert parse_slot(key)[1] == amara.expert_id
    mountain, eastern = starts.astimezone(BOISE), starts.astimezone(TORONTO)
    shown = link.locator("time")
    shown_at = datetime.datetime.fromisoformat(shown.get_attribute("datetime"))
    assert shown_at == starts and shown_at.utcoffset() == mountain.utcoffset()
    expect(shown).to_have_text(re.compile(rf"^{re.escape(shown_time(mountain))} –"))

    # The booking form.
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Book office hours")
    expect(page.locator("dl.facts time")).to_have_attribute("datetime", mountain.isoformat())
    expect(
        page.get_by_text(f"For the expert: {shown_time(eastern)}, Eastern Time (Toronto).")
    ).to_be_visible()
    assert serious_violations(page) == []  # the booking form
    page.get_by_label("Booking for").select_option(label="Boise")
    page.get_by_label("Topic").select_option(label="Anti-government hate and harassment")
    page.get_by_label("Your questions").fill(
        "Our mayor receives threats after each council meeting. What should we put in place?"
    )
    page.get_by_label("Preferred language for the call").select_option(label="English")
    page.get_by_role("button", name="Book this slot").click()

    # The confirmation: the booking's page.
    expect(page.get_by_text("Booked. We have emailed you the details")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Office hours with Amara Okafor")
    expect(page.locator("dl.facts time")).to_have_attribute("datetime", mountain.isoformat())
    expect(page.get_by_role("link", name=meeting_url)).to_be_visible()
    assert serious_violations(page) == []  # the booking page, with its change forms
    booking = Booking.objects.get(public_id=page.url.rstrip("/").rsplit("/", 1)[1])
    assert (booking.organisation.name, booking.starts_at, booking.status) == (
        "Boise",
        starts,
        "confirmed",
    )

    wait_for_mail(2)
    booked = list(mail.outbox)
    to_booker, to_expert = sent_to(booked, BOOKER), sent_to(booked, "expert.amara@hub.example")
    uid = None
    for message in (to_booker, to_expert):
        calendar, event = ics_event(message)
        assert str(calendar["method"]) == "REQUEST"
        assert event["dtstart"].to_ical() == starts.strftime("%Y%m%dT%H%M%SZ").encode()
        assert meeting_url in str(event["location"]) and meeting_url in str(event["description"])
        assert int(event["sequence"]) == 0
        uid = uid or str(event["uid"])
        assert str(event["uid"]) == uid
    assert meeting_url in to_booker.body
    # In the booker's zone, named: "Tuesday, December 8, 2026, 8:00 – 8:30 a.m. Mountain Time (Boise)"
    assert dates.format_range(starts, booking.ends_at, BOISE, language="en") in to_booker.body
    everything = to_booker.subject + to_booker.body + to_booker.alternatives[1][0]
    others = Organisation.objects.exclude(name="Boise").values_list("name", flat=True)
    named = [name for name in others if re.search(rf"\b{re.escape(name)}\b", everything)]
    assert named == [], named
    assert "Boise" in everything

    # Move it: another time from "Move to another time".
    moving = page.get_by_role("region", name="Move to another time")
    earliest = datetime.datetime.now(UTC) + MARGIN
    new_key = new_start = None
    for _week in range(4):
        for radio in moving.get_by_role("radio").all():
            candidate, _expert, when = parse_slot(radio.get_attribute("value"))
            if when >= earliest and candidate != key:
                radio.check()
                new_key, new_start = candidate, when
                break
        if new_key:
            break
        next_week(page, within=moving)
    assert new_key, "no other time to move to in four weeks"
    moving.get_by_role("button", name="Move my booking").click()
    expect(page.get_by_text("Your booking has moved.")).to_be_visible()
    expect(page.locator("dl.facts time")).to_have_attribute(
        "datetime", new_start.astimezone(BOISE).isoformat()
    )
    wait_for_mail(4)
    moved = mail.outbox[2:]
    for message in (sent_to(moved, BOOKER), sent_to(moved, "expert.amara@hub.example")):
        calendar, event = ics_event(message)
        assert str(calendar["method"]) == "REQUEST"
        assert (str(event["uid"]), int(event["sequence"])) == (uid, 1)
        assert event["dtstart"].to_ical() == new_start.strftime("%Y%m%dT%H%M%SZ").encode()
        assert meeting_url in str(event["location"])

    # Cancel it: the calendars are told to remove the event.
    cancelling = page.get_by_role("region", name="Cancel", exact=True)
    cancelling.get_by_role("link", name="Cancel this booking").click()  # a page that asks first
    page.get_by_label("Reason (optional)").fill("Our council meeting moved.")
    page.get_by_role("button", name="Cancel booking").click()
    expect(page.get_by_text("Your booking is cancelled.")).to_be_visible()
    expect(page.get_by_role("region", name="Move to another time")).to_have_count(0)
    wait_for_mail(6)
    cancelled = mail.outbox[4:]
    for message in (sent_to(cancelled, BOOKER), sent_to(cancelled, "expert.amara@hub.example")):
        calendar, event = ics_event(message)
        assert str(calendar["method"]) == "CANCEL"
        assert (str(event["uid"]), int(event["sequence"])) == (uid, 2)
        assert str(event["status"]) == "CANCELLED"
        assert meeting_url not in message.body
    booking.refresh_from_db()
    assert (booking.status, booking.cancelled_by) == ("cancelled", "organisation")

    page.goto(f"{live_server.url}/en/office-hours/my/")
    expect(page.get_by_role("region", name="Cancelled", exact=True)).to_contain_text("Amara Okafor")
    assert serious_violations(page) == []  # "my organisation's office hours"


def test_a_slot_another_organisation_books_goes_and_comes_back_when_cancelled(
    page: Page, browser: Browser, live_server, demo_site
):
    from webinars.office_hours.models import Booking

    base = live_server.url
    assert Booking.objects.upcoming().filter(organisation__name="Edmonton").count() == 1
    edmonton = browser.new_context()
    try:
        other = edmonton.new_page()
        sign_in(other, base, EDMONTON)
        other.goto(f"{base}{PROGRAMME}")
        expect(other.get_by_text("Times in Mountain Time (Edmonton)")).to_be_visible()
        filter_by_expert(other, "Dana Whitfield")
        link, key, starts = first_slot_link(other, "Dana Whitfield")
        # this week (or the later one the slot is in), Dana only; without "#slots", so that
        # going back to it loads it again
        listing = other.url.split("#")[0]
        link.click()  # Edmonton opens the form and takes its time
        expect(other.get_by_role("button", name="Book this slot")).to_be_visible()

        # Boise books that very slot first.
        sign_in(page, base, BOOKER)
        page.goto(listing)
        slot_link(page, key).click()
        page.get_by_label("Your questions").fill("How do we start a prevention table?")
        page.get_by_role("button", name="Book this slot").click()
        expect(page.get_by_text("Booked. We have emailed you the details")).to_be_visible()
        boise_booking = page.url

        # Edmonton's form answers that the slot has just gone, with the nearest others.
        other.get_by_label("Your questions").fill("Can we talk about our council's protocol?")
        with other.expect_response(lambda r: r.request.method == "POST") as answer:
            other.get_by_role("button", name="Book this slot").click()
        assert answer.value.status == 409  # Conflict: the form was for a slot now gone
        expect(other.get_by_text("Sorry, this slot was just taken.")).to_be_visible()
        alternatives = other.get_by_role("region", name="The nearest open slots")
        expect(alternatives.locator("a.slot").first).to_be_visible()
        assert key not in shown_keys(other)
        assert serious_violations(other) == []  # the "just taken" page
        other.goto(listing)
        expect(other.get_by_role("heading", name="Open slots")).to_be_visible()
        assert key not in shown_keys(other)
        assert Booking.objects.upcoming().filter(organisation__name="Edmonton").count() == 1

        # Boise cancels: the slot is open again, and Edmonton books it.
        page.goto(boise_booking)
        page.get_by_role("link", name="Cancel this booking").click()
        page.get_by_role("button", name="Cancel booking").click()
        expect(page.get_by_text("Your booking is cancelled.")).to_be_visible()
        other.goto(listing)
        assert key in shown_keys(other)
        slot_link(other, key).click()
        other.get_by_label("Booking for").select_option(label="Edmonton")
        other.get_by_label("Your questions").fill("Can we talk about our council's protocol?")
        other.get_by_role("button", name="Book this slot").click()
        expect(other.get_by_text("Booked. We have emailed you the details")).to_be_visible()
        expect(other.locator("dl.facts dt:text-is('Organisation') + dd")).to_have_text("Edmonton")

        # That was Edmonton's second upcoming session, the most one organisation may hold.
        other.goto(listing)
        first_slot_link(other, "Dana Whitfield")[0].click()
        other.get_by_label("Your questions").fill("One more question.")
        other.get_by_role("button", name="Book this slot").click()
        expect(other.get_by_text("Edmonton already has 2 upcoming office hours")).to_be_visible()
        upcoming = Booking.objects.upcoming().filter(organisation__name="Edmonton")
        assert upcoming.count() == 2
        assert upcoming.get(expert__user__email="expert.dana@hub.example").starts_at == starts
    finally:
        edmonton.close()


def test_a_slot_can_be_booked_with_the_keyboard_alone(page: Page, live_server, demo_site):
    sign_in(page, live_server.url, BOOKER)
    page.goto(f"{live_server.url}{PROGRAMME}")
    focused = page.locator(":focus")
    earliest = datetime.datetime.now(UTC) + MARGIN

    # Tab from the top of the page: the filters are labelled, then the slots are reached.
    controls = []
    for _press in range(150):
        page.keyboard.press("Tab")
        kind = focused.evaluate("(el) => el.matches('a.slot') ? 'slot' : el.tagName")
        if kind in ("SELECT", "BUTTON", "INPUT"):
            expect(focused).to_have_accessible_name(re.compile(r"\w"))
            controls.append(label_of(focused))
        if kind == "slot" and parse_slot(focused.get_attribute("href"))[2] >= earliest:
            break
    else:
        raise AssertionError("Tab never reached a slot")
    assert controls[-5:] == ["Topic", "Language", "Expert", "Show times in", "Show slots"]
    key, _expert, starts = parse_slot(focused.get_attribute("href"))
    when = shown_time(starts.astimezone(BOISE))
    expect(focused).to_have_accessible_name(re.compile(rf"^{re.escape(when)} – .+ · \w"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/book/\?slot="))
    assert parse_slot(page.url)[0] == key
    expect(page.get_by_role("button", name="Book this slot")).to_be_visible()

    # The form, field by field: each labelled, filled from the keyboard, sent with Enter.
    for _press in range(60):
        page.keyboard.press("Tab")
        if focused.evaluate("(el) => Boolean(el.form?.action.includes('/book/'))"):
            break
    reached = []
    for _field in range(6):
        expect(focused).to_have_accessible_name(re.compile(r"\w"))
        label = label_of(focused)
        reached.append(label)
        if label == "Topic":
            before = focused.input_value()
            page.keyboard.press("ArrowDown")
            assert focused.input_value() != before
        elif label == "Your questions":
            page.keyboard.type("Where do we start with a safety plan for council members?")
        elif label == "Book this slot":
            break
        page.keyboard.press("Tab")
    assert reached == [
        "Booking for",
        "Topic",
        "Your questions",
        "Preferred language for the call",
        "Book this slot",
    ]
    page.keyboard.press("Enter")
    expect(page.get_by_text("Booked. We have emailed you the details")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^Office hours with "))
    booking = page.locator("dl.facts")
    expect(booking).to_contain_text("Boise")
    local = starts.astimezone(BOISE)  # "Monday, December 7, 2026, 9:40 – 10:10 a.m. …"
    day = dates.format_date(local, weekday=True, language="en")
    expect(booking).to_contain_text(f"{day}, {when.split()[0]}")
