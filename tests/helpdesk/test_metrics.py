"""The help desk's metrics over a period: whole days in the coordinator's zone, the backlog
at the end of each day for a hand-made set of requests, the load per expert, the cities'
ratings, CSV tables, coordinators only, and a fixed number of queries whatever the volume."""

import csv
import datetime
import io
import zoneinfo

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from helpdesk.metrics import help_desk_metrics
from helpdesk.models import HelpRequest
from network.models import User
from pages.metrics import Period
from tests.helpdesk.factories import HelpRequestFactory
from tests.network.factories import ExpertProfileFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db

TORONTO = zoneinfo.ZoneInfo("America/Toronto")
ST_JOHNS = zoneinfo.ZoneInfo("America/St_Johns")
UTC = datetime.UTC
Status = HelpRequest.Status


def at(zone, *args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=zone)


def metrics_of(requests, period):
    return help_desk_metrics(HelpRequest.objects.filter(pk__in=[r.pk for r in requests]), period)


def table(metrics, key):
    return next(t for t in metrics["tables"] if t.key == key)


@pytest.fixture
def coordinator():
    user = User.objects.get(email="coordinator@hub.example")
    user.time_zone = "America/St_Johns"
    user.save(update_fields=["time_zone"])
    return user


def test_the_period_is_whole_days_in_the_coordinators_zone(client, coordinator):
    """St. John's is 3:30 behind UTC in winter, 2:30 in summer (from 8 March 2026)."""
    inside = [
        HelpRequestFactory(created_at=at(UTC, 2026, 3, 1, 4, 0)),  # 1 March, 00:30
        HelpRequestFactory(created_at=at(UTC, 2026, 4, 1, 2, 29)),  # 31 March, 23:59
    ]
    outside = [
        HelpRequestFactory(created_at=at(UTC, 2026, 3, 1, 3, 0)),  # 28 February, 23:30
        HelpRequestFactory(created_at=at(UTC, 2026, 4, 1, 2, 31)),  # 1 April, 00:01
    ]
    client.force_login(coordinator)
    response = client.get("/admin/help-desk/metrics/?from=2026-03-01&to=2026-03-31")
    assert response.status_code == 200
    period = response.context["period"]
    assert period.zone == "America/St_Johns"
    assert period.start == at(ST_JOHNS, 2026, 3, 1)
    figures = metrics_of(inside + outside, period)
    assert figures["total"] == 2
    assert figures["totals"]["filed"] == 2
    html = response.content.decode()
    assert "March 1, 2026 to March 31, 2026" in html
    assert "Newfoundland" in html  # the zone the days are counted in, named


def test_the_backlog_at_the_end_of_each_day():
    a = HelpRequestFactory(created_at=at(TORONTO, 2026, 2, 20, 9))  # open throughout
    b = HelpRequestFactory(
        created_at=at(TORONTO, 2026, 3, 2, 10),
        resolved_at=at(TORONTO, 2026, 3, 4, 9),
        status=Status.RESOLVED,
    )
    c = HelpRequestFactory(  # filed and closed on the same day: never open at a day's end
        created_at=at(TORONTO, 2026, 3, 3, 12),
        closed_at=at(TORONTO, 2026, 3, 3, 15),
        status=Status.CLOSED,
    )
    d = HelpRequestFactory(created_at=at(TORONTO, 2026, 3, 5, 23, 30))
    e = HelpRequestFactory(
        created_at=at(TORONTO, 2026, 2, 25, 9),
        resolved_at=at(TORONTO, 2026, 3, 1, 8),
        status=Status.RESOLVED,
    )
    period = Period(datetime.date(2026, 3, 1), datetime.date(2026, 3, 5), "America/Toronto")
    figures = metrics_of([a, b, c, d, e], period)
    backlog = table(figures, "backlog")
    assert [row[0] for row in backlog.rows] == [datetime.date(2026, 3, n) for n in range(1, 6)]
    assert [row[1] for row in backlog.rows] == [1, 2, 2, 1, 2]  # open at each day's end
    assert [row[2] for row in backlog.rows] == [0, 1, 1, 0, 1]  # filed
    assert [row[3] for row in backlog.rows] == [1, 0, 0, 1, 0]  # resolved
    assert figures["totals"]["open_at_start"] == 2  # a and e
    assert figures["totals"]["open_at_end"] == 2  # a and d
    assert backlog.labels[0].replace("\xa0", " ") == "Sunday, March 1"


def test_first_response_and_resolution_within_target():
    start = at(TORONTO, 2026, 3, 2, 9)
    hour = datetime.timedelta(hours=1)
    rows = [
        HelpRequestFactory(created_at=start, first_response_at=start + hour),
        HelpRequestFactory(created_at=start, first_response_at=start + 3 * hour),
        HelpRequestFactory(
            created_at=start, first_response_at=start + 9 * hour, breached_at=start + 8 * hour
        ),
        HelpRequestFactory(created_at=start),  # not answered yet, not late yet
        HelpRequestFactory(
            created_at=start,
            first_response_at=start + hour,
            resolved_at=start + 10 * hour,
            status=Status.RESOLVED,
        ),
    ]
    period = Period(datetime.date(2026, 3, 1), datetime.date(2026, 3, 7), "America/Toronto")
    figures = metrics_of(rows, period)
    assert figures["answered"] == 4
    assert figures["first_share"] == 75  # 3 within target of 4 that were due or answered
    assert figures["median"] == pytest.approx(2.0)  # 1, 1, 3 and 9 hours
    assert figures["p90"] == pytest.approx(9.0)  # the nearest rank
    assert figures["resolution_median"] == pytest.approx(10.0)
    assert figures["resolution_share"] == 100


def test_satisfaction_of_the_requests_resolved_in_the_period():
    resolved = at(TORONTO, 2026, 3, 3, 12)
    rows = [
        HelpRequestFactory(
            created_at=resolved - datetime.timedelta(days=1),
            resolved_at=resolved,
            status=Status.RESOLVED,
            rating=rating,
        )
        for rating in (3, 3, 1, None)
    ]
    rows.append(  # resolved before the period: its rating is not counted
        HelpRequestFactory(
            created_at=at(TORONTO, 2026, 2, 1, 9),
            resolved_at=at(TORONTO, 2026, 2, 2, 9),
            status=Status.RESOLVED,
            rating=1,
        )
    )
    period = Period(datetime.date(2026, 3, 1), datetime.date(2026, 3, 31), "America/Toronto")
    figures = metrics_of(rows, period)
    assert figures["rating"] == pytest.approx(7 / 3)
    assert figures["totals"]["rated"] == 3
    assert figures["rated_share"] == 75  # 3 of the 4 resolved in the period were rated
    ratings = table(figures, "ratings")
    assert [row[1:] for row in ratings.rows] == [[2, 67], [0, 0], [1, 33]]
    assert ratings.rows[0][0] == "Very helpful"


def test_the_load_per_expert():
    amara = ExpertProfileFactory(user=UserFactory(full_name="Zed Load-Test"))
    twin = ExpertProfileFactory(user=UserFactory(full_name="Zed Load-Test"))
    filed = at(TORONTO, 2026, 3, 2, 9)
    rows = [
        HelpRequestFactory(assignee=amara, created_at=filed),
        HelpRequestFactory(assignee=amara, created_at=filed, breached_at=filed),
        HelpRequestFactory(
            assignee=amara,
            created_at=filed,
            resolved_at=filed + datetime.timedelta(hours=5),
            status=Status.RESOLVED,
            rating=3,
        ),
        HelpRequestFactory(created_at=filed),  # nobody yet
    ]
    period = Period(datetime.date(2026, 3, 1), datetime.date(2026, 3, 31), "America/Toronto")
    experts = table(metrics_of(rows, period), "experts")
    by_label = dict(zip(experts.labels, experts.rows, strict=True))
    mine = by_label[f"Zed Load-Test ({amara.user.email})"]  # two of that name: told apart
    assert mine[1:] == [2, amara.weekly_capacity, 3, 1, 1, 3.0]
    assert by_label[f"Zed Load-Test ({twin.user.email})"][1:] == [0, 5, 0, 0, 0, None]
    assert by_label["Nobody yet (coordinators' queue)"][1] == 1


def test_coordinators_only(client):
    """Other admin users are refused (Wagtail sends them to the admin's home, with a
    message); so are people without admin access."""
    for email, allowed in [
        ("expert.amara@hub.example", False),
        ("facilitator@hub.example", False),
        ("official.edmonton@hub.example", False),
        ("coordinator@hub.example", True),
    ]:
        client.force_login(User.objects.get(email=email))
        response = client.get("/admin/help-desk/metrics/")
        assert (response.status_code == 200) == allowed, email
        if not allowed:
            assert response.status_code in (302, 403), email
            assert "Load per expert" not in response.content.decode()


def test_every_table_has_headers_a_caption_and_numbers_beside_its_bars(client, coordinator):
    HelpRequestFactory(assignee=ExpertProfileFactory(), topics=[TopicFactory()])
    client.force_login(coordinator)
    html = client.get("/admin/help-desk/metrics/?period=last_7").content.decode()
    soup = BeautifulSoup(html, "html.parser")
    tables = soup.select("section.hub-chart table")
    captions = [t.caption.get_text(strip=True) for t in tables]
    assert {"Open requests over time", "Load per expert", "Requests by topic"} <= set(captions)
    for t in tables:
        section = t.find_parent("section")
        assert section["aria-labelledby"] and section.h2.get_text(strip=True) == t.caption.text
        heads = t.thead.find_all("th", scope="col")
        assert len(heads) >= 2 and all(h.get_text(strip=True) for h in heads[:-1])
        for row in t.tbody.find_all("tr"):
            assert row.find("th", scope="row").get_text(strip=True)
            cells = row.find_all("td")
            assert cells[0].get_text(strip=True)  # the number, not only a bar
            bar = row.find("svg")
            assert bar is None or bar.find_parent("td")["aria-hidden"] == "true"
    load = next(t for t in tables if t.caption.text == "Load per expert")
    assert len(load.tbody.find_all("tr")) >= 2  # the demo's experts and the new one
    assert soup.select_one("a[aria-current='true']").get_text(strip=True) == "Last 7 days"


def test_wrong_dates_are_explained_and_the_last_30_days_shown(client, coordinator):
    client.force_login(coordinator)
    response = client.get("/admin/help-desk/metrics/?from=2026-03-31&to=2026-03-01")
    assert response.status_code == 200
    html = response.content.decode()
    assert "The last day must be on or after the first day." in html
    assert "showing the last 30 days instead" in html
    assert response.context["period"].preset == "last_30"


def test_a_table_as_csv(client, coordinator):
    HelpRequestFactory(created_at=at(ST_JOHNS, 2026, 3, 2, 9))
    client.force_login(coordinator)
    response = client.get("/admin/help-desk/metrics/?from=2026-03-01&to=2026-03-03&export=backlog")
    assert response["Content-Type"].startswith("text/csv")
    assert "help-desk-backlog-2026-03-01-2026-03-03.csv" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Day", "Open at the end", "Requests filed", "Requests resolved"]
    assert [row[0] for row in rows[1:]] == ["2026-03-01", "2026-03-02", "2026-03-03"]
    assert rows[2][2] == "1"


def test_the_page_costs_the_same_queries_for_few_or_many_requests(client, coordinator):
    client.force_login(coordinator)
    url = "/admin/help-desk/metrics/?period=this_quarter"

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    client.get(url)
    few = count()
    experts = [ExpertProfileFactory() for _ in range(4)]
    topics = [TopicFactory() for _ in range(4)]
    now = datetime.datetime.now(UTC)
    for n in range(60):
        HelpRequestFactory(
            assignee=experts[n % 4],
            topics=[topics[n % 4]],
            created_at=now - datetime.timedelta(days=n % 20, hours=n),
            first_response_at=now - datetime.timedelta(days=n % 20) if n % 3 else None,
            resolved_at=now if n % 5 == 0 else None,
            status=Status.RESOLVED if n % 5 == 0 else Status.ASSIGNED,
            rating=(n % 3) + 1 if n % 5 == 0 else None,
            urgency=["at_risk", "urgent", "routine"][n % 3],
        )
    assert count() == few
