"""Attendance import and the webinar reports (coordinators only, exportable)."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from network.models import User
from tests.network.factories import UserFactory
from webinars.attendance import emails_from_csv
from webinars.models import Registration, WebinarPage

pytestmark = pytest.mark.django_db

ZOOM = b"""Meeting ID,Topic,Start Time
123 456 789,What cities can do about hate,11/01/2026 12:00

Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes)
W Zero,W0@town.example,11/01/2026 12:01,11/01/2026 13:00,59
Walk In,walkin@town.example,11/01/2026 12:05,11/01/2026 12:30,25
,not-an-email,,,
"""


@pytest.fixture
def session():
    session = WebinarPage.objects.get(locale__language_code="en", slug="what-cities-can-do")
    for n, (status, role, region) in enumerate(
        [
            ("registered", "elected", "Boise, Idaho"),
            ("registered", "staff", "Boise, Idaho"),
            ("cancelled", "staff", "Moncton, NB"),
            ("waitlisted", "police", ""),
        ]
    ):
        Registration.objects.create(
            session=session,
            email=f"w{n}@town.example",
            full_name=f"W {n}",
            consent=True,
            status=status,
            role=role,
            region=region,
        )
    return session


@pytest.fixture
def coordinator(client):
    user = User.objects.get(email="coordinator@hub.example")
    client.force_login(user)
    return user


def test_emails_are_found_whatever_the_platform_calls_the_column():
    assert emails_from_csv(ZOOM) == {"w0@town.example", "walkin@town.example"}
    teams = "Nom complet;Courriel;Heure\nA;a@town.example;10:00\n".encode("utf-8-sig")
    assert emails_from_csv(teams) == {"a@town.example"}
    with pytest.raises(Exception, match="No column of email"):
        emails_from_csv(b"Name,Joined\nA,10:00\n")


def test_importing_attendance_marks_attended_and_no_shows(client, coordinator, session):
    url = f"/admin/reports/webinars/sessions/{session.pk}/attendance/"
    response = client.post(url, {"file": SimpleUploadedFile("zoom.csv", ZOOM)}, follow=True)
    assert "Attended: 1. No-show: 1. In the list without a registration: 1." in (
        response.content.decode()
    )
    marks = dict(session.registrations.values_list("email", "attended"))
    assert marks == {
        "w0@town.example": True,
        "w1@town.example": False,
        "w2@town.example": None,
        "w3@town.example": None,
    }


def test_a_file_without_emails_is_refused_and_nothing_changes(client, coordinator, session):
    url = f"/admin/reports/webinars/sessions/{session.pk}/attendance/"
    response = client.post(url, {"file": SimpleUploadedFile("x.csv", b"Name\nA\n")})
    assert "No column of email addresses was found" in response.content.decode()
    assert not session.registrations.exclude(attended=None).exists()


def test_reports_count_and_export(client, coordinator, session):
    client.post(
        f"/admin/reports/webinars/sessions/{session.pk}/attendance/",
        {"file": SimpleUploadedFile("zoom.csv", ZOOM)},
    )
    rows = list(
        csv.DictReader(
            io.StringIO(
                b"".join(
                    client.get("/admin/reports/webinars/sessions/?export=csv").streaming_content
                ).decode()
            )
        )
    )
    row = next(r for r in rows if r["Session"] == "What cities can do about hate")
    assert (row["Registered"], row["On the waitlist"], row["Attended"], row["No-show"]) == (
        "2",
        "1",
        "1",
        "1",
    )
    roles = client.get(f"/admin/reports/webinars/roles/?session={session.pk}").content.decode()
    assert "Elected official" in roles and "Municipal staff" in roles
    regions = client.get("/admin/reports/webinars/regions/?export=csv")
    assert b"Idaho" in b"".join(regions.streaming_content)
    series = client.get("/admin/reports/webinars/series/").content.decode()
    assert "An Introduction to City-Led Prevention" in series
    assert client.get("/admin/reports/webinars/series/?export=xlsx").status_code == 200


def test_only_coordinators_see_the_reports(client, session):
    client.force_login(User.objects.get(email="editor@hub.example"))
    for url in (
        "/admin/reports/webinars/sessions/",
        f"/admin/reports/webinars/sessions/{session.pk}/attendance/",
    ):
        assert client.get(url).status_code == 302  # back to the admin's dashboard
    client.force_login(UserFactory())
    assert client.get("/admin/reports/webinars/sessions/").status_code == 302


def test_reports_cost_the_same_for_more_registrations(client, coordinator, session):
    def count(url):
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    urls = [
        "/admin/reports/webinars/sessions/",
        "/admin/reports/webinars/series/",
        "/admin/reports/webinars/roles/",
        "/admin/reports/webinars/organisations/",
        "/admin/reports/webinars/regions/",
    ]
    before = [count(url) for url in urls]
    Registration.objects.bulk_create(
        Registration(
            session=session,
            email=f"bulk{n}@town.example",
            full_name="B",
            consent=True,
            status="registered",
            role="staff",
            region=f"City {n % 7}",
        )
        for n in range(300)
    )
    assert [count(url) for url in urls] == before


def test_coordinators_approve_and_decline_in_bulk(
    client, coordinator, django_capture_on_commit_callbacks
):
    import datetime

    from django.core import mail
    from django.utils import timezone

    from webinars.registration import register

    session = WebinarPage.objects.get(
        locale__language_code="en", slug="faith-communities-as-partners"
    )
    session.registration_mode = "approval"
    session.capacity = 1
    session.starts_at = timezone.now() + datetime.timedelta(days=3)
    session.save_revision().publish()
    people = [
        register(session=session, full_name=f"A {n}", email=f"a{n}@town.example", consent=True)[0]
        for n in range(3)
    ]
    assert {p.status for p in people} == {"pending"}
    url = f"/admin/reports/webinars/sessions/{session.pk}/approvals/"
    assert "a0@town.example" in client.get(url).content.decode()
    response = client.post(url, {"decision": "approve"})
    assert "Select at least one registration." in response.content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"registrations": [people[0].pk, people[1].pk], "decision": "approve"})
        client.post(url, {"registrations": [people[2].pk], "decision": "decline"})
    statuses = [Registration.objects.get(pk=p.pk).status for p in people]
    assert statuses == ["registered", "waitlisted", "declined"]
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects["a0@town.example"].startswith("You are registered")
    assert mail.outbox[0].attachments  # the invitation comes with the seat
    assert subjects["a2@town.example"].startswith("Your registration")


def test_coordinators_look_registrations_up_in_the_admin(client, coordinator, session):
    registration = session.registrations.first()
    assert "W 0" in client.get("/admin/registration/?q=w0%40town.example").content.decode()
    assert client.get(f"/admin/registration/inspect/{registration.pk}/").status_code == 200
    assert client.get("/admin/seriessubscription/").status_code == 200


def test_every_report_and_the_admin_listing_start_from_visible_to(
    client, coordinator, session, monkeypatch
):
    """The reports count, and the admin lists, only what Registration.objects.visible_to
    gives the viewer: a registration it leaves out is in no figure."""
    from webinars.models.registrations import RegistrationQuerySet

    asked = []
    visible_to = RegistrationQuerySet.visible_to

    def hiding_w0(self, user):
        asked.append(user)
        return visible_to(self, user).exclude(email="w0@town.example")

    monkeypatch.setattr(RegistrationQuerySet, "visible_to", hiding_w0)

    def export(name, **params):
        url = f"/admin/reports/webinars/{name}/"
        response = client.get(url, {"export": "csv", **params})
        return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))

    row = next(r for r in export("sessions") if r["Session"] == "What cities can do about hate")
    assert row["Registered"] == "1"  # w1 only; w0 is hidden
    roles = {r["Role"]: r["Registered"] for r in export("roles", session=session.pk)}
    assert "Elected official" not in roles  # w0 was the session's one elected official
    idaho = {r["Province or state"]: r["Registered"] for r in export("regions", session=session.pk)}
    assert idaho["Idaho"] == "1"  # w1 only: "Boise, Idaho" twice, w0 hidden
    series = next(r for r in export("series") if r["Series"].startswith("An Introduction"))
    assert (
        int(series["Registered"])
        == session.registrations.filter(status="registered")
        .exclude(email="w0@town.example")
        .count()
        + Registration.objects.filter(
            session__path__startswith=session.get_parent().path, status="registered"
        )
        .exclude(session=session)
        .count()
    )
    listing = client.get(reverse("registration:index"), {"q": "town.example"}).content.decode()
    assert "w1@town.example" in listing and "w0@town.example" not in listing
    assert asked and all(user == coordinator for user in asked)
