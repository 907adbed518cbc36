"""The cohorts and cities reports' kept counts (academy.report_counts): a second view reads
them from the cache, and every change to what they count is seen at once: progress, an
enrolment, a cohort, a membership. A viewer never gets another viewer's counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from academy.models import Enrolment, LessonProgress
from network.models import Membership
from tests.academy import test_reports as reports
from tests.academy.test_reports import csv_rows, get, make_cohort
from tests.network.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

# The report tests' fixtures: the demo's course, its required lessons, two admin users.
coordinator, course, facilitator, required = (
    reports.coordinator,
    reports.course,
    reports.facilitator,
    reports.required,
)

COHORTS_COUNT = "SUM(p.n)"  # the cohorts report's grouped count (enrolments_and_lessons_done)
CITIES_COUNT = "lesson_key"  # the cities report's: its per-enrolment count of lessons done


def enrol(cohort, city=None, *, done=(), status="enrolled"):
    user = UserFactory()
    if city is not None:
        Membership.objects.create(user=user, organisation=city)
    enrolment = Enrolment.objects.create(cohort=cohort, user=user, status=status)
    for lesson in done:
        complete(user, cohort, lesson)
    return enrolment


def complete(user, cohort, lesson):
    LessonProgress.objects.create(
        user=user, lesson_key=lesson.translation_key, course_key=cohort.course.translation_key
    )


def cohort_row(client, name):
    rows = {row["Cohort"]: row for row in csv_rows(get(client, "cohorts", export="csv"))}
    return rows[name]


def city_row(client, name):
    rows = {row["City"]: row for row in csv_rows(get(client, "cities", export="csv"))}
    return rows[name]


def percent(done, lessons):
    return str(round(100 * done / len(lessons)))


def counted(client, name, marker) -> bool:
    """Whether viewing this report ran its grouped count of lessons done."""
    with CaptureQueriesContext(connection) as queries:
        assert get(client, name).status_code == 200
    return any(marker in query["sql"] for query in queries.captured_queries)


def test_a_second_view_reads_the_kept_counts_and_shows_the_same(
    client, coordinator, course, required
):
    cohort = make_cohort(course, "Kept cohort")
    enrol(cohort, OrganisationFactory(name="Kept City"), done=required[:2])
    client.force_login(coordinator)

    assert counted(client, "cohorts", COHORTS_COUNT)
    assert not counted(client, "cohorts", COHORTS_COUNT)
    assert counted(client, "cities", CITIES_COUNT)
    assert not counted(client, "cities", CITIES_COUNT)
    assert cohort_row(client, "Kept cohort")["Average percent complete"] == percent(2, required)
    assert city_row(client, "Kept City")["Average percent complete"] == percent(2, required)


def test_progress_is_seen_at_once(client, coordinator, course, required):
    cohort = make_cohort(course, "Progressing cohort")
    city = OrganisationFactory(name="Progressing City")
    enrolment = enrol(cohort, city, done=required[:1])
    client.force_login(coordinator)
    assert cohort_row(client, "Progressing cohort")["Average percent complete"] == percent(
        1, required
    )
    assert city_row(client, "Progressing City")["Average percent complete"] == percent(1, required)

    complete(enrolment.user, cohort, required[1])
    assert cohort_row(client, "Progressing cohort")["Average percent complete"] == percent(
        2, required
    )
    assert city_row(client, "Progressing City")["Average percent complete"] == percent(2, required)

    LessonProgress.objects.filter(user=enrolment.user).first().delete()
    assert cohort_row(client, "Progressing cohort")["Average percent complete"] == percent(
        1, required
    )


def test_an_enrolment_a_cohort_and_a_membership_are_seen_at_once(
    client, coordinator, course, required
):
    cohort = make_cohort(course, "Changing cohort")
    city = OrganisationFactory(name="Changing City")
    enrolment = enrol(cohort, city, done=required[:2], status="applied")
    client.force_login(coordinator)
    row = cohort_row(client, "Changing cohort")
    assert (row["Enrolled"], row["Applied"], row["Average percent complete"]) == ("0", "1", "")

    enrolment.status = Enrolment.Status.ENROLLED
    enrolment.save()
    row = cohort_row(client, "Changing cohort")
    assert (row["Enrolled"], row["Applied"]) == ("1", "0")
    assert row["Average percent complete"] == percent(2, required)
    assert city_row(client, "Changing City")["Average percent complete"] == percent(2, required)

    # Another member of the city, enrolled elsewhere with nothing done, joins it.
    other = make_cohort(course, "Other cohort")
    newcomer = enrol(other, done=())
    assert city_row(client, "Changing City")["Average percent complete"] == percent(2, required)
    Membership.objects.create(user=newcomer.user, organisation=city)
    assert city_row(client, "Changing City")["Average percent complete"] == percent(1, required)

    # The cohort deleted with its enrolments: its counts go with it.
    cohort.delete()
    assert "Changing cohort" not in {
        row["Cohort"] for row in csv_rows(get(client, "cohorts", export="csv"))
    }
    assert city_row(client, "Changing City")["Average percent complete"] == "0"


def test_a_facilitator_never_gets_the_coordinators_counts(
    client, coordinator, facilitator, course, required
):
    city = OrganisationFactory(name="Shared City")
    theirs = make_cohort(course, "Facilitated cohort", facilitators=[facilitator])
    enrol(theirs, city, done=())
    enrol(make_cohort(course, "Not theirs"), city, done=required)
    client.force_login(coordinator)
    assert city_row(client, "Shared City")["Average percent complete"] == percent(
        len(required) / 2, required
    )

    client.force_login(facilitator)
    assert city_row(client, "Shared City")["Average percent complete"] == "0"


def test_a_facilitator_removed_from_a_cohort_no_longer_counts_it(
    client, facilitator, course, required
):
    city = OrganisationFactory(name="Facilitated City")
    kept = make_cohort(course, "Still theirs", facilitators=[facilitator])
    enrol(kept, city, done=())
    left = make_cohort(course, "Theirs no more", facilitators=[facilitator])
    enrol(left, city, done=required)
    client.force_login(facilitator)
    assert city_row(client, "Facilitated City")["Average percent complete"] == percent(
        len(required) / 2, required
    )

    left.facilitators.remove(facilitator)  # no cohort saved: the link table alone
    assert city_row(client, "Facilitated City")["Average percent complete"] == "0"
