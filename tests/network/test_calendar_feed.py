"""My calendar (network.calendar_feed, webinars.calendar_feed, academy.calendar_feed): the
private feed of a person's webinar places, office-hours bookings (both sides) and module
openings, read by two independent parsers; its address made, replaced and switched off from
the profile; what it never shows; its cost in queries."""

import datetime

import icalendar
import pytest
import vobject
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from academy.models import Enrolment, ModulePage
from helpdesk.models import HelpRequest
from network import calendar_feed
from network.models import CalendarFeed, ExpertProfile, Organisation, User
from tests.network.factories import MembershipFactory, UserFactory
from webinars.calendars import uid as session_uid
from webinars.models import Registration, WebinarPage
from webinars.office_hours.models import Booking, OfficeHoursPage

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def person(email: str) -> User:
    return User.objects.get(email=email)


def feed_url(user) -> str:
    return reverse("network:calendar-feed", args=[calendar_feed.feed_for(user).token])


def read(client, user) -> str:
    response = client.get(feed_url(user))
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def events(text: str) -> dict:
    """{UID: VEVENT} by icalendar, after checking vobject reads the same events."""
    parsed = icalendar.Calendar.from_ical(text)
    found = {str(event["uid"]): event for event in parsed.walk("VEVENT")}
    other = vobject.readOne(text)
    assert {event.uid.value for event in getattr(other, "vevent_list", [])} == set(found)
    return found


def start(event) -> datetime.datetime:
    return event.decoded("dtstart")


def booking_of(organisation: str) -> Booking:
    return Booking.objects.filter(organisation__name=organisation).exclude(status="held").get()


def sessions_in_window(count: int) -> list[WebinarPage]:
    """Sessions a feed lists: upcoming, or past by less than its 90 days."""
    sessions = list(
        WebinarPage.objects.live()
        .filter(locale__language_code="en", ends_at__gt=calendar_feed.window_start())
        .order_by("-starts_at")[:count]
    )
    assert len(sessions) == count, "the demo has fewer sessions than the test needs"
    return sessions


# --- What a feed holds ---


def test_the_calendar_names_itself_and_the_persons_zone(client, demo):
    boise = person("official.boise@hub.example")
    parsed = icalendar.Calendar.from_ical(read(client, boise))
    assert str(parsed["version"]) == "2.0"
    assert str(parsed["method"]) == "PUBLISH"
    assert str(parsed["calscale"]) == "GREGORIAN"
    assert str(parsed["prodid"]).startswith("-//North America Hub//")
    assert str(parsed["x-wr-calname"]) == "North America Hub"
    assert str(parsed["x-wr-timezone"]) == boise.time_zone == "America/Boise"
    assert parsed["refresh-interval"].to_ical() == b"PT1H"
    assert str(parsed["x-published-ttl"]) == "PT1H"


def test_a_webinar_place_is_the_same_event_as_its_invitation(client, demo):
    boise = person("official.boise@hub.example")
    registration = Registration.objects.get(user=boise)
    session = registration.session
    found = events(read(client, boise))
    event = found[session_uid(session)]  # the UID the emailed invitation has
    assert start(event) == session.starts_at and start(event).utcoffset() == datetime.timedelta(0)
    assert event.decoded("dtend") == session.ends_at
    assert "Z" in event["dtstart"].to_ical().decode()  # sent as UTC
    assert str(event["summary"]) == session.title
    assert str(event["status"]) == "CONFIRMED"
    assert str(event["location"]) == session.join_url  # a confirmed place: the join link
    assert int(event["sequence"]) == session.sequence + registration.calendar_sequence
    assert "dtstamp" in event


def test_a_waitlisted_place_is_tentative_without_the_join_link(client, demo):
    boise = person("official.boise@hub.example")
    registration = Registration.objects.get(user=boise)
    registration.status = Registration.Status.WAITLISTED
    registration.save()
    event = events(read(client, boise))[session_uid(registration.session)]
    assert str(event["status"]) == "TENTATIVE"
    assert "location" not in event
    assert registration.session.join_url not in str(event.get("description", ""))
    assert str(event["summary"]) == f"{registration.session.title} (On the waitlist)"


def test_a_cancelled_place_stays_listed_as_cancelled_under_its_uid(client, demo):
    boise = person("official.boise@hub.example")
    registration = Registration.objects.get(user=boise)
    registration.status = Registration.Status.CANCELLED
    registration.calendar_sequence = 1
    registration.save()
    event = events(read(client, boise))[session_uid(registration.session)]
    assert str(event["status"]) == "CANCELLED"
    assert int(event["sequence"]) == registration.session.sequence + 1
    assert "location" not in event


def test_a_booking_on_the_bookers_side(client, demo):
    edmonton = person("official.edmonton@hub.example")
    booking = booking_of("Edmonton")
    event = events(read(client, edmonton))[f"office-hours-{booking.public_id}@hub"]
    assert (start(event), event.decoded("dtend")) == (booking.starts_at, booking.ends_at)
    assert str(event["status"]) == "CONFIRMED"
    assert str(event["location"]) == booking.meeting_url
    assert booking.expert.user.full_name in str(event["summary"])
    assert "Edmonton" in str(event["summary"])
    assert str(event["url"]).endswith(f"/en/office-hours/my/{booking.public_id}/")
    assert int(event["sequence"]) == booking.sequence


def test_a_booking_on_an_organisation_members_side_has_no_meeting_link(client, demo):
    booking = booking_of("Edmonton")
    colleague = MembershipFactory(organisation=booking.organisation).user
    event = events(read(client, colleague))[f"office-hours-{booking.public_id}@hub"]
    assert str(event["status"]) == "CONFIRMED"
    assert "location" not in event  # the invitation goes to who booked and the expert only
    assert booking.meeting_url not in str(event.get("description", ""))


def test_a_booking_on_the_experts_side(client, demo):
    booking = booking_of("Edmonton")
    expert = booking.expert.user
    event = events(read(client, expert))[f"office-hours-{booking.public_id}@hub"]
    assert str(event["location"]) == booking.meeting_url
    assert str(event["url"]).endswith(f"/admin/office-hours/{booking.pk}/")


def test_a_cancelled_booking_is_cancelled_for_both_sides(client, demo):
    booking = Booking.objects.get(status="cancelled")
    uid = f"office-hours-{booking.public_id}@hub"
    for side in (booking.booked_by, booking.expert.user):
        event = events(read(client, side))[uid]
        assert str(event["status"]) == "CANCELLED"
        assert int(event["sequence"]) == booking.sequence
        assert "location" not in event


def test_module_openings_of_the_persons_cohort(client, demo):
    boise = person("official.boise@hub.example")
    enrolment = Enrolment.objects.get(user=boise, status="enrolled")
    cohort = enrolment.cohort
    found = events(read(client, boise))
    since = timezone.now() - calendar_feed.WINDOW
    expected = {
        f"academy-module-{cohort.pk}-{module.translation_key}@hub": (
            module,
            cohort.release_at(module.release_offset_days),
        )
        for module in cohort.course.modules()
        if cohort.release_at(module.release_offset_days) >= since
    }
    assert expected and set(expected) <= set(found)
    for uid, (module, opens) in expected.items():
        event = found[uid]
        assert start(event) == opens  # the moment the course outline and the email use
        assert str(event["summary"]) == f"Module opens: {module.title}"
        assert str(event["transp"]) == "TRANSPARENT"
    modules = {uid for uid in found if uid.startswith("academy-module-")}
    assert modules == set(expected)


def test_another_persons_and_organisations_items_stay_out(client, demo):
    boise = person("official.boise@hub.example")
    brampton = person("official.brampton@hub.example")
    edmonton_booking = booking_of("Edmonton")
    community_booking = booking_of("Boise Neighbours Together")
    boise_session = Registration.objects.get(user=boise).session
    # Brampton's official is registered for the same session as Boise's, under their own row.
    brampton_found = events(read(client, brampton))
    boise_found = events(read(client, boise))
    for found in (brampton_found, boise_found):
        assert f"office-hours-{edmonton_booking.public_id}@hub" not in found
        assert f"office-hours-{community_booking.public_id}@hub" not in found
    # A Boise official is not in the community organisation that shares the city's name.
    assert not [uid for uid in boise_found if uid.startswith("office-hours-")]
    # Brampton is enrolled in no cohort (applied to Winter): no module openings.
    assert not [uid for uid in brampton_found if uid.startswith("academy-module-")]
    # Someone with nothing gets an empty calendar, not someone else's.
    assert events(read(client, UserFactory())) == {}
    assert session_uid(boise_session) not in events(read(client, UserFactory()))


def test_a_coordinator_sees_only_their_own_commitments(client, demo):
    """Coordinators may see every booking and registration, but their calendar is theirs."""
    coordinator = person("coordinator@hub.example")
    assert events(read(client, coordinator)) == {}


def test_no_help_desk_content_ever(client, demo):
    edmonton = person("official.edmonton@hub.example")
    text = read(client, edmonton)
    for request in HelpRequest.objects.filter(organisation__name="Edmonton"):
        assert request.summary not in text
        assert request.reference not in text


def test_a_french_reader_gets_french_titles_and_the_sites_french_name(client, demo):
    boise = person("official.boise@hub.example")
    boise.language = "fr"
    boise.save()
    text = read(client, boise)
    parsed = icalendar.Calendar.from_ical(text)
    assert str(parsed["x-wr-calname"]) == "Pôle Amérique du Nord"
    found = events(text)
    session = Registration.objects.get(user=boise).session
    french = WebinarPage.objects.live().get(
        translation_key=session.translation_key, locale__language_code="fr"
    )
    assert str(found[session_uid(session)]["summary"]) == french.title != session.title
    cohort = Enrolment.objects.get(user=boise, status="enrolled").cohort
    module = cohort.course.modules().last()
    module_fr = ModulePage.objects.live().get(
        translation_key=module.translation_key, locale__language_code="fr"
    )
    event = found[f"academy-module-{cohort.pk}-{module.translation_key}@hub"]
    assert str(event["summary"]) == f"Ouverture du module : {module_fr.title}"
    assert "/fr/" in str(event["url"])


def test_times_are_the_objects_whatever_the_persons_zone(client, demo):
    """St. John's (-3:30) and Regina (no DST): the feed sends UTC, equal to the rows."""
    edmonton = person("official.edmonton@hub.example")
    booking = booking_of("Edmonton")
    uid = f"office-hours-{booking.public_id}@hub"
    for zone in ("America/St_Johns", "America/Regina"):
        edmonton.time_zone = zone
        edmonton.save()
        text = read(client, edmonton)
        assert f"X-WR-TIMEZONE:{zone}" in text
        event = events(text)[uid]
        assert start(event) == booking.starts_at
        assert start(event).tzinfo is not None and start(event).utcoffset() == datetime.timedelta()


# --- The address ---


def test_the_feed_is_a_private_text_calendar_never_kept_by_the_page_cache(client, demo, settings):
    settings.HUB_PAGE_CACHE_SECONDS = 300
    boise = person("official.boise@hub.example")
    url = feed_url(boise)
    first = client.get(url)
    assert first["Content-Type"] == "text/calendar; charset=utf-8"
    cache_control = first["Cache-Control"]
    assert "private" in cache_control and "max-age=300" in cache_control
    assert "X-Hub-Cache" not in first
    calendar_feed.replace(user=boise)
    again = client.get(url)  # anonymous, same address: must not come from any cache
    assert again.status_code == 404
    assert "X-Hub-Cache" not in again


def test_a_bad_address_is_404(client, demo):
    assert client.get(reverse("network:calendar-feed", args=["not-a-token"])).status_code == 404


def test_replacing_the_address_stops_the_old_one_at_once(client, demo):
    boise = person("official.boise@hub.example")
    old = feed_url(boise)
    assert client.get(old).status_code == 200
    new = reverse("network:calendar-feed", args=[calendar_feed.replace(user=boise).token])
    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_turning_it_off_removes_the_address(client, demo):
    boise = person("official.boise@hub.example")
    url = feed_url(boise)
    assert calendar_feed.turn_off(user=boise) is True
    assert client.get(url).status_code == 404
    assert not CalendarFeed.objects.filter(user=boise).exists()
    assert calendar_feed.turn_off(user=boise) is False


def test_an_inactive_or_closed_account_has_no_feed(client, demo):
    boise = person("official.boise@hub.example")
    url = feed_url(boise)
    boise.is_active = False
    boise.save()
    assert client.get(url).status_code == 404


def test_reading_is_noted_at_most_once_an_hour(client, demo):
    boise = person("official.boise@hub.example")
    url = feed_url(boise)
    client.get(url)
    first = CalendarFeed.objects.get(user=boise).last_read_at
    assert first is not None
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    assert not [q for q in queries if q["sql"].lstrip().upper().startswith("UPDATE")]
    assert CalendarFeed.objects.get(user=boise).last_read_at == first
    CalendarFeed.objects.filter(user=boise).update(last_read_at=first - datetime.timedelta(hours=2))
    client.get(url)
    assert CalendarFeed.objects.get(user=boise).last_read_at > first - datetime.timedelta(hours=1)


def test_the_feed_costs_the_same_queries_for_one_item_or_five(client, demo):
    user = UserFactory()
    organisation = Organisation.objects.get(name="Edmonton")
    MembershipFactory(user=user, organisation=organisation)
    cohort = Enrolment.objects.get(user__email="official.boise@hub.example").cohort
    Enrolment.objects.create(cohort=cohort, user=user, status="enrolled")  # module openings too
    programme = OfficeHoursPage.objects.get(locale__language_code="en", slug="office-hours")
    expert = ExpertProfile.objects.get(user__email="expert.noor@hub.example")
    sessions = sessions_in_window(5)
    base = timezone.now().replace(minute=0, second=0, microsecond=0) + datetime.timedelta(days=40)

    def add(index):
        Registration.objects.create(
            session=sessions[index],
            user=user,
            email=user.email,
            full_name=user.full_name,
            consent=True,
            status="registered",
        )
        Booking.objects.create(
            programme=programme,
            expert=expert,
            organisation=organisation,
            booked_by=user,
            starts_at=base + datetime.timedelta(days=index),
            ends_at=base + datetime.timedelta(days=index, minutes=30),
            questions="...",
            language="en",
            meeting_url="https://meet.example.org/x",
        )

    url = feed_url(user)

    def count():
        client.get(url)  # warm the site-root cache the page addresses use
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        return len(queries), len(events(response.content.decode()))

    add(0)
    one, shown_one = count()  # also Edmonton's own bookings, which a member sees
    for index in range(1, 5):
        add(index)
    five, shown_five = count()
    assert shown_five == shown_one + 8
    assert five == one


# --- The profile ---


def test_the_profile_offers_an_address_then_shows_it(client, demo):
    boise = person("official.boise@hub.example")
    client.force_login(boise)
    doc = BeautifulSoup(client.get("/en/accounts/profile/").content.decode(), "html.parser")
    section = doc.select_one("section#calendar")
    assert section.h2.get_text() == "My calendar"
    assert section.select_one("input#calendar-address") is None
    response = client.post(reverse("network:calendar"), {"action": "create"})
    assert response.status_code == 302 and response["Location"].endswith("#calendar")
    feed = CalendarFeed.objects.get(user=boise)
    doc = BeautifulSoup(client.get("/en/accounts/profile/").content.decode(), "html.parser")
    field = doc.select_one("section#calendar input#calendar-address")
    assert field.has_attr("readonly")
    assert field["value"] == f"http://testserver/en/calendar/{feed.token}.ics"
    subscribe = doc.find("a", string="Subscribe in my calendar app")
    assert subscribe["href"] == f"webcal://testserver/en/calendar/{feed.token}.ics"
    assert ModelLogEntry.objects.filter(action="network.calendar.create").exists()


def test_replacing_and_turning_off_ask_first_and_explain(client, demo):
    boise = person("official.boise@hub.example")
    client.force_login(boise)
    old = calendar_feed.feed_for(boise).token
    url = reverse("network:calendar")
    page = client.get(url, {"action": "replace"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "stops working at once" in text
    assert CalendarFeed.objects.get(user=boise).token == old  # asking changes nothing
    client.post(url, {"action": "replace"})
    new = CalendarFeed.objects.get(user=boise).token
    assert new != old
    assert client.get(reverse("network:calendar-feed", args=[old])).status_code == 404
    assert "stops working" in client.get(url, {"action": "turn_off"}).content.decode()
    client.post(url, {"action": "turn_off"})
    assert not CalendarFeed.objects.filter(user=boise).exists()
    assert client.get(reverse("network:calendar-feed", args=[new])).status_code == 404
    actions = set(ModelLogEntry.objects.values_list("action", flat=True))
    assert {"network.calendar.replace", "network.calendar.turn_off"} <= actions


def test_the_calendar_section_in_french(client, demo):
    boise = person("official.boise@hub.example")
    calendar_feed.feed_for(boise)
    client.force_login(boise)
    doc = BeautifulSoup(client.get("/fr/accounts/profile/").content.decode(), "html.parser")
    section = doc.select_one("section#calendar")
    assert section.h2.get_text() == "Mon calendrier"
    assert section.find("a", string="M’abonner dans mon application de calendrier")


def test_the_feed_only_answers_reads(client, demo):
    url = feed_url(person("official.boise@hub.example"))
    assert client.post(url).status_code == 405
    assert client.head(url).status_code == 200
