"""My learning costs the same number of queries for one course as for many, with or without
certificates (found by the benchmarks: it cost about nine queries per course, and one more
per certificate)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from academy import learner_cache, services
from academy.certificates import issue_certificate
from academy.models import AcademyPage, Cohort, CoursePage, LessonPage, LessonProgress, ModulePage
from tests.network.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/en/academy/my-learning/"


def queries(client) -> int:
    client.get(URL)
    # The full cost: nothing of the person's kept (academy.learner_cache).
    learner_cache.forget(client.session["_auth_user_id"])
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL)
    assert response.status_code == 200
    return len(captured)


def course(academy, n):
    page = CoursePage(title=f"Course {n}", slug=f"course-{n}", summary="A course.")
    academy.add_child(instance=page)
    module = ModulePage(title="Week 1", slug="week-1")
    page.add_child(instance=module)
    lesson = LessonPage(title="The only lesson", slug="lesson")
    module.add_child(instance=lesson)
    return page, lesson


def test_my_learning_costs_the_same_for_one_course_or_many(client, demo):
    learner = UserFactory()
    client.force_login(learner)
    academy = AcademyPage.objects.get(locale__language_code="en", slug="prevention-academy-us")
    started = timezone.localdate() - datetime.timedelta(days=3)

    def enrol(page):
        cohort = Cohort.objects.create(course=page, name=f"{page.title} cohort", starts_on=started)
        services.enrol(cohort=cohort, user=learner)

    first, _lesson = course(academy, 0)
    enrol(first)
    before = queries(client)

    for n in range(1, 8):
        page, lesson = course(academy, n)
        enrol(page)
        if n % 3 == 0:  # finished: a certificate
            LessonProgress.objects.create(
                user=learner, lesson_key=lesson.translation_key, course_key=page.translation_key
            )
            issue_certificate(user=learner, course=page)
    response = client.get(URL)
    html = response.content.decode()
    assert html.count('class="card"') >= 8
    listed = html.split('id="certificates-heading"')[1]
    assert "Course 3" in listed and "Course 6" in listed and "Course 5" not in listed
    assert queries(client) == before
