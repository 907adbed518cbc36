"""The webinar pages cost the same number of queries for a few or many sessions and
registrations."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from webinars.models import Registration, WebinarPage, WebinarSeriesPage

pytestmark = pytest.mark.django_db

SERIES = "/en/webinars/global-crises-local-impacts/"
PAGES = {
    "index": "/en/webinars/",
    "index filtered": "/en/webinars/?language=en",
    "series": SERIES,
    "session": SERIES + "when-a-conflict-abroad-divides-your-city/",
}
BUDGET = 30


def queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("name", PAGES)
def test_webinar_pages_cost_the_same_for_many_sessions_and_registrations(client, name):
    url = PAGES[name]
    before = queries(client, url)
    series = WebinarSeriesPage.objects.get(
        locale__language_code="en", slug="global-crises-local-impacts"
    )
    now = timezone.now()
    for n in range(40):  # upcoming and past
        series.add_child(
            instance=WebinarPage(
                title=f"Extra {n}",
                slug=f"extra-{n}",
                summary="More.",
                starts_at=now + datetime.timedelta(days=n - 20, hours=1),
            )
        )
    session = WebinarPage.objects.get(
        locale__language_code="en", slug="when-a-conflict-abroad-divides-your-city"
    )
    Registration.objects.bulk_create(
        Registration(
            session=session,
            email=f"r{n}@town.example",
            full_name=f"R {n}",
            consent=True,
            status="registered",
        )
        for n in range(300)
    )
    after = queries(client, url)
    assert after == before, f"{name}: {before} queries before, {after} after"
    assert after <= BUDGET, f"{name}: {after} queries"
