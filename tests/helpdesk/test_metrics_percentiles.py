"""The metrics' median and 90th percentile of the time to first response (of the requests
filed in the period chosen) are computed by the database (PostgreSQL's percentile
aggregates, or OFFSET on SQLite) and agree with the plain definitions: the median averages
the two middle values of an even count; the 90th percentile is the nearest rank (the smallest wait at or above 90% of the answered requests).
"""

import datetime
import math
import statistics

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from helpdesk.models import HelpRequest, new_reference
from network.models import Organisation, User

pytestmark = pytest.mark.django_db


def _file(waits_in_minutes):
    edmonton = Organisation.objects.get(name="Edmonton")
    official = User.objects.get(email="official.edmonton@hub.example")
    now = timezone.now()
    rows = []
    for n, minutes in enumerate(waits_in_minutes):
        filed = now - datetime.timedelta(days=30, hours=n)
        rows.append(
            HelpRequest(
                reference=new_reference(),
                organisation=edmonton,
                requester=official,
                country="CA",
                region="CA-AB",
                language="en",
                urgency="routine",
                summary=f"Metrics {n}",
                details="-",
                status="resolved",
                created_at=filed,
                first_response_at=None
                if minutes is None
                else filed + datetime.timedelta(minutes=minutes),
            )
        )
    HelpRequest.objects.bulk_create(rows)


# A period that holds the requests filed above (30 days ago, in any time zone).
SIXTY_DAYS = f"?from={timezone.localdate() - datetime.timedelta(days=60)}&to={timezone.localdate()}"


def expected(period):
    """Of the requests filed in the period: their first responses' median and 90th
    percentile, and how many were answered."""
    waits = sorted(
        (answered - filed).total_seconds() / 3600
        for filed, answered in HelpRequest.objects.filter(
            first_response_at__isnull=False,
            created_at__gte=period.start,
            created_at__lt=period.end,
        ).values_list("created_at", "first_response_at")
    )
    p90 = waits[max(0, math.ceil(0.9 * len(waits)) - 1)]
    return statistics.median(waits), p90, len(waits)


@pytest.mark.parametrize("extra", [7, 8, 10, 31])
def test_median_and_p90_match_their_definitions(client, demo, extra):
    # Odd and even counts, ties, unanswered requests (left out) and a long tail.
    _file([15, 45, 45, None, 120, 600, 6000, 30, None, 90, 240, 2880][:extra] + [60] * extra)
    client.force_login(User.objects.get(email="coordinator@hub.example"))
    response = client.get("/admin/help-desk/metrics/" + SIXTY_DAYS)
    assert response.status_code == 200
    context = response.context
    median, p90, answered = expected(context["period"])
    assert answered >= extra
    assert context["answered"] == answered
    assert context["median"] == pytest.approx(median, abs=1e-6)
    assert context["p90"] == pytest.approx(p90, abs=1e-6)


def test_no_answered_request_shows_no_figure(client, demo):
    HelpRequest.objects.update(first_response_at=None)
    client.force_login(User.objects.get(email="coordinator@hub.example"))
    context = client.get("/admin/help-desk/metrics/" + SIXTY_DAYS).context
    assert context["median"] is None and context["p90"] is None and context["answered"] == 0


def test_the_waits_never_leave_the_database_row_by_row(client, demo):
    """No query reads every answered request's times: at most two rows per wait query."""
    _file(list(range(10, 400, 3)))
    client.force_login(User.objects.get(email="coordinator@hub.example"))
    client.get("/admin/help-desk/metrics/" + SIXTY_DAYS)
    with CaptureQueriesContext(connection) as captured:
        client.get("/admin/help-desk/metrics/" + SIXTY_DAYS)
    reads = [q["sql"] for q in captured.captured_queries if '"first_response_at"' in q["sql"]]
    assert reads, "the metrics read the response times"
    for sql in reads:
        assert "LIMIT" in sql or "PERCENTILE" in sql.upper() or "COUNT(" in sql.upper(), sql
