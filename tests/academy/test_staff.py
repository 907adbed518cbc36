"""Academy staff in the admin: another attempt at a knowledge check, applications across
cohorts, the home page's academy panels, facilitators told apart."""

import uuid

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.models import ModelLogEntry

from academy import services
from academy.admin_panels import out_of_attempts
from academy.admin_views import CohortForm, pending_counts
from academy.models import AttemptGrant, Cohort, Enrolment, LessonPage
from network.models import User
from tests.academy.factories import CohortFactory, EnrolmentFactory
from tests.academy.test_checks import QUESTIONS, check_url, post
from tests.network.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

WRONG = {0: [1], 1: [1], 2: [0]}
RIGHT = {0: [0], 1: [0, 2], 2: [1]}


def staff(name: str) -> User:
    group = Group.objects.get_or_create(name="Test academy facilitators")[0]
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user = UserFactory(full_name=name)
    user.groups.add(group)
    return user


@pytest.fixture
def coordinator():
    return User.objects.get(email="coordinator@hub.example")


@pytest.fixture
def facilitator():
    return staff("Fran Facilitator")


@pytest.fixture
def cohort(facilitator):
    cohort = CohortFactory(facilitators=[facilitator])
    lesson = LessonPage.objects.descendant_of(cohort.course).order_by("path").first()
    lesson.check_questions = QUESTIONS
    lesson.pass_mark, lesson.max_attempts = 60, 2
    lesson.save_revision().publish()
    return cohort


@pytest.fixture
def lesson(cohort):
    return LessonPage.objects.descendant_of(cohort.course).order_by("path").first()


@pytest.fixture
def enrolment(cohort):
    return EnrolmentFactory(cohort=cohort, user=UserFactory(full_name="Lee Learner"))


def fail_all(lesson, user):
    for _ in range(lesson.check_state(user)["left"]):
        services.submit_check(lesson=lesson, user=user, nonce=uuid.uuid4(), answers=WRONG)


# --- Another attempt (service) ---


def test_a_facilitator_grants_another_attempt_and_the_learner_can_answer_again(
    lesson, enrolment, facilitator, django_capture_on_commit_callbacks
):
    learner = enrolment.user
    fail_all(lesson, learner)
    with pytest.raises(ValidationError, match="grant you another"):
        services.submit_check(lesson=lesson, user=learner, nonce=uuid.uuid4(), answers=RIGHT)

    with django_capture_on_commit_callbacks(execute=True):
        grant = services.grant_attempt(
            enrolment=enrolment, lesson=lesson, by=facilitator, reason="Was ill that week."
        )
    assert (grant.attempts, grant.granted_by, grant.cohort) == (1, facilitator, enrolment.cohort)
    state = lesson.check_state(learner)
    assert (state["allowed"], state["left"]) == (3, 1)
    entry = ModelLogEntry.objects.get(action="academy.enrolment.grant_attempt")
    assert entry.user_id == facilitator.pk and entry.object_id == str(enrolment.pk)
    assert entry.data["allowed"] == 3 and entry.data["reason"] == "Was ill that week."
    [message] = mail.outbox
    assert message.to == [learner.email] and "Another attempt" in message.subject
    assert lesson.full_url in message.body or lesson.get_full_url() in message.body

    attempt = services.submit_check(lesson=lesson, user=learner, nonce=uuid.uuid4(), answers=RIGHT)
    assert attempt.passed


def test_one_grant_is_one_attempt_and_nothing_more(lesson, enrolment, facilitator):
    fail_all(lesson, enrolment.user)
    services.grant_attempt(enrolment=enrolment, lesson=lesson, by=facilitator)
    # a second click before the learner used it: refused, the allowance stays
    with pytest.raises(ValidationError, match="still has 1 attempt left"):
        services.grant_attempt(enrolment=enrolment, lesson=lesson, by=facilitator)
    fail_all(lesson, enrolment.user)
    with pytest.raises(ValidationError, match="all your attempts"):
        services.submit_check(lesson=lesson, user=enrolment.user, nonce=uuid.uuid4(), answers=RIGHT)
    assert AttemptGrant.objects.count() == 1


def test_only_the_cohorts_facilitators_and_coordinators_grant(lesson, enrolment, coordinator):
    fail_all(lesson, enrolment.user)
    stranger = staff("Fran Facilitator")  # same name, another cohort
    CohortFactory(facilitators=[stranger])
    with pytest.raises(ValidationError, match="Only this cohort's facilitators"):
        services.grant_attempt(enrolment=enrolment, lesson=lesson, by=stranger)
    with pytest.raises(ValidationError, match="Only this cohort's facilitators"):
        services.grant_attempt(enrolment=enrolment, lesson=lesson, by=enrolment.user)
    services.grant_attempt(enrolment=enrolment, lesson=lesson, by=coordinator, attempts=2)
    assert lesson.check_state(enrolment.user)["left"] == 2


def test_no_grant_for_a_passed_check_a_lesson_elsewhere_or_a_learner_without_a_seat(
    lesson, enrolment, facilitator
):
    other_course_lesson = LessonPage.objects.descendant_of(CohortFactory().course).first()
    with pytest.raises(ValidationError, match="no knowledge check"):
        services.grant_attempt(enrolment=enrolment, lesson=other_course_lesson, by=facilitator)
    services.submit_check(lesson=lesson, user=enrolment.user, nonce=uuid.uuid4(), answers=RIGHT)
    with pytest.raises(ValidationError, match="already passed"):
        services.grant_attempt(enrolment=enrolment, lesson=lesson, by=facilitator)
    withdrawn = EnrolmentFactory(cohort=enrolment.cohort, status=Enrolment.Status.WITHDRAWN)
    with pytest.raises(ValidationError, match="does not hold a seat"):
        services.grant_attempt(enrolment=withdrawn, lesson=lesson, by=facilitator)


def test_posting_answers_cannot_get_past_the_limit(client, lesson, enrolment):
    fail_all(lesson, enrolment.user)
    client.force_login(enrolment.user)
    client.post(check_url(lesson), post(RIGHT))
    assert lesson.check_state(enrolment.user)["used"] == 2
    assert not lesson.check_state(enrolment.user)["passed"]


# --- The learner out of attempts reads who can help ---


def test_the_lesson_names_the_facilitator_and_how_to_reach_them(client, lesson, enrolment):
    fail_all(lesson, enrolment.user)
    client.force_login(enrolment.user)
    page = client.get(lesson.url).content.decode()
    assert "Fran Facilitator" in page
    facilitator = enrolment.cohort.facilitators.get()
    assert f"mailto:{facilitator.email}" in page
    assert "can grant you another attempt" in page
    assert "mailto:hub@example.org" in page
    assert "Your facilitator can help" not in page


# --- The grant screens ---


def test_the_grant_screen_confirms_then_grants(client, lesson, enrolment, facilitator):
    fail_all(lesson, enrolment.user)
    client.force_login(facilitator)
    checks = client.get(reverse("academy_staff:checks", args=[enrolment.pk]))
    assert checks.status_code == 200
    url = reverse("academy_staff:grant_attempt", args=[enrolment.pk, lesson.pk])
    assert url in checks.content.decode()
    confirm = client.get(url)
    assert confirm.status_code == 200 and "Lee Learner" in confirm.content.decode()
    assert not AttemptGrant.objects.exists()  # a GET grants nothing
    response = client.post(url, {"attempts": "1", "reason": "Second chance"})
    assert response.status_code == 302
    assert AttemptGrant.objects.get().reason == "Second chance"
    again = client.post(url, {"attempts": "1"}, follow=True)  # the form sent twice
    assert "is not out of attempts" in again.content.decode()
    assert AttemptGrant.objects.count() == 1


def test_another_cohorts_facilitator_gets_404(client, lesson, enrolment):
    fail_all(lesson, enrolment.user)
    stranger = staff("Fran Facilitator")
    CohortFactory(facilitators=[stranger])
    client.force_login(stranger)
    assert client.get(reverse("academy_staff:checks", args=[enrolment.pk])).status_code == 404
    url = reverse("academy_staff:grant_attempt", args=[enrolment.pk, lesson.pk])
    assert client.post(url, {"attempts": "1"}).status_code == 404
    assert not AttemptGrant.objects.exists()


def test_a_lesson_outside_the_course_answers_404(client, enrolment, facilitator):
    elsewhere = LessonPage.objects.descendant_of(CohortFactory().course).first()
    client.force_login(facilitator)
    url = reverse("academy_staff:grant_attempt", args=[enrolment.pk, elsewhere.pk])
    assert client.get(url).status_code == 404


# --- Applications ---


def applicants(cohort, count):
    return [EnrolmentFactory(cohort=cohort, status=Enrolment.Status.APPLIED) for _ in range(count)]


def test_the_listing_shows_pending_applications_of_ones_cohorts(client, facilitator, coordinator):
    mine = CohortFactory(facilitators=[facilitator], enrolment_mode=Cohort.Mode.APPLICATION)
    theirs = CohortFactory(enrolment_mode=Cohort.Mode.APPLICATION)
    waiting = applicants(mine, 2)
    decided = EnrolmentFactory(cohort=mine, status=Enrolment.Status.DECLINED)
    elsewhere = applicants(theirs, 1)
    url = reverse("academy_applications:index")

    client.force_login(facilitator)
    page = client.get(url).content.decode()
    assert all(e.user.email in page for e in waiting)
    assert decided.user.email not in page  # waiting ones by default
    assert elsewhere[0].user.email not in page
    declined = client.get(url, {"status": "declined"}).content.decode()
    assert decided.user.email in declined and waiting[0].user.email not in declined
    assert client.get(url, {"cohort": theirs.pk}).status_code == 200  # not a choice: ignored

    client.force_login(coordinator)
    page = client.get(url, {"course": theirs.course.pk}).content.decode()
    assert elsewhere[0].user.email in page and waiting[0].user.email not in page
    page = client.get(url, {"cohort": mine.pk, "ordering": "-created_at"}).content.decode()
    assert page.index(waiting[1].user.email) < page.index(waiting[0].user.email)
    decide = reverse("cohort:applications", args=[mine.pk]) + f"?applications={waiting[0].pk}"
    assert decide.replace("&", "&amp;") in page or decide in page


def test_other_admin_users_are_refused(client):
    editor = staff("Eddie Editor")
    client.force_login(editor)
    response = client.get(reverse("academy_applications:index"))
    # Wagtail's admin answers PermissionDenied with its home page and a message.
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


def test_pending_counts_per_cohort_and_on_the_cohort_listing(client, coordinator, facilitator):
    mine = CohortFactory(facilitators=[facilitator], enrolment_mode=Cohort.Mode.APPLICATION)
    theirs = CohortFactory(enrolment_mode=Cohort.Mode.APPLICATION)
    applicants(mine, 3)
    applicants(theirs, 1)
    EnrolmentFactory(cohort=mine, status=Enrolment.Status.ENROLLED)
    counts = {c.pk: c.pending for c in pending_counts(facilitator)}
    assert counts == {mine.pk: 3}
    counts = {c.pk: c.pending for c in pending_counts(coordinator)}
    assert counts[mine.pk] == 3 and counts[theirs.pk] == 1

    client.force_login(coordinator)
    page = client.get(reverse("cohort:index"), {"ordering": "-pending_applications"})
    html = page.content.decode()
    assert "Pending applications" in html
    assert f'href="{reverse("cohort:applications", args=[mine.pk])}"><strong>3</strong>' in html


def test_the_applications_listing_costs_the_same_for_many_rows(
    client, coordinator, django_assert_max_num_queries
):
    cohort = CohortFactory(enrolment_mode=Cohort.Mode.APPLICATION)
    applicants(cohort, 2)
    client.force_login(coordinator)
    url = reverse("academy_applications:index")
    client.get(url)
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    for enrolment in applicants(cohort, 30):
        MembershipFactory(user=enrolment.user)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


# --- Home panels ---


def test_the_home_page_shows_the_academy_panels_to_academy_staff_only(
    client, facilitator, coordinator, lesson, enrolment
):
    mine = CohortFactory(facilitators=[facilitator], enrolment_mode=Cohort.Mode.APPLICATION)
    applicants(mine, 2)
    fail_all(lesson, enrolment.user)

    client.force_login(facilitator)
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Academy applications awaiting a decision" in page
    assert str(mine) in page
    assert "Learners out of attempts" in page and "Lee Learner" in page
    assert reverse("academy_staff:grant_attempt", args=[enrolment.pk, lesson.pk]) in page

    client.force_login(coordinator)
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("cohort:applications", args=[mine.pk]) in page

    client.force_login(staff("Eddie Editor"))
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Academy applications awaiting a decision" not in page


def test_out_of_attempts_forgets_learners_once_granted_or_passed(lesson, enrolment, facilitator):
    fail_all(lesson, enrolment.user)
    assert [row["enrolment"] for row in out_of_attempts(facilitator)] == [enrolment]
    other = staff("Otto Other")
    CohortFactory(facilitators=[other])
    assert out_of_attempts(other) == []
    services.grant_attempt(enrolment=enrolment, lesson=lesson, by=facilitator)
    assert out_of_attempts(facilitator) == []


def test_the_home_panels_cost_the_same_for_many_cohorts_and_learners(
    client, coordinator, lesson, enrolment, django_assert_max_num_queries
):
    client.force_login(coordinator)
    url = reverse("wagtailadmin_home")
    fail_all(lesson, enrolment.user)
    applicants(CohortFactory(enrolment_mode=Cohort.Mode.APPLICATION), 1)
    client.get(url)
    with django_assert_max_num_queries(200) as few:
        client.get(url)
    for _ in range(5):
        cohort = CohortFactory(enrolment_mode=Cohort.Mode.APPLICATION)
        applicants(cohort, 3)
    for _ in range(5):
        fail_all(lesson, EnrolmentFactory(cohort=enrolment.cohort).user)
    with django_assert_max_num_queries(len(few.captured_queries) + 2):
        client.get(url)


# --- Facilitators told apart ---


def test_facilitators_with_the_same_name_are_told_apart(facilitator):
    namesake = staff("Fran Facilitator")
    MembershipFactory(user=namesake, organisation=OrganisationFactory(name="City of Boise"))
    learner = UserFactory(full_name="Not Staff")
    form_class = (
        ObjectList([FieldPanel("facilitators")], base_form_class=CohortForm)
        .bind_to_model(Cohort)
        .get_form_class()
    )
    form = form_class(
        instance=CohortFactory(), for_user=User.objects.get(email="coordinator@hub.example")
    )
    labels = [label for _value, label in form.fields["facilitators"].choices]
    assert f"Fran Facilitator · {facilitator.email}" in labels
    assert f"Fran Facilitator · {namesake.email} · City of Boise" in labels
    assert not any(learner.email in label for label in labels)


def test_the_learner_is_told_in_their_language(
    lesson, enrolment, facilitator, django_capture_on_commit_callbacks
):
    enrolment.user.language = "fr"
    enrolment.user.save()
    fail_all(lesson, enrolment.user)
    with django_capture_on_commit_callbacks(execute=True):
        services.grant_attempt(enrolment=enrolment, lesson=lesson, by=facilitator)
    [message] = mail.outbox
    assert message.subject.startswith("Un autre essai")
    assert "vous a accordé un autre essai" in message.body


def test_the_enrolment_listing_leads_to_a_learners_checks(client, coordinator, enrolment):
    client.force_login(coordinator)
    page = client.get(reverse("enrolment:index"), {"q": enrolment.user.email})
    assert reverse("academy_staff:checks", args=[enrolment.pk]) in page.content.decode()
