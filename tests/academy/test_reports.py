import csv
import datetime
import io
import re
import uuid

import openpyxl
import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from academy.models import (
    Certificate,
    CheckAttempt,
    Cohort,
    CoursePage,
    Enrolment,
    LessonPage,
    LessonProgress,
)
from network.models import Membership, Organisation, User
from tests.network.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

# A report page may cost this many queries, whatever the number of learners.
QUERY_BUDGET = 25


@pytest.fixture
def course():
    return CoursePage.objects.get(locale__language_code="en", slug="city-led-prevention")


@pytest.fixture
def required(course):
    lessons = LessonPage.objects.live().public().descendant_of(course).filter(required=True)
    return list(lessons.order_by("path"))


def make_cohort(course, name, *, facilitators=()):
    cohort = Cohort.objects.create(
        course=course, name=name, starts_on=timezone.localdate() - datetime.timedelta(days=10)
    )
    cohort.facilitators.set(facilitators)
    return cohort


@pytest.fixture
def facilitator():
    group = Group.objects.create(name="Test facilitators")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user = UserFactory(full_name="Fran Facilitator")
    user.groups.add(group)
    return user


@pytest.fixture
def other_facilitator():
    group = Group.objects.get_or_create(name="Other test facilitators")[0]
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user = UserFactory(full_name="Otto Other")
    user.groups.add(group)
    return user


@pytest.fixture
def coordinator():
    return User.objects.get(email="coordinator@hub.example")


def learners(cohort, city, count, *, required, done=0, scores=(), certified=0, status="enrolled"):
    """`count` officials of `city` in `cohort`, each with `done` required lessons completed,
    the given check scores on the first lesson, and the first `certified` with a certificate.
    Built with bulk_create so that a thousand cost a few queries."""
    tag = uuid.uuid4().hex[:8]
    users = User.objects.bulk_create(
        User(email=f"l{i:04d}-{tag}@city.example", full_name=f"Learner {i:04d} {tag}")
        for i in range(count)
    )
    Membership.objects.bulk_create(Membership(user=user, organisation=city) for user in users)
    now = timezone.now()
    Enrolment.objects.bulk_create(
        Enrolment(cohort=cohort, user=user, status=status, last_active_at=now) for user in users
    )
    course = cohort.course
    LessonProgress.objects.bulk_create(
        LessonProgress(
            user=user, lesson_key=lesson.translation_key, course_key=course.translation_key
        )
        for user in users
        for lesson in required[:done]
    )
    CheckAttempt.objects.bulk_create(
        CheckAttempt(
            user=user,
            lesson_key=required[0].translation_key,
            course_key=course.translation_key,
            nonce=uuid.uuid4(),
            score=score,
            passed=score >= 70,
        )
        for user in users
        for score in scores
    )
    Certificate.objects.bulk_create(
        Certificate(
            code=f"C{tag}{i:04d}",
            user=user,
            course=course,
            cohort=cohort,
            learner_name=user.full_name,
            hours=10,
        )
        for i, user in enumerate(users[:certified])
    )
    return users


def get(client, name, *args, **params):
    return client.get(reverse(f"academy_reports:{name}", args=args), params)


def status(client, name, *args):
    return client.get(reverse(f"academy_reports:{name}", args=args)).status_code


def csv_rows(response):
    assert response["Content-Type"] == "text/csv"
    content = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(content)))


# --- Who sees what ---


def test_coordinators_see_every_cohort(client, coordinator, course, facilitator):
    make_cohort(course, "Facilitated cohort", facilitators=[facilitator])
    client.force_login(coordinator)
    response = get(client, "cohorts")
    assert response.status_code == 200
    content = response.content.decode()
    for name in ("Fall cohort", "Spring cohort", "Facilitated cohort"):
        assert name in content
    assert 'scope="col"' in content and "<caption" in content


def test_facilitators_see_only_their_cohorts(
    client, course, required, facilitator, other_facilitator
):
    city = OrganisationFactory()
    mine = make_cohort(course, "Cohort of mine", facilitators=[facilitator])
    theirs = make_cohort(course, "Cohort of theirs", facilitators=[other_facilitator])
    [my_learner] = learners(mine, city, 1, required=required)
    [their_learner] = learners(theirs, OrganisationFactory(), 1, required=required)
    client.force_login(facilitator)

    content = get(client, "cohorts").content.decode()
    assert "Cohort of mine" in content
    assert "Cohort of theirs" not in content and "Fall cohort" not in content
    assert get(client, "cohort", mine.pk).status_code == 200
    assert status(client, "cohort", theirs.pk) == 404
    assert status(client, "cohort", 999_999) == 404
    assert get(client, "learner", my_learner.pk).status_code == 200
    assert status(client, "learner", their_learner.pk) == 404
    assert get(client, "city", city.pk).status_code == 200
    boise = Organisation.objects.get(name="Boise")  # its official is in the demo cohort only
    assert status(client, "city", boise.pk) == 404
    cities = get(client, "cities").content.decode()
    assert city.name in cities and "Boise" not in cities
    # Their exports hold their rows only.
    rows = csv_rows(get(client, "cohorts", export="csv"))
    assert [row["Cohort"] for row in rows] == ["Cohort of mine"]


def test_a_facilitator_who_also_leads_reports_on_their_own_cohorts_only(
    client, course, required, facilitator
):
    """Cohort.objects.reported_to: the reports show a facilitator the cohorts they
    facilitate; leading an organisation adds none (a lead follows their people on the
    activity page), and another cohort answers 404."""
    ours, others = OrganisationFactory(), OrganisationFactory()
    Membership.objects.create(user=facilitator, organisation=ours, role=Membership.Role.LEAD)
    mine = make_cohort(course, "Cohort of mine", facilitators=[facilitator])
    shared = make_cohort(course, "Shared cohort")
    elsewhere = make_cohort(course, "Another organisation's cohort")
    learners(mine, others, 1, required=required)
    learners(shared, ours, 1, required=required)
    learners(elsewhere, others, 1, required=required)
    client.force_login(facilitator)

    assert status(client, "cohort", mine.pk) == 200
    assert status(client, "cohort", shared.pk) == 404
    assert status(client, "cohort", elsewhere.pk) == 404
    names = [row["Cohort"] for row in csv_rows(get(client, "cohorts", export="csv"))]
    assert names == ["Cohort of mine"]


def test_report_menu_shows_for_facilitators_and_coordinators(client, course, facilitator):
    make_cohort(course, "Cohort of mine", facilitators=[facilitator])
    for user in (facilitator, User.objects.get(email="coordinator@hub.example")):
        client.force_login(user)
        home = client.get(reverse("wagtailadmin_home")).content.decode()
        assert reverse("academy_reports:cohorts") in home
        assert reverse("academy_reports:cities") in home
    client.force_login(User.objects.get(email="editor@hub.example"))
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("academy_reports:cohorts") not in home


def test_learners_and_other_admin_users_are_refused(client):
    cohort = Cohort.objects.get(name="Fall cohort")
    official = User.objects.get(email="official.boise@hub.example")  # a learner, no admin
    editor = User.objects.get(email="editor@hub.example")  # admin access, no cohort
    pages = [("cohorts", []), ("cohort", [cohort.pk]), ("cities", []), ("learner", [official.pk])]
    for user, sent_to in [(official, "login"), (editor, reverse("wagtailadmin_home"))]:
        client.force_login(user)
        for name, args in pages:
            for params in ({}, {"export": "csv"}):
                response = get(client, name, *args, **params)
                assert response.status_code == 302, (user, name)
                assert sent_to in response.url
    client.logout()
    assert get(client, "cohorts").status_code == 302


# --- Figures and exports ---


def test_cohort_report_and_exports_show_each_learners_progress(
    client, course, required, facilitator
):
    cohort = make_cohort(course, "Measured cohort", facilitators=[facilitator])
    city = OrganisationFactory(name="Kelowna")
    halfway = learners(cohort, city, 2, required=required, done=len(required) // 2, scores=[40, 90])
    finished = learners(cohort, city, 1, required=required, done=len(required), certified=1)
    learners(cohort, city, 1, required=required, status="waitlisted")
    client.force_login(facilitator)

    page = get(client, "cohort", cohort.pk)
    assert page.status_code == 200
    assert halfway[0].full_name in page.content.decode()

    rows = {row["Email"]: row for row in csv_rows(get(client, "cohort", cohort.pk, export="csv"))}
    assert len(rows) == 4
    half = rows[halfway[0].email]
    assert half["Learner"] == halfway[0].full_name
    assert half["Organisation"] == "Kelowna"
    assert half["Status"] == "Enrolled"
    assert half["Required lessons done"] == str(len(required) // 2)
    assert half["Required lessons"] == str(len(required))
    assert half["Percent complete"] == str(round(100 * (len(required) // 2) / len(required)))
    assert half["Average best check score (%)"] == "90"
    assert half["Certificate"] == "no"
    done = rows[finished[0].email]
    assert done["Percent complete"] == "100"
    assert done["Average best check score (%)"] == ""
    assert done["Certificate"] == "yes"
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", done["Last active (UTC)"])

    # Search and the status filter narrow the page and the export alike.
    found = get(client, "cohort", cohort.pk, q=finished[0].full_name).content.decode()
    assert finished[0].email in found and halfway[0].email not in found
    waiting = csv_rows(get(client, "cohort", cohort.pk, status="waitlisted", export="csv"))
    assert [row["Status"] for row in waiting] == ["On the waitlist"]

    response = get(client, "cohort", cohort.pk, export="xlsx")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header, *values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert header[:3] == ["Learner", "Email", "Organisation"]
    assert len(values) == 4
    by_email = {row[1]: dict(zip(header, row, strict=True)) for row in values}
    assert by_email[finished[0].email]["Percent complete"] == 100

    cohorts = {row["Cohort"]: row for row in csv_rows(get(client, "cohorts", export="csv"))}
    summary = cohorts["Measured cohort"]
    assert (summary["Enrolled"], summary["On the waitlist"], summary["Applied"]) == ("3", "1", "0")
    half_percent = 100 * (len(required) // 2) / len(required)
    assert summary["Average percent complete"] == str(round((2 * half_percent + 100) / 3))
    assert summary["Certificates issued"] == "1"


def test_city_report_shows_its_officials_progress(client, coordinator, course, required):
    cohort = make_cohort(course, "City cohort")
    city = OrganisationFactory(name="Thunder Bay")
    active = learners(cohort, city, 2, required=required, done=len(required), certified=1)
    idle = learners(cohort, city, 1, required=required)
    Enrolment.objects.filter(user__in=idle).update(
        last_active_at=timezone.now() - datetime.timedelta(days=45)
    )
    learners(cohort, OrganisationFactory(kind=Organisation.Kind.COMMUNITY), 3, required=required)
    client.force_login(coordinator)

    cities = {row["City"]: row for row in csv_rows(get(client, "cities", export="csv"))}
    row = cities["Thunder Bay"]
    assert row["Officials enrolled"] == "3"
    assert row["Active in the last 30 days"] == "2"
    assert row["Average percent complete"] == str(round(200 / 3))
    assert row["Certificates"] == "1"
    assert cities["Boise"]["Officials enrolled"] == "1"  # the demo official, halfway
    assert len([name for name in cities if name.startswith("City ")]) == 0  # community orgs

    page = get(client, "city", city.pk)
    assert page.status_code == 200
    content = page.content.decode()
    assert all(person.full_name in content for person in active + idle)
    rows = csv_rows(get(client, "city", city.pk, export="csv"))
    assert sorted(row["Percent complete"] for row in rows) == ["0", "100", "100"]
    assert {row["Cohort"] for row in rows} == {"City cohort"}


def test_learner_report_shows_best_check_score_per_lesson(client, coordinator, course, required):
    cohort = make_cohort(course, "Checked cohort")
    [person] = learners(
        cohort, OrganisationFactory(), 1, required=required, done=2, scores=[30, 80, 60]
    )
    client.force_login(coordinator)
    page = get(client, "learner", person.pk)
    assert page.status_code == 200
    content = page.content.decode()
    assert required[0].title in content and "80%" in content
    [row] = csv_rows(get(client, "learner", person.pk, export="csv"))
    assert row["Cohort"] == "Checked cohort"
    assert row["Best check score per lesson"] == f"{required[0].title}: 80%"
    assert row["Required lessons done"] == "2"
    assert status(client, "learner", 999_999) == 404


# --- Cost ---


def test_a_report_page_costs_the_same_queries_for_10_and_1000_learners(
    client, course, required, facilitator
):
    client.force_login(facilitator)
    get(client, "cohorts")  # the first admin request fills per-process caches

    def costs(count):
        cohort = make_cohort(course, f"Cohort of {count}", facilitators=[facilitator])
        city = OrganisationFactory()
        people = learners(
            cohort, city, count, required=required, done=3, scores=[50, 75], certified=count // 2
        )
        pages = [
            ("cohorts", []),
            ("cohort", [cohort.pk]),
            ("cities", []),
            ("city", [city.pk]),
            ("learner", [people[0].pk]),
        ]
        counts = {}
        for name, args in pages:
            with CaptureQueriesContext(connection) as queries:
                response = get(client, name, *args)
            assert response.status_code == 200, name
            counts[name] = len(queries)
            if name == "cohort":  # one page of learners, however many there are
                learner_links = response.content.decode().count(
                    'href="/admin/reports/academy/learners/'
                )
                assert learner_links == min(count, 50)
        with CaptureQueriesContext(connection) as queries:
            rows = csv_rows(get(client, "cohort", cohort.pk, export="csv"))
        assert len(rows) == count
        counts["cohort csv"] = len(queries)
        return counts

    few, many = costs(10), costs(1000)
    assert few == many
    assert max(many.values()) <= QUERY_BUDGET, many


def test_csv_exports_write_formulas_as_text(client, course, required, facilitator):
    cohort = make_cohort(course, "Formula cohort", facilitators=[facilitator])
    (learner,) = learners(cohort, OrganisationFactory(name="=Evil()"), 1, required=required)
    learner.full_name = '=HYPERLINK("https://evil.example","click")'
    learner.save()
    client.force_login(facilitator)
    (row,) = csv_rows(get(client, "cohort", cohort.pk, export="csv"))
    assert row["Learner"] == "'" + learner.full_name
    assert row["Organisation"] == "'=Evil()"
