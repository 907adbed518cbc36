"""Reminders and change notices, tested by running them with the clock moved."""

import datetime

import pytest
from django.core import mail
from django_q.models import Schedule
from icalendar import Calendar
from wagtail.models import ModelLogEntry

from tests.webinars.factories import (
    SeriesSubscriptionFactory,
    WebinarSeriesFactory,
    WebinarSessionFactory,
)
from webinars import tasks
from webinars.models import Registration, WebinarPage
from webinars.registration import cancel, register

pytestmark = pytest.mark.django_db

START = datetime.datetime(2027, 3, 15, 16, 0, tzinfo=datetime.UTC)


@pytest.fixture
def session():
    page = WebinarPage.objects.get(locale__language_code="en", slug="faith-communities-as-partners")
    page.starts_at = START
    page.capacity = 1
    page.save_revision().publish()
    return WebinarPage.objects.get(pk=page.pk)


def person(n, **extra):
    return {
        "full_name": f"Person {n}",
        "email": f"p{n}@town.example",
        "language": "en",
        "consent": True,
        **extra,
    }


def run(at, capture):
    mail.outbox.clear()
    with capture(execute=True):
        return tasks.send_reminders(now=at)


def test_reminders_a_day_and_an_hour_before_once_each(session, django_capture_on_commit_callbacks):
    seated = register(session=session, **person(1))[0]
    register(session=session, **person(2))  # waitlisted: no reminder
    assert run(START - datetime.timedelta(days=2), django_capture_on_commit_callbacks) == 0
    assert run(START - datetime.timedelta(hours=23), django_capture_on_commit_callbacks) == 1
    (message,) = mail.outbox
    assert message.to == [seated.email] and message.subject.startswith("Reminder:")
    assert "meet.example.org" in message.body
    assert run(START - datetime.timedelta(hours=22), django_capture_on_commit_callbacks) == 0
    assert run(START - datetime.timedelta(minutes=50), django_capture_on_commit_callbacks) == 1
    assert run(START - datetime.timedelta(minutes=40), django_capture_on_commit_callbacks) == 0
    assert run(START + datetime.timedelta(minutes=5), django_capture_on_commit_callbacks) == 0


def test_cancelled_registrations_get_no_reminder(session, django_capture_on_commit_callbacks):
    registration = register(session=session, **person(1))[0]
    cancel(registration=registration)
    assert run(START - datetime.timedelta(minutes=30), django_capture_on_commit_callbacks) == 0


def test_a_late_registration_gets_only_the_hour_reminder(
    session, django_capture_on_commit_callbacks
):
    register(session=session, **person(1))
    assert run(START - datetime.timedelta(minutes=45), django_capture_on_commit_callbacks) == 1
    assert "at" in mail.outbox[0].subject
    assert run(START - datetime.timedelta(minutes=30), django_capture_on_commit_callbacks) == 0


def test_a_moved_session_is_announced_and_its_reminders_replanned(
    session, django_capture_on_commit_callbacks
):
    registration = register(session=session, **person(1))[0]
    assert run(START - datetime.timedelta(hours=20), django_capture_on_commit_callbacks) == 1

    mail.outbox.clear()
    before = WebinarPage.objects.get(pk=session.pk).sequence
    later = START + datetime.timedelta(days=2)
    with django_capture_on_commit_callbacks(execute=True):
        session.starts_at = later
        session.save_revision().publish()
    (notice,) = mail.outbox
    assert notice.to == [registration.email] and notice.subject.startswith("New time:")
    event = Calendar.from_ical(notice.attachments[0][1]).walk("VEVENT")[0]
    assert event.decoded("dtstart") == later and int(event["sequence"]) == before + 1
    with django_capture_on_commit_callbacks(execute=True):  # publishing again: told once
        WebinarPage.objects.get(pk=session.pk).save_revision().publish()
    assert len(mail.outbox) == 1

    # the old time's reminders no longer count: the new time gets its own
    assert run(later - datetime.timedelta(hours=20), django_capture_on_commit_callbacks) == 1
    assert run(later - datetime.timedelta(minutes=30), django_capture_on_commit_callbacks) == 1


def test_the_reminder_schedule_exists():
    schedule = Schedule.objects.get(name="webinars: reminders")
    assert schedule.func == "webinars.tasks.send_reminders" and schedule.minutes == 5


def test_the_hour_reminder_follows_a_postponement(session, django_capture_on_commit_callbacks):
    register(session=session, **person(1))
    first = session.starts_at
    tasks.send_reminders(now=first - datetime.timedelta(minutes=30))  # hour reminder, T1
    later = first + datetime.timedelta(days=2)
    session.starts_at = later
    session.save()
    assert tasks.send_reminders(now=later - datetime.timedelta(hours=20)) == 1  # day, T2
    assert tasks.send_reminders(now=later - datetime.timedelta(minutes=30)) == 1  # hour, T2


# --- Publishing a session queues tasks (webinars.signals), which call the services ---


def test_publishing_in_a_series_registers_its_subscribers_through_the_task(
    django_capture_on_commit_callbacks,
):
    series = WebinarSeriesFactory()
    subscription = SeriesSubscriptionFactory(series=series, email="sub@town.example")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        session = WebinarSessionFactory(parent=series)
    assert callbacks  # the receivers wrote nothing themselves: they queued tasks
    registration = Registration.objects.get(session=session, email="sub@town.example")
    assert registration.status == "registered" and registration.full_name == subscription.full_name
    (entry,) = ModelLogEntry.objects.for_instance(registration)
    assert (entry.action, entry.user) == ("webinars.registration.register", None)  # the system
    # Run twice (a worker's retry): nothing more happens.
    assert tasks.register_series_subscribers(session.pk) == 0
    assert Registration.objects.filter(session=session).count() == 1


def test_the_receivers_write_nothing_before_commit():
    series = WebinarSeriesFactory()
    SeriesSubscriptionFactory(series=series)
    session = WebinarSessionFactory(parent=series)  # the test's transaction never commits
    assert not Registration.objects.filter(session=session).exists()


def test_a_moved_session_is_announced_once_by_its_task(django_capture_on_commit_callbacks):
    session = WebinarSessionFactory()
    register(session=session, **person(1))
    mail.outbox.clear()
    session.starts_at += datetime.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        session.save_revision().publish()
    (message,) = mail.outbox
    assert message.to == ["p1@town.example"]
    assert tasks.notify_time_change(session.pk) == 0  # once per change


def test_seats_added_on_publish_go_to_the_people_waiting(django_capture_on_commit_callbacks):
    session = WebinarSessionFactory(capacity=1)
    register(session=session, **person(1))
    waiting = register(session=session, **person(2))[0]
    session.capacity = 2
    with django_capture_on_commit_callbacks(execute=True):
        session.save_revision().publish()
    waiting.refresh_from_db()
    assert waiting.status == "registered"
    tasks.fill_waiting_seats(session.pk)  # again: nothing changes
    entries = ModelLogEntry.objects.for_instance(waiting).order_by("timestamp", "pk")
    assert [e.action for e in entries] == [
        "webinars.registration.register",
        "webinars.registration.promote",
    ]


def test_a_task_for_a_deleted_session_does_nothing():
    assert tasks.notify_time_change(0) == 0
    assert tasks.publish_recording(0) == 0
    assert tasks.register_series_subscribers(0) == 0
    assert tasks.fill_waiting_seats(0) is None
