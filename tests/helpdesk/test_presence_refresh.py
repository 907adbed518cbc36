"""The admin request page writes the viewer's presence row when it is older than a minute
(PRESENCE_REFRESH), not on every view: a second view within the minute writes nothing and
others are still warned; a view after the minute brings the row up to date."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from helpdesk.admin_views import PRESENCE_REFRESH
from helpdesk.models import Presence
from network.models import User
from tests.helpdesk.test_services import city_member, file

pytestmark = pytest.mark.django_db


def _writes(captured) -> list[str]:
    return [
        q["sql"]
        for q in captured.captured_queries
        if "helpdesk_presence" in q["sql"] and not q["sql"].lstrip().upper().startswith("SELECT")
    ]


def test_presence_is_written_once_a_minute_and_others_are_still_warned(client):
    request = file(city_member())
    coordinator = User.objects.get(email="coordinator@hub.example")
    url = f"/admin/help-desk/{request.public_id}/"
    client.force_login(coordinator)
    client.get(url)
    row = Presence.objects.get(request=request, user=coordinator)
    first_seen = row.seen_at

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    assert _writes(captured) == []
    row.refresh_from_db()
    assert row.seen_at == first_seen

    # Older than the refresh: the view writes the row again.
    stale = timezone.now() - PRESENCE_REFRESH - datetime.timedelta(seconds=5)
    Presence.objects.filter(pk=row.pk).update(seen_at=stale)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    assert _writes(captured)
    row.refresh_from_db()
    assert row.seen_at > stale

    client.force_login(request.assignee.user)
    page = client.get(url).content.decode()
    assert "Casey Coordinator opened this request" in page
