"""Rules found in review: one place per course, the queue order, invitations used once,
capacity edits in the admin, and odd input on the learner's forms."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from academy import services
from academy.models import Cohort, CoursePage, Enrolment
from network.models import User
from tests.network.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def course():
    return CoursePage.objects.get(locale__language_code="en", slug="city-led-prevention")


def cohort_of(course, name, *, mode=Cohort.Mode.OPEN, capacity=1, days=-2):
    return Cohort.objects.create(
        course=course,
        name=name,
        enrolment_mode=mode,
        capacity=capacity,
        starts_on=timezone.localdate() + datetime.timedelta(days=days),
    )


def test_a_returning_learner_joins_the_back_of_the_waitlist(course):
    cohort = cohort_of(course, "Queue")
    seated, leaver, waiting = UserFactory.create_batch(3)
    services.enrol(cohort=cohort, user=seated)
    first_try = services.enrol(cohort=cohort, user=leaver)
    services.enrol(cohort=cohort, user=waiting)
    services.withdraw(enrolment=first_try)
    services.enrol(cohort=cohort, user=leaver)  # back again, after `waiting`
    services.withdraw(enrolment=Enrolment.objects.get(cohort=cohort, user=seated))
    assert Enrolment.objects.get(cohort=cohort, user=waiting).status == "enrolled"
    assert Enrolment.objects.get(cohort=cohort, user=leaver).status == "waitlisted"


def test_one_place_per_course(course):
    person = UserFactory()
    services.enrol(cohort=cohort_of(course, "A", capacity=5), user=person)
    with pytest.raises(ValidationError, match="already have a place in A"):
        services.enrol(cohort=cohort_of(course, "B", capacity=5), user=person)
    with pytest.raises(ValidationError, match="already have a place"):
        services.apply(cohort=cohort_of(course, "C", mode=Cohort.Mode.APPLICATION), user=person)


def test_cohorts_that_started_long_ago_take_nobody(course):
    with pytest.raises(ValidationError, match="started too long ago"):
        services.enrol(cohort=cohort_of(course, "Old", days=-60), user=UserFactory())


def test_an_invitation_is_used_once(course):
    cohort = cohort_of(course, "Invited", mode=Cohort.Mode.INVITATION, capacity=5)
    person = UserFactory()
    services.invite(cohort=cohort, emails=[person.email])
    invitation = cohort.invitations.get()
    enrolment = services.accept_invitation(invitation=invitation, user=person)
    assert services.accept_invitation(invitation=invitation, user=person) == enrolment
    services.withdraw(enrolment=enrolment)
    with pytest.raises(ValidationError, match="already been used"):
        services.accept_invitation(invitation=invitation, user=person)


def test_deferral_cannot_undo_a_declined_application(course):
    now = cohort_of(course, "Now", capacity=5)
    later = cohort_of(course, "Later", mode=Cohort.Mode.APPLICATION, days=40)
    person = UserFactory()
    declined = services.apply(cohort=later, user=person)
    services.decide(cohort=later, enrolment_ids=[declined.pk], approve=False)
    enrolment = services.enrol(cohort=now, user=person)
    with pytest.raises(ValidationError, match="declined"):
        services.defer(enrolment=enrolment, to_cohort=later)


def test_an_odd_cohort_choice_is_a_message_not_an_error(client, course):
    person = UserFactory()
    enrolment = services.enrol(cohort=cohort_of(course, "Here", capacity=5), user=person)
    client.force_login(person)
    response = client.post(
        f"/en/academy/enrolments/{enrolment.pk}/defer/", {"cohort": "abc"}, follow=True
    )
    assert response.status_code == 200
    assert "Choose the cohort you want to move to." in response.content.decode()


def test_capacity_cannot_drop_below_seats_and_a_rise_fills_them(client, course):
    cohort = cohort_of(course, "Resized", capacity=2)
    people = UserFactory.create_batch(3)
    for person in people:
        services.enrol(cohort=cohort, user=person)
    client.force_login(User.objects.get(email="coordinator@hub.example"))
    url = f"/admin/cohort/edit/{cohort.pk}/"
    form = {
        "course": course.pk,
        "name": cohort.name,
        "starts_on": cohort.starts_on.isoformat(),
        "time_zone": cohort.time_zone,
        "language": "en",
        "enrolment_mode": "open",
    }
    response = client.post(url, {**form, "capacity": 1})
    assert "2 learners already hold a seat" in response.content.decode()
    client.post(url, {**form, "capacity": 3})
    assert cohort.enrolments.enrolled().count() == 3


def test_enrolments_are_read_only_in_the_admin(client, course):
    enrolment = services.enrol(cohort=cohort_of(course, "Shown"), user=UserFactory())
    client.force_login(User.objects.get(email="coordinator@hub.example"))
    assert client.get("/admin/enrolment/").status_code == 200
    assert client.get(f"/admin/enrolment/inspect/{enrolment.pk}/").status_code == 200
    response = client.post(f"/admin/enrolment/edit/{enrolment.pk}/", {"status": "enrolled"})
    assert response.status_code in (302, 403)
    assert client.get("/admin/enrolment/new/").status_code in (302, 403)


def test_signed_out_visitors_are_asked_to_sign_in_for_a_check(client):
    from academy.models import LessonPage
    from tests.academy.test_checks import with_check

    general = CoursePage.objects.get(locale__language_code="en", slug="online-harms-general-track")
    lesson = with_check(LessonPage.objects.descendant_of(general).filter(locale=general.locale)[0])
    page = client.get(lesson.url).content.decode()  # self-paced: the lesson is open to all
    assert "Sign in to take the check" in page
    assert "Submit my answers" not in page and 'name="q0"' not in page
