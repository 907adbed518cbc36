"""Report reminders (grants.tasks.remind_reports, daily): 14 and 3 days before the due date,
1 and 14 days after it while outstanding; each once (its outbox key), in the grant's language."""

import datetime

import pytest
from django.utils import timezone
from django_q.models import Schedule

from grants import tasks
from grants.apps import GrantsConfig  # noqa: F401 - the app whose post_migrate adds the schedule
from grants.models import Grant, Report
from network.models import OutboxEmail
from tests.grants.factories import applicant, new_grant, new_report

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def _empty_outbox():
    OutboxEmail.objects.all().delete()


def due_in(days, **grant):
    report = new_report(new_grant(**grant), due_on=TODAY + datetime.timedelta(days=days))
    user = applicant(report.grant.organisation)
    return report, user


def keys(*reports):
    """The reminders sent for these reports (the demo has reports of its own), without the
    address each message's key ends with (one message per address)."""
    found = set()
    for report in reports:
        prefix = f"grants-report-reminder:{report.pk}:"
        for key in OutboxEmail.objects.filter(key__startswith=prefix).values_list("key", flat=True):
            found.add(key.rsplit(":", 1)[0])
    return sorted(found)


def row_of(report, user=None):
    user = user or report.grant.organisation.memberships.first().user
    return OutboxEmail.objects.get(
        key=f"grants-report-reminder:{report.pk}:{reminder_of(report)}:{user.email.lower()}"
    )


def reminder_of(report):
    return keys(report)[0].rsplit(":", 1)[1]


@pytest.mark.parametrize(
    ("days", "when"),
    [(14, "before-14"), (10, "before-14"), (3, "before-3"), (-1, "after-1"), (-14, "after-14")],
)
def test_each_reminder_on_its_day(days, when):
    report, user = due_in(days)
    assert tasks.remind_reports(TODAY) >= 1
    assert keys(report) == [f"grants-report-reminder:{report.pk}:{when}"]
    row = row_of(report, user)
    assert row.payload["to"] == [user.email]


def test_nothing_before_fourteen_days_or_once_received():
    early, _user = due_in(20)
    report, _user = due_in(3)
    report.status, report.submitted_at = Report.Status.SUBMITTED, timezone.now()
    report.save()
    tasks.remind_reports(TODAY)
    assert keys(early, report) == []


def test_running_twice_sends_nothing_twice():
    report, _user = due_in(3)
    tasks.remind_reports(TODAY)
    tasks.remind_reports(TODAY)
    assert len(keys(report)) == 1
    # The next day the same reminder is still owed, and still sent once.
    tasks.remind_reports(TODAY + datetime.timedelta(days=1))
    assert keys(report) == [f"grants-report-reminder:{report.pk}:before-3"]


def test_the_whole_sequence_for_one_report():
    report, _user = due_in(14)
    for offset in range(0, 30):
        tasks.remind_reports(TODAY + datetime.timedelta(days=offset))
    assert keys(report) == sorted(
        f"grants-report-reminder:{report.pk}:{when}"
        for when in ("before-14", "before-3", "after-1", "after-14")
    )


def test_in_the_grant_language():
    report, _user = due_in(-1, language="fr")
    tasks.remind_reports(TODAY)
    row = row_of(report)
    assert row.payload["subject"].startswith("Votre rapport pour la subvention")
    assert "en retard" in row.payload["subject"]
    assert "/fr/grants/reports/" in row.payload["text"]


def test_the_daily_schedule_is_in_place():
    tasks.ensure_schedules()
    schedule = Schedule.objects.get(name="grants: report reminders")
    assert schedule.func == "grants.tasks.remind_reports"
    assert schedule.schedule_type == Schedule.DAILY


def test_one_message_per_address_each_address_once():
    report, user = due_in(3)
    colleague = applicant(report.grant.organisation, email=user.email.upper().replace("@", "2@"))
    profile = report.grant.organisation.applicant_profile
    profile.contact_email = user.email.upper()  # the same person, in capitals
    profile.save()
    tasks.remind_reports(TODAY)
    rows = OutboxEmail.objects.filter(key__startswith=f"grants-report-reminder:{report.pk}:")
    assert sorted(row.payload["to"] for row in rows) == sorted([[user.email], [colleague.email]])
    assert {row.key for row in rows} == {
        f"grants-report-reminder:{report.pk}:before-3:{user.email.lower()}",
        f"grants-report-reminder:{report.pk}:before-3:{colleague.email.lower()}",
    }


def test_a_completed_grant_is_still_reminded_an_ended_one_is_not():
    completed, _user = due_in(-1, status=Grant.Status.COMPLETED)
    ended, _user = due_in(-1, status=Grant.Status.TERMINATED)
    tasks.remind_reports(TODAY)
    assert keys(completed) == [f"grants-report-reminder:{completed.pk}:after-1"]
    assert keys(ended) == []
