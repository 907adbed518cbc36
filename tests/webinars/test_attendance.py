"""The attendee list (webinars.attendance): read whatever the platform calls the column;
each seat holder's attendance is recorded and logged, once."""

import pytest
from wagtail.models import ModelLogEntry

from network.models import User
from tests.webinars.factories import RegistrationFactory, WebinarSessionFactory
from webinars.attendance import emails_from_csv, import_attendance


def test_a_single_column_attendee_list_is_read():
    assert emails_from_csv(b"Email\na@town.example\nb@town.example\n") == {
        "a@town.example",
        "b@town.example",
    }


@pytest.mark.django_db
def test_attendance_is_logged_with_the_coordinator_once():
    coordinator = User.objects.get(email="coordinator@hub.example")
    session = WebinarSessionFactory()
    came = RegistrationFactory(session=session, email="came@town.example")
    missed = RegistrationFactory(session=session, email="missed@town.example")
    RegistrationFactory(session=session, status="cancelled")
    emails = {"came@town.example", "walkin@town.example"}
    counts = import_attendance(session=session, emails=emails, by=coordinator)
    assert counts == {"attended": 1, "no_show": 1, "unregistered": 1}
    for registration, attended in ((came, True), (missed, False)):
        registration.refresh_from_db()
        assert registration.attended is attended
        (entry,) = ModelLogEntry.objects.for_instance(registration)
        assert (entry.action, entry.user, entry.data) == (
            "webinars.registration.attendance",
            coordinator,
            {"attended": attended},
        )
    import_attendance(session=session, emails=emails, by=coordinator)  # the same list again
    assert ModelLogEntry.objects.filter(action="webinars.registration.attendance").count() == 2


@pytest.mark.django_db
def test_a_closed_account_s_past_seat_still_takes_its_attendance():
    """Closing keeps a past seat with the name emptied (network.personal_data): importing
    the attendee list afterwards still records it, and the rest of the list with it."""
    import datetime

    from django.utils import timezone

    from network.personal_data import close_account
    from tests.network.factories import UserFactory

    past = WebinarSessionFactory(starts_at=timezone.now() - datetime.timedelta(days=2))
    person = UserFactory(email="leaving@town.example", full_name="Leaving Person")
    theirs = RegistrationFactory(session=past, user=person, email=person.email)
    other = RegistrationFactory(session=past, email="stays@town.example")
    close_account(user=person, by=person)
    theirs.refresh_from_db()
    assert theirs.full_name == "" and theirs.status == "registered"
    counts = import_attendance(session=past, emails={"stays@town.example"}, by=None)
    assert counts["attended"] == 1 and counts["no_show"] == 1
    other.refresh_from_db()
    theirs.refresh_from_db()
    assert (other.attended, theirs.attended) == (True, False)
