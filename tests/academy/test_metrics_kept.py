"""The academy metrics' counts of lesson progress (lessons completed in the period, each
cohort's active and behind learners) are kept between views (academy.report_counts) and
recounted as soon as a lesson is completed, a knowledge check is taken or removed, or an
enrolment changes."""

import datetime
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from academy.metrics import academy_metrics
from academy.models import CheckAttempt, LessonPage, LessonProgress
from pages.metrics import Period, today_in
from tests.academy.factories import CohortFactory, EnrolmentFactory
from tests.network.factories import UserFactory

pytestmark = pytest.mark.django_db


def figures_and_queries(user, period):
    with CaptureQueriesContext(connection) as queries:
        figures = academy_metrics(user, period)
    cohorts = next(t for t in figures["tables"] if t.key == "cohorts")
    enrolled, active, behind = cohorts.rows[0][3:6]
    return (figures["lessons_completed"], enrolled, active, behind, figures["attempts"]), len(
        queries
    )


def test_kept_counts_follow_progress_attempts_and_enrolments():
    facilitator = UserFactory(full_name="Fay Facilitator")
    cohort = CohortFactory(
        facilitators=[facilitator], starts_on=timezone.localdate() - datetime.timedelta(days=20)
    )
    lesson = LessonPage.objects.descendant_of(cohort.course).order_by("path").first()
    course_key = cohort.course.translation_key
    first, second = EnrolmentFactory(cohort=cohort), EnrolmentFactory(cohort=cohort)
    today = today_in("America/Toronto")
    period = Period(today - datetime.timedelta(days=6), today, "America/Toronto")

    counted, _first = figures_and_queries(facilitator, period)
    assert counted[:3] == (0, 2, 0)
    again, kept = figures_and_queries(facilitator, period)
    assert again == counted

    LessonProgress.objects.create(
        user=first.user, lesson_key=lesson.translation_key, course_key=course_key
    )
    counted, queries = figures_and_queries(facilitator, period)
    assert counted[:3] == (1, 2, 1)
    assert queries == kept + 3  # the counts of progress and attempts run again, only they
    assert figures_and_queries(facilitator, period) == (counted, kept)

    attempt = CheckAttempt.objects.create(
        user=second.user,
        lesson_key=lesson.translation_key,
        course_key=course_key,
        nonce=uuid.uuid4(),
        score=40,
        passed=False,
    )
    counted, queries = figures_and_queries(facilitator, period)
    assert counted[:3] == (1, 2, 2) and counted[4] == 1
    assert queries == kept + 2  # the lessons completed are still kept
    attempt.delete()
    counted = figures_and_queries(facilitator, period)[0]
    assert counted[:3] == (1, 2, 1) and counted[4] == 0

    EnrolmentFactory(cohort=cohort)
    assert figures_and_queries(facilitator, period)[0][:3] == (1, 3, 1)
    first.delete()
    assert figures_and_queries(facilitator, period)[0][:3] == (0, 2, 0)
