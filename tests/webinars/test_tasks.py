"""Reminders and change notices, tested by running them with the clock moved."""

import datetime

import pytest
from django.core import mail
from django_q.models import Schedule
from icalendar import Calendar

from webinars import registration as flow
from webinars import tasks
from webinars.models import WebinarPage

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
    return {"full_name": f"Person {n}", "email": f"p{n}@town.example", "language": "en",
            "consent": True, **extra}  # fmt: skip


def run(at, capture):
    mail.outbox.clear()
    with capture(execute=True):
        return tasks.send_reminders(now=at)


def test_reminders_a_day_and_an_hour_before_once_each(session, django_capture_on_commit_callbacks):
    seated = flow.register(session=session, data=person(1))[0]
    flow.register(session=session, data=person(2))  # waitlisted: no reminder
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
    registration = flow.register(session=session, data=person(1))[0]
    flow.cancel(registration=registration)
    assert run(START - datetime.timedelta(minutes=30), django_capture_on_commit_callbacks) == 0


def test_a_late_registration_gets_only_the_hour_reminder(
    session, django_capture_on_commit_callbacks
):
    flow.register(session=session, data=person(1))
    assert run(START - datetime.timedelta(minutes=45), django_capture_on_commit_callbacks) == 1
    assert "at" in mail.outbox[0].subject
    assert run(START - datetime.timedelta(minutes=30), django_capture_on_commit_callbacks) == 0


def test_a_moved_session_is_announced_and_its_reminders_replanned(
    session, django_capture_on_commit_callbacks
):
    registration = flow.register(session=session, data=person(1))[0]
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
