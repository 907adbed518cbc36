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
