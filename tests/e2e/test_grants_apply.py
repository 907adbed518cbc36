"""Applying for a grant in Chromium, in French: a member of a community organisation opens
a call's French page, passes the eligibility check, writes the proposal while the draft
saves itself (announced in the live region), leaves and comes back on a new page load to
find it, then sends it and sees the receipt page; the receipt email is in French."""

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from tests.e2e.test_accessibility import serious_violations
from tests.network.factories import PASSWORD

pytestmark = pytest.mark.browser


def test_an_organisation_applies_in_french_and_finds_its_draft_again(
    page: Page, live_server, demo_site
):
    from grants.models import Application
    from network.models import OutboxEmail
    from tests.grants.factories import applicant, call_page, translate
    from tests.grants.test_applying import fix_demo_tree

    fix_demo_tree()
    OutboxEmail.objects.all().delete()
    call = call_page(slug="appel-e2e", title="Community projects 2027")
    french = translate(call, title="Projets communautaires 2027")
    user = applicant(email="ana@bridges.example", language="fr")
    base = live_server.url

    # Signed in, the member opens the call's French page and chooses to apply.
    page.goto(f"{base}/fr/accounts/login/")
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()
    page.goto(f"{base}{french.url}")
    page.locator("#apply a.button").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Vérifiez que vous pouvez présenter une demande"
    )
    assert serious_violations(page) == []  # the eligibility check

    # The eligibility check, then the project's title.
    page.get_by_role("group", name=re.compile("Are you a community-based")).get_by_label(
        "Oui"
    ).check()
    page.get_by_label("Titre du projet").fill("Ateliers pour les jeunes")
    page.get_by_role("button", name="Commencer la demande").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ateliers pour les jeunes")
    application = Application.objects.get(call=call)
    assert application.language == "fr"

    # Submitting with answers missing names them, and the error summary takes the focus.
    page.get_by_role("button", name="Envoyer la demande").click()
    expect(page.locator("[data-error-summary]")).to_be_focused()
    expect(page.locator("[data-error-summary]")).to_contain_text(
        "Répondez à cette question avant d’envoyer."
    )

    # The draft saves itself a couple of seconds after typing stops.
    summary = page.locator("textarea[name=summary]")
    summary.fill("Des ateliers dans trois écoles secondaires.")
    expect(page.locator("[data-autosave-status]")).to_contain_text("Enregistré à", timeout=10000)
    expect(page.locator(".grants-words").first).to_contain_text("6 mots sur 50")
    application.refresh_from_db()
    assert application.answers["summary"] == "Des ateliers dans trois écoles secondaires."
    assert serious_violations(page) == []  # the application form

    # Leave, and come back on a new page load: the draft is there.
    page.goto(f"{base}/fr/grants/")
    page.get_by_role("link", name="Ateliers pour les jeunes").click()
    expect(page.locator("textarea[name=summary]")).to_have_value(
        "Des ateliers dans trois écoles secondaires."
    )

    # The rest, then send it.
    page.locator("input[name=audience][value=youth]").check()
    page.locator("input[name=amount]").fill("12 000")
    page.locator("input[name=budget-0-item]").fill("Animation")
    page.locator("input[name=budget-0-amount]").fill("1500")
    page.locator("input[name=budget-1-item]").fill("Salle")
    page.locator("input[name=budget-1-amount]").fill("500,50")
    expect(page.locator(".grants-total")).to_contain_text("2")
    page.get_by_role("button", name="Envoyer la demande").click()
    expect(page.get_by_role("heading", name="Votre demande est envoyée")).to_be_visible()
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    expect(page.locator("body")).to_contain_text(application.reference)
    assert serious_violations(page) == []  # the receipt page

    # The receipt, in French.
    receipts = [m for m in mail.outbox if m.to == [user.email]]
    if not receipts:  # the live server's outbox nudge runs after its commit
        from network import outbox

        for row in OutboxEmail.objects.values_list("pk", flat=True):
            outbox.deliver(row)
        receipts = [m for m in mail.outbox if m.to == [user.email]]
    assert len(receipts) == 1
    assert receipts[0].subject == f"Demande {application.reference} reçue"
