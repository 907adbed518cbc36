"""The metrics' totals are counted with conditions written as SQL (metrics._Sql): the same
counts as Django's lookups they stand for, with missing times, requests on the period's
edges, done without a recorded time, and someone at risk with or without an alert."""

import datetime
import zoneinfo

import pytest
from django.db.models import Avg, Count, Q

from helpdesk import metrics
from helpdesk.models import HelpRequest, OnCallAlert, Urgency
from pages.metrics import Period
from tests.helpdesk.factories import HelpRequestFactory

pytestmark = pytest.mark.django_db

TORONTO = zoneinfo.ZoneInfo("America/Toronto")
Status = HelpRequest.Status


def moment(days, hours=0) -> datetime.datetime:
    return datetime.datetime(2026, 3, 1, tzinfo=TORONTO) + datetime.timedelta(
        days=days, hours=hours
    )


def by_lookups(requests, period) -> dict:
    """The totals as one count a figure filtered by Django's lookups (the page's old way)."""
    start, end = period.start, period.end
    filed = metrics._between("created_at", start, end)
    resolved = metrics._between("resolved_at", start, end)
    at_risk = filed & Q(urgency=Urgency.AT_RISK)
    return requests.aggregate(
        filed=Count("pk", filter=filed),
        answered=Count("pk", filter=filed & Q(first_response_at__isnull=False)),
        first_missed=Count("pk", filter=filed & Q(breached_at__isnull=False)),
        first_met=Count(
            "pk", filter=filed & Q(first_response_at__isnull=False, breached_at__isnull=True)
        ),
        resolved=Count("pk", filter=resolved),
        resolution_missed=Count("pk", filter=resolved & Q(resolution_breached_at__isnull=False)),
        rated=Count("pk", filter=resolved & Q(rating__isnull=False)),
        rating=Avg("rating", filter=resolved),
        open_at_start=Count("pk", filter=metrics._open_at(start)),
        open_at_end=Count("pk", filter=metrics._open_at(end)),
        open_now=Count("pk", filter=~Q(status__in=metrics.DONE)),
        at_risk=Count("pk", filter=at_risk),
        acknowledged=Count("pk", filter=at_risk & Q(on_call_alert__acknowledged_at__isnull=False)),
        escalated=Count(
            "pk", filter=at_risk & Q(on_call_alert__coordinators_escalated_at__isnull=False)
        ),
        nobody_on_call=Count("pk", filter=at_risk & Q(on_call_alert__nobody_on_call=True)),
    )


def test_the_totals_are_those_of_django_s_lookups():
    made = []
    for day in (-2, 0, 5, 13, 14, 20):
        edge = moment(day)
        made += [
            HelpRequestFactory(created_at=edge),
            HelpRequestFactory(
                created_at=edge,
                first_response_at=edge + datetime.timedelta(hours=3),
                resolved_at=edge + datetime.timedelta(days=1),
                status=Status.RESOLVED,
                rating=3,
            ),
            HelpRequestFactory(
                created_at=edge - datetime.timedelta(microseconds=1),
                first_response_at=edge + datetime.timedelta(hours=30),
                breached_at=edge + datetime.timedelta(hours=24),
                resolution_breached_at=edge + datetime.timedelta(days=3),
                resolved_at=edge + datetime.timedelta(days=4),
                closed_at=edge + datetime.timedelta(days=2),
                status=Status.CLOSED,
                rating=1,
            ),
            HelpRequestFactory(created_at=edge, status=Status.RESOLVED),  # no time recorded
            HelpRequestFactory(created_at=edge, resolved_at=edge, status=Status.IN_PROGRESS),
        ]
        for alert in (None, "acknowledged", "escalated", "nobody"):
            request = HelpRequestFactory(created_at=edge, urgency=Urgency.AT_RISK)
            made.append(request)
            if alert:
                OnCallAlert.objects.create(
                    request=request,
                    paged_at=edge,
                    acknowledged_at=edge + datetime.timedelta(minutes=9)
                    if alert == "acknowledged"
                    else None,
                    coordinators_escalated_at=edge + datetime.timedelta(minutes=20)
                    if alert == "escalated"
                    else None,
                    nobody_on_call=alert == "nobody",
                )
    requests = HelpRequest.objects.filter(pk__in=[r.pk for r in made])
    compared = []
    for first, last in [
        (datetime.date(2026, 3, 1), datetime.date(2026, 3, 14)),  # clocks change on 8 March
        (datetime.date(2026, 2, 1), datetime.date(2026, 5, 31)),
        (datetime.date(2026, 3, 6), datetime.date(2026, 3, 6)),
    ]:
        period = Period(first, last, "America/Toronto")
        expected = by_lookups(requests, period)
        totals = metrics.help_desk_metrics(requests, period)["totals"]
        assert {key: totals[key] for key in expected} == expected
        compared.append(expected)
    # Every figure was counted from something (not zero everywhere).
    assert all(any(expected[key] for expected in compared) for key in compared[0])
