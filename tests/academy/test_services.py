"""academy/services.py: every change of an enrolment's status leaves a log entry saying what
changed and who changed it, named in the admin's history in both languages."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import translation
from wagtail.log_actions import registry
from wagtail.models import ModelLogEntry

from academy import services
from academy.models import Cohort, Enrolment, Invitation
from academy.personal_data import close_academy
from tests.network.factories import UserFactory

from .factories import CohortFactory, build_course

pytestmark = pytest.mark.django_db


def history(enrolment) -> list[tuple]:
    """(action, who, from, to) for each entry of an enrolment's history, oldest first."""
    entries = ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Enrolment), object_id=str(enrolment.pk)
    ).order_by("timestamp", "pk")
    return [(e.action, e.user_id, e.data["from"], e.data["to"]) for e in entries]


def test_enrolling_and_withdrawing_are_logged_with_the_learner():
    learner = UserFactory()
    cohort = CohortFactory()
    enrolment = services.enrol(cohort=cohort, user=learner)
    services.withdraw(enrolment=enrolment, by=learner)
    assert history(enrolment) == [
        ("academy.enrolment.enrol", learner.pk, None, "enrolled"),
        ("academy.enrolment.withdraw", learner.pk, "enrolled", "withdrawn"),
    ]


def test_a_freed_seat_goes_to_the_waitlist_and_says_whose_leaving_freed_it():
    cohort = CohortFactory(capacity=1)
    first, second = UserFactory(), UserFactory()
    seated = services.enrol(cohort=cohort, user=first)
    waiting = services.enrol(cohort=cohort, user=second)
    services.withdraw(enrolment=seated, by=first)
    assert history(waiting) == [
        ("academy.enrolment.waitlist", second.pk, None, "waitlisted"),
        ("academy.enrolment.promote", first.pk, "waitlisted", "enrolled"),
    ]


def test_applications_and_decisions_name_the_applicant_then_the_coordinator():
    cohort = CohortFactory(enrolment_mode=Cohort.Mode.APPLICATION, capacity=1)
    coordinator = UserFactory()
    applicants = [UserFactory() for _ in range(3)]
    applied = [services.apply(cohort=cohort, user=a, note="Our city") for a in applicants]
    services.decide(
        cohort=cohort, enrolment_ids=[e.pk for e in applied[:2]], approve=True, by=coordinator
    )
    services.decide(cohort=cohort, enrolment_ids=[applied[2].pk], approve=False, by=coordinator)
    assert [entry[0] for entry in history(applied[0])] == [
        "academy.enrolment.apply",
        "academy.enrolment.approve",
    ]
    assert history(applied[1])[1] == (
        "academy.enrolment.approve",
        coordinator.pk,
        "applied",
        "waitlisted",
    )
    assert history(applied[2])[1] == (
        "academy.enrolment.decline",
        coordinator.pk,
        "applied",
        "declined",
    )


def test_moving_to_a_later_cohort_logs_both_places():
    course = build_course()
    now = CohortFactory(course=course)
    later = CohortFactory(
        course=course, starts_on=now.starts_on.replace(year=now.starts_on.year + 1)
    )
    learner = UserFactory()
    enrolment = services.enrol(cohort=now, user=learner)
    moved = services.defer(enrolment=enrolment, to_cohort=later, by=learner)
    assert history(enrolment)[-1] == ("academy.enrolment.defer", learner.pk, "enrolled", "deferred")
    assert history(moved) == [("academy.enrolment.enrol", learner.pk, None, "enrolled")]
    entry = ModelLogEntry.objects.get(action="academy.enrolment.defer")
    assert entry.data["to_cohort"] == later.pk


def test_accepting_an_invitation_is_logged_with_the_invitation():
    cohort = CohortFactory(enrolment_mode=Cohort.Mode.INVITATION)
    person = UserFactory()
    services.invite(cohort=cohort, emails=[person.email], by=UserFactory())
    invitation = Invitation.objects.get(cohort=cohort)
    enrolment = services.accept_invitation(invitation=invitation, user=person)
    entry = ModelLogEntry.objects.get(action="academy.enrolment.enrol", object_id=str(enrolment.pk))
    assert entry.user_id == person.pk and entry.data["invitation"] == invitation.pk


def test_the_actions_are_named_in_english_and_french():
    with translation.override("en"):
        assert registry.get_action_label("academy.enrolment.approve") == "Approve an application"
    with translation.override("fr"):
        assert registry.get_action_label("academy.enrolment.approve") == "Approuver une candidature"
        assert registry.get_action_label("academy.enrolment.withdraw") == "Se retirer d’une cohorte"


def test_closing_an_account_takes_the_enrolments_history_with_it():
    learner = UserFactory()
    enrolment = services.enrol(cohort=CohortFactory(), user=learner)
    assert history(enrolment)
    close_academy(user=learner, email=learner.email, by=None)
    assert history(enrolment) == []
