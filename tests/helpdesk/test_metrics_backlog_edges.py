"""The backlog's grouped counts on PostgreSQL find each request's bucket by binary search
(width_bucket): the same counts as one filtered count each, for moments exactly on a
bucket's end, at the period's start, missing, and across a change of clocks."""

import datetime
import zoneinfo

import pytest

from helpdesk import metrics
from helpdesk.models import HelpRequest
from pages.metrics import Period
from tests.helpdesk.factories import HelpRequestFactory
from tests.helpdesk.test_metrics_backlog import one_by_one

pytestmark = pytest.mark.django_db

TORONTO = zoneinfo.ZoneInfo("America/Toronto")
Status = HelpRequest.Status


def midnight(n) -> datetime.datetime:
    return datetime.datetime(2026, 3, 1, tzinfo=TORONTO) + datetime.timedelta(days=n)


@pytest.mark.parametrize(
    "first,last",
    [
        (datetime.date(2026, 3, 1), datetime.date(2026, 3, 14)),  # daily, clocks change 8 March
        (datetime.date(2026, 2, 1), datetime.date(2026, 5, 31)),  # weekly
    ],
)
def test_moments_on_the_edges_count_as_one_count_each(first, last):
    made = []
    for n in range(-3, 20):
        edge = midnight(n)
        made += [
            HelpRequestFactory(created_at=edge),
            HelpRequestFactory(created_at=edge, resolved_at=edge, status=Status.RESOLVED),
            HelpRequestFactory(
                created_at=edge - datetime.timedelta(microseconds=1),
                closed_at=edge,
                status=Status.CLOSED,
            ),
            HelpRequestFactory(
                created_at=edge,
                resolved_at=edge + datetime.timedelta(days=2),
                closed_at=edge + datetime.timedelta(days=1),
                status=Status.CLOSED,
            ),
            HelpRequestFactory(created_at=edge, status=Status.RESOLVED),  # no time recorded
            HelpRequestFactory(created_at=edge, resolved_at=edge, status=Status.IN_PROGRESS),
        ]
    requests = HelpRequest.objects.filter(pk__in=[r.pk for r in made])
    period = Period(first, last, "America/Toronto")
    ends = period.buckets()
    grouped = metrics._backlog_counts(requests, period, ends)
    assert grouped == one_by_one(requests, period, ends)
