"""The academy's read rules (academy/models/learning.py): who sees which cohorts,
enrolments and certificates, as coordinators, facilitators, leads and learners."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser, Group

from academy.models import Certificate, Cohort, Enrolment
from network.models import COORDINATORS_GROUP, Membership
from tests.network.factories import MembershipFactory, OrganisationFactory, UserFactory

from .factories import CohortFactory, EnrolmentFactory, build_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """City A's lead and official, city B's official; a facilitated cohort with A's official
    in it, another cohort with B's official only."""
    city_a, city_b = OrganisationFactory(), OrganisationFactory()
    lead, official_a, official_b, facilitator = (UserFactory() for _ in range(4))
    MembershipFactory(user=lead, organisation=city_a, role=Membership.Role.LEAD)
    MembershipFactory(user=official_a, organisation=city_a)
    MembershipFactory(user=official_b, organisation=city_b)
    course = build_course()
    ours = CohortFactory(course=course, facilitators=[facilitator])
    theirs = CohortFactory(course=course)
    coordinator = UserFactory()
    coordinator.groups.add(Group.objects.get(name=COORDINATORS_GROUP))
    return SimpleNamespace(
        lead=lead,
        official_a=official_a,
        official_b=official_b,
        facilitator=facilitator,
        coordinator=coordinator,
        ours=ours,
        theirs=theirs,
        enrolment_a=EnrolmentFactory(cohort=ours, user=official_a),
        enrolment_b=EnrolmentFactory(cohort=theirs, user=official_b),
    )


def test_coordinators_see_every_cohort(world):
    assert set(Cohort.objects.visible_to(world.coordinator)) == set(Cohort.objects.all())


def test_facilitators_see_the_cohorts_they_facilitate(world):
    assert list(Cohort.objects.visible_to(world.facilitator)) == [world.ours]


def test_a_lead_sees_the_cohorts_their_people_are_in(world):
    assert list(Cohort.objects.visible_to(world.lead)) == [world.ours]


def test_learners_and_visitors_see_no_cohort_in_reports(world):
    assert not Cohort.objects.visible_to(world.official_a).exists()
    assert not Cohort.objects.visible_to(AnonymousUser()).exists()


def test_a_cohort_is_listed_once_however_many_ways_it_is_visible(world):
    world.ours.facilitators.add(world.lead, UserFactory())
    EnrolmentFactory(cohort=world.ours, user=world.lead)
    assert list(Cohort.objects.visible_to(world.lead)) == [world.ours]


def test_enrolments_per_role(world):
    a, b = world.enrolment_a, world.enrolment_b
    assert set(Enrolment.objects.visible_to(world.coordinator)) >= {a, b}
    assert list(Enrolment.objects.visible_to(world.facilitator)) == [a]
    assert list(Enrolment.objects.visible_to(world.lead)) == [a]
    assert list(Enrolment.objects.visible_to(world.official_b)) == [b]
    assert list(Enrolment.objects.own(world.official_a)) == [a]
    assert not Enrolment.objects.visible_to(AnonymousUser()).exists()


def test_a_facilitators_own_learning_stays_out_of_their_reports(world):
    own = EnrolmentFactory(cohort=world.theirs, user=world.facilitator)
    assert own in Enrolment.objects.visible_to(world.facilitator)
    assert list(Enrolment.objects.reported_to(world.facilitator)) == [world.enrolment_a]


def test_a_lead_sees_their_peoples_certificates(world):
    course = world.ours.course
    mine = Certificate.objects.create(
        code="TEST-0000-0000-0001",
        user=world.official_a,
        course=course,
        cohort=world.ours,
        learner_name="A",
        hours=1,
    )
    Certificate.objects.create(
        code="TEST-0000-0000-0002",
        user=world.official_b,
        course=course,
        cohort=world.theirs,
        learner_name="B",
        hours=1,
    )
    assert list(Certificate.objects.visible_to(world.lead)) == [mine]
    assert list(Certificate.objects.reported_to(world.facilitator)) == [mine]
