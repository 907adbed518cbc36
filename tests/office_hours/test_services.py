"""The booking services' audit trail: every change of a booking's state is one Wagtail log
entry naming who did it, shown in the admin's history."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.log_actions import registry
from wagtail.models import ModelLogEntry

from network.models import ExpertProfile
from tests.network.factories import MembershipFactory, OrganisationFactory
from webinars.office_hours import services
from webinars.office_hours.models import Booking, OfficeHoursPage
from webinars.office_hours.slots import open_slots

from .test_office_hours import book, free, member

pytestmark = pytest.mark.django_db


def entries(booking) -> list[tuple[str, int | None]]:
    rows = ModelLogEntry.objects.for_instance(booking).order_by("timestamp", "pk")
    return [(row.action, row.user_id) for row in rows]


def test_booking_moving_cancelling_and_the_outcome_are_logged_with_who(programme, expert):
    booker = member()
    booking, _ = book(programme, expert, booker)
    services.reschedule(booking=booking, starts_at=free(expert, days=3).starts_at, by=booker)
    booking.refresh_from_db()
    services.cancel(booking=booking, by=None, reason="Council meeting moved")
    assert entries(booking) == [
        ("office_hours.booking.book", booker.pk),
        ("office_hours.booking.reschedule", booker.pk),
        ("office_hours.booking.cancel", None),  # from the emailed link: nobody signed in
    ]
    cancelled = ModelLogEntry.objects.for_instance(booking).get(
        action="office_hours.booking.cancel"
    )
    assert cancelled.data == {"cancelled_by": "organisation", "reason": "Council meeting moved"}


def test_the_outcome_is_logged_and_a_refused_change_logs_nothing(programme, expert):
    booking, _ = book(programme, expert, member())
    with pytest.raises(ValidationError):
        services.record_outcome(booking=booking, status="held", by=expert.user)
    assert [action for action, _ in entries(booking)] == ["office_hours.booking.book"]
    later = booking.ends_at + datetime.timedelta(minutes=1)
    services.record_outcome(booking=booking, status="held", by=expert.user, now=later)
    assert entries(booking)[-1] == ("office_hours.booking.outcome", expert.user.pk)


def test_every_booking_action_has_a_label_in_both_languages():
    from django.utils import translation

    actions = [
        "office_hours.booking.book",
        "office_hours.booking.reschedule",
        "office_hours.booking.cancel",
        "office_hours.booking.outcome",
    ]
    for action in actions:
        assert registry.action_exists(action)
        with translation.override("fr"):
            french = str(registry.get_action_label(action))
        assert french != str(registry.get_action_label(action))


def test_an_inactive_expert_cannot_be_booked():
    official = MembershipFactory(
        organisation=OrganisationFactory(country="CA", region="CA-ON")
    ).user
    programme = OfficeHoursPage.objects.get(locale__language_code="en", slug="office-hours")
    amara = ExpertProfile.objects.get(user__email="expert.amara@hub.example")
    slot = open_slots(
        ExpertProfile.objects.filter(pk=amara.pk),
        start=timezone.now() + datetime.timedelta(days=3),
    )[0]
    ExpertProfile.objects.filter(pk=amara.pk).update(is_active=False)
    assert open_slots(ExpertProfile.objects.filter(pk=amara.pk)) == []
    with pytest.raises(Exception, match="does not hold office hours"):
        services.book(
            programme=programme,
            expert_id=amara.pk,
            starts_at=slot.starts_at,
            organisation=official.memberships.get().organisation,
            user=official,
            questions="?",
            language="en",
        )
    assert not Booking.objects.filter(booked_by=official).exists()
