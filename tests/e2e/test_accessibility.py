"""axe-core in Chromium on every page type, in both languages: no serious or critical issue."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

PAGES = [
    # home, standard, alias, resource hub (filtered and empty), resource, stories, story,
    # convenings, convening, member cities, search, accounts, not found
    "/en/", "/fr/",
    "/en/about/", "/fr/a-propos/", "/fr/membership/",
    "/en/resources/", "/fr/ressources/",
    "/en/resources/?theme=mapping&language=fr", "/fr/ressources/?theme=zzz&q=nothing-matches",
    "/en/resources/ten-step-roadmap/", "/fr/ressources/ten-step-roadmap-fr/",
    "/en/stories/", "/fr/recits/",
    "/en/stories/edmonton-hate-landscape/", "/fr/recits/edmonton-hate-landscape-fr/",
    "/en/convenings/", "/fr/rencontres/",
    "/en/convenings/mayoral-retreat-2027/", "/fr/rencontres/mayoral-retreat-2027-fr/",
    "/en/member-cities/", "/fr/villes-membres/",
    "/en/search/?q=toolkit", "/fr/search/?q=cartographie",
    "/en/accounts/login/", "/fr/accounts/signup/", "/fr/accounts/password/reset/",
    "/en/no-such-page/", "/fr/aucune-page/",
    # the academy: academy, course, module, lesson (outline only when not enrolled)
    "/en/prevention-academy-us/", "/fr/prevention-academy-us-fr/",
    "/en/prevention-academy-us/city-led-prevention/",
    "/fr/prevention-academy-us-fr/prevention-menee-par-les-villes/",
    "/en/prevention-academy-us/city-led-prevention/public-health-approach/",
    "/en/prevention-academy-us/city-led-prevention/public-health-approach/levels-of-prevention/",
    # certificates: the check form, and an invitation link that no longer works
    "/en/academy/certificates/", "/fr/academy/certificates/?code=nothing",
    "/fr/academy/invitations/not-a-token/",
    # webinars: index (filtered too), series, a session with its form, a stale manage link
    "/en/webinars/", "/fr/webinaires/?language=fr",
    "/en/webinars/global-crises-local-impacts/", "/fr/webinaires/canada-series-fr/",
    "/en/webinars/global-crises-local-impacts/when-a-conflict-abroad-divides-your-city/",
    "/fr/webinaires/canada-series-fr/incivility-in-local-government-fr/",
    "/fr/webinars/registrations/not-a-token/", "/en/webinars/series/not-a-token/",
    # a recording: player consent, chapters, transcript search with a result
    "/en/webinars/global-crises-local-impacts/urban-design-for-violence-prevention/?q=lighting",
    "/fr/webinaires/global-crises-local-impacts-fr/urban-design-for-violence-prevention-fr/",
    # office hours: the experts and a week of slots (booking them is signed in, below)
    "/en/webinars/office-hours/", "/fr/webinaires/permanences/",
]  # fmt: skip


def serious_violations(page: Page) -> list[dict]:
    # Let entrance animations (the admin's messages fade in once its script has run) finish
    # first: axe measures contrast on what is painted, and a half-faded message fails on a
    # slow machine.
    page.wait_for_load_state("load")
    page.wait_for_timeout(50)
    page.evaluate(
        """() => Promise.race([
            Promise.all(document.getAnimations()
                .filter((a) => a.effect && a.effect.getTiming().iterations !== Infinity)
                .map((a) => a.finished.catch(() => null))),
            new Promise((resolve) => setTimeout(resolve, 3000)),
        ])"""
    )
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
            return result.violations
                .filter((v) => ["serious", "critical"].includes(v.impact))
                .map((v) => ({id: v.id, impact: v.impact, help: v.help,
                              nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" "))}));
        }""",
        WCAG,
    )


def test_every_page_type_passes_axe_in_both_languages(page: Page, live_server, demo_site):
    assert AXE.exists(), "run `make install-dev` (npm ci) to install axe-core"
    found = {}
    for path in PAGES:
        page.goto(f"{live_server.url}{path}")
        violations = serious_violations(page)
        if violations:
            found[path] = violations
    assert found == {}


def test_signed_in_pages_pass_axe(page: Page, live_server, demo_site):
    page.goto(f"{live_server.url}/fr/accounts/login/")
    page.get_by_label("Courriel").fill("official.brampton@hub.example")
    page.get_by_label("Mot de passe", exact=False).first.fill("hub-demo-2026")
    page.get_by_role("button", name="Connexion").click()
    page.wait_for_url("**/fr/accounts/profile/")
    found = {}
    page.goto(f"{live_server.url}/fr/webinaires/permanences/")
    booking_form = page.locator("a.slot").first.get_attribute("href")  # the first open slot's
    from helpdesk.services import file_request
    from network.models import Organisation, Topic, User

    filed = file_request(
        user=User.objects.get(email="official.brampton@hub.example"),
        organisation=Organisation.objects.get(name="Brampton"),
        data={"urgency": "at_risk", "sensitivity": "standard", "language": "fr",
              "summary": "Menaces contre une conseillère", "details": "Des lettres anonymes."},
        topics=Topic.objects.filter(locale__language_code="en", slug="harassment"),
    )  # fmt: skip
    signed_in_pages = (
        "/fr/accounts/profile/",
        "/fr/accounts/password/change/",
        "/en/accounts/2fa/",
        "/en/prevention-academy-us/city-led-prevention/",
        "/fr/academy/my-learning/",
        booking_form,
        "/fr/webinars/my-office-hours/",
        # the help desk: the lists, the intake form, a request (at risk, with its call offer)
        "/en/help-desk/", "/fr/help-desk/", "/en/help-desk/new/",
        f"/fr/help-desk/{filed.public_id}/",
    )  # fmt: skip
    for path in signed_in_pages:
        page.goto(f"{live_server.url}{path}")
        violations = serious_violations(page)
        if violations:
            found[path] = violations
    assert found == {}


def test_learning_pages_pass_axe(page: Page, live_server, demo_site):
    """A lesson with its knowledge check (and the check's feedback after an attempt), the
    learner's dashboard, and a certificate's public page and its French twin."""
    from academy.models import Certificate

    page.goto(f"{live_server.url}/en/accounts/login/")
    page.get_by_label("Email").fill("official.boise@hub.example")
    page.get_by_label("Password", exact=False).first.fill("hub-demo-2026")
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/en/accounts/profile/")
    lesson = "/en/prevention-academy-us/city-led-prevention/roadmap-steps-1-3/advisory-board/"
    code = Certificate.objects.get(user__email="official.edmonton@hub.example").code
    found = {}
    for path in (lesson, "/en/academy/my-learning/", f"/en/academy/certificates/{code}/",
                 f"/fr/academy/certificates/{code}/"):  # fmt: skip
        page.goto(f"{live_server.url}{path}")
        if path == lesson:
            page.get_by_role("button", name="Submit my answers").click()  # nothing chosen
            # expect() waits for the answer page; is_visible() would race the form's POST.
            expect(page.get_by_text("Answer every question before you submit.")).to_be_visible()
        if violations := serious_violations(page):
            found[path] = violations
    page.goto(f"{live_server.url}{lesson}")
    for group in page.locator(".check__form fieldset").all():
        group.locator("input").first.check()
    page.get_by_role("button", name="Submit my answers").click()
    page.wait_for_selector("#check-result")
    if violations := serious_violations(page):
        found["lesson after an attempt"] = violations
    assert found == {}
