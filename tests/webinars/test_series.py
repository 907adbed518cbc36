"""Registering for a whole series: its upcoming sessions now, and new ones as published."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from wagtail.models import ModelLogEntry

from tests.network.factories import UserFactory
from tests.webinars.factories import page_at, subscribe_url
from webinars.models import Registration, SeriesSubscription, WebinarPage, WebinarSeriesPage
from webinars.registration import cancel, subscribe, subscription_token

pytestmark = pytest.mark.django_db

SERIES = "/en/webinars/global-crises-local-impacts/"


def person(**extra):
    return {
        "full_name": "Sasha Series",
        "email": "Sasha@Town.example",
        "organisation": "",
        "role": "staff",
        "region": "",
        "language": "en",
        "accessibility_needs": "",
        "consent": True,
        **extra,
    }


@pytest.fixture
def series():
    return WebinarSeriesPage.objects.get(
        locale__language_code="en", slug="global-crises-local-impacts"
    )


def test_the_series_form_registers_for_every_upcoming_session(
    client, series, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(subscribe_url(page_at(SERIES)), person(), follow=True)
    assert "You are registered for every session of this series" in response.content.decode()
    upcoming = list(series.sessions().upcoming())
    mine = Registration.objects.filter(email="sasha@town.example")
    assert {r.session_id for r in mine} == {s.pk for s in upcoming}
    subjects = sorted(m.subject for m in mail.outbox)
    assert any(s.startswith("You are registered for the series") for s in subjects)
    assert sum(s.startswith("You are registered:") for s in subjects) == len(upcoming)


def test_a_session_added_later_registers_the_series_people(
    series, django_capture_on_commit_callbacks
):
    subscribe(series=series, **person())
    cancelled = subscribe(series=series, **person(email="cancel@town.example"))
    first = Registration.objects.get(email=cancelled.email)
    cancel(registration=first)
    new = WebinarPage(
        title="A new session",
        slug="a-new-session",
        summary="Added later.",
        starts_at=timezone.now() + datetime.timedelta(days=40),
    )
    series.add_child(instance=new)
    with django_capture_on_commit_callbacks(execute=True):
        new.save_revision().publish()
    assert Registration.objects.filter(session=new, email="sasha@town.example").exists()
    assert Registration.objects.filter(session=new, email="cancel@town.example").exists()
    # publishing again does not bring back a place someone cancelled
    cancel(registration=Registration.objects.get(session=new, email="cancel@town.example"))
    with django_capture_on_commit_callbacks(execute=True):
        WebinarPage.objects.get(pk=new.pk).save_revision().publish()
    assert Registration.objects.get(session=new, email="cancel@town.example").status == "cancelled"


def test_the_series_link_stops_new_registrations(
    client, series, django_capture_on_commit_callbacks
):
    subscription = subscribe(series=series, **person())
    url = f"/en/webinars/series/{subscription_token(subscription)}/"
    assert "Sasha Series" in client.get(url).content.decode()
    client.post(url)
    assert not SeriesSubscription.objects.get(pk=subscription.pk).active
    new = WebinarPage(
        title="Later still",
        slug="later-still",
        summary="Later.",
        starts_at=timezone.now() + datetime.timedelta(days=50),
    )
    series.add_child(instance=new)
    with django_capture_on_commit_callbacks(execute=True):
        new.save_revision().publish()
    assert not Registration.objects.filter(session=new).exists()
    assert client.get("/en/webinars/series/forged/").status_code == 404


def test_the_series_form_keeps_what_was_typed_on_error(client):
    response = client.post(subscribe_url(page_at(SERIES)), person(email="nope", consent=""))
    html = response.content.decode()
    assert "Enter a valid email address." in html and 'value="Sasha Series"' in html
    assert not SeriesSubscription.objects.exists()


def test_a_series_registration_logs_each_change_with_who_made_it(client, series):
    member = UserFactory(email="sasha@town.example")
    client.force_login(member)
    client.post(subscribe_url(series), person())
    subscription = SeriesSubscription.objects.get(series=series, email="sasha@town.example")
    client.logout()
    client.post(f"/en/webinars/series/{subscription_token(subscription)}/")  # by the link
    subscribe(series=series, **person())  # asked again: resumed
    entries = ModelLogEntry.objects.for_instance(subscription).order_by("timestamp", "pk")
    assert [(e.action, e.user, e.data) for e in entries] == [
        ("webinars.subscription.subscribe", member, {"active": True}),
        ("webinars.subscription.stop", None, {"active": False}),
        ("webinars.subscription.resume", None, {"active": True}),
    ]
    places = Registration.objects.filter(email="sasha@town.example", user=member)
    assert places.exists()  # each session's place is the member's, logged as theirs
    assert {e.user for p in places for e in ModelLogEntry.objects.for_instance(p)} == {member}


def test_the_french_series_page_registers_for_the_original_series(client, series):
    from wagtail.models import Locale

    french = series.get_translation(Locale.objects.get(language_code="fr"))
    client.post(subscribe_url(french), person(language="fr"))
    subscription = SeriesSubscription.objects.get(email="sasha@town.example")
    assert subscription.series_id == series.pk and subscription.language == "fr"
