"""The queue's paginator takes a saved view's count from the counts above the table when
nothing else narrows the view (one query fewer); with a filter, a search, or a view that
reads the clock, it counts the listing itself. Either way the pages are right."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from helpdesk.models import HelpRequest
from network.models import User
from tests.helpdesk.factories import HelpRequestFactory

pytestmark = pytest.mark.django_db


def _counts(captured) -> int:
    return sum("COUNT(" in q["sql"].upper() for q in captured.captured_queries)


def test_the_saved_views_count_is_the_paginators(client):
    organisation = HelpRequestFactory(urgency="at_risk").organisation
    for n in range(60):
        HelpRequestFactory(organisation=organisation, urgency="at_risk" if n < 3 else "urgent")
    HelpRequestFactory(organisation=organisation, status=HelpRequest.Status.CLOSED)
    client.force_login(User.objects.get(email="coordinator@hub.example"))
    open_now = HelpRequest.objects.open().count()
    pages = -(-open_now // 50)

    with CaptureQueriesContext(connection) as captured:
        response = client.get("/admin/help-desk/?view=open")
    assert response.context["paginator"].count == open_now
    assert f"Page 1 of {pages}" in response.content.decode()
    assert _counts(captured) == 1  # the saved views' counts, nothing more

    at_risk = HelpRequest.objects.open().filter(urgency="at_risk").count()
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/admin/help-desk/?view=open&urgency=at_risk")
    assert response.context["paginator"].count == at_risk
    assert _counts(captured) == 2

    response = client.get("/admin/help-desk/?view=open&q=Request 1")
    assert response.context["paginator"].count == len(
        [r for r in HelpRequest.objects.open() if "Request 1" in r.summary]
    )
    response = client.get("/admin/help-desk/?view=all")
    assert response.context["paginator"].count == HelpRequest.objects.count()
