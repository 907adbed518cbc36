"""The admin's grants, reports and roll-up (coordinators only), the roll-up's query budget,
and the public evaluation page."""

import datetime
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from grants import rollup
from grants.models import (
    Application,
    EvaluationPage,
    Grant,
    IncidentTally,
    Report,
)
from network.models import COORDINATORS_GROUP, OutboxEmail, User
from tests.grants.factories import (
    ApplicationFactory,
    applicant,
    call_page,
    new_grant,
    new_report,
    programme,
)
from tests.network.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_outbox():
    OutboxEmail.objects.all().delete()


@pytest.fixture
def coordinator(client):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=COORDINATORS_GROUP))
    user = User.objects.get(pk=user.pk)
    client.force_login(user)
    return user


def html(response):
    return BeautifulSoup(response.content, "html.parser")


def received(
    grant, *, tallies=(), status=Report.Status.SUBMITTED, people=10, activities=2, days=60
):
    report = new_report(
        grant,
        status=status,
        submitted_at=timezone.now(),
        people_reached=people,
        activities_held=activities,
        due_on=grant.starts_on + datetime.timedelta(days=days),
    )
    month = report.period_start.replace(day=1)
    IncidentTally.objects.bulk_create(
        IncidentTally(report=report, category=category, month=month, count=count)
        for category, count in tallies
    )
    return report


def test_only_coordinators_reach_the_grants_admin(client):
    client.force_login(applicant())
    for name in ("grant_grants:index", "grant_reports:index", "grant_rollup:index"):
        response = client.get(reverse(name))
        assert response.status_code in (302, 403), name
    assert client.get(reverse("grant_rollup:csv")).status_code in (302, 403)


def test_grant_index_filters_by_programme(client, coordinator):
    first = new_grant(title="Alpha project")
    new_grant(title="Beta project")
    response = client.get(reverse("grant_grants:index"), {"programme": first.programme_id})
    assert response.status_code == 200
    text = html(response).get_text()
    assert "Alpha project" in text and "Beta project" not in text


def test_create_from_an_approved_application_prefills_and_creates(client, coordinator):
    application = ApplicationFactory(
        call=call_page(slug="call-admin"),
        status=Application.Status.APPROVED,
        title="Youth radio",
        amount_requested=Decimal("12000"),
        language="fr",
    )
    url = reverse("grant_grants:create") + f"?application={application.public_id}"
    page = html(client.get(url))
    assert page.find("input", {"name": "title"})["value"] == "Youth radio"
    # The reviewing side's link (the id as an argument) reaches the same page.
    assert reverse("grant_grants:create", args=[application.public_id]).endswith(
        f"/{application.public_id}/"
    )
    data = {
        "programme": application.call.programme.canonical.pk,
        "organisation": application.organisation.pk,
        "title": "Youth radio",
        "amount": "12000",
        "currency": "USD",
        "starts_on": "2027-01-01",
        "ends_on": "2027-12-31",
        "language": "fr",
        "uei": "ABCD12345678",
        "exclusion_check": "clear",
        "exclusion_checked_on": "2026-12-01",
        "award_number": "SUB-1",
        "interim": "2027-04-30\n2027-08-31",
        "payments-TOTAL_FORMS": "3",
        "payments-INITIAL_FORMS": "0",
        "payments-0-due_on": "2027-01-15",
        "payments-0-amount": "6000",
        "payments-1-due_on": "2027-07-15",
        "payments-1-amount": "6000",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    grant = Grant.objects.get(application=application)
    assert grant.reports.filter(kind=Report.Kind.INTERIM).count() == 2
    assert grant.payments.count() == 2
    # A second time: refused, with the reason, and nothing lost.
    response = client.post(url, data)
    assert response.status_code == 400
    assert "already has its grant" in response.content.decode()
    assert html(response).find("input", {"name": "award_number"})["value"] == "SUB-1"


def test_payments_above_the_grant_are_refused_on_the_form(client, coordinator):
    grant = new_grant(amount=Decimal("1000"))
    url = reverse("grant_grants:edit", args=[grant.public_id])
    page = html(client.get(url))
    assert page.find("input", {"name": "title"})["value"] == grant.title
    data = {
        "programme": grant.programme_id,
        "organisation": grant.organisation_id,
        "title": grant.title,
        "amount": "1000",
        "currency": "USD",
        "starts_on": grant.starts_on.isoformat(),
        "ends_on": grant.ends_on.isoformat(),
        "language": "en",
        "payments-TOTAL_FORMS": "1",
        "payments-INITIAL_FORMS": "0",
        "payments-0-due_on": grant.starts_on.isoformat(),
        "payments-0-amount": "1500",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert "more than the grant" in response.content.decode()
    assert not grant.payments.exists()


def test_reports_list_late_and_a_report_is_accepted(client, coordinator):
    grant = new_grant(title="Late project")
    late = new_report(grant, due_on=timezone.localdate() - datetime.timedelta(days=3))
    response = client.get(reverse("grant_reports:index"), {"state": "late"})
    assert response.status_code == 200
    assert html(response).find("a", href=reverse("grant_reports:edit", args=[late.pk]))
    report = received(grant)
    url = reverse("grant_reports:edit", args=[report.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"action": "changes", "feedback": ""})
    assert response.status_code == 400
    client.post(url, {"action": "accept"})
    report.refresh_from_db()
    assert report.status == Report.Status.ACCEPTED


def test_rollup_page_and_csv_suppress_small_counts(client, coordinator):
    grant = new_grant(city=OrganisationFactory(kind="city", name="Springfield"))
    received(grant, tallies=[("race", 3), ("religion", 9)], people=40)
    response = client.get(reverse("grant_rollup:index"), {"programme": grant.programme_id})
    assert response.status_code == 200
    page = html(response)
    assert "Springfield" in page.get_text()
    assert "fewer than 5" in page.get_text()
    cells = [td.get_text() for td in page.find_all("td")]
    assert "3" not in cells
    csv = client.get(reverse("grant_rollup:csv"), {"programme": grant.programme_id})
    text = csv.content.decode()
    assert "fewer than 5" in text and "not shown" in text


def test_rollup_costs_the_same_queries_for_two_grants_as_for_many():
    def measure(count):
        grants = [new_grant(programme=shared, city=cities[n % 3]) for n in range(count - len(made))]
        made.extend(grants)
        for grant in grants:
            received(grant, tallies=[("race", 6), ("other", 2)])
        reports = Report.objects.filter(grant__programme=shared)
        with CaptureQueriesContext(connection) as queries:
            result = rollup.rollup(reports)
        return len(queries), result

    shared = programme("budget")
    cities = [OrganisationFactory(kind="city") for _ in range(3)]
    made = []
    small, result = measure(2)
    assert result.total.grants == 2
    large, result = measure(40)
    assert result.total.grants == 40
    assert small == large == 5


def test_public_evaluation_shows_accepted_figures_with_suppression(client):
    grant = new_grant(city=OrganisationFactory(kind="city", name="Riverton"))
    received(
        grant,
        tallies=[("race", 12), ("disability", 2)],
        people=250,
        activities=9,
        status=Report.Status.ACCEPTED,
    )
    received(grant, tallies=[("race", 50)], people=999, days=120)
    page = grant.programme.add_child(
        instance=EvaluationPage(title="What the programme achieved", slug="evaluation")
    )
    response = client.get(page.url)
    assert response.status_code == 200
    text = html(response).get_text()
    assert "250" in text and "999" not in text  # only accepted reports
    assert "fewer than 5" in text
    assert "Riverton" in text
    page.show_cities = False
    page.show_people_reached = False
    page.save_revision().publish()
    text = html(client.get(page.url)).get_text()
    assert "Riverton" not in text and "250" not in text


def grant_data(grant, **extra):
    return {
        "programme": grant.programme_id,
        "organisation": grant.organisation_id,
        "title": grant.title,
        "amount": str(grant.amount),
        "currency": grant.currency,
        "starts_on": grant.starts_on.isoformat(),
        "ends_on": grant.ends_on.isoformat(),
        "language": "en",
        "payments-TOTAL_FORMS": "1",
        "payments-INITIAL_FORMS": "0",
        **extra,
    }


def test_saving_a_grant_unchanged_keeps_its_reports(client, coordinator):
    from grants import awards

    grant = new_grant(amount=Decimal("1000"), created_by=coordinator)
    awards.schedule_reports(grant)
    before = sorted(grant.reports.values_list("pk", "public_id"))
    url = reverse("grant_grants:edit", args=[grant.public_id])
    interim = grant.reports.get(kind=Report.Kind.INTERIM).due_on.isoformat()
    response = client.post(url, grant_data(grant, interim=interim))
    assert response.status_code == 302, response.context["form"].errors
    assert sorted(grant.reports.values_list("pk", "public_id")) == before


def test_a_refused_payment_schedule_leaves_no_grant_behind(client, coordinator):
    organisation = OrganisationFactory(kind="community")
    data = {
        "programme": programme("prog-atomic").pk,
        "organisation": organisation.pk,
        "title": "Half a grant",
        "amount": "1000",
        "currency": "USD",
        "starts_on": "2027-01-01",
        "ends_on": "2027-12-31",
        "language": "en",
        "payments-TOTAL_FORMS": "1",
        "payments-INITIAL_FORMS": "0",
        "payments-0-due_on": "2027-01-15",
        "payments-0-amount": "1500",
    }
    response = client.post(reverse("grant_grants:create"), data)
    assert response.status_code == 400
    assert "more than the grant" in response.content.decode()
    assert not Grant.objects.filter(title="Half a grant").exists()


def test_a_refused_payment_schedule_changes_nothing_on_edit(client, coordinator):
    grant = new_grant(amount=Decimal("1000"), title="Before", created_by=coordinator)
    url = reverse("grant_grants:edit", args=[grant.public_id])
    data = grant_data(
        grant,
        title="After",
        **{"payments-0-due_on": grant.starts_on.isoformat(), "payments-0-amount": "1500"},
    )
    assert client.post(url, data).status_code == 400
    grant.refresh_from_db()
    assert grant.title == "Before"


def test_rollup_with_a_bad_programme_is_a_404_and_the_csv_is_safe(client, coordinator):
    assert client.get(reverse("grant_rollup:index"), {"programme": "abc"}).status_code == 404
    assert client.get(reverse("grant_rollup:csv"), {"programme": "abc"}).status_code == 404
    grant = new_grant(city=OrganisationFactory(kind="city", name="=HYPERLINK(1)"))
    received(grant)
    response = client.get(reverse("grant_rollup:csv"), {"programme": grant.programme_id})
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    assert "=HYPERLINK" not in text.replace("'=HYPERLINK", "")


def test_log_action_labels_follow_the_reader_language():
    from django.utils import translation
    from wagtail.log_actions import registry

    # The registry is filled once, in whichever language comes first: English here.
    with translation.override("en"):
        assert str(registry.get_action_label("grants.report.accept")) == "Accept a report"
    with translation.override("fr"):
        assert str(registry.get_action_label("grants.report.accept")) == "Accepter un rapport"
