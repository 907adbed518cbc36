"""The grantee's pages: the grant, and the report form (save a draft, submit, read-only once
received); another organisation's grant or report is a 404; the French page is in French."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import translation

from grants.models import IncidentTally, Report
from network.models import OutboxEmail
from tests.grants.factories import applicant, new_grant, new_report, programme, translate

pytestmark = pytest.mark.django_db

REPORT_FORM = [
    (
        "long_text",
        {
            "label": "What changed for the people you worked with?",
            "help_text": "",
            "required": True,
            "key": "story",
            "word_limit": 200,
        },
    ),
]


@pytest.fixture(autouse=True)
def _empty_outbox():
    OutboxEmail.objects.all().delete()


@pytest.fixture
def report():
    grant = new_grant(
        programme=programme("reporting", report_form=REPORT_FORM),
        starts_on=datetime.date(2027, 1, 1),
        ends_on=datetime.date(2027, 12, 31),
    )
    return new_report(
        grant,
        period_start=datetime.date(2027, 1, 1),
        period_end=datetime.date(2027, 3, 31),
        due_on=datetime.date(2027, 4, 15),
    )


@pytest.fixture
def grantee(report):
    return applicant(report.grant.organisation)


def url(name, obj, language="en"):
    with translation.override(language):
        return reverse(name, args=[obj.public_id])


def page(response):
    return BeautifulSoup(response.content, "html.parser")


def post(client, report, action, **extra):
    data = {
        "revision": report.revision,
        "action": action,
        "report-story": "Parents came to every workshop.",
        "report-fig__people_reached": "140",
        "report-fig__activities_held": "7",
        "report-incidents__race__2027-02": "3",
        "report-incidents__religion__2027-03": "6",
        **extra,
    }
    return client.post(url("grants:report", report), data)


def test_grant_page_lists_its_reports(client, report, grantee):
    client.force_login(grantee)
    response = client.get(url("grants:grant", report.grant))
    assert response.status_code == 200
    html = page(response)
    assert html.h1.get_text() == report.grant.title
    assert html.find("a", href=url("grants:report", report))


def test_grantee_saves_a_draft_and_finds_it_again(client, report, grantee):
    client.force_login(grantee)
    response = post(client, report, "save")
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Report.Status.DRAFT
    assert report.answers == {"story": "Parents came to every workshop."}
    assert report.people_reached == 140
    assert {
        (t.category, t.month.month, t.count) for t in IncidentTally.objects.filter(report=report)
    } == {
        ("race", 2, 3),
        ("religion", 3, 6),
    }
    html = page(client.get(url("grants:report", report)))
    assert html.find("input", {"name": "report-incidents__race__2027-02"})["value"] == "3"
    # The grid's months are the period's: no April.
    assert not html.find("input", {"name": "report-incidents__race__2027-04"})


def test_bad_input_loses_nothing(client, report, grantee):
    client.force_login(grantee)
    response = post(client, report, "save", **{"report-fig__people_reached": "lots"})
    assert response.status_code == 400
    html = page(response)
    assert html.find(class_="error-summary")
    assert html.find("textarea", {"name": "report-story"}).get_text().strip() == (
        "Parents came to every workshop."
    )
    assert html.find("input", {"name": "report-incidents__religion__2027-03"})["value"] == "6"
    report.refresh_from_db()
    assert report.revision == 0


def test_a_stale_save_is_refused_with_the_answers_kept(client, report, grantee):
    client.force_login(grantee)
    post(client, report, "save")
    response = post(client, report, "save", **{"report-story": "Second tab"})  # revision 0
    assert response.status_code == 400
    assert "changed elsewhere" in response.content.decode()
    assert page(response).find("textarea", {"name": "report-story"}).get_text().strip() == (
        "Second tab"
    )


def test_submit_asks_for_the_required_answer_then_sends(client, report, grantee):
    client.force_login(grantee)
    response = post(client, report, "submit", **{"report-story": ""})
    assert response.status_code == 400
    html = page(response)
    assert html.find(class_="error-summary")
    report.refresh_from_db()
    assert report.status == Report.Status.DRAFT  # saved, not sent
    response = post(client, report, "submit")
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Report.Status.SUBMITTED
    receipts = [r for r in OutboxEmail.objects.all() if grantee.email in r.payload["to"]]
    assert len(receipts) == 1
    # Read-only once received.
    html = page(client.get(url("grants:report", report)))
    assert not html.find("button", attrs={"name": "action"})
    assert "Parents came to every workshop." in html.get_text()


def test_another_organisation_gets_a_404(client, report):
    client.force_login(applicant())
    assert client.get(url("grants:report", report)).status_code == 404
    assert client.get(url("grants:grant", report.grant)).status_code == 404
    assert post(client, report, "save").status_code == 404
    assert Report.objects.get(pk=report.pk).revision == 0


def test_signed_out_visitors_are_sent_to_sign_in(client, report):
    response = client.get(url("grants:report", report))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_french_page_is_in_french(client, report, grantee):
    french = translate(
        report.grant.programme,
        report_form=[
            (
                "long_text",
                {**REPORT_FORM[0][1], "label": "Qu’est-ce qui a changé pour les personnes ?"},
            )
        ],
    )
    assert french.report_form[0].value["key"] == "story"
    client.force_login(grantee)
    response = client.get(url("grants:report", report, "fr"))
    html = page(response)
    assert html.html["lang"].startswith("fr")
    text = html.get_text()
    assert "Qu’est-ce qui a changé pour les personnes ?" in text
    assert "Envoyer le rapport" in text
    assert "Incidents par catégorie et par mois" in text
    assert "Race, origine ethnique ou ascendance" in text
    assert "Rapport intermédiaire" in text
    assert "Send the report" not in text


def test_a_file_answer_is_kept_privately_and_served_to_the_grantee_only(client, grantee):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from grants.models import GrantFile

    with_file = [
        *REPORT_FORM,
        (
            "file",
            {"label": "Photos or minutes", "help_text": "", "required": False, "key": "proof"},
        ),
    ]
    grant = new_grant(programme=programme("with-file", report_form=with_file))
    report = new_report(grant)
    user = applicant(grant.organisation)
    client.force_login(user)
    upload = SimpleUploadedFile("minutes.txt", b"Minutes of the March meeting.\n", "text/plain")
    response = post(client, report, "save", **{"report-proof": upload})
    assert response.status_code == 302
    found = GrantFile.objects.get(report=report)
    assert found.key == "proof" and found.name.startswith("minutes")
    page_html = page(client.get(url("grants:report", report)))
    link = page_html.find("a", href=url("grants:file", found))
    assert link is not None
    assert client.get(url("grants:file", found)).status_code == 200
    client.force_login(applicant())
    assert client.get(url("grants:file", found)).status_code == 404


def test_a_coordinator_reads_the_report_but_cannot_write_or_send_it(client, report, grantee):
    from django.contrib.auth.models import Group

    from network.models import COORDINATORS_GROUP, User
    from tests.network.factories import UserFactory

    coordinator = UserFactory()
    coordinator.groups.add(Group.objects.get(name=COORDINATORS_GROUP))
    client.force_login(User.objects.get(pk=coordinator.pk))
    response = client.get(url("grants:report", report))
    assert response.status_code == 200
    assert not page(response).find("form", class_="grant-report__form")
    for action in ("save", "submit"):
        assert post(client, report, action).status_code == 403
    report.refresh_from_db()
    assert report.status == Report.Status.DUE and report.revision == 0
    assert not OutboxEmail.objects.exists()
