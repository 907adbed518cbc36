"""Calendar invitations as calendar apps read them (RFC 5545 and iTIP, RFC 5546): every .ics
the hub makes is parsed with two independent parsers (icalendar and vobject), and each email's
invitation is read back with Python's `email` package as a text/calendar alternative."""

import datetime
import email
from email.policy import default as policy
from email.utils import parseaddr

import pytest
import vobject
from django.conf import settings
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from tests.office_hours.test_office_hours import book, expert, free, member, programme  # noqa: F401
from webinars import registration as flow
from webinars.models import WebinarPage
from webinars.office_hours import services as booking_services

pytestmark = pytest.mark.django_db

SERIES = "/en/webinars/global-crises-local-impacts/"
SESSION = SERIES + "when-a-conflict-abroad-divides-your-city/"
NAME, ADDRESS = parseaddr(settings.DEFAULT_FROM_EMAIL)


@pytest.fixture
def session():
    page = WebinarPage.objects.get(
        locale__language_code="en", slug="urban-design-for-violence-prevention"
    )
    page.starts_at = timezone.now().replace(microsecond=0) + datetime.timedelta(days=3)
    page.save_revision().publish()
    return WebinarPage.objects.get(pk=page.pk)


def guest(n=1):
    return {
        "full_name": f"Guest {n}",
        "email": f"guest{n}@town.example",
        "language": "en",
        "consent": True,
    }


def invitation_of(message) -> tuple[str, str]:
    """(method, .ics text) of a sent message, checking how the invitation travels: a
    text/calendar part of the multipart/alternative (text, HTML, calendar), its method in the
    Content-Type and the charset named once; the same file attached as invite.ics."""
    parsed = email.message_from_bytes(message.message().as_bytes(), policy=policy)
    (alternative,) = [p for p in parsed.walk() if p.get_content_type() == "multipart/alternative"]
    types = [part.get_content_type() for part in alternative.iter_parts()]
    assert types == ["text/plain", "text/html", "text/calendar"]
    calendar_part = list(alternative.iter_parts())[2]
    content_type = calendar_part["Content-Type"]
    assert content_type.lower().count("charset") == 1, content_type
    assert calendar_part.get_content_charset() == "utf-8"
    method = calendar_part.get_param("method")
    text = calendar_part.get_content()
    attached = [p for p in parsed.iter_attachments() if p.get_filename()]
    assert [p.get_content_type() for p in attached] == ["application/ics"]
    # (MIME text parts travel with CRLF line ends; the parser gives them back as \n.)
    assert attached[0].get_content().decode().replace("\r\n", "\n") == text
    return method, text


def check(text: str, *, method: str, attendees: set[str], location: str | None) -> int:
    """Read the calendar with both parsers; returns its SEQUENCE."""
    # icalendar
    calendar = Calendar.from_ical(text)
    assert str(calendar["method"]) == method
    (event,) = calendar.walk("VEVENT")
    organizer = event["organizer"]
    assert str(organizer) == f"mailto:{ADDRESS}"
    assert organizer.params["CN"] == NAME
    found = event.get("attendee")
    found = found if isinstance(found, list) else [found] if found else []
    assert {str(a).removeprefix("mailto:") for a in found} == attendees
    for attendee in found:
        assert attendee.params["PARTSTAT"] == "NEEDS-ACTION"
        assert attendee.params["ROLE"] == "REQ-PARTICIPANT"
        assert attendee.params["RSVP"] == ("TRUE" if method == "REQUEST" else "FALSE")
        assert attendee.params["CN"]
    assert (str(event["location"]) if "location" in event else None) == location
    assert str(event["status"]) == ("CANCELLED" if method == "CANCEL" else "CONFIRMED")
    sequence = int(event["sequence"])

    # vobject, independently
    other = vobject.readOne(text)
    assert other.method.value == method
    vevent = other.vevent
    assert vevent.organizer.value == f"mailto:{ADDRESS}"
    assert vevent.organizer.params["CN"] == [NAME]
    people = vevent.contents.get("attendee", [])
    assert {a.value.removeprefix("mailto:") for a in people} == attendees
    for attendee in people:
        assert attendee.params["PARTSTAT"] == ["NEEDS-ACTION"]
        assert attendee.params["RSVP"] == ["TRUE" if method == "REQUEST" else "FALSE"]
    assert (vevent.location.value if "location" in vevent.contents else None) == location
    assert int(vevent.sequence.value) == sequence
    assert vevent.uid.value == str(event["uid"])
    return sequence


def sent(capture, action):
    mail.outbox.clear()
    with capture(execute=True):
        result = action()
    return result, list(mail.outbox)


# --- Webinars ---


def test_a_registrants_invitation_update_cancel_and_new_invitation(
    session, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    join = session.join_url
    assert join
    (registration, _), (message,) = sent(
        capture, lambda: flow.register(session=session, **guest(1))
    )
    method, text = invitation_of(message)
    assert method == "REQUEST"
    first = check(text, method="REQUEST", attendees={"guest1@town.example"}, location=join)

    # The session moves: the same event, a higher SEQUENCE.
    def move():
        page = WebinarPage.objects.get(pk=session.pk)
        page.starts_at += datetime.timedelta(hours=2)
        page.save_revision().publish()

    _, (moved,) = sent(capture, move)
    method, text = invitation_of(moved)
    assert method == "REQUEST"
    second = check(text, method="REQUEST", attendees={"guest1@town.example"}, location=join)
    assert second > first

    # The person cancels: CANCEL, higher again (a calendar ignores a CANCEL that is not).
    registration.refresh_from_db()
    _, (cancelled,) = sent(capture, lambda: flow.cancel(registration=registration))
    method, text = invitation_of(cancelled)
    assert method == "CANCEL"
    third = check(text, method="CANCEL", attendees={"guest1@town.example"}, location=None)
    assert third > second
    assert "meet.example.org" not in text

    # And registers again: a new REQUEST that wins over the CANCEL.
    _, messages = sent(capture, lambda: flow.register(session=session, **guest(1)))
    method, text = invitation_of(messages[0])
    fourth = check(text, method="REQUEST", attendees={"guest1@town.example"}, location=join)
    assert fourth > third


def test_a_waitlisted_person_gets_no_invitation(session, django_capture_on_commit_callbacks):
    WebinarPage.objects.filter(pk=session.pk).update(capacity=0)
    session.refresh_from_db()
    _, (message,) = sent(
        django_capture_on_commit_callbacks, lambda: flow.register(session=session, **guest(2))
    )
    assert message.alternatives == [(message.alternatives[0][0], "text/html")]
    assert message.attachments == []


def test_the_public_session_file_and_the_series_feed(client):
    response = client.get(SESSION + "calendar/")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    check(response.content.decode(), method="PUBLISH", attendees=set(), location=None)
    feed = client.get(SERIES + "calendar/").content.decode()
    calendar = Calendar.from_ical(feed)
    assert str(calendar["method"]) == "PUBLISH"
    other = vobject.readOne(feed)
    events = other.contents["vevent"]
    assert len(events) == len(calendar.walk("VEVENT")) == 3
    for event in events:
        assert event.organizer.value == f"mailto:{ADDRESS}"
        assert event.organizer.params["CN"] == [NAME]
        assert "location" not in event.contents  # never the join link in a public feed
    assert "meet.example.org" not in feed


def test_replies_go_to_the_configured_mailbox(session, settings, client):
    """A sender that cannot receive mail: HUB_CALENDAR_REPLY_TO names the organizer that
    calendar apps answer, still with the hub's name."""
    settings.HUB_CALENDAR_REPLY_TO = "calendar-replies@hub.example"
    text = client.get(session.url + "calendar/").content.decode()
    event = Calendar.from_ical(text).walk("VEVENT")[0]
    assert str(event["organizer"]) == "mailto:calendar-replies@hub.example"
    assert event["organizer"].params["CN"] == NAME
    assert vobject.readOne(text).vevent.organizer.value == "mailto:calendar-replies@hub.example"


# --- Office hours ---


def test_a_bookings_invitation_move_and_cancellation(
    programme,  # noqa: F811 - the fixture imported above
    expert,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    capture = django_capture_on_commit_callbacks
    booker = member(full_name="Ada Official")
    both = {booker.email, expert.user.email}
    (booking, _), messages = sent(
        capture, lambda: book(programme, expert, booker, slot=free(expert, days=3))
    )
    assert {m.to[0] for m in messages} == both
    sequences = set()
    for message in messages:
        method, text = invitation_of(message)
        assert method == "REQUEST"
        sequences.add(
            check(text, method="REQUEST", attendees=both, location="https://meet.example.org/robin")
        )
    (first,) = sequences

    target = free(expert, days=4, index=1)
    _, messages = sent(
        capture, lambda: booking_services.reschedule(booking=booking, starts_at=target.starts_at)
    )
    for message in messages:
        method, text = invitation_of(message)
        moved = check(
            text, method="REQUEST", attendees=both, location="https://meet.example.org/robin"
        )
        assert (
            moved > first
            and Calendar.from_ical(text).walk("VEVENT")[0].decoded("dtstart") == target.starts_at
        )

    booking.refresh_from_db()
    _, messages = sent(capture, lambda: booking_services.cancel(booking=booking, reason="Moved"))
    assert len(messages) == 2
    for message in messages:
        method, text = invitation_of(message)
        assert method == "CANCEL"
        assert check(text, method="CANCEL", attendees=both, location=None) > moved


def test_a_reminder_carries_no_invitation(
    programme,  # noqa: F811 - the fixture imported above
    expert,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    from webinars.office_hours.tasks import send_booking_reminders

    booking, _ = book(programme, expert, member(), slot=free(expert, days=1))
    _, messages = sent(
        django_capture_on_commit_callbacks,
        lambda: send_booking_reminders(now=booking.starts_at - datetime.timedelta(minutes=30)),
    )
    assert len(messages) == 2
    assert all(not m.attachments and len(m.alternatives) == 1 for m in messages)
