"""The queue reads its saved views' counts and the filter panel's places in one grouped
query (QueueView.places): the same counts as workspace.view_counts and the same places as
filters.region_choices reading the requests, for a coordinator and an expert."""

import datetime

import pytest
from django.test import RequestFactory
from django.utils import timezone

from helpdesk import workspace
from helpdesk.admin_views import QueueView
from helpdesk.filters import region_choices
from helpdesk.models import HelpRequest
from network.models import ExpertProfile, Organisation, User
from tests.helpdesk.factories import HelpRequestFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("email", ["coordinator@hub.example", "expert.amara@hub.example"])
def test_the_grouped_counts_and_places_are_the_plain_ones(email):
    now = timezone.now()
    amara = ExpertProfile.objects.get(user__email="expert.amara@hub.example")
    boise = Organisation.objects.filter(country="US").first() or Organisation.objects.first()
    HelpRequestFactory(assignee=amara, first_response_due=now + datetime.timedelta(hours=1))
    HelpRequestFactory(assignee=amara, first_response_due=now - datetime.timedelta(hours=1))
    HelpRequestFactory(organisation=boise, assignee=amara, status=HelpRequest.Status.CLOSED)
    HelpRequestFactory(assignee=None)
    user = User.objects.get(email=email)
    request = RequestFactory().get("/admin/help-desk/")
    request.user = user
    view = QueueView()
    view.setup(request)
    visible = HelpRequest.objects.visible_to(user)
    assert view.view_counts == workspace.view_counts(visible, user=user, now=view.now)
    places = view.get_filterset_kwargs()["places"]
    assert region_choices(places) == region_choices(visible)
    assert view.view_counts["open"] == visible.open().count() > 0
