"""Rules found in review: revisions keep the bookkeeping, a coordinator's page is their own,
the waitlist goes first, reminders after a postponement, odd input."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from wagtail.models import Locale

from network.models import User
from webinars import registration as flow
from webinars import tasks
from webinars.attendance import emails_from_csv
from webinars.models import Registration, WebinarPage

pytestmark = pytest.mark.django_db


def person(n, **extra):
    return {"full_name": f"P {n}", "email": f"p{n}@town.example", "language": "en",
            "consent": True, **extra}  # fmt: skip


@pytest.fixture
def session():
    page = WebinarPage.objects.get(locale__language_code="en", slug="faith-communities-as-partners")
    page.capacity = 1
    page.starts_at = timezone.now().replace(microsecond=0) + datetime.timedelta(days=3)
    page.save_revision().publish()
    return WebinarPage.objects.get(pk=page.pk)


def test_publishing_an_old_revision_keeps_what_the_flows_recorded(
    django_capture_on_commit_callbacks,
):
    session = WebinarPage.objects.get(locale__language_code="en", slug="what-cities-can-do")
    Registration.objects.create(session=session, email="w@town.example", full_name="W",
                                consent=True, status="registered")  # fmt: skip
    session.recording_url = "https://vimeo.com/76979871"
    with django_capture_on_commit_callbacks(execute=True):
        session.save_revision().publish()
    assert len(mail.outbox) == 1
    live = WebinarPage.objects.get(pk=session.pk)
    edited = live.get_latest_revision_as_object()  # what the admin's edit view starts from
    edited.summary = "A typo fixed."
    with django_capture_on_commit_callbacks(execute=True):
        edited.save_revision().publish()
    after = WebinarPage.objects.get(pk=session.pk)
    assert after.recording_announced_at == live.recording_announced_at is not None
    assert after.resource_id == live.resource_id is not None
    assert len(mail.outbox) == 1  # the recording email went once


def test_a_coordinator_sees_only_their_own_place_on_a_session_page(client, session):
    flow.register(session=session, data=person(1))
    client.force_login(User.objects.get(email="coordinator@hub.example"))
    page = client.get(session.url).content.decode()
    assert "p1@town.example" not in page and "/webinars/registrations/" not in page
    assert "You are registered for this session." not in page


def test_people_waiting_come_before_newcomers_when_seats_are_added(session):
    flow.register(session=session, data=person(1))
    waiting = flow.register(session=session, data=person(2))[0]
    session.capacity = 3
    session.save_revision().publish()
    flow.fill_free_seats(session=session)
    assert Registration.objects.get(pk=waiting.pk).status == "registered"
    assert flow.register(session=session, data=person(3))[0].status == "registered"


def test_a_decline_stands(session):
    session.registration_mode = "approval"
    session.save()
    pending = flow.register(session=session, data=person(1))[0]
    flow.decide(session=session, registration_ids=[pending.pk], approve=False)
    again, created = flow.register(session=session, data=person(1))
    assert not created and again.status == "declined"


def test_no_cancelling_after_the_session(session):
    registration = flow.register(session=session, data=person(1))[0]
    WebinarPage.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - datetime.timedelta(days=1),
        ends_at=timezone.now() - datetime.timedelta(hours=23),
    )
    registration.refresh_from_db()
    with pytest.raises(Exception, match="already taken place"):
        flow.cancel(registration=registration)


def test_the_hour_reminder_follows_a_postponement(session, django_capture_on_commit_callbacks):
    flow.register(session=session, data=person(1))
    first = session.starts_at
    tasks.send_reminders(now=first - datetime.timedelta(minutes=30))  # hour reminder, T1
    later = first + datetime.timedelta(days=2)
    session.starts_at = later
    session.save()
    assert tasks.send_reminders(now=later - datetime.timedelta(hours=20)) == 1  # day, T2
    assert tasks.send_reminders(now=later - datetime.timedelta(minutes=30)) == 1  # hour, T2


def test_translations_take_the_originals_time(session):
    french = session.get_translation_or_none(Locale.objects.get(language_code="fr"))
    assert french is not None
    session.starts_at += datetime.timedelta(hours=2)
    session.save_revision().publish()
    assert WebinarPage.objects.get(pk=french.pk).starts_at == session.starts_at


def test_odd_start_times_in_the_address_are_ignored(client):
    url = "/en/webinars/global-crises-local-impacts/urban-design-for-violence-prevention/"
    assert client.get(url + "?t=%C2%B2&play=1").status_code == 200


def test_a_single_column_attendee_list_is_read():
    assert emails_from_csv(b"Email\na@town.example\nb@town.example\n") == {
        "a@town.example", "b@town.example",
    }  # fmt: skip


def test_the_admin_shows_and_reads_the_start_in_the_sessions_zone(client, session):
    import zoneinfo

    session.time_zone = "America/Regina"
    session.starts_at = datetime.datetime(
        2027, 3, 15, 13, 0, tzinfo=zoneinfo.ZoneInfo("America/Regina")
    )
    session.save_revision().publish()
    client.force_login(User.objects.get(email="admin@hub.example"))
    html = client.get(f"/admin/pages/{session.pk}/edit/").content.decode()
    assert 'value="2027-03-15 13:00"' in html  # Regina's wall clock, not UTC (19:00)
