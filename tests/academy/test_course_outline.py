"""The course outline a learner sees is built from a skeleton kept for everyone
(CoursePage.outline_skeleton): publishing changes it at once, and the learner's own part
(done, open, progress, where to resume) is never kept."""

import datetime

import pytest
from django.utils import timezone

from academy import services
from academy.models import Cohort, CoursePage, LessonPage, LessonProgress
from tests.network.factories import UserFactory

pytestmark = pytest.mark.django_db

COURSE = "/en/prevention-academy-us/city-led-prevention/"


@pytest.fixture
def course():
    return CoursePage.objects.get(locale__language_code="en", slug="city-led-prevention")


@pytest.fixture
def learner(client, course):
    cohort = Cohort.objects.create(
        course=course,
        name="Outline cohort",
        starts_on=timezone.localdate() - datetime.timedelta(days=8),
    )
    person = UserFactory()
    services.enrol(cohort=cohort, user=person)
    client.force_login(person)
    return person


def test_a_published_lesson_shows_in_the_kept_outline_at_once(client, course, learner):
    assert "A lesson published later" not in client.get(COURSE).content.decode()
    first_module = course.modules().first()
    added = LessonPage(title="A lesson published later", slug="published-later")
    first_module.add_child(instance=added)
    assert "A lesson published later" in client.get(COURSE).content.decode()

    added.unpublish()
    assert "A lesson published later" not in client.get(COURSE).content.decode()


def test_the_learners_own_progress_is_never_kept(client, course, learner):
    before = client.get(COURSE)
    first = course.lessons().first()
    assert before.context["percent_complete"] == 0
    assert before.context["resume"]["url"] == first.url
    LessonProgress.objects.create(
        user=learner, lesson_key=first.translation_key, course_key=course.translation_key
    )
    after = client.get(COURSE)
    done = [lesson for item in after.context["outline"] for lesson in item["lessons"]]
    assert [lesson["title"] for lesson in done if lesson["is_done"]] == [first.title]
    assert after.context["percent_complete"] > 0
    assert after.context["resume"]["url"] != first.url
    # Someone else, not started, sees no progress of the learner's.
    client.force_login(UserFactory())
    assert "✓" not in client.get(COURSE).content.decode()
