"""A session's changes reach its registrants: a cancellation (an editor's action, or the
page unpublished) with a CANCEL of each person's invitation; a new time or join link with an
updated REQUEST; nobody for a session that has taken place. The real tasks run (through the
signals and on-commit callbacks); every calendar part is parsed with icalendar."""

import datetime
import email
from email.policy import default as policy

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from wagtail.models import Locale, ModelLogEntry, PageLogEntry

from network.models import User
from tests.webinars.factories import (
    SeriesSubscriptionFactory,
    WebinarSeriesFactory,
    WebinarSessionFactory,
    details,
    register_url,
)
from webinars import tasks
from webinars.models import Registration, WebinarPage
from webinars.registration import cancel_session, register, subscribe

pytestmark = pytest.mark.django_db


def calendar_of(message) -> tuple[str, Calendar]:
    """The text/calendar alternative of a sent message: (its method parameter, the parsed
    calendar)."""
    parsed = email.message_from_bytes(message.message().as_bytes(), policy=policy)
    (part,) = [p for p in parsed.walk() if p.get_content_type() == "text/calendar"]
    return part.get_param("method"), Calendar.from_ical(part.get_content())


def event_of(message) -> dict:
    method, calendar = calendar_of(message)
    assert str(calendar["method"]) == method
    (event,) = calendar.walk("VEVENT")
    return {
        "method": method,
        "uid": str(event["uid"]),
        "sequence": int(event["sequence"]),
        "status": str(event["status"]),
        "location": str(event["location"]) if "location" in event else None,
        "start": event.decoded("dtstart"),
    }


def sent(capture, action) -> list:
    mail.outbox.clear()
    with capture(execute=True):
        action()
    return list(mail.outbox)


@pytest.fixture
def session():
    return WebinarSessionFactory(capacity=1)


@pytest.fixture
def people(session, django_capture_on_commit_callbacks):
    """A seat (English), the waitlist (French), and their invitations' events."""
    messages = sent(
        django_capture_on_commit_callbacks,
        lambda: [
            register(session=session, **details(1)),
            register(session=session, **details(2, language="fr")),
        ],
    )
    seat, waiting = Registration.objects.filter(session=session).order_by("pk")
    assert (seat.status, waiting.status) == ("registered", "waitlisted")
    return {"seat": seat, "waiting": waiting, "invitation": event_of(messages[0])}


def editor():
    """A moderator: publishes pages, so may cancel and unpublish sessions."""
    return User.objects.get(email="moderator@hub.example")


# --- Cancelling ---


def test_cancelling_tells_every_registrant_once_with_a_cancel(
    session, people, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    messages = sent(
        capture, lambda: cancel_session(session=session, by=editor(), message="The speaker is ill.")
    )
    assert {m.to[0] for m in messages} == {"guest1@town.example", "guest2@town.example"}
    by_address = {m.to[0]: m for m in messages}
    invitation = people["invitation"]
    for message in messages:
        event = event_of(message)
        assert event["method"] == "CANCEL" and event["status"] == "CANCELLED"
        assert event["uid"] == invitation["uid"]
        assert event["sequence"] > invitation["sequence"]
        assert event["location"] is None  # never the join link in a cancellation
        assert "The speaker is ill." in message.body
    english, french = by_address["guest1@town.example"], by_address["guest2@town.example"]
    assert english.subject.startswith("Cancelled:") and "is cancelled" in english.body
    assert french.subject.startswith("Annulée") and "est annulée" in french.body
    assert french.extra_headers["Content-Language"] == "fr"

    # Each registration is cancelled and logged; the session's cancellation names the editor.
    for registration in Registration.objects.filter(session=session):
        assert registration.status == "cancelled"
        entry = ModelLogEntry.objects.for_instance(registration).latest("timestamp")
        assert entry.action == "webinars.registration.session_cancelled"
    entry = PageLogEntry.objects.get(page=session, action="webinars.session.cancel")
    assert entry.user == editor() and entry.data["registrants"] == 2

    # The task again (a worker's retry), or a second cancellation: nobody hears twice.
    assert sent(capture, lambda: tasks.notify_cancellation(session.pk)) == []
    with pytest.raises(Exception, match="already cancelled"):
        cancel_session(session=session, by=editor())


def test_a_cancelled_page_says_so_and_refuses_registrations(
    session, people, client, django_capture_on_commit_callbacks
):
    series = WebinarSeriesFactory()
    later = WebinarSessionFactory(parent=series)
    SeriesSubscriptionFactory(series=series, email="sub@town.example")
    with django_capture_on_commit_callbacks(execute=True):
        cancel_session(session=later, by=editor(), message="Moved to the spring.")
        cancel_session(session=session, by=editor())
    page = client.get(session.url).content.decode()
    assert "This session has been cancelled" in page
    assert 'action="' + register_url(session) not in page  # no form
    response = client.post(register_url(session), details(5), follow=True)
    assert "This session has been cancelled: it takes no registrations." in (
        response.content.decode()
    )
    assert not Registration.objects.filter(session=session, email="guest5@town.example").exists()
    assert "Moved to the spring." in client.get(later.url).content.decode()
    # Series registrations add nobody to a cancelled session.
    assert tasks.register_series_subscribers(later.pk) == 0
    subscribe(series=series, **details(6))
    assert not Registration.objects.filter(session=later).active().exists()
    # The public calendar file says it is cancelled too.
    text = client.get(session.url + "calendar/").content
    (event,) = Calendar.from_ical(text).walk("VEVENT")
    assert str(event["status"]) == "CANCELLED"


def test_the_admin_action_asks_then_cancels(
    session, people, client, django_capture_on_commit_callbacks
):
    # An editor, who may not publish, may not cancel either (Wagtail bounces them home).
    client.force_login(User.objects.get(email="editor@hub.example"))
    assert client.get(reverse("webinar_session_cancel", args=[session.pk]))["Location"] == "/admin/"
    client.force_login(User.objects.get(email="admin@hub.example"))
    url = reverse("webinar_session_cancel", args=[session.pk])
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[session.pk])).content.decode()
    assert url in edit  # "Cancel this session" in the page's menu
    asked = client.get(url).content.decode()
    assert "1 person holding a seat is emailed." in asked
    assert "1 person on the waitlist is emailed." in asked
    messages = sent(
        django_capture_on_commit_callbacks,
        lambda: client.post(url, {"message": "Sorry."}),
    )
    session.refresh_from_db()
    assert session.cancelled_at and session.cancellation_message == "Sorry."
    assert len(messages) == 2  # the task ran after commit
    # Cancelled: the action is gone, and its address sends back to the page.
    assert (
        url
        not in client.get(reverse("wagtailadmin_pages:edit", args=[session.pk])).content.decode()
    )
    assert client.get(url).status_code == 302


def test_deleting_a_session_with_registrations_leads_to_cancelling(session, people, client):
    client.force_login(User.objects.get(email="admin@hub.example"))
    response = client.get(reverse("wagtailadmin_pages:delete", args=[session.pk]))
    assert response["Location"] == reverse("webinar_session_cancel", args=[session.pk])
    assert WebinarPage.objects.filter(pk=session.pk).exists()


# --- Unpublishing ---


def test_unpublishing_an_upcoming_session_cancels_it_in_the_editors_name(
    session, people, client, django_capture_on_commit_callbacks
):
    client.force_login(editor())
    url = reverse("wagtailadmin_pages:unpublish", args=[session.pk])
    asked = client.get(url).content.decode()  # the confirmation warns, and offers the action
    assert "unpublishing it cancels it" in asked
    assert reverse("webinar_session_cancel", args=[session.pk]) in asked
    messages = sent(django_capture_on_commit_callbacks, lambda: client.post(url))
    session.refresh_from_db()
    assert not session.live and session.cancelled_at
    assert {m.to[0] for m in messages} == {"guest1@town.example", "guest2@town.example"}
    for message in messages:
        event = event_of(message)
        assert (event["method"], event["status"]) == ("CANCEL", "CANCELLED")
        assert event["uid"] == people["invitation"]["uid"]
        assert event["sequence"] > people["invitation"]["sequence"]
        assert "About the session:" not in message.body  # no link to a page that is gone
    entry = PageLogEntry.objects.get(page=session, action="webinars.session.cancel")
    assert entry.user == editor() and entry.data["unpublished"] is True
    assert tasks.cancel_unpublished_session(session.pk) is False  # once


def test_unpublishing_a_past_session_emails_nobody(django_capture_on_commit_callbacks):
    session = WebinarSessionFactory()
    register(session=session, **details(1))
    past = timezone.now() - datetime.timedelta(days=2)
    WebinarPage.objects.filter(pk=session.pk).update(
        starts_at=past, ends_at=past + datetime.timedelta(hours=1)
    )
    session.refresh_from_db()
    messages = sent(django_capture_on_commit_callbacks, lambda: session.unpublish())
    assert messages == []
    session.refresh_from_db()
    assert session.cancelled_at is None
    assert Registration.objects.get(session=session).status == "registered"


def test_unpublishing_a_translation_cancels_nothing(
    session, people, django_capture_on_commit_callbacks
):
    french = session.copy_for_translation(Locale.objects.get(language_code="fr"))
    french.save_revision().publish()
    french.refresh_from_db()
    messages = sent(django_capture_on_commit_callbacks, lambda: french.unpublish())
    assert messages == []
    session.refresh_from_db()
    assert session.cancelled_at is None


# --- A new time or join link ---


def test_a_new_time_sends_an_update_saying_so_once(
    session, people, django_capture_on_commit_callbacks
):
    before = session.starts_at
    session.starts_at += datetime.timedelta(hours=2)
    messages = sent(django_capture_on_commit_callbacks, lambda: session.save_revision().publish())
    assert {m.to[0] for m in messages} == {"guest1@town.example", "guest2@town.example"}
    by_address = {m.to[0]: m for m in messages}
    seat = by_address["guest1@town.example"]
    event = event_of(seat)
    assert (event["method"], event["status"]) == ("REQUEST", "CONFIRMED")
    assert event["uid"] == people["invitation"]["uid"]
    assert event["sequence"] > people["invitation"]["sequence"]
    assert event["start"] == session.starts_at != before
    assert seat.subject.startswith("New time:") and "It was to start" in seat.body
    french = by_address["guest2@town.example"]
    assert french.subject.startswith("Nouvel horaire") and "calendar" not in french.body
    assert tasks.notify_time_change(session.pk) == 0  # once
    # Published again with no change: nothing.
    assert sent(django_capture_on_commit_callbacks, lambda: session.save_revision().publish()) == []


def test_a_new_join_link_reaches_the_people_holding_a_seat(
    session, people, django_capture_on_commit_callbacks
):
    page = WebinarPage.objects.get(pk=session.pk)
    page.join_url = "https://meet.example.org/hub/new-room"
    messages = sent(django_capture_on_commit_callbacks, lambda: page.save_revision().publish())
    (message,) = messages  # the waitlist has no link: nothing to tell them
    assert message.to == ["guest1@town.example"]
    assert message.subject.startswith("New join link:")
    assert "https://meet.example.org/hub/new-room" in message.body
    event = event_of(message)
    assert event["location"] == "https://meet.example.org/hub/new-room"
    assert event["uid"] == people["invitation"]["uid"]
    assert event["sequence"] > people["invitation"]["sequence"]
    assert tasks.notify_time_change(session.pk) == 0
    # A draft with yet another link tells nobody until it is published.
    page.join_url = "https://meet.example.org/hub/draft"
    assert sent(django_capture_on_commit_callbacks, lambda: page.save_revision()) == []


def test_a_change_to_a_past_session_tells_nobody(django_capture_on_commit_callbacks):
    session = WebinarSessionFactory()
    register(session=session, **details(1))
    past = timezone.now() - datetime.timedelta(days=2)
    WebinarPage.objects.filter(pk=session.pk).update(
        starts_at=past, ends_at=past + datetime.timedelta(hours=1)
    )
    page = WebinarPage.objects.get(pk=session.pk)
    page.join_url = "https://meet.example.org/hub/recording-room"
    assert sent(django_capture_on_commit_callbacks, lambda: page.save_revision().publish()) == []
