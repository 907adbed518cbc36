"""The at-risk banner on every admin page (helpdesk_on_call.at_risk_banner): one cheap
query when nobody is waiting (almost always), and when someone is, only the requests the
person must know about: every one for a coordinator, those paging an expert (or assigned to
or consulted on by them), never another expert's."""

import pytest
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from helpdesk import tasks
from helpdesk.models import HelpRequest, OnCallAlert
from network.models import User
from tests.helpdesk.test_on_call import WEDNESDAY_3AM, at, desk, file  # noqa: F401

pytestmark = pytest.mark.django_db

BANNER = Template("{% load helpdesk_on_call %}{% at_risk_banner %}")


def banner_for(user) -> tuple[str, int]:
    """The banner as `user` sees it, and its queries (the roles read before, as the admin's
    menu does on every page)."""
    user = User.objects.get(pk=user.pk)
    user.is_coordinator  # noqa: B018
    request = RequestFactory().get("/admin/")
    request.user = user
    with CaptureQueriesContext(connection) as queries:
        html = BANNER.render(Context({"request": request}))
    return html, len(queries)


def test_nobody_waiting_costs_one_query(desk):  # noqa: F811
    OnCallAlert.objects.update(acknowledged_at=timezone.now())
    for person in (desk.coordinator, desk.night.user, desk.day.user):
        assert banner_for(person) == ("", 1)
    assert banner_for(desk.official) == ("", 0)  # neither coordinator nor expert


def test_the_banner_names_the_request_for_the_coordinator_and_the_person_paged(desk):  # noqa: F811
    OnCallAlert.objects.update(acknowledged_at=timezone.now())
    request = file(desk, WEDNESDAY_3AM)
    tasks.page_on_call(now=at(1))
    heading = "Someone is at risk now: 1 request not acknowledged"
    for person in (desk.coordinator, desk.night.user):
        html, queries = banner_for(person)
        assert heading in html and request.reference in html
        assert queries == 2  # is anyone waiting; theirs
    html, _ = banner_for(desk.day.user)  # an expert not paged, not consulted
    assert html == ""


def test_an_answered_or_closed_request_no_longer_shows(desk):  # noqa: F811
    OnCallAlert.objects.update(acknowledged_at=timezone.now())
    request = file(desk, WEDNESDAY_3AM)
    tasks.page_on_call(now=at(1))
    HelpRequest.objects.filter(pk=request.pk).update(first_response_at=at(5))
    assert banner_for(desk.coordinator) == ("", 1)
    assert banner_for(desk.night.user) == ("", 1)
    HelpRequest.objects.filter(pk=request.pk).update(
        first_response_at=None, status=HelpRequest.Status.CLOSED
    )
    assert banner_for(desk.coordinator) == ("", 1)
    assert OnCallAlert.objects.waiting().count() == 0
    assert OnCallAlert.objects.unacknowledged().count() == 1
