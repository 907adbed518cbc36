"""The demo's past sessions come with their audience (webinars.demo.load_audience), loaded
as many times as one likes. The suite's demo leaves it out (config.settings.test): this test
loads it itself."""

import csv
import io

import pytest

from network.models import User
from webinars.demo import AUDIENCE, load_audience
from webinars.models import Registration, WebinarPage

pytestmark = pytest.mark.django_db


def export(client, name):
    response = client.get(f"/admin/reports/webinars/{name}/", {"export": "csv"})
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_past_sessions_show_who_registered_and_attended(client):
    load_audience()
    load_audience()  # again: nothing doubles
    client.force_login(User.objects.get(email="coordinator@hub.example"))
    sessions = {row["Session"]: row for row in export(client, "sessions")}
    for slug, registered, attended, cancelled in AUDIENCE:
        session = WebinarPage.objects.get(locale__language_code="en", slug=slug)
        assert session.state() == "past"
        row = sessions[session.title]
        assert (int(row["Registered"]), int(row["Attended"])) == (registered, attended)
        assert int(row["No-show"]) == registered - attended
        assert session.registrations.filter(status="cancelled").count() == cancelled
    assert not Registration.objects.filter(email__endswith="@audience.example", user__isnull=False)

    organisations = {row["Organisation"]: row for row in export(client, "organisations")}
    # "City of Boise", "boise" and "Boise, ID" typed by guests are the network's Boise.
    assert organisations["Boise"]["Matched to"] == "A network organisation"
    assert "boise" not in organisations and "City of Boise" not in organisations
    regions = {row["Province or state"] for row in export(client, "regions")}
    assert {"Idaho", "Ontario", "Quebec", "British Columbia", "New Brunswick"} <= regions
