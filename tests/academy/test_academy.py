import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.models import Locale

from academy import learner_cache, services
from academy.models import Cohort, CoursePage, Enrolment, LessonPage, LessonProgress, ModulePage
from network.models import Organisation, User
from tests.network.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

COURSE = "/en/prevention-academy-us/city-led-prevention/"
FIRST_LESSON = COURSE + "public-health-approach/levels-of-prevention/"


@pytest.fixture
def course():
    return CoursePage.objects.get(locale__language_code="en", slug="city-led-prevention")


@pytest.fixture
def cohort(course):
    return Cohort.objects.create(
        course=course,
        name="Small cohort",
        starts_on=timezone.localdate() - datetime.timedelta(days=8),
        time_zone="America/Regina",
        capacity=2,
    )


def lesson(slug) -> LessonPage:
    return LessonPage.objects.get(locale__language_code="en", slug=slug)


# --- Enrolment ---


def test_enrolment_fills_seats_then_the_waitlist(cohort, django_capture_on_commit_callbacks):
    people = UserFactory.create_batch(3)
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [services.enrol(cohort=cohort, user=person).status for person in people]
    assert statuses == ["enrolled", "enrolled", "waitlisted"]
    assert cohort.enrolments.enrolled().count() == cohort.capacity
    assert [m.to for m in mail.outbox] == [[p.email] for p in people]
    assert "waitlist" in mail.outbox[2].subject


def test_enrolling_twice_keeps_one_place(cohort):
    person = UserFactory()
    first = services.enrol(cohort=cohort, user=person)
    assert services.enrol(cohort=cohort, user=person) == first
    with pytest.raises(IntegrityError), transaction.atomic():
        Enrolment.objects.create(cohort=cohort, user=person, status="enrolled")


def test_withdrawing_gives_the_seat_to_the_first_person_waiting(cohort):
    seated, other, first_waiting, second_waiting = UserFactory.create_batch(4)
    for person in (seated, other, first_waiting, second_waiting):
        services.enrol(cohort=cohort, user=person)
    enrolment = Enrolment.objects.get(cohort=cohort, user=seated)
    services.withdraw(enrolment=enrolment)
    statuses = dict(cohort.enrolments.values_list("user__email", "status"))
    assert statuses[seated.email] == "withdrawn"
    assert statuses[first_waiting.email] == "enrolled"
    assert statuses[second_waiting.email] == "waitlisted"
    assert cohort.enrolments.enrolled().count() == cohort.capacity
    with pytest.raises(ValidationError):
        services.withdraw(enrolment=enrolment)


def test_application_and_invitation_cohorts_refuse_direct_enrolment(cohort):
    for mode in (Cohort.Mode.APPLICATION, Cohort.Mode.INVITATION):
        cohort.enrolment_mode = mode
        cohort.save()
        with pytest.raises(ValidationError, match="application or invitation"):
            services.enrol(cohort=cohort, user=UserFactory())


def test_deep_dive_cohorts_take_only_their_organisations(cohort):
    victoria = Organisation.objects.get(name="Victoria")
    cohort.restricted_to.add(victoria)
    with pytest.raises(ValidationError, match="reserved"):
        services.enrol(cohort=cohort, user=UserFactory())
    member = MembershipFactory(organisation=victoria).user
    assert services.enrol(cohort=cohort, user=member).status == "enrolled"


# --- Schedule and progress ---


def test_modules_open_at_their_release_time_in_the_cohorts_zone(course, cohort):
    person = UserFactory()
    services.enrol(cohort=cohort, user=person)
    outline = course.outline_for(person)["outline"]
    week_one, week_two, week_three = outline[0], outline[1], outline[2]
    assert week_one["is_open"] and week_two["is_open"]  # started 8 days ago
    assert not week_three["is_open"]
    opens = week_three["opens_at"]
    assert opens.tzinfo.key == "America/Regina"
    assert (opens.date(), opens.hour) == (cohort.starts_on + datetime.timedelta(days=14), 9)


def test_a_lesson_done_in_english_counts_in_french(course, cohort):
    person = UserFactory()
    services.enrol(cohort=cohort, user=person)
    services.complete_lesson(lesson=lesson("risk-and-protective-factors"), user=person)
    services.complete_lesson(lesson=lesson("risk-and-protective-factors"), user=person)  # once
    assert LessonProgress.objects.filter(user=person).count() == 1
    french = course.get_translation(Locale.objects.get(language_code="fr"))
    english_view = course.outline_for(person)
    french_view = french.outline_for(person)
    assert english_view["percent_complete"] == french_view["percent_complete"] == 9  # 1 of 11
    assert french_view["outline"][0]["lessons"][1].is_done


def test_lessons_of_unreleased_modules_cannot_be_completed(cohort):
    person = UserFactory()
    services.enrol(cohort=cohort, user=person)
    with pytest.raises(ValidationError, match="not open"):
        services.complete_lesson(lesson=lesson("advisory-board"), user=person)


# --- Pages ---


def test_visitors_see_the_outline_but_not_the_lessons(client):
    course_page = client.get(COURSE).content.decode()
    assert "Three levels of prevention" in course_page
    assert "Sign in to enrol" in course_page
    lesson_page = client.get(FIRST_LESSON).content.decode()
    assert "Public health does not wait" not in lesson_page
    assert "Enrol in a cohort to read them" in lesson_page


def test_an_enrolled_learner_reads_completes_and_resumes(client, cohort):
    person = UserFactory()
    client.force_login(person)
    response = client.post(f"/en/academy/cohorts/{cohort.pk}/enrol/")
    assert response.status_code == 302 and response["Location"] == COURSE
    assert "Public health does not wait" in client.get(FIRST_LESSON).content.decode()
    last_of_module = lesson("risk-and-protective-factors")
    response = client.post(
        f"/en/academy/lessons/{last_of_module.pk}/complete/",
        {"next": "not-a-lesson"},  # the next lesson comes from the module, not the form
    )
    assert response["Location"] == last_of_module.url  # the module has nothing after it
    course_page = client.get(COURSE).content.decode()
    assert 'value="9"' in course_page  # the progress bar
    first = lesson("levels-of-prevention")  # not done yet: its check is still to pass
    resume = f'<a class="button" href="{first.url}">Continue where you left off</a>'
    assert resume in course_page


def test_the_demo_learner_is_halfway_and_keeps_it_in_french(client):
    client.force_login(User.objects.get(email="official.boise@hub.example"))
    english = client.get(COURSE).content.decode()
    french = client.get(
        "/fr/academie-de-prevention-etats-unis/prevention-menee-par-les-villes/"
    ).content.decode()
    assert 'value="45"' in english  # 5 of 11 lessons
    assert 'value="45"' in french


def test_nobody_withdraws_someone_else(client, cohort):
    owner, intruder = UserFactory.create_batch(2)
    enrolment = services.enrol(cohort=cohort, user=owner)
    client.force_login(intruder)
    assert client.post(f"/en/academy/enrolments/{enrolment.pk}/withdraw/").status_code == 404
    enrolment.refresh_from_db()
    assert enrolment.status == "enrolled"


def test_learners_see_only_their_own_enrolments(cohort):
    owner, other = UserFactory.create_batch(2)
    mine = services.enrol(cohort=cohort, user=owner)
    services.enrol(cohort=cohort, user=other)
    assert list(Enrolment.objects.visible_to(owner)) == [mine]
    cohort.facilitators.add(UserFactory())
    facilitator = cohort.facilitators.get()
    assert set(Enrolment.objects.visible_to(facilitator)) == set(cohort.enrolments.all())


def test_enrolment_needs_a_post_and_a_sign_in(client, cohort):
    assert client.get(f"/en/academy/cohorts/{cohort.pk}/enrol/").status_code == 405
    response = client.post(f"/en/academy/cohorts/{cohort.pk}/enrol/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not cohort.enrolments.exists()


def test_course_page_costs_the_same_for_more_modules(
    client, course, cohort, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    person = UserFactory()
    services.enrol(cohort=cohort, user=person)
    client.force_login(person)

    def count():
        client.get(COURSE)
        learner_cache.forget(person.pk)  # the full cost: nothing of the person's kept
        with CaptureQueriesContext(connection) as captured:
            assert client.get(COURSE).status_code == 200
        return len(captured)

    before = count()
    for week in range(40):
        module = ModulePage(
            title=f"Extra week {week}", slug=f"extra-week-{week}", release_offset_days=7
        )
        course.add_child(instance=module)
        module.add_child(
            instance=LessonPage(title=f"Extra lesson {week}", slug=f"extra-lesson-{week}")
        )
    assert count() == before


def test_my_learning_shows_my_cohorts_progress_and_next_release(client):
    client.force_login(User.objects.get(email="official.boise@hub.example"))
    page = client.get("/en/academy/my-learning/").content.decode()
    assert "City-led prevention: a ten-week course" in page
    assert 'value="45"' in page
    assert "Next: " in page and "opens" in page
    french = client.get("/fr/academy/my-learning/").content.decode()
    assert "La prévention menée par les villes" in french
    assert 'value="45"' in french


def test_my_learning_is_private_and_needs_a_sign_in(client):
    assert client.get("/en/academy/my-learning/").status_code == 302
    client.force_login(UserFactory())
    page = client.get("/en/academy/my-learning/").content.decode()
    assert "ten-week course" not in page
    assert "You are not enrolled in a course yet." in page


def test_my_learning_lists_self_paced_courses_and_certificates(client):
    client.force_login(User.objects.get(email="official.edmonton@hub.example"))
    page = client.get("/en/academy/my-learning/").content.decode()
    assert "Countering online harms: General Track" in page
    assert "Self-paced" in page and 'value="100"' in page
    assert "/en/academy/certificates/" in page
    french = client.get("/fr/academy/my-learning/").content.decode()
    assert (
        french.count("Contrer les préjudices en ligne : volet général") == 2
    )  # course, certificate
