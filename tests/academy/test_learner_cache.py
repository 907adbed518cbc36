"""A learner's course, lesson and My learning content is kept for them alone
(academy.learner_cache): served again only to the same person, in the same session, language
and learning state, and forgotten by every change of what it shows."""

import datetime
import uuid

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale

from academy import learner_cache, services
from academy.certificates import issue_certificate
from academy.models import AttemptGrant, Cohort, CoursePage, LessonPage, LessonProgress
from pages import cache as page_cache
from tests.network.factories import UserFactory

pytestmark = pytest.mark.django_db

COURSE = "/en/prevention-academy-us/city-led-prevention/"
LESSON = COURSE + "public-health-approach/levels-of-prevention/"
MY_LEARNING = "/en/academy/my-learning/"


@pytest.fixture
def course():
    return CoursePage.objects.get(locale__language_code="en", slug="city-led-prevention")


@pytest.fixture
def cohort(course):
    return Cohort.objects.create(
        course=course,
        name="Kept cohort",
        starts_on=timezone.localdate() - datetime.timedelta(days=8),
    )


def signed_in(person) -> Client:
    client = Client()
    client.force_login(person)
    client.get("/en/")  # the session's CSRF cookie, as a browser has it
    return client


@pytest.fixture
def learner(cohort):
    person = UserFactory()
    services.enrol(cohort=cohort, user=person)
    return person


def lesson() -> LessonPage:
    return LessonPage.objects.get(
        url_path__endswith="/levels-of-prevention/", locale__language_code="en"
    )


def main(response) -> str:
    return response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]


def kept(response) -> bool:
    return response.context.get("kept_content") is not None


@pytest.mark.parametrize("url", [COURSE, LESSON, MY_LEARNING])
def test_the_second_answer_is_kept_and_the_same(learner, url, django_assert_max_num_queries):
    client = signed_in(learner)
    first = client.get(url)
    assert not kept(first)
    with django_assert_max_num_queries(4):  # the person, their roles, and no page query
        second = client.get(url)
    assert kept(second)
    strip = learner_cache._FRESH.sub
    assert strip("", main(second)) == strip("", main(first))


@pytest.mark.parametrize("url", [COURSE, LESSON, MY_LEARNING])
def test_an_address_with_a_query_is_neither_kept_nor_served_kept(learner, url):
    """Each query string would be another copy of the same page in the cache."""
    client = signed_in(learner)
    client.get(url)
    assert kept(client.get(url))
    assert not kept(client.get(url + "?anything=1"))
    assert not kept(client.get(url + "?anything=1"))


def test_form_tokens_and_nonces_are_fresh_in_every_answer(learner):
    client = signed_in(learner)
    client.get(LESSON)
    one, two = main(client.get(LESSON)), main(client.get(LESSON))
    assert 'name="nonce"' in one
    assert learner_cache._FRESH.findall(one) and one != two
    # A kept form still posts: its token is this session's.
    token = one.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    client.handler.enforce_csrf_checks = True
    answer = client.post(
        reverse("academy:submit_check", args=[lesson().pk]),
        {"csrfmiddlewaretoken": token, "nonce": "x"},
    )
    assert answer.status_code != 403


def test_one_learner_never_sees_anothers_content(course, cohort, learner):
    first = course.lessons().first()
    LessonProgress.objects.create(
        user=learner, lesson_key=first.translation_key, course_key=course.translation_key
    )
    mine = signed_in(learner)
    mine.get(COURSE)
    assert "✓" in main(mine.get(COURSE))
    other = UserFactory()
    services.enrol(cohort=cohort, user=other)
    theirs = signed_in(other)
    for url in (COURSE, LESSON, MY_LEARNING):
        mine.get(url)
        answer = theirs.get(url)
        assert not kept(answer)
    assert "✓" not in main(theirs.get(COURSE))


def test_another_session_of_the_same_person_is_not_served_the_first_sessions_tokens(learner):
    one = signed_in(learner)
    one.get(COURSE)
    assert kept(one.get(COURSE))
    assert not kept(signed_in(learner).get(COURSE))


def test_each_language_keeps_its_own(learner, course):
    client = signed_in(learner)
    client.get(COURSE)
    french = course.get_translation(Locale.objects.get(language_code="fr"))
    answer = client.get(french.url)
    assert not kept(answer) and 'lang="fr"' in answer.content.decode()


def test_completing_a_lesson_shows_at_once(client, course, learner):
    client = signed_in(learner)
    client.get(COURSE), client.get(MY_LEARNING), client.get(LESSON)
    lesson = course.lessons().first()
    LessonProgress.objects.create(
        user=learner, lesson_key=lesson.translation_key, course_key=course.translation_key
    )
    for url in (COURSE, MY_LEARNING):
        assert not kept(client.get(url)), url
    assert "✓" in main(client.get(COURSE))


def test_leaving_the_cohort_shows_at_once(learner):
    client = signed_in(learner)
    client.get(COURSE)
    assert "Leave this cohort" in main(client.get(COURSE))
    services.withdraw(enrolment=learner.enrolments.get(), by=learner)
    answer = client.get(COURSE)
    assert not kept(answer) and "Leave this cohort" not in main(answer)


def test_a_check_attempt_and_an_extra_attempt_show_at_once(learner, course):
    client = signed_in(learner)
    client.get(LESSON)
    assert kept(client.get(LESSON))
    checked = lesson()
    services.submit_check(lesson=checked, user=learner, nonce=uuid.uuid4(), answers={0: [0]})
    answer = client.get(LESSON)
    assert not kept(answer) and "Your latest attempt" in main(answer)
    client.get(LESSON)
    AttemptGrant.objects.create(
        user=learner, lesson_key=checked.translation_key, course_key=course.translation_key
    )
    assert not kept(client.get(LESSON))


def test_a_certificate_shows_at_once(learner, course):
    client = signed_in(learner)
    client.get(COURSE), client.get(MY_LEARNING)
    issue_certificate(user=learner, course=course)
    assert "You have completed this course" in main(client.get(COURSE))
    assert 'id="certificates-heading"' in main(client.get(MY_LEARNING))


def test_a_publish_shows_at_once(learner, course):
    client = signed_in(learner)
    client.get(COURSE)
    course.title = "A course renamed"
    course.save_revision().publish()
    assert "A course renamed" in main(client.get(COURSE))


def test_kept_until_the_next_module_opens(course):
    # Started yesterday: modules released later open at 9:00 on their day.
    later = Cohort.objects.create(
        course=course, name="Later", starts_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    person = UserFactory()
    services.enrol(cohort=later, user=person)
    client = signed_in(person)
    for url in (COURSE, MY_LEARNING):
        answer = client.get(url)
        opening = min(
            later.release_at(module.release_offset_days)
            for module in course.modules()
            if later.release_at(module.release_offset_days) > timezone.now()
        )
        seconds = answer.context["content_fragment"]["seconds"]
        assert 0 < seconds <= (opening - timezone.now()).total_seconds() + 1, url


def test_a_waitlisted_learners_course_is_not_kept(course):
    full = Cohort.objects.create(
        course=course, name="Full", capacity=1, starts_on=timezone.localdate()
    )
    services.enrol(cohort=full, user=UserFactory())
    waiting = UserFactory()
    services.enrol(cohort=full, user=waiting)
    client = signed_in(waiting)
    client.get(COURSE)
    assert not kept(client.get(COURSE))


def test_messages_still_show_on_a_kept_page(learner, cohort):
    client = signed_in(learner)
    client.get(COURSE)
    # Enrolling again changes nothing but says so (a message, outside the content block).
    client.post(reverse("academy:enrol", args=[cohort.pk]))
    answer = client.get(COURSE)
    assert kept(answer) and 'id="messages"' in answer.content.decode()
    assert 'id="messages"' not in client.get(COURSE).content.decode()  # shown once


def test_moving_a_persons_version_on_happens_again_on_commit(
    learner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        before = page_cache.personal_stamp(learner_cache.LEARNING, learner.pk)
        learner_cache.forget(learner.pk)
        during = page_cache.personal_stamp(learner_cache.LEARNING, learner.pk)
    after = page_cache.personal_stamp(learner_cache.LEARNING, learner.pk)
    assert before < during < after and len(callbacks) == 1
