"""The academy's metrics over a period: the backlog of applications rebuilt from the
enrolments' history, learners active and behind schedule per cohort, the knowledge checks'
pass rate, a facilitator's own cohorts only, tables with headers, and a fixed number of
queries whatever the number of learners."""

import datetime
import uuid
import zoneinfo

import pytest
from bs4 import BeautifulSoup
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import ModelLogEntry

from academy import report_counts
from academy.metrics import academy_metrics
from academy.models import CheckAttempt, Cohort, Enrolment, LessonPage, LessonProgress
from network.models import User
from pages.metrics import Period, today_in
from tests.academy.factories import CohortFactory, EnrolmentFactory
from tests.network.factories import UserFactory

pytestmark = pytest.mark.django_db

TORONTO = zoneinfo.ZoneInfo("America/Toronto")
Status = Enrolment.Status


def at(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=TORONTO)


def table(metrics, key):
    return next(t for t in metrics["tables"] if t.key == key)


def logged(enrolment, action, when, *, before, after):
    """A change of status in the enrolment's history, as academy.services logs it."""
    ModelLogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Enrolment),
        label=str(enrolment.pk),
        object_id=str(enrolment.pk),
        action=f"academy.enrolment.{action}",
        data={"cohort": enrolment.cohort_id, "from": before, "to": after},
        timestamp=when,
    )


@pytest.fixture
def facilitator():
    """Someone who facilitates the cohorts a test gives them, and nothing of the demo's."""
    return UserFactory(full_name="Fay Facilitator")


def test_the_applications_backlog_rebuilt_from_the_history(facilitator):
    cohort = CohortFactory(enrolment_mode=Cohort.Mode.APPLICATION, facilitators=[facilitator])
    first = EnrolmentFactory(cohort=cohort, status=Status.ENROLLED)
    second = EnrolmentFactory(cohort=cohort, status=Status.DECLINED)
    third = EnrolmentFactory(cohort=cohort, status=Status.APPLIED)  # waiting now
    logged(first, "apply", at(2026, 3, 1, 10), before=None, after=Status.APPLIED)
    logged(second, "apply", at(2026, 3, 2, 10), before=None, after=Status.APPLIED)
    logged(first, "approve", at(2026, 3, 2, 15), before=Status.APPLIED, after=Status.ENROLLED)
    logged(third, "apply", at(2026, 3, 10, 10), before=None, after=Status.APPLIED)
    logged(second, "decline", at(2026, 3, 20, 10), before=Status.APPLIED, after=Status.DECLINED)
    # Another cohort's history is not the facilitator's.
    other = EnrolmentFactory(status=Status.APPLIED)
    logged(other, "apply", at(2026, 3, 1, 11), before=None, after=Status.APPLIED)

    period = Period(datetime.date(2026, 3, 1), datetime.date(2026, 3, 3), "America/Toronto")
    figures = academy_metrics(facilitator, period)
    backlog = table(figures, "applications")
    assert [row[1:] for row in backlog.rows] == [[1, 1, 0], [1, 1, 1], [1, 0, 0]]
    assert figures["flows"]["received"] == 2
    assert figures["flows"]["approved"] == 1 and figures["decided"] == 1
    assert figures["flows"]["seated"] == 1
    assert figures["pending"] == 1


def test_learners_active_and_behind_schedule_per_cohort(facilitator):
    cohort = CohortFactory(
        facilitators=[facilitator], starts_on=timezone.localdate() - datetime.timedelta(days=20)
    )
    lessons = list(LessonPage.objects.descendant_of(cohort.course).order_by("path"))
    course_key = cohort.course.translation_key
    done_all, none_done, half = (EnrolmentFactory(cohort=cohort) for _ in range(3))
    for lesson in lessons:
        LessonProgress.objects.create(
            user=done_all.user, lesson_key=lesson.translation_key, course_key=course_key
        )
    old = LessonProgress.objects.create(
        user=half.user, lesson_key=lessons[0].translation_key, course_key=course_key
    )
    LessonProgress.objects.filter(pk=old.pk).update(
        completed_at=timezone.now() - datetime.timedelta(days=60)
    )
    CheckAttempt.objects.create(
        user=none_done.user,
        lesson_key=lessons[0].translation_key,
        course_key=course_key,
        nonce=uuid.uuid4(),
        score=40,
        passed=False,
    )
    CheckAttempt.objects.create(
        user=done_all.user,
        lesson_key=lessons[0].translation_key,
        course_key=course_key,
        nonce=uuid.uuid4(),
        score=90,
        passed=True,
    )
    EnrolmentFactory(cohort=cohort, status=Status.APPLIED)
    today = today_in("America/Toronto")
    period = Period(today - datetime.timedelta(days=6), today, "America/Toronto")
    figures = academy_metrics(facilitator, period)
    cohorts = table(figures, "cohorts")
    assert len(cohorts.rows) == 1
    enrolled, active, behind, waiting = cohorts.rows[0][3:7]
    assert (enrolled, active, behind, waiting) == (3, 2, 2, 1)
    assert figures["attempts"] == 2 and figures["pass_rate"] == 50
    assert figures["lessons_completed"] == len(lessons)
    assert cohorts.links[0].endswith(f"/reports/academy/cohorts/{cohort.pk}/")


def test_a_self_paced_course_has_no_schedule_to_be_behind(facilitator):
    cohort = CohortFactory(
        facilitators=[facilitator], starts_on=timezone.localdate() - datetime.timedelta(days=20)
    )
    cohort.course.self_paced = True
    cohort.course.save()
    EnrolmentFactory(cohort=cohort)
    today = today_in("America/Toronto")
    figures = academy_metrics(facilitator, Period(today, today, "America/Toronto"))
    assert table(figures, "cohorts").rows[0][5] is None


def test_who_sees_the_academy_metrics(client):
    mine = Cohort.objects.filter(facilitators__email="facilitator@hub.example").first()
    elsewhere = CohortFactory(name="Cohort nobody facilitates")
    EnrolmentFactory(cohort=elsewhere)
    for email, allowed in [
        ("editor@hub.example", False),
        ("expert.amara@hub.example", False),
        ("facilitator@hub.example", True),
        ("coordinator@hub.example", True),
    ]:
        client.force_login(User.objects.get(email=email))
        response = client.get("/admin/reports/academy/metrics/?period=this_quarter")
        # Other admin users are sent to the admin's home (Wagtail's answer to a 403).
        assert response.status_code == (200 if allowed else 302), email
        if allowed:
            html = response.content.decode()
            shown = "Cohort nobody facilitates" in html
            assert shown == (email == "coordinator@hub.example"), email
            if email == "facilitator@hub.example":
                assert mine.name in html


def test_tables_have_headers_captions_and_a_csv(client):
    client.force_login(User.objects.get(email="coordinator@hub.example"))
    response = client.get("/admin/reports/academy/metrics/")
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    tables = soup.select("section.hub-chart table")
    assert {t.caption.get_text(strip=True) for t in tables} == {
        "Applications waiting for a decision",
        "Learners per cohort",
    }
    for t in tables:
        assert all(th.get_text(strip=True) for th in t.thead.find_all("th")[:-1])
        assert all(row.find("th", scope="row") for row in t.tbody.find_all("tr"))
    csv = client.get("/admin/reports/academy/metrics/?period=last_7&export=cohorts")
    assert csv["Content-Type"].startswith("text/csv")
    assert csv.content.decode().splitlines()[0].startswith('"Cohort","Course","Starts on"')


def test_the_page_costs_the_same_queries_for_few_or_many_learners(client):
    client.force_login(User.objects.get(email="coordinator@hub.example"))
    url = "/admin/reports/academy/metrics/?period=this_quarter"

    def count():
        report_counts.forget()  # the full cost, its counts of progress not kept
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    cohort = CohortFactory(starts_on=timezone.localdate() - datetime.timedelta(days=20))
    EnrolmentFactory(cohort=cohort)
    client.get(url)
    few = count()
    lesson = LessonPage.objects.descendant_of(cohort.course).first()
    for n in range(40):
        enrolment = EnrolmentFactory(
            cohort=cohort, status=Status.APPLIED if n % 4 == 0 else Status.ENROLLED
        )
        LessonProgress.objects.create(
            user=enrolment.user,
            lesson_key=lesson.translation_key,
            course_key=cohort.course.translation_key,
        )
        logged(enrolment, "apply", timezone.now(), before=None, after=Status.APPLIED)
    assert count() == few


def test_the_demo_reads_as_a_month_of_work_not_zeros():
    """The demo's enrolments carry the history the service would have logged, back-dated:
    a coordinator's last 30 days show the two applications received and nothing decided;
    the learners' seats fall before the period."""
    coordinator = User.objects.get(email="coordinator@hub.example")
    today = today_in("America/Toronto")
    figures = academy_metrics(
        coordinator, Period(today - datetime.timedelta(days=29), today, "America/Toronto")
    )
    assert figures["flows"]["received"] == 2
    assert figures["pending"] == 2
    assert figures["decided"] == 0
    wider = academy_metrics(
        coordinator, Period(today - datetime.timedelta(days=120), today, "America/Toronto")
    )
    assert wider["flows"]["seated"] >= 3
