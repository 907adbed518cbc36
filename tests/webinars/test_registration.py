"""Registering for a webinar session: seats, waitlist, manage links, calendars, privacy."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from icalendar import Calendar
from wagtail.models import Locale, ModelLogEntry

from network.models import User
from tests.network.factories import UserFactory
from tests.webinars.factories import WebinarSessionFactory, details, page_at, register_url
from webinars.models import Registration, WebinarPage, WebinarSeriesPage
from webinars.registration import cancel, decide, fill_free_seats, manage_token, register

pytestmark = pytest.mark.django_db

SERIES = "/en/webinars/global-crises-local-impacts/"
SESSION = SERIES + "when-a-conflict-abroad-divides-your-city/"


def guest(n=1, **extra):
    return {
        "full_name": f"Guest Person {n}",
        "email": f"Guest{n}@Town.example",
        "organisation": "City of Moncton",
        "role": "staff",
        "region": "Moncton, NB",
        "language": "en",
        "accessibility_needs": "",
        "consent": True,
        **extra,
    }


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
        statuses = [register(session=session, **guest(n))[0].status for n in range(3)]
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
    first, created = register(session=session, **guest(1))
    again, created_again = register(session=session, **guest(1, email="guest1@town.example"))
    assert (created, created_again) == (True, False) and first == again
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(
            session=session, status="registered", **guest(1, email="guest1@town.example")
        )


def test_cancelling_promotes_the_first_waiting_and_sends_a_cancel(
    session, django_capture_on_commit_callbacks
):
    people = [register(session=session, **guest(n))[0] for n in range(4)]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cancel(registration=people[0])
    statuses = [Registration.objects.get(pk=p.pk).status for p in people]
    assert statuses == ["cancelled", "registered", "registered", "waitlisted"]
    cancelled, promoted = mail.outbox
    assert calendar_of(cancelled)["method"] == "CANCEL"
    assert promoted.to == ["guest2@town.example"] and "seat opened" in promoted.subject
    with pytest.raises(ValidationError, match="already cancelled"):
        cancel(registration=people[0])


def test_registering_again_after_cancelling_goes_to_the_back(session):
    first = register(session=session, **guest(1))[0]
    cancel(registration=first)
    again, created = register(session=session, **guest(1))
    assert created and again.pk == first.pk and again.status == "registered"


def test_past_sessions_take_no_registrations(session):
    session.starts_at = timezone.now() - datetime.timedelta(days=1)
    session.save()
    with pytest.raises(ValidationError, match="already taken place"):
        register(session=session, **guest())


def test_a_french_page_registers_for_the_same_session():
    english = WebinarPage.objects.get(
        locale__language_code="en", slug="when-a-conflict-abroad-divides-your-city"
    )
    french = english.get_translation(Locale.objects.get(language_code="fr")).specific
    registration, _ = register(session=french, **guest(language="fr"))
    assert registration.session_id == english.pk


def test_changing_the_time_raises_the_calendar_sequence(session):
    before = session.sequence
    session.title = "A new title"
    session.save()
    assert session.sequence == before
    session.starts_at += datetime.timedelta(hours=1)
    session.save()
    assert session.sequence == before + 1


def test_people_waiting_come_before_newcomers_when_seats_are_added():
    session = WebinarSessionFactory(capacity=1)
    register(session=session, **details(1))
    waiting = register(session=session, **details(2))[0]
    session.capacity = 3
    session.save_revision().publish()
    fill_free_seats(session=session)
    assert Registration.objects.get(pk=waiting.pk).status == "registered"
    assert register(session=session, **details(3))[0].status == "registered"


def test_a_decline_stands():
    session = WebinarSessionFactory(registration_mode="approval")
    pending = register(session=session, **details(1))[0]
    decide(session=session, registration_ids=[pending.pk], approve=False)
    again, created = register(session=session, **details(1))
    assert not created and again.status == "declined"


def test_no_cancelling_after_the_session():
    session = WebinarSessionFactory()
    registration = register(session=session, **details(1))[0]
    WebinarPage.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - datetime.timedelta(days=1),
        ends_at=timezone.now() - datetime.timedelta(hours=23),
    )
    registration.refresh_from_db()
    with pytest.raises(ValidationError, match="already taken place"):
        cancel(registration=registration)


def test_registering_without_consent_says_what_is_missing():
    session = WebinarSessionFactory()
    with pytest.raises(ValidationError) as error:
        register(session=session, **details(1, consent=False))
    assert error.value.message_dict == {"consent": ["We need your consent to register you."]}
    assert not Registration.objects.filter(session=session).exists()


def test_an_invalid_address_is_refused_before_anything_is_saved():
    session = WebinarSessionFactory()
    with pytest.raises(ValidationError) as error:
        register(session=session, **details(1, email="not an address"))
    assert "email" in error.value.message_dict
    assert not Registration.objects.filter(session=session).exists()


# --- Every change of a registration is logged, with who made it ---


def actions(row) -> list[tuple[str, str | None, dict]]:
    entries = ModelLogEntry.objects.for_instance(row).order_by("timestamp", "pk")
    return [(e.action, e.user.email if e.user else None, e.data) for e in entries]


def test_each_step_of_a_place_is_logged_with_who_took_it():
    session = WebinarSessionFactory(capacity=1)
    person = UserFactory()
    seated = register(session=session, user=person, by=person, **details(1))[0]
    waiting = register(session=session, **details(2))[0]  # a visitor: nobody signed in
    cancel(registration=seated, by=person)
    assert actions(seated) == [
        ("webinars.registration.register", person.email, {"status": "registered"}),
        ("webinars.registration.cancel", person.email, {"status": "cancelled"}),
    ]
    assert actions(waiting) == [
        ("webinars.registration.register", None, {"status": "waitlisted"}),
        ("webinars.registration.promote", None, {"status": "registered"}),  # the system
    ]


def test_approvals_are_logged_with_the_coordinator():
    coordinator = User.objects.get(email="coordinator@hub.example")
    session = WebinarSessionFactory(registration_mode="approval", capacity=1)
    first, second, third = [register(session=session, **details(n))[0] for n in range(3)]
    decide(session=session, registration_ids=[first.pk, second.pk], approve=True, by=coordinator)
    decide(session=session, registration_ids=[third.pk], approve=False, by=coordinator)
    assert actions(first)[-1] == (
        "webinars.registration.approve",
        coordinator.email,
        {"status": "registered"},
    )
    assert actions(second)[-1] == (
        "webinars.registration.approve",
        coordinator.email,
        {"status": "waitlisted"},
    )
    assert actions(third)[-1] == (
        "webinars.registration.decline",
        coordinator.email,
        {"status": "declined"},
    )


def test_the_history_names_the_actions_in_both_languages():
    from django.utils import translation
    from wagtail.log_actions import registry

    registry.scan_for_actions()
    with translation.override("fr"):
        assert str(registry.get_action_label("webinars.registration.cancel")) == (
            "Annuler l’inscription"
        )
        assert str(registry.get_action_label("webinars.subscription.stop")) == (
            "Mettre fin à l’inscription à la série"
        )
    assert str(registry.get_action_label("webinars.registration.promote")) == (
        "Give a seat from the waitlist"
    )


# --- Manage links ---


def test_the_manage_link_shows_and_cancels_only_its_registration(client, session):
    mine = register(session=session, **guest(1))[0]
    register(session=session, **guest(2))
    url = f"/en/webinars/registrations/{manage_token(mine)}/"
    page = client.get(url).content.decode()
    assert "Guest Person 1" in page and "Guest Person 2" not in page
    assert "meet.example.org" in page  # the join link, on the registrant's own page
    client.post(url)
    mine.refresh_from_db()
    assert mine.status == "cancelled"
    assert "Register again" in client.get(url).content.decode()


def test_an_expired_link_is_refused(client, session, monkeypatch):
    token = manage_token(register(session=session, **guest())[0])
    monkeypatch.setattr("webinars.registration.MANAGE_MAX_AGE", -1)
    response = client.post(f"/en/webinars/registrations/{token}/")
    assert response.status_code == 404
    assert "not valid or has expired" in response.content.decode()
    assert Registration.objects.get(email="guest1@town.example").status == "registered"


def test_a_tampered_link_is_refused(client, session):
    token = manage_token(register(session=session, **guest())[0])
    response = client.get(f"/en/webinars/registrations/{token[:-3]}abc/")
    assert response.status_code == 404
    assert "not valid or has expired" in response.content.decode()
    assert Registration.objects.get(email="guest1@town.example").status == "registered"


# --- Pages ---


def test_a_visitor_registers_on_the_page_and_never_sees_the_join_link(client):
    page = client.get(SESSION).content.decode()
    assert "meet.example.org" not in page
    response = client.post(register_url(page_at(SESSION)), guest())
    assert response.status_code == 302 and response["Location"].endswith("#registration")
    assert Registration.objects.filter(email="guest1@town.example", status="registered").exists()
    assert "meet.example.org" not in client.get(SESSION).content.decode()


def test_bad_input_is_explained_and_nothing_is_saved(client):
    response = client.post(
        register_url(page_at(SESSION)),
        guest(email="not an email", consent="", full_name="Eve\r\nBcc: x@evil.example"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter a valid email address." in html and "We need your consent" in html
    assert 'value="City of Moncton"' in html  # what was typed is kept
    assert not Registration.objects.filter(organisation="City of Moncton").exists()


def test_header_injection_in_a_name_stays_on_one_line(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(register_url(page_at(SESSION)), guest(full_name="Eve\r\nBcc: x@evil.example"))
    registration = Registration.objects.get(email="guest1@town.example")
    assert registration.full_name == "Eve Bcc: x@evil.example"
    (message,) = mail.outbox
    assert message.to == ["guest1@town.example"] and message.bcc == []


def test_a_visitor_is_not_told_whether_someone_else_registered(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(register_url(page_at(SESSION)), guest(), follow=True).content.decode()
        second = client.post(register_url(page_at(SESSION)), guest(), follow=True).content.decode()
    message = "Thank you. We have emailed the details to guest1@town.example."
    assert message in first and message in second
    assert len(mail.outbox) == 2  # the second email reminds the owner of the address


def test_a_signed_in_member_registers_with_their_account(client):
    person = UserFactory(full_name="Robin Official", time_zone="America/St_Johns")
    client.force_login(person)
    page = client.get(SESSION).content.decode()
    assert f'value="{person.email}"' in page
    assert "Newfoundland Time (St. John’s)" in page  # their own zone, named
    client.post(register_url(page_at(SESSION)), guest(email="someone.else@city.example"))
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
    counts = {
        status: session.registrations.filter(status=status).count()
        for status in ("registered", "waitlisted")
    }
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
        register(session=session, **guest())
    (message,) = mail.outbox
    assert f", 11:00\u00a0a.m. {label}." in message.body


def test_cards_show_a_members_own_zone_and_the_organisers(client):
    client.force_login(UserFactory(time_zone="America/Vancouver"))
    page = client.get("/en/webinars/").content.decode()
    card = page.split("When a conflict abroad divides your city", 1)[1].split("</article>", 1)[0]
    assert "Pacific Time (Vancouver)" in card
    assert "Eastern Time (New York) for the organisers" in card


@pytest.mark.django_db
def test_a_session_for_signed_in_people_takes_their_registration_and_no_one_else_s(client):
    """webinars:register keeps the page's privacy, as Wagtail's serve does: a session shown
    only to signed-in people registers them, and answers a visitor 404."""
    from wagtail.models import PageViewRestriction

    from tests.network.factories import UserFactory
    from tests.webinars.factories import WebinarSessionFactory, details, register_url

    session = WebinarSessionFactory()
    PageViewRestriction.objects.create(page=session, restriction_type=PageViewRestriction.LOGIN)
    form = {**details(1), "consent": "on"}
    assert client.post(register_url(session), form).status_code == 404
    client.force_login(UserFactory(email="guest1@town.example"))
    assert client.post(register_url(session), form).status_code == 302
    assert session.registrations.count() == 1
