"""Enrolment by application (decided in bulk), by invitation (signed links), and deferral."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from academy import services
from academy.models import Cohort, CoursePage, Enrolment, Invitation
from network.models import EXPERTS_GROUP, User
from tests.network.factories import UserFactory

pytestmark = pytest.mark.django_db

COURSE = "/en/prevention-academy-us/city-led-prevention/"


@pytest.fixture
def course():
    return CoursePage.objects.get(locale__language_code="en", slug="city-led-prevention")


def make_cohort(course, mode, *, capacity=2, days=-3, name=None):
    return Cohort.objects.create(
        course=course,
        name=name or f"{mode} cohort",
        starts_on=timezone.localdate() + datetime.timedelta(days=days),
        capacity=capacity,
        enrolment_mode=mode,
    )


@pytest.fixture
def coordinator():
    return User.objects.get(email="coordinator@hub.example")


# --- Applications ---


def test_applicants_wait_and_coordinators_decide_in_bulk(
    client, course, coordinator, django_capture_on_commit_callbacks
):
    cohort = make_cohort(course, Cohort.Mode.APPLICATION, capacity=2)
    people = UserFactory.create_batch(4)
    with django_capture_on_commit_callbacks(execute=True):
        for person in people:
            services.apply(cohort=cohort, user=person, note="Our council needs this.")
    assert set(cohort.enrolments.values_list("status", flat=True)) == {"applied"}
    assert all("Application received" in message.subject for message in mail.outbox)

    client.force_login(coordinator)
    url = f"/admin/cohort/{cohort.pk}/applications/"
    page = client.get(url).content.decode()
    assert "Our council needs this." in page and people[0].email in page
    ids = list(cohort.enrolments.order_by("created_at").values_list("pk", flat=True))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"applications": ids[:3], "decision": "approve"})
        assert response.status_code == 302
        client.post(url, {"applications": ids[3:], "decision": "decline"})
    statuses = [e.status for e in cohort.enrolments.order_by("created_at")]
    assert statuses == ["enrolled", "enrolled", "waitlisted", "declined"]
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert "approved" in subjects[people[0].email]
    assert "approved" not in subjects[people[3].email]
    with pytest.raises(ValidationError, match="declined"):
        services.apply(cohort=cohort, user=people[3])


def test_a_decision_without_a_selection_says_so(client, course, coordinator):
    cohort = make_cohort(course, Cohort.Mode.APPLICATION)
    services.apply(cohort=cohort, user=UserFactory())
    client.force_login(coordinator)
    response = client.post(f"/admin/cohort/{cohort.pk}/applications/", {"decision": "approve"})
    assert "Select at least one application." in response.content.decode()
    assert cohort.enrolments.get().status == "applied"


def test_only_coordinators_decide(client, course):
    cohort = make_cohort(course, Cohort.Mode.APPLICATION)
    enrolment = services.apply(cohort=cohort, user=UserFactory())
    facilitator = UserFactory()
    facilitator.groups.add(Group.objects.get(name=EXPERTS_GROUP))  # has admin access
    client.force_login(facilitator)
    url = f"/admin/cohort/{cohort.pk}/applications/"
    response = client.post(url, {"applications": [enrolment.pk], "decision": "approve"})
    assert response.status_code == 302  # Wagtail sends the refused user back to the dashboard
    enrolment.refresh_from_db()
    assert enrolment.status == "applied"


def test_applying_through_the_course_page(client, course):
    cohort = make_cohort(course, Cohort.Mode.APPLICATION, days=10)
    person = UserFactory()
    client.force_login(person)
    assert f"Apply to {cohort.name}" in client.get(COURSE).content.decode()
    response = client.post(f"/en/academy/cohorts/{cohort.pk}/apply/", {"note": "We are ready."})
    assert response.status_code == 302
    assert cohort.enrolments.get(user=person).application_note == "We are ready."
    assert "waiting for a decision" in client.get(COURSE).content.decode()


# --- Invitations ---


def test_coordinators_invite_by_pasting_addresses(
    client, course, coordinator, django_capture_on_commit_callbacks
):
    cohort = make_cohort(course, Cohort.Mode.INVITATION)
    french = UserFactory(language="fr")
    client.force_login(coordinator)
    url = f"/admin/cohort/{cohort.pk}/invite/"
    pasted = f"a@city.example, B@City.example\n{french.email}; a@city.example"
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"emails": pasted}).status_code == 302
    assert sorted(cohort.invitations.values_list("email", flat=True)) == sorted(
        ["a@city.example", "b@city.example", french.email]
    )
    assert len(mail.outbox) == 3
    to_french = next(m for m in mail.outbox if m.to == [french.email])
    assert "/fr/academy/invitations/" in to_french.body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"emails": "a@city.example"})
    assert mail.outbox == []  # invited once


def test_a_bad_address_sends_nothing_and_keeps_the_list(client, course, coordinator):
    cohort = make_cohort(course, Cohort.Mode.INVITATION)
    client.force_login(coordinator)
    response = client.post(
        f"/admin/cohort/{cohort.pk}/invite/", {"emails": "ok@city.example\nnot-an-address"}
    )
    html = response.content.decode()
    assert "not-an-address" in html and "Nothing was sent" in html
    assert "ok@city.example" in html  # the pasted text is kept
    assert not cohort.invitations.exists()


def test_the_invited_person_accepts_with_the_signed_link(client, course):
    cohort = make_cohort(course, Cohort.Mode.INVITATION)
    person = UserFactory()
    services.invite(cohort=cohort, emails=[person.email])
    invitation = Invitation.objects.get(cohort=cohort)
    url = f"/en/academy/invitations/{services.invitation_token(invitation)}/"

    assert "Sign in" in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]

    someone_else = UserFactory()
    client.force_login(someone_else)
    client.post(url)
    assert not cohort.enrolments.exists()

    client.force_login(person)
    assert client.get(url).status_code == 200
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == COURSE
    assert cohort.enrolments.get().status == "enrolled"
    invitation.refresh_from_db()
    assert invitation.accepted_by == person
    client.post(url)  # accepting again changes nothing
    assert cohort.enrolments.count() == 1


def test_a_tampered_link_is_refused(client, course):
    cohort = make_cohort(course, Cohort.Mode.INVITATION)
    services.invite(cohort=cohort, emails=["x@city.example"])
    token = services.invitation_token(cohort.invitations.get())
    response = client.get(f"/en/academy/invitations/{token[:-2]}xx/")
    assert response.status_code == 404
    assert "not valid or has expired" in response.content.decode()


# --- Deferral ---


def test_deferring_moves_to_a_later_cohort_and_frees_the_seat(course):
    now = make_cohort(course, Cohort.Mode.OPEN, capacity=1, name="Now")
    later = make_cohort(course, Cohort.Mode.OPEN, capacity=5, days=60, name="Later")
    person, waiting = UserFactory.create_batch(2)
    enrolment = services.enrol(cohort=now, user=person)
    services.enrol(cohort=now, user=waiting)
    moved = services.defer(enrolment=enrolment, to_cohort=later)
    assert (moved.cohort, moved.status) == (later, "enrolled")
    assert Enrolment.objects.get(cohort=now, user=person).status == "deferred"
    assert Enrolment.objects.get(cohort=now, user=waiting).status == "enrolled"
    with pytest.raises(ValidationError, match="later cohort"):
        services.defer(enrolment=moved, to_cohort=now)


def test_deferring_to_a_cohort_by_application_is_an_application(course):
    now = make_cohort(course, Cohort.Mode.OPEN, name="Now")
    later = make_cohort(course, Cohort.Mode.APPLICATION, days=60, name="Later")
    enrolment = services.enrol(cohort=now, user=UserFactory())
    assert services.defer(enrolment=enrolment, to_cohort=later).status == "applied"


def test_deferring_through_the_course_page(client, course):
    now = make_cohort(course, Cohort.Mode.OPEN, name="Now")
    later = make_cohort(course, Cohort.Mode.OPEN, days=60, name="Later")
    person = UserFactory()
    enrolment = services.enrol(cohort=now, user=person)
    client.force_login(person)
    assert "Move to a later cohort" in client.get(COURSE).content.decode()
    client.post(f"/en/academy/enrolments/{enrolment.pk}/defer/", {"cohort": later.pk})
    assert Enrolment.objects.get(user=person, status="enrolled").cohort == later
    stranger = UserFactory()
    client.force_login(stranger)
    response = client.post(f"/en/academy/enrolments/{enrolment.pk}/defer/", {"cohort": now.pk})
    assert response.status_code == 404
