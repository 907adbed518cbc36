"""Closing an account (webinars.personal_data): the person's places and series go, a past
place stays without their name, and the history that named them goes with them."""

import datetime

import pytest
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from network.personal_data import close_account
from tests.network.factories import UserFactory
from tests.webinars.factories import (
    RegistrationFactory,
    SeriesSubscriptionFactory,
    WebinarSessionFactory,
)

pytestmark = pytest.mark.django_db


def test_closing_takes_the_history_that_names_the_person():
    person = UserFactory(email="leaving@town.example", full_name="Leaving Person")
    upcoming = RegistrationFactory(user=person, email=person.email, full_name="Typed Name")
    past = RegistrationFactory(
        session=WebinarSessionFactory(starts_at=timezone.now() - datetime.timedelta(days=2)),
        user=person,
        email=person.email,
        full_name="Typed Name",
    )
    subscription = SeriesSubscriptionFactory(user=person, email=person.email)
    someone_else = RegistrationFactory(session=upcoming.session)
    for row, action in [
        (upcoming, "webinars.registration.register"),
        (past, "webinars.registration.attendance"),
        (subscription, "webinars.subscription.subscribe"),
        (someone_else, "webinars.registration.register"),
    ]:
        log(row, action, user=None)
    close_account(user=person, by=person)
    assert not ModelLogEntry.objects.filter(label__contains="Typed Name").exists()
    assert list(ModelLogEntry.objects.for_instance(someone_else).values_list("action", flat=True))
    past.refresh_from_db()
    assert past.full_name == "" and past.email.endswith("@closed.invalid")
