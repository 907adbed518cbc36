"""The cohorts report's figures (academy.reports.enrolments_and_lessons_done): enrolments by
status and the required lessons done by the enrolled, counted from the progress rows of the
page's courses once per learner and course. Each case here is one a count per enrolment gets
right by construction: the grouped count must agree with it."""

import datetime
import uuid

import pytest
from django.utils import timezone

from academy.models import Cohort, Enrolment, LessonPage, LessonProgress
from academy.reports import enrolments_and_lessons_done
from tests.academy import test_reports as reports
from tests.academy.test_reports import csv_rows, get, make_cohort
from tests.network.factories import UserFactory

pytestmark = pytest.mark.django_db

# The report tests' fixtures: the demo's course and its coordinator.
coordinator, course = reports.coordinator, reports.course


@pytest.fixture
def required(course):
    """The course's required lessons' keys (what the counts are given)."""
    lessons = LessonPage.objects.live().public().descendant_of(course).filter(required=True)
    return [lesson.translation_key for lesson in lessons.order_by("path")]


def enrol(cohort, status="enrolled", *, done=(), user=None):
    user = user or UserFactory()
    Enrolment.objects.create(cohort=cohort, user=user, status=status)
    LessonProgress.objects.bulk_create(
        LessonProgress(user=user, lesson_key=key, course_key=cohort.course.translation_key)
        for key in done
    )
    return user


def done_by_hand(cohort, keys: set) -> int:
    """The definition: for each enrolled learner, their progress rows in the cohort's course
    on one of these lessons (what the report averages)."""
    return sum(
        LessonProgress.objects.filter(
            user=enrolment.user,
            course_key=cohort.course.translation_key,
            lesson_key__in=keys,
        ).count()
        for enrolment in cohort.enrolments.filter(status=Enrolment.Status.ENROLLED)
    )


def test_the_grouped_count_agrees_with_one_count_per_enrolment(course, required):
    cohort = make_cohort(course, "Counted cohort")
    later = make_cohort(course, "Later cohort")
    enrol(cohort, done=required[:3])
    enrol(cohort, done=required)
    enrol(cohort)  # nothing done yet
    # A lesson that is not required (or no longer exists) does not count.
    enrol(cohort, done=[required[0], uuid.uuid4()])
    # A required lesson's progress recorded for another course does not count.
    stray = enrol(cohort, done=[required[1]])
    LessonProgress.objects.create(user=stray, lesson_key=required[2], course_key=uuid.uuid4())
    # Those who applied, wait or left are counted by status (the report reads the enrolled).
    enrol(cohort, "applied", done=required[:2])
    enrol(cohort, "waitlisted", done=required[:4])
    enrol(cohort, "withdrawn", done=required[:5])
    # Someone in two cohorts of the course counts in both.
    twice = enrol(cohort, done=required[:2])
    enrol(later, user=twice)

    keys = set(required)
    counts = enrolments_and_lessons_done(
        Enrolment.objects.filter(cohort__in=[cohort, later]), keys, {course.translation_key}
    )

    assert counts[cohort.pk, "enrolled"] == (6, done_by_hand(cohort, keys))
    assert counts[cohort.pk, "enrolled"] == (6, 3 + len(required) + 0 + 1 + 1 + 2)
    assert counts[cohort.pk, "applied"] == (1, 2)
    assert counts[cohort.pk, "waitlisted"] == (1, 4)
    assert counts[cohort.pk, "withdrawn"] == (1, 5)
    assert counts[later.pk, "enrolled"] == (1, 2) == (1, done_by_hand(later, keys))


def test_without_required_lessons_only_the_enrolments_are_counted(course, required):
    cohort = make_cohort(course, "Nothing required")
    enrol(cohort, done=required[:3])
    enrol(cohort, "applied")
    counts = enrolments_and_lessons_done(
        Enrolment.objects.filter(cohort=cohort), set(), {course.translation_key}
    )
    assert counts == {(cohort.pk, "enrolled"): (1, 0), (cohort.pk, "applied"): (1, 0)}


def test_the_cohorts_report_shows_the_grouped_figures(client, coordinator, course, required):
    cohort = make_cohort(course, "Reported cohort")
    enrol(cohort, done=required[:3])
    enrol(cohort, done=required)
    enrol(cohort, done=[required[0], uuid.uuid4()])
    enrol(cohort, "applied", done=required)
    enrol(cohort, "waitlisted")
    empty = Cohort.objects.create(
        course=course, name="Empty cohort", starts_on=timezone.localdate() + datetime.timedelta(1)
    )
    client.force_login(coordinator)

    rows = {row["Cohort"]: row for row in csv_rows(get(client, "cohorts", export="csv"))}
    row = rows["Reported cohort"]
    assert (row["Enrolled"], row["Applied"], row["On the waitlist"]) == ("3", "1", "1")
    total = 100 * (3 + len(required) + 1) / len(required)
    assert row["Average percent complete"] == str(round(total / 3))
    assert rows[empty.name]["Enrolled"] == "0"
    assert rows[empty.name]["Average percent complete"] == ""


def test_no_cohort_on_the_page_costs_no_count(client, coordinator, course, required):
    none = Enrolment.objects.filter(cohort__in=[])
    assert enrolments_and_lessons_done(none, set(required), {course.translation_key}) == {}
    Cohort.objects.all().delete()
    client.force_login(coordinator)
    response = get(client, "cohorts")
    assert response.status_code == 200
    assert "There are no cohorts to report on yet." in response.content.decode()
