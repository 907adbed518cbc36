"""Issue 24's "Done when", end to end in Chromium and in French: a community organisation
finds an open call from the home page (Financement in the header), applies, and is
approved; its grant's first report is due, the daily reminder task emails it (once, in
French), and the grantee files it; once the hub accepts it, the programme's public
evaluation page shows the rolled-up figures to a visitor who got there from the home page.

The coordinators' steps go through the services their admin pages call (the admin journeys
are tests/e2e/test_grants_review.py and test_grants_report.py): this journey is the
organisation's."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.network.factories import PASSWORD

pytestmark = pytest.mark.browser

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


def sign_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/fr/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()


def test_an_organisation_finds_a_call_applies_in_french_is_funded_and_reports(
    page: Page, live_server, demo_site
):
    from grants import awards, reviewing
    from grants.models import Application, EvaluationPage, Grant, Report
    from grants.tasks import remind_reports
    from network.models import OutboxEmail, User
    from tests.grants.factories import applicant, call_page, programme, translate

    OutboxEmail.objects.all().delete()
    coordinator = User.objects.get(email="coordinator@hub.example")
    parent = programme(
        "journey-programme", title="Neighbourhood resilience grants", report_form=REPORT_FORM
    )
    call = call_page(parent, slug="journey-call", title="Neighbourhood projects 2027")
    translate(parent, title="Subventions pour la résilience des quartiers")
    translate(call, title="Projets de quartier 2027")
    evaluation = parent.add_child(
        instance=EvaluationPage(title="What the programme achieved", slug="journey-evaluation")
    )
    translate(evaluation, title="Ce que le programme a accompli")
    user = applicant(email="nadia@voisins.example", language="fr")
    organisation = user.memberships.get().organisation
    base = live_server.url

    # From the home page, in French: Financement, then the open call.
    sign_in(page, base, user.email)
    page.goto(f"{base}/fr/")
    page.get_by_role("navigation", name="Services").get_by_role(
        "link", name="Financement"
    ).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Financement")
    page.get_by_role("link", name="Projets de quartier 2027").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Projets de quartier 2027")
    page.locator("#apply a.button").click()

    # The eligibility check, then the proposal, in French.
    page.get_by_role("group", name=re.compile("community-based")).get_by_label("Oui").check()
    page.get_by_label("Titre du projet").fill("Veilleurs de quartier")
    page.get_by_role("button", name="Commencer la demande").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Veilleurs de quartier")
    page.locator("textarea[name=summary]").fill("Des veilleurs formés dans chaque quartier.")
    page.locator("input[name=audience][value=everyone]").check()
    page.locator("input[name=amount]").fill("9 500")
    page.get_by_role("button", name="Envoyer la demande").click()
    expect(page.get_by_role("heading", name="Votre demande est envoyée")).to_be_visible()
    application = Application.objects.get(call=call)
    assert (application.language, application.status) == ("fr", Application.Status.SUBMITTED)
    assert application.answers["amount"] == "9500.00"

    # The hub approves it (with the reasons it shares) and enters the grant; the first
    # report is due in three days.
    reviewing.determine(
        application=application,
        outcome="approved",
        reasons="Un projet ancré dans les quartiers.",
        by=coordinator,
    )
    today = timezone.localdate()
    grant = awards.create_grant(
        by=coordinator,
        programme=parent,
        organisation=organisation,
        title=application.title,
        amount=application.amount_requested,
        currency="USD",
        starts_on=today - datetime.timedelta(days=60),
        ends_on=today + datetime.timedelta(days=300),
        application=application,
        language="fr",
        interim=[today + datetime.timedelta(days=3)],
    )
    page.reload()
    expect(page.locator("main")).to_contain_text("Approuvée")
    expect(page.locator("main")).to_contain_text("Un projet ancré dans les quartiers.")

    # The reminder: the daily task emails it once, in French; a second run sends nothing.
    report = Report.objects.get(grant=grant, kind=Report.Kind.INTERIM)
    remind_reports()
    remind_reports()
    # One message per address (the member, the profile's contact), each sent once.
    (reminder,) = OutboxEmail.objects.filter(
        key__startswith=f"grants-report-reminder:{report.pk}:",
        key__endswith=f":{user.email.lower()}",
    )
    assert user.email in reminder.payload["to"]
    assert "rapport" in reminder.payload["subject"].lower()

    # The grantee files it, from "Vos demandes et subventions".
    page.goto(f"{base}/fr/grants/")
    page.get_by_role("link", name="Veilleurs de quartier").last.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Veilleurs de quartier")
    page.get_by_role("link", name=re.compile("Rapport intermédiaire")).first.click()
    page.locator("textarea[name=report-story]").fill("Les voisins se parlent à nouveau.")
    page.locator("input[name=report-fig__people_reached]").fill("140")
    page.locator("input[name=report-fig__activities_held]").fill("6")
    page.locator("input.tally").first.fill("7")
    page.get_by_role("button", name=re.compile("Envoyer le rapport")).click()
    expect(page.locator("main")).to_contain_text("Reçu")
    report.refresh_from_db()
    assert report.status == Report.Status.SUBMITTED and report.people_reached == 140

    # The hub accepts it; a visitor finds the public evaluation from the home page.
    awards.accept_report(report=report, by=coordinator)
    assert Grant.objects.get(pk=grant.pk).reports.filter(status="accepted").count() == 1
    visitor = page.context.browser.new_context()
    try:
        public = visitor.new_page()
        public.goto(f"{base}/fr/")
        public.get_by_role("navigation", name="Services").get_by_role(
            "link", name="Financement"
        ).first.click()
        public.get_by_role(
            "link", name="Subventions pour la résilience des quartiers"
        ).first.click()
        public.get_by_role("region", name="Évaluation publique").get_by_role(
            "link", name="Ce que le programme a accompli"
        ).click()
        expect(public.get_by_role("heading", level=1)).to_have_text(
            "Ce que le programme a accompli"
        )
        expect(public.locator("main")).to_contain_text("140")
    finally:
        visitor.close()
