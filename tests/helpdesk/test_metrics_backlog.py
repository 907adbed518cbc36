"""The backlog table's counts come from one grouped query (helpdesk.metrics._backlog_counts):
they are the same as one filtered count per bucket and figure (open at the bucket's end,
filed in it, resolved in it), for daily and weekly buckets, requests filed before, during
and after the period, resolved, closed, reopened, done with no time recorded, and a row
resolved before it was filed."""

import datetime
import zoneinfo

import pytest
from django.db.models import Count

from helpdesk import metrics
from helpdesk.models import HelpRequest
from pages.metrics import Period
from tests.helpdesk.factories import HelpRequestFactory

pytestmark = pytest.mark.django_db

TORONTO = zoneinfo.ZoneInfo("America/Toronto")
Status = HelpRequest.Status


def one_by_one(requests, period, ends) -> dict:
    """The counts as backlog_table made them before: a filtered count each."""
    return requests.aggregate(
        **{
            f"b{n}": Count("pk", filter=metrics._open_at(end))
            for n, (_f, _l, end) in enumerate(ends)
        },
        **{
            f"f{n}": Count(
                "pk", filter=metrics._between("created_at", metrics._start(period, first), end)
            )
            for n, (first, _l, end) in enumerate(ends)
        },
        **{
            f"r{n}": Count(
                "pk", filter=metrics._between("resolved_at", metrics._start(period, first), end)
            )
            for n, (first, _l, end) in enumerate(ends)
        },
    )


def day(n, hour=10) -> datetime.datetime:
    return datetime.datetime(2026, 3, 1, hour, tzinfo=TORONTO) + datetime.timedelta(days=n)


@pytest.mark.parametrize(
    "first,last",
    [
        (datetime.date(2026, 3, 1), datetime.date(2026, 3, 10)),  # daily
        (datetime.date(2026, 2, 1), datetime.date(2026, 5, 31)),  # weekly
    ],
)
def test_one_grouped_query_counts_as_one_count_each(first, last):
    made = []
    for n in range(-20, 60, 3):
        made.append(HelpRequestFactory(created_at=day(n)))  # open
        made.append(
            HelpRequestFactory(created_at=day(n), resolved_at=day(n + 4), status=Status.RESOLVED)
        )
        made.append(
            HelpRequestFactory(created_at=day(n, 8), closed_at=day(n, 15), status=Status.CLOSED)
        )
        made.append(
            HelpRequestFactory(  # reopened: resolved once, open again
                created_at=day(n), resolved_at=None, closed_at=None, status=Status.IN_PROGRESS
            )
        )
        made.append(
            HelpRequestFactory(  # done with no time recorded
                created_at=day(n), resolved_at=None, closed_at=None, status=Status.CLOSED
            )
        )
        made.append(
            HelpRequestFactory(  # resolved before it was filed (imported rows)
                created_at=day(n + 2), resolved_at=day(n), status=Status.RESOLVED
            )
        )
        made.append(
            HelpRequestFactory(
                created_at=day(n),
                resolved_at=day(n + 9),
                closed_at=day(n + 2),
                status=Status.CLOSED,
            )
        )
    requests = HelpRequest.objects.filter(pk__in=[r.pk for r in made])
    period = Period(first, last, "America/Toronto")
    ends = period.buckets()
    grouped = metrics._backlog_counts(requests, period, ends)
    assert grouped is not None
    assert grouped == one_by_one(requests, period, ends)
    assert any(grouped[f"b{n}"] for n in range(len(ends)))
