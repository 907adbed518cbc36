"""Audience by organisation and by province or state (webinars.attendance.audience): free
text folded and matched to the network's organisations, people with an account counted for
their own organisation."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from network.models import Membership, Organisation, User
from tests.network.factories import UserFactory
from tests.webinars.factories import RegistrationFactory, WebinarSessionFactory
from webinars.attendance import audience, by_region, fold, organisation_key, parse_place
from webinars.attendance import region_names as names

ORGANISATIONS = {
    1: ("Boise", "city", "US-ID"),
    2: ("Montréal", "city", "CA-QC"),
    3: ("Boise Neighbours Together", "community", "US-ID"),
}


def group(organisation="", region="", member_of=None, registered=1, attended=0):
    return {
        "member_of": member_of,
        "organisation": organisation,
        "region": region,
        "rows": registered,
        "registered": registered,
        "attended": attended,
    }


def test_free_text_is_folded():
    assert fold("  Québec,  QC ") == "quebec qc"
    assert organisation_key("City of Boise") == organisation_key("boise") == "boise"
    assert organisation_key("Ville de Montréal") == "montreal"


def test_places_are_read_whatever_the_spelling():
    regions = names()
    assert parse_place("Boise, Idaho", regions) == ("boise", "US-ID")
    assert parse_place("boise, ID", regions) == ("boise", "US-ID")
    assert parse_place("Moncton NB", regions) == ("moncton", "CA-NB")
    assert parse_place("Trois-Rivières (Québec)", regions) == ("trois rivieres", "CA-QC")
    assert parse_place("Colombie-Britannique", regions) == ("", "CA-BC")
    assert parse_place("Boise", regions) == ("boise", "")
    assert parse_place("", regions) == ("", "")


def test_spellings_of_one_place_are_one_row_and_known_organisations_are_matched():
    rows = audience(
        [
            group(region="Boise"),
            group(region="boise", attended=1),
            group(region="Boise, Idaho"),
            group(organisation="City of Boise"),
            group(member_of=3, region="Somewhere", attended=1),
            group(organisation="Ville de Montréal", region="Montréal, QC"),
            group(organisation="Springfield Library", region="Springfield, Illinois"),
            group(organisation="springfield library"),
            group(),
        ],
        ORGANISATIONS,
    )
    table = {(r.label, r.region, r.matched): (r.registered, r.attended) for r in rows}
    assert table == {
        ("Boise", "US-ID", True): (4, 1),
        ("Boise Neighbours Together", "US-ID", True): (1, 1),
        ("Montréal", "CA-QC", True): (1, 0),
        ("Springfield Library", "US-IL", False): (2, 0),
        ("", "", False): (1, 0),
    }
    assert rows[0].label == "Boise"
    regions = {r.region: (r.registered, r.attended) for r in by_region(rows)}
    assert regions == {"US-ID": (5, 2), "CA-QC": (1, 0), "US-IL": (2, 0), "": (1, 0)}
    assert by_region(rows)[-1].region == ""  # "not known" comes last


@pytest.mark.django_db
def test_the_reports_count_registrants_for_their_organisation(client):
    boise = Organisation.objects.get(name="Boise")
    session = WebinarSessionFactory(capacity=50)
    member = UserFactory()
    Membership.objects.create(user=member, organisation=boise)
    RegistrationFactory(session=session, user=member, email=member.email, attended=True)
    RegistrationFactory(session=session, organisation="", region="boise, idaho")
    RegistrationFactory(session=session, organisation="City of Boise", region="")
    RegistrationFactory(session=session, organisation="Lakeside Clinic", region="Ontario")
    client.force_login(User.objects.get(email="coordinator@hub.example"))

    url = f"/admin/reports/webinars/organisations/?session={session.pk}"
    page = client.get(url).content.decode()
    assert "Boise" in page and "Lakeside Clinic" in page and "as typed" in page
    exported = b"".join(client.get(url + "&export=csv").streaming_content).decode()
    rows = {r["Organisation"]: r for r in csv.DictReader(io.StringIO(exported))}
    assert (rows["Boise"]["Registered"], rows["Boise"]["Attended"]) == ("3", "1")
    assert rows["Boise"]["Province or state"] == "Idaho"
    assert rows["Lakeside Clinic"]["Province or state"] == "Ontario"

    exported = client.get(f"/admin/reports/webinars/regions/?session={session.pk}&export=csv")
    rows = {
        r["Province or state"]: r["Registered"]
        for r in csv.DictReader(io.StringIO(b"".join(exported.streaming_content).decode()))
    }
    assert rows == {"Idaho": "3", "Ontario": "1"}
    # The old report's address leads to its successor.
    assert client.get("/admin/reports/webinars/cities/").url.endswith("/organisations/")


@pytest.mark.django_db
def test_the_audience_reports_cost_the_same_for_more_registrations(client):
    client.force_login(User.objects.get(email="coordinator@hub.example"))
    session = WebinarSessionFactory(capacity=500)

    def queries(url):
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    urls = ["/admin/reports/webinars/organisations/", "/admin/reports/webinars/regions/"]
    before = [queries(url) for url in urls]
    for n in range(30):
        user = UserFactory()
        Membership.objects.create(user=user, organisation=Organisation.objects.get(name="Boise"))
        RegistrationFactory(session=session, user=user, email=user.email)
        RegistrationFactory(session=session, organisation=f"Place {n}", region="Ohio")
    assert [queries(url) for url in urls] == before
