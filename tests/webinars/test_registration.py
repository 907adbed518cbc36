"""Registering for a webinar session: seats, waitlist, manage links, calendars, privacy."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from icalendar import Calendar
from wagtail.models import Locale

from tests.network.factories import UserFactory
from webinars import registration as flow
from webinars.models import Registration, WebinarPage, WebinarSeriesPage

pytestmark = pytest.mark.django_db

SERIES = "/en/webinars/global-crises-local-impacts/"
SESSION = SERIES + "when-a-conflict-abroad-divides-your-city/"


def guest(n=1, **extra):
    return {
        "full_name": f"Guest Person {n}", "email": f"Guest{n}@Town.example",
        "organisation": "City of Moncton", "role": "staff", "region": "Moncton, NB",
        "language": "en", "accessibility_needs": "", "consent": True, **extra,
    }  # fmt: skip


@pytest.fixture
def session():
    page = WebinarPage.objects.get(
        locale__language_code="en", slug="urban-design-for-violence-prevention"
    )
    page.starts_at = timezone.now().replace(microsecond=0) + datetime.timedelta(days=3)
    page.capacity = 2
    page.save_revision().publish()
    return WebinarPage.objects.get(pk=page.pk)


def calendar_of(message) -> Calendar:
    ((name, _file, mimetype),) = message.attachments  # the same file, to import by hand
    assert name == "invite.ics" and mimetype == "application/ics"
    ((content, _type),) = [a for a in message.alternatives if a[1].startswith("text/calendar")]
    return Calendar.from_ical(content)


# --- Services ---


def test_seats_then_the_waitlist_with_emails_and_invitations(
    session, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [flow.register(session=session, data=guest(n))[0].status for n in range(3)]
    assert statuses == ["registered", "registered", "waitlisted"]
    first = mail.outbox[0]
    assert first.to == ["guest0@town.example"]  # addresses are kept in lower case
    assert "https://meet.example.org/hub/urban-design-for-violence-prevention" in first.body
    event = calendar_of(first).walk("VEVENT")[0]
    assert str(event["uid"]) == f"webinar-{session.translation_key}@hub"
    assert event.decoded("dtstart") == session.starts_at
    waitlisted = mail.outbox[2]
    assert "waitlist" in waitlisted.subject and "meet.example.org" not in waitlisted.body
    assert waitlisted.attachments == []


def test_one_registration_per_person_and_session(session):
    first, created = flow.register(session=session, data=guest(1))
    again, created_again = flow.register(
        session=session, data=guest(1, email="guest1@town.example")
    )
    assert (created, created_again) == (True, False) and first == again
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(
            session=session, status="registered", **guest(1, email="guest1@town.example")
        )


def test_cancelling_promotes_the_first_waiting_and_sends_a_cancel(
    session, django_capture_on_commit_callbacks
):
    people = [flow.register(session=session, data=guest(n))[0] for n in range(4)]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        flow.cancel(registration=people[0])
    statuses = [Registration.objects.get(pk=p.pk).status for p in people]
    assert statuses == ["cancelled", "registered", "registered", "waitlisted"]
    cancelled, promoted = mail.outbox
    assert calendar_of(cancelled)["method"] == "CANCEL"
    assert promoted.to == ["guest2@town.example"] and "seat opened" in promoted.subject
    with pytest.raises(ValidationError, match="already cancelled"):
        flow.cancel(registration=people[0])


def test_registering_again_after_cancelling_goes_to_the_back(session):
    first = flow.register(session=session, data=guest(1))[0]
    flow.cancel(registration=first)
    again, created = flow.register(session=session, data=guest(1))
    assert created and again.pk == first.pk and again.status == "registered"


def test_past_sessions_take_no_registrations(session):
    session.starts_at = timezone.now() - datetime.timedelta(days=1)
    session.save()
    with pytest.raises(ValidationError, match="already taken place"):
        flow.register(session=session, data=guest())


def test_a_french_page_registers_for_the_same_session():
    english = WebinarPage.objects.get(
        locale__language_code="en", slug="when-a-conflict-abroad-divides-your-city"
    )
    french = english.get_translation(Locale.objects.get(language_code="fr")).specific
    registration, _ = flow.register(session=french, data=guest(language="fr"))
    assert registration.session_id == english.pk


def test_changing_the_time_raises_the_calendar_sequence(session):
    before = session.sequence
    session.title = "A new title"
    session.save()
    assert session.sequence == before
    session.starts_at += datetime.timedelta(hours=1)
    session.save()
    assert session.sequence == before + 1


# --- Manage links ---


def test_the_manage_link_shows_and_cancels_only_its_registration(client, session):
    mine = flow.register(session=session, data=guest(1))[0]
    flow.register(session=session, data=guest(2))
    url = f"/en/webinars/registrations/{flow.manage_token(mine)}/"
    page = client.get(url).content.decode()
    assert "Guest Person 1" in page and "Guest Person 2" not in page
    assert "meet.example.org" in page  # the join link, on the registrant's own page
    client.post(url)
    mine.refresh_from_db()
    assert mine.status == "cancelled"
    assert "Register again" in client.get(url).content.decode()


def test_an_expired_link_is_refused(client, session, monkeypatch):
    token = flow.manage_token(flow.register(session=session, data=guest())[0])
    monkeypatch.setattr(flow, "MANAGE_MAX_AGE", -1)
    response = client.post(f"/en/webinars/registrations/{token}/")
    assert response.status_code == 404
    assert "not valid or has expired" in response.content.decode()
    assert Registration.objects.get(email="guest1@town.example").status == "registered"


def test_a_tampered_link_is_refused(client, session):
    token = flow.manage_token(flow.register(session=session, data=guest())[0])
    response = client.get(f"/en/webinars/registrations/{token[:-3]}abc/")
    assert response.status_code == 404
    assert "not valid or has expired" in response.content.decode()
    assert Registration.objects.get(email="guest1@town.example").status == "registered"


# --- Pages ---


def test_a_visitor_registers_on_the_page_and_never_sees_the_join_link(client):
    page = client.get(SESSION).content.decode()
    assert "meet.example.org" not in page
    response = client.post(SESSION + "register/", guest())
    assert response.status_code == 302 and response["Location"].endswith("#registration")
    assert Registration.objects.filter(email="guest1@town.example", status="registered").exists()
    assert "meet.example.org" not in client.get(SESSION).content.decode()


def test_bad_input_is_explained_and_nothing_is_saved(client):
    response = client.post(
        SESSION + "register/",
        guest(email="not an email", consent="", full_name="Eve\r\nBcc: x@evil.example"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter a valid email address." in html and "We need your consent" in html
    assert 'value="City of Moncton"' in html  # what was typed is kept
    assert not Registration.objects.filter(organisation="City of Moncton").exists()


def test_header_injection_in_a_name_stays_on_one_line(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(SESSION + "register/", guest(full_name="Eve\r\nBcc: x@evil.example"))
    registration = Registration.objects.get(email="guest1@town.example")
    assert registration.full_name == "Eve Bcc: x@evil.example"
    (message,) = mail.outbox
    assert message.to == ["guest1@town.example"] and message.bcc == []


def test_a_visitor_is_not_told_whether_someone_else_registered(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(SESSION + "register/", guest(), follow=True).content.decode()
        second = client.post(SESSION + "register/", guest(), follow=True).content.decode()
    message = "Thank you. We have emailed the details to guest1@town.example."
    assert message in first and message in second
    assert len(mail.outbox) == 2  # the second email reminds the owner of the address


def test_a_signed_in_member_registers_with_their_account(client):
    person = UserFactory(full_name="Robin Official", time_zone="America/St_Johns")
    client.force_login(person)
    page = client.get(SESSION).content.decode()
    assert f'value="{person.email}"' in page
    assert "Newfoundland Time (St. John’s)" in page  # their own zone, named
    client.post(SESSION + "register/", guest(email="someone.else@city.example"))
    registration = Registration.objects.get(user=person)
    assert registration.email == person.email  # the account's address, not the form's
    page = client.get(SESSION).content.decode()
    assert "You are registered for this session." in page


def test_session_calendar_file_and_series_feed_have_no_join_link(client):
    response = client.get(SESSION + "calendar/")
    assert response["Content-Type"].startswith("text/calendar")
    assert b"meet.example.org" not in response.content
    feed = Calendar.from_ical(client.get(SERIES + "calendar/").content)
    series = WebinarSeriesPage.objects.get(
        locale__language_code="en", slug="global-crises-local-impacts"
    )
    assert len(feed.walk("VEVENT")) == series.sessions().count() == 3


def test_the_index_lists_upcoming_then_past_and_filters(client):
    page = client.get("/en/webinars/").content.decode()
    upcoming, past = page.split("Recordings and past sessions", 1)
    assert "When a conflict abroad divides your city" in upcoming
    assert "Urban design for violence prevention" in past
    filtered = client.get("/en/webinars/?language=fr&series=nope").content.decode()
    assert "Incivility towards local government" in filtered
    assert "When a conflict abroad" not in filtered


def test_the_demo_session_is_full_with_a_waitlist(client):
    session = WebinarPage.objects.get(
        locale__language_code="en", slug="threats-against-local-officials"
    )
    counts = {status: session.registrations.filter(status=status).count()
              for status in ("registered", "waitlisted")}  # fmt: skip
    assert counts == {"registered": session.capacity, "waitlisted": 2}
    page = client.get(session.url).content.decode()
    assert "Join the waitlist" in page
    assert "guest1@town.example" not in page and "Sam Rivera" not in page


@pytest.mark.parametrize(
    ("zone", "local", "utc_hour", "label"),
    [
        (
            "America/St_Johns",
            datetime.datetime(2027, 3, 13, 11, 0),
            14,
            "Newfoundland Time (St. John’s)",
        ),  # -3:30
        (
            "America/St_Johns",
            datetime.datetime(2027, 3, 15, 11, 0),
            13,
            "Newfoundland Time (St. John’s)",
        ),  # -2:30
        (
            "America/Regina",
            datetime.datetime(2027, 3, 15, 11, 0),
            17,
            "Central Time (Regina)",
        ),  # no DST
        (
            "America/Toronto",
            datetime.datetime(2027, 11, 8, 11, 0),
            16,
            "Eastern Time (Toronto)",
        ),  # after the fall change
    ],
)
def test_times_across_daylight_saving_in_the_email(
    session, zone, local, utc_hour, label, django_capture_on_commit_callbacks
):
    import zoneinfo

    session.time_zone = zone
    session.starts_at = local.replace(tzinfo=zoneinfo.ZoneInfo(zone))
    session.save()
    assert session.starts_at.astimezone(datetime.UTC).hour == utc_hour
    with django_capture_on_commit_callbacks(execute=True):
        flow.register(session=session, data=guest())
    (message,) = mail.outbox
    assert f", 11:00\u00a0a.m. {label}." in message.body


def test_cards_show_a_members_own_zone_and_the_organisers(client):
    client.force_login(UserFactory(time_zone="America/Vancouver"))
    page = client.get("/en/webinars/").content.decode()
    card = page.split("When a conflict abroad divides your city", 1)[1].split("</article>", 1)[0]
    assert "Pacific Time (Vancouver)" in card
    assert "Eastern Time (New York) for the organisers" in card
