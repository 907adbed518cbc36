"""academy/views.py: a knowledge check posts to its own named URL (academy:submit_check),
whose view grades the attempt through the service and goes back to the lesson."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from academy import services
from academy.models import CheckAttempt, LessonPage
from tests.network.factories import UserFactory

from .factories import CohortFactory
from .test_checks import RIGHT, check_url, post, with_check

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort():
    return CohortFactory()


@pytest.fixture
def lesson(cohort):
    first = LessonPage.objects.descendant_of(cohort.course).order_by("path").first()
    return with_check(first)


@pytest.fixture
def learner(cohort):
    person = UserFactory()
    services.enrol(cohort=cohort, user=person)
    return person


def test_the_lessons_form_posts_to_the_named_url(client, lesson, learner):
    client.force_login(learner)
    page = BeautifulSoup(client.get(lesson.url).content, "html.parser")
    form = page.select_one("form.check__form")
    assert form["method"] == "post"
    assert form["action"] == check_url(lesson) == f"/en/academy/lessons/{lesson.pk}/check/"


def test_a_graded_attempt_goes_back_to_its_result_on_the_lesson(client, lesson, learner):
    client.force_login(learner)
    response = client.post(check_url(lesson), post(RIGHT))
    assert response.status_code == 302
    assert response["Location"] == lesson.url + "#check-result"
    attempt = CheckAttempt.objects.get(user=learner)
    assert attempt.passed and attempt.lesson_key == lesson.translation_key


def test_missing_answers_show_the_lesson_again_and_count_nothing(client, lesson, learner):
    client.force_login(learner)
    response = client.post(check_url(lesson), post({0: [0]}))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Answer every question before you submit." in html
    assert lesson.title in html and 'class="check__form"' in html
    assert not CheckAttempt.objects.exists()


def test_a_visitor_is_asked_to_sign_in_and_comes_back_to_the_lesson(client, lesson):
    response = client.post(check_url(lesson), post(RIGHT))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={lesson.url}"
    assert not CheckAttempt.objects.exists()


def test_the_check_url_takes_posts_only_and_knows_only_lessons(client, lesson, learner):
    client.force_login(learner)
    assert client.get(check_url(lesson)).status_code == 405
    assert (
        client.post(reverse("academy:submit_check", args=[999999]), post(RIGHT)).status_code == 404
    )


def test_a_post_to_the_lesson_page_itself_grades_nothing(client, lesson, learner):
    client.force_login(learner)
    client.post(lesson.url, post(RIGHT))
    assert not CheckAttempt.objects.exists()


def test_a_lesson_that_is_not_open_refuses_the_attempt(client, lesson):
    client.force_login(UserFactory())  # not enrolled: the module is closed to them
    response = client.post(check_url(lesson), post(RIGHT), follow=True)
    assert "This knowledge check is not open to you." in response.content.decode()
    assert not CheckAttempt.objects.exists()
