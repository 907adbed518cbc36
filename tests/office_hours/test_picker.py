"""Office hours as a person meets them: the week grid of open slots (a column a day, in the
viewer's zone, named in words), experts as person cards with a photo or their initials, and
"My organisation's office hours" with a way to book when there is nothing yet."""

import datetime
import re
import zoneinfo

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from pages import dates
from tests.network.factories import ExpertProfileFactory
from webinars.office_hours import services
from webinars.office_hours.models import (
    Availability,
    OfficeHoursExpert,
    OfficeHoursPage,
    WeeklyWindow,
)
from webinars.office_hours.picker import monday
from webinars.office_hours.slots import open_slots

from .test_office_hours import PAGE, book_path, member

pytestmark = pytest.mark.django_db

VANCOUVER = zoneinfo.ZoneInfo("America/Vancouver")
BOOKINGS = "/en/office-hours/my/"


@pytest.fixture
def programme():
    return OfficeHoursPage.objects.get(locale__language_code="en", slug="office-hours")


def late_expert(programme, name="Sam Late", **extra):
    """An expert in Vancouver open on Mondays only, 22:00-23:00: late enough that the slot
    falls on Tuesday in St. John's, and on Tuesday or Monday in Regina with the seasons."""
    expert = ExpertProfileFactory(
        user__full_name=name, time_zone="America/Vancouver", languages=["en"], **extra
    )
    availability = Availability.objects.create(
        expert=expert,
        slot_minutes=60,
        buffer_minutes=0,
        min_notice_hours=1,
        horizon_days=60,
        meeting_url="https://meet.example.org/sam",
    )
    WeeklyWindow.objects.create(
        availability=availability, weekday=0, starts=datetime.time(22), ends=datetime.time(23)
    )
    OfficeHoursExpert.objects.create(page=programme, expert=expert)
    return expert


def soup_of(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def a_later_week(zone) -> datetime.date:
    """The Monday, in the viewer's zone, of a week that lies wholly ahead."""
    return monday(timezone.localtime(timezone.now(), zone).date()) + datetime.timedelta(days=14)


@pytest.mark.parametrize("zone_key", ["America/St_Johns", "America/Regina"])
def test_the_week_has_a_column_a_day_with_each_slot_under_its_day_in_the_viewers_zone(
    client, programme, zone_key
):
    expert = late_expert(programme)
    zone = zoneinfo.ZoneInfo(zone_key)
    week = a_later_week(zone)
    page = soup_of(client.get(PAGE, {"expert": expert.pk, "zone": zone_key, "week": week}))

    days = page.select("#slots ol.week-grid > li.week-grid__day")
    assert len(days) == 7
    shown = [day.select_one(".week-grid__heading time")["datetime"] for day in days]
    assert shown == [(week + datetime.timedelta(days=n)).isoformat() for n in range(7)]
    assert days[0].select_one(".week-grid__heading").get_text(strip=True) == (
        dates.format_day_heading(week, language="en")
    )
    # Monday 22:00 in Vancouver, that week: the column of the day it is for the viewer.
    in_vancouver = datetime.datetime.combine(week, datetime.time(22), tzinfo=VANCOUVER)
    expected = in_vancouver.astimezone(zone)
    column = (expected.date() - week).days
    for n, day in enumerate(days):
        links = day.select("a.slot")
        if n != column:
            assert links == [] and day.get_text(" ", strip=True).endswith("No open slots")
            continue
        (link,) = links
        starts = datetime.datetime.fromisoformat(link.time["datetime"])
        assert starts == in_vancouver and starts.utcoffset() == expected.utcoffset()
        assert (
            link.select_one(".slot__time")
            .get_text(" ", strip=True)
            .startswith(dates.format_time(expected, zone, language="en"))
        )
        assert link.select_one(".slot__expert").get_text(strip=True) == "Sam Late"
    zone_label = dates.zone_label(zone_key, language="en")
    assert page.select_one(".week-bar__zone").get_text(strip=True) == f"Times in {zone_label}"


def test_a_week_with_nothing_open_says_so_and_the_grid_says_so_per_day(
    client, programme, django_capture_on_commit_callbacks
):
    expert = late_expert(programme)
    week = a_later_week(zoneinfo.ZoneInfo("America/Toronto"))
    page = soup_of(client.get(PAGE, {"expert": expert.pk, "week": week}))
    empty = [d for d in page.select("li.week-grid__day") if not d.select("a.slot")]
    assert len(empty) == 6
    assert all(
        d.select_one(".week-grid__none").get_text(strip=True) == "No open slots" for d in empty
    )
    assert all("week-grid__day--empty" in d["class"] for d in empty)

    with django_capture_on_commit_callbacks(execute=True):  # a new picker version, as live
        expert.availability.windows.all().delete()
    page = soup_of(client.get(PAGE, {"expert": expert.pk, "week": week}))
    assert page.select("ol.week-grid") == []
    assert "No open slot this week for these filters." in page.select_one(".empty").get_text()


def test_without_a_week_asked_for_the_picker_opens_on_the_first_week_with_a_slot(client, programme):
    expert = late_expert(programme)
    page = soup_of(client.get(PAGE, {"expert": expert.pk}))
    (link,) = page.select("a.slot")[:1]
    starts = datetime.datetime.fromisoformat(link.time["datetime"])
    first = open_slots(type(expert).objects.filter(pk=expert.pk))[0]
    assert starts == first.starts_at


def test_no_raw_zone_key_is_shown_anywhere_on_the_office_hours_pages(client, programme):
    expert = late_expert(programme)
    week = a_later_week(zoneinfo.ZoneInfo("America/Regina"))
    pages = [client.get(PAGE, {"zone": "America/Regina", "week": week}), client.get(PAGE)]
    booker = member(time_zone="America/St_Johns")
    client.force_login(booker)
    slot = open_slots(type(expert).objects.filter(pk=expert.pk))[0]
    pages.append(client.get(book_path(programme), {"slot": slot.key}))
    booking, _created = services.book(
        programme=programme,
        expert_id=expert.pk,
        starts_at=slot.starts_at,
        organisation=booker.memberships.get().organisation,
        user=booker,
        topic=None,
        questions="Where do we start?",
        language="en",
    )
    pages += [client.get(BOOKINGS), client.get(f"{BOOKINGS}{booking.public_id}/")]
    for response in pages:
        text = soup_of(response).get_text(" ")
        assert not re.search(r"\b(America|Canada|US|Pacific)/\w+", text), re.findall(
            r"\S*/\S*", text
        )
    assert "Newfoundland Time (St. John’s)" in soup_of(pages[-1]).get_text()
    assert "Pacific Time (Vancouver)" in soup_of(pages[-1]).get_text()  # the expert's


def test_experts_are_person_cards_with_initials_or_a_photo(client, programme):
    late_expert(programme, name="Sam Late")
    photo = get_image_model().objects.create(title="Portrait", file=get_test_image_file())
    late_expert(programme, name="Pia Framed", photo=photo)
    page = soup_of(client.get(PAGE))
    cards = {
        card.select_one(".person__name").get_text(strip=True): card
        for card in page.select("#experts-heading ~ ul .card")
    }
    initials = cards["Sam Late"].select_one(".avatar--initials")
    assert initials.get_text(strip=True) == "SL" and initials["aria-hidden"] == "true"
    assert cards["Sam Late"].select_one("img") is None
    portrait = cards["Pia Framed"].select_one("img.avatar")
    assert portrait["alt"] == ""  # the name is written beside it
    assert "fill-128x128" in portrait["src"] or portrait["width"] == "128"
    assert cards["Pia Framed"].select_one(".avatar--initials") is None
    facts = cards["Pia Framed"].select_one(".person__facts").get_text(" ", strip=True)
    assert "Pacific Time (Vancouver)" in facts and "English" in facts


def test_photos_cost_no_query_per_expert(client, programme, settings):
    settings.HUB_FRAGMENT_CACHE_SECONDS = 0  # the picker built each time, to be counted

    def with_photos(count):
        for n in range(count):
            photo = get_image_model().objects.create(title=f"P{n}", file=get_test_image_file())
            late_expert(programme, name=f"Expert {count}-{n}", photo=photo)
        client.get(PAGE)  # renditions made once, as after the first visit
        with CaptureQueriesContext(connection) as queries:
            soup_of(client.get(PAGE))
        return len(queries)

    assert with_photos(1) == with_photos(3)


def test_an_empty_my_bookings_page_says_what_office_hours_are_and_leads_to_booking(
    client, programme
):
    client.force_login(member())
    page = soup_of(client.get(BOOKINGS))
    empty = page.select_one(".empty")
    assert "one-to-one video calls" in empty.get_text()
    button = empty.select_one("a.button")
    assert button.get_text(strip=True) == "Book office hours"
    assert button["href"] == f"{PAGE}#slots"
    assert client.get(button["href"].split("#")[0]).status_code == 200


def test_bookings_are_cards_and_the_booking_page_reschedules_in_the_same_grid(client, programme):
    expert = late_expert(programme)
    booker = member()
    first, later = open_slots(type(expert).objects.filter(pk=expert.pk))[:2]
    booking, _created = services.book(
        programme=programme,
        expert_id=expert.pk,
        starts_at=first.starts_at,
        organisation=booker.memberships.get().organisation,
        user=booker,
        topic=None,
        questions="Where do we start?",
        language="en",
    )
    client.force_login(booker)
    listing = soup_of(client.get(BOOKINGS))
    (card,) = listing.select(".booking-card")
    assert card.select_one(".badge--success").get_text(strip=True) == "Confirmed"
    assert card.select_one(".person__name").get_text(strip=True) == "Sam Late"
    assert card.select_one("a")["href"] == f"{BOOKINGS}{booking.public_id}/"
    assert listing.select(".empty") == []

    detail = soup_of(client.get(f"{BOOKINGS}{booking.public_id}/"))
    facts = dict(
        zip(
            (dt.get_text(strip=True) for dt in detail.select("dl.facts dt")),
            (dd.get_text(" ", strip=True) for dd in detail.select("dl.facts dd")),
            strict=True,
        )
    )
    assert facts["Organisation"] == booker.memberships.get().organisation.name
    assert facts["When"].startswith(
        dates.format_range(first.starts_at, first.ends_at, "America/Boise", language="en")
    )
    week = soup_of(client.get(f"{BOOKINGS}{booking.public_id}/", {"week": later.starts_at.date()}))
    grid = week.select_one("#reschedule ol.week-grid")
    assert len(grid.select("li.week-grid__day")) == 7
    radios = [radio["value"] for radio in grid.select('input[type="radio"][name="slot"]')]
    assert radios == [later.key]  # the expert's other slot, not the booking's own
    # Cancelling starts with a red link to the page that asks to confirm.
    cancel = detail.select_one("#cancel a.button")
    assert "button--danger" in cancel["class"]
    assert cancel["href"] == reverse("office_hours:booking-cancel", args=[booking.public_id])
