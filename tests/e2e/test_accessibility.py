"""axe-core in Chromium over every page type and every form (and its error state), in English
and French, signed out and signed in, and on our own Wagtail admin views for a coordinator
and an expert: no serious or critical violation, and no Content-Security-Policy refusal.

axe is evaluated in the page (page.evaluate), never added as a <script> tag: the public site's
policy (script-src 'self', no inline scripts) refuses inline scripts, and the sweep runs under
that policy, not around it (no bypass_csp), so that it also proves the policy breaks no page.
"""

import datetime
import functools
import re
import weakref
from pathlib import Path
from pprint import pformat

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
PASSWORD = "hub-demo-2026"

PAGES = [
    # home, standard, alias, resource hub (filtered and empty), resource, stories, story,
    # convenings, convening, member cities, search, accounts, not found
    "/en/",
    "/fr/",
    "/en/about/",
    "/fr/a-propos/",
    "/fr/adhesion/",
    "/en/resources/",
    "/fr/ressources/",
    "/en/resources/?theme=mapping&language=fr",
    "/fr/ressources/?theme=zzz&q=nothing-matches",
    "/en/resources/ten-step-roadmap/",
    "/fr/ressources/feuille-de-route-en-dix-etapes/",
    "/en/stories/",
    "/fr/recits/",
    "/en/stories/edmonton-hate-landscape/",
    "/fr/recits/edmonton-cartographie-la-haine/",
    "/en/convenings/",
    "/fr/rencontres/",
    "/en/convenings/mayoral-retreat-2027/",
    "/fr/rencontres/retraite-des-maires-2027/",
    "/en/member-cities/",
    "/fr/villes-membres/",
    "/en/search/?q=toolkit",
    "/fr/search/?q=cartographie",
    "/en/accounts/login/",
    "/fr/accounts/login/",
    "/en/accounts/signup/",
    "/fr/accounts/signup/",
    "/en/accounts/password/reset/",
    "/fr/accounts/password/reset/",
    "/en/no-such-page/",
    "/fr/aucune-page/",
    # the academy: the overview, academy, course, module, lesson (outline only when not enrolled)
    "/en/academies/",
    "/fr/academies/",
    "/en/prevention-academy-us/",
    "/fr/academie-de-prevention-etats-unis/",
    "/en/prevention-academy-us/city-led-prevention/",
    "/fr/academie-de-prevention-etats-unis/prevention-menee-par-les-villes/",
    "/en/prevention-academy-us/city-led-prevention/public-health-approach/",
    "/en/prevention-academy-us/city-led-prevention/public-health-approach/levels-of-prevention/",
    # certificates: the check form, and an invitation link that no longer works
    "/en/academy/certificates/",
    "/fr/academy/certificates/?code=nothing",
    "/fr/academy/invitations/not-a-token/",
    # webinars: index (filtered too), series, a session with its form, a stale manage link
    "/en/webinars/",
    "/fr/webinaires/?language=fr",
    "/en/webinars/global-crises-local-impacts/",
    "/fr/webinaires/serie-canada/",
    "/en/webinars/global-crises-local-impacts/when-a-conflict-abroad-divides-your-city/",
    "/fr/webinaires/serie-canada/incivilite-envers-les-administrations-locales/",
    "/fr/webinars/registrations/not-a-token/",
    "/en/webinars/series/not-a-token/",
    # a recording: player consent, chapters, transcript search with a result
    "/en/webinars/global-crises-local-impacts/urban-design-for-violence-prevention/?q=lighting",
    "/fr/webinaires/crises-mondiales-repercussions-locales/amenagement-urbain-et-prevention/",
    # office hours: the experts and a week of slots (booking them is signed in, below)
    "/en/webinars/office-hours/",
    "/fr/webinaires/permanences/",
    # the help desk's public page: what a visitor at /help-desk/ meets
    "/en/get-help/",
    "/fr/obtenir-de-laide/",
]

REQUIRED = re.compile(r"This field is required|Ce champ est obligatoire")


@functools.cache
def axe_source() -> str:
    assert AXE.exists(), "run `make install-dev` (npm ci) to install axe-core"
    return AXE.read_text(encoding="utf-8")


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
    # Evaluated through the DevTools protocol, which a page's CSP does not govern; a <script>
    # tag (page.add_script_tag) is inline code that script-src 'self' rightly refuses.
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source())
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


# --- What the Content-Security-Policy refused, page by page ---

_refusals: "weakref.WeakKeyDictionary[Page, list[str]]" = weakref.WeakKeyDictionary()


def watch_csp(page: Page) -> None:
    """Record every CSP refusal Chromium reports on this page's console (enforced policies
    only: a report-only policy refuses nothing)."""
    if page in _refusals:
        return
    _refusals[page] = []

    def on_console(message):
        text = message.text
        if "Content Security Policy" in text and not text.startswith("[Report Only]"):
            _refusals[page].append(text[:300])

    page.on("console", on_console)


def csp_refusals(page: Page) -> list[str]:
    found = _refusals.get(page, [])
    taken = list(found)
    found.clear()
    return taken


def problems(page: Page) -> dict:
    """This page's serious axe violations and CSP refusals, {} when there are none."""
    found = {}
    if violations := serious_violations(page):
        found["axe"] = violations
    if refused := csp_refusals(page):
        found["csp"] = refused
    return found


def audit(page: Page, base: str, paths, found: dict, *, expect_ok: bool = True) -> None:
    """Visit each path and record its problems in `found` (keyed by path)."""
    watch_csp(page)
    for path in paths:
        response = page.goto(f"{base}{path}")
        if expect_ok and response.status >= 400:
            found[path] = {"status": response.status}
            continue
        if issues := problems(page):
            found[path] = issues


def audit_here(page: Page, label: str, found: dict) -> None:
    if issues := problems(page):
        found[label] = issues


def sign_in(page: Page, base: str, email: str) -> None:
    """Through the real (English) sign-in form."""
    page.goto(f"{base}/en/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/en/my/")


def submit_empty(page: Page, base: str, path: str, form: str, *, clear=()) -> None:
    """Open a form, empty it (the fields in `clear` too), send it past the browser's own
    checks (the server's answer is what is audited) and wait for the errors."""
    page.goto(f"{base}{path}")
    target = page.locator(form)
    for selector in clear:
        target.locator(selector).fill("")
    target.evaluate("(form) => { form.noValidate = true; }")
    target.locator("button[type=submit], input[type=submit]").last.click()
    page.wait_for_load_state("load")
    expect(
        page.locator(
            ".error, .errorlist, .form-errors, [aria-invalid=true], .messages .error"
        ).first
    ).to_be_attached()


def localized(url_of, language: str) -> str:
    """The relative URL of a page's translation (the demo's French slugs vary)."""
    from wagtail.models import Locale

    return url_of.get_translation(Locale.objects.get(language_code=language)).specific.url


def _in(page, language: str):
    """A page's translation."""
    from wagtail.models import Locale

    return page.get_translation(Locale.objects.get(language_code=language))


# --- Signed out ---


def test_every_page_type_passes_axe_in_both_languages(page: Page, live_server, demo_site):
    """Every public page type in both languages, and the pages reached from an email's link
    with a real token: a webinar registration, a series registration, an office-hours
    booking, an academy invitation."""
    from academy.models import Cohort, Invitation
    from academy.services import invitation_token
    from webinars import registration as flow
    from webinars.models import Registration, WebinarSeriesPage
    from webinars.office_hours import services as booking_services
    from webinars.office_hours.models import Booking

    registration = Registration.objects.filter(status="registered").order_by("pk").first()
    series = WebinarSeriesPage.objects.get(locale__language_code="en", slug="canada-series")
    subscription = flow.subscribe(
        series=series,
        full_name="Sam Series",
        email="sam@town.example",
        organisation="Town",
        role="staff",
        region="",
        language="fr",
        accessibility_needs="",
        consent=True,
    )
    booking = Booking.objects.filter(status="confirmed").order_by("starts_at").first()
    invitation = Invitation.objects.create(
        cohort=Cohort.objects.get(name="Deep Dive 2026–2028"), email="invited@victoria.example"
    )
    tokens = []
    for language in ("en", "fr"):
        tokens += [
            f"/{language}/webinars/registrations/{flow.manage_token(registration)}/",
            f"/{language}/webinars/series/{flow.subscription_token(subscription)}/",
            f"/{language}/office-hours/link/{booking_services.manage_token(booking)}/",
            f"/{language}/academy/invitations/{invitation_token(invitation)}/",
        ]
    found = {}
    audit(page, live_server.url, PAGES, found, expect_ok=False)  # the not-found pages too
    audit(page, live_server.url, tokens, found)
    assert found == {}, pformat(found, width=100)


def test_public_forms_pass_axe_with_their_errors_in_both_languages(
    page: Page, live_server, demo_site
):
    """Sign-up, sign-in (empty, then a wrong password), password reset, a webinar's and a
    series' registration, and the certificate check, each sent empty, in both languages."""
    base = live_server.url
    watch_csp(page)
    forms = []
    for language in ("en", "fr"):
        session = localized(_session(), language)
        series = localized(_series(), language)
        forms += [
            (f"/{language}/accounts/signup/", "main form[method=post]"),
            (f"/{language}/accounts/login/", "main form[method=post]"),
            (f"/{language}/accounts/password/reset/", "main form[method=post]"),
            (session, "#registration form[method=post]"),
            (series, "#series-registration form[method=post]"),
        ]
    found = {}
    for path, form in forms:
        submit_empty(page, base, path, form)
        audit_here(page, f"{path} (sent empty)", found)
    for language in ("en", "fr"):
        page.goto(f"{base}/{language}/accounts/login/")
        page.locator("input[name=login]").fill("official.boise@hub.example")
        page.locator("input[name=password]").fill("not-the-password")
        page.locator("main form[method=post] button[type=submit]").last.click()
        expect(page.locator("input[name=password]")).to_be_visible()  # still the form
        audit_here(page, f"/{language}/accounts/login/ (wrong password)", found)
        page.goto(f"{base}/{language}/academy/certificates/?code=HUB-0000-0000")
        audit_here(page, f"/{language}/academy/certificates/ (unknown code)", found)
    assert found == {}, pformat(found, width=100)


def _session():
    from webinars.models import WebinarPage

    return WebinarPage.objects.get(
        locale__language_code="en", slug="when-a-conflict-abroad-divides-your-city"
    )


def _series():
    from webinars.models import WebinarSeriesPage

    return WebinarSeriesPage.objects.get(locale__language_code="en", slug="canada-series")


# --- Signed in ---


def test_signed_in_pages_pass_axe_in_both_languages(page: Page, live_server, demo_site):
    """A city member (Boise: enrolled in the running cohort, with help-desk requests, an urgent
    one filed and an office-hours slot booked here) on every signed-in page, in English and
    in French."""
    from academy.models import CoursePage, LessonPage, ModulePage
    from helpdesk.models import HelpRequest
    from helpdesk.services import file_request
    from network.models import Organisation, Topic, User
    from webinars.office_hours import services as booking_services
    from webinars.office_hours.models import OfficeHoursPage

    base = live_server.url
    sign_in(page, base, "official.boise@hub.example")
    course = CoursePage.objects.get(locale__language_code="en", slug="city-led-prevention")
    module = ModulePage.objects.get(locale__language_code="en", slug="public-health-approach")
    lesson = LessonPage.objects.get(locale__language_code="en", slug="advisory-board")
    programme = OfficeHoursPage.objects.get(locale__language_code="en")
    request = HelpRequest.objects.filter(organisation__name="Boise").order_by("pk").first()
    at_risk = file_request(
        by=User.objects.get(email="official.boise@hub.example"),
        organisation=Organisation.objects.get(name="Boise"),
        urgency="at_risk",
        sensitivity="standard",
        language="fr",
        summary="Menaces contre une conseillère",
        details="Des lettres anonymes.",
        topics=Topic.objects.filter(locale__language_code="en", slug="harassment"),
    )
    page.goto(f"{base}{programme.url}")
    slots = page.locator("a.slot").evaluate_all("(links) => links.map((a) => a.href)")
    query = slots[-1][slots[-1].index("?") :]  # the booking form's, for the last slot shown
    # Boise books the first slot (the demo's bookings are other organisations').
    expert_id, starts = re.search(r"slot=(\d+)-(\d+)", slots[0]).groups()
    booking, _new = booking_services.book(
        programme=programme,
        expert_id=int(expert_id),
        starts_at=datetime.datetime.fromtimestamp(int(starts), tz=datetime.UTC),
        organisation=Organisation.objects.get(name="Boise"),
        user=User.objects.get(email="official.boise@hub.example"),
        questions="Where do we start with a safety plan?",
        language="en",
    )
    paths = []
    for language in ("en", "fr"):
        paths += [
            f"/{language}/my/",
            f"/{language}/accounts/profile/",
            f"/{language}/accounts/password/change/",
            f"/{language}/accounts/email/",
            f"/{language}/accounts/2fa/",
            # the academy, enrolled: the course (progress, move and leave forms), a module,
            # a lesson with its check, my learning
            localized(course, language),
            localized(module, language),
            localized(lesson, language),
            f"/{language}/academy/my-learning/",
            # webinars, signed in: the forms come filled in
            localized(_session(), language),
            localized(_series(), language),
            # office hours: the programme, the booking form, a booking, the organisation's
            f"{localized(programme, language)}",
            f"/{language}/office-hours/{_in(programme, language).pk}/book/{query}",
            f"/{language}/office-hours/my/",
            f"/{language}/office-hours/my/{booking.public_id}/",
            # the help desk: the list, the intake form, a request with its conversation
            f"/{language}/help-desk/",
            {"en": "/en/get-help/", "fr": "/fr/obtenir-de-laide/"}[language],
            f"/{language}/help-desk/new/",
            f"/{language}/help-desk/{request.public_id}/",
            f"/{language}/help-desk/{at_risk.public_id}/",  # at risk: the call offer
        ]
    found = {}
    audit(page, base, paths, found)
    assert found == {}, pformat(found, width=100)


def test_signed_in_forms_pass_axe_with_their_errors_in_both_languages(
    page: Page, live_server, demo_site
):
    """Profile, password change, office-hours booking, help-desk intake and a webinar's
    registration (signed in), each sent empty, in both languages; and the booking page's
    cancel form. Nothing is written."""
    from helpdesk.models import HelpRequest
    from webinars.models import Registration
    from webinars.office_hours.models import Booking, OfficeHoursPage

    base = live_server.url
    sign_in(page, base, "official.boise@hub.example")
    watch_csp(page)
    programme = OfficeHoursPage.objects.get(locale__language_code="en")
    page.goto(f"{base}{programme.url}")
    slot = page.locator("a.slot").first.get_attribute("href")
    query = slot[slot.index("?") :]
    counts = (HelpRequest.objects.count(), Booking.objects.count(), Registration.objects.count())
    found = {}
    for language in ("en", "fr"):
        forms = [
            (
                f"/{language}/accounts/profile/",
                "main form[method=post]:not([action])",
                ["#id_full_name"],
            ),
            (f"/{language}/accounts/password/change/", "main form[method=post]", []),
            (
                f"/{language}/office-hours/{_in(programme, language).pk}/book/{query}",
                "form[action*='/book/']",
                [],
            ),
            (f"/{language}/help-desk/new/", "main form[enctype]", []),
            (localized(_session(), language), "#registration form[method=post]", []),
        ]
        for path, form, clear in forms:
            submit_empty(page, base, path, form, clear=clear)
            audit_here(page, f"{path} (sent empty)", found)
    assert (
        HelpRequest.objects.count(),
        Booking.objects.count(),
        Registration.objects.count(),
    ) == counts
    assert found == {}, pformat(found, width=100)


def test_learning_pages_pass_axe(page: Page, live_server, demo_site):
    """A lesson with its knowledge check (and the check's feedback after an attempt), the
    learner's dashboard, and a certificate's public page and its French twin."""
    from academy.models import Certificate

    sign_in(page, live_server.url, "official.boise@hub.example")
    watch_csp(page)
    lesson = "/en/prevention-academy-us/city-led-prevention/roadmap-steps-1-3/advisory-board/"
    code = Certificate.objects.get(user__email="official.edmonton@hub.example").code
    found = {}
    for path in (
        lesson,
        "/en/academy/my-learning/",
        f"/en/academy/certificates/{code}/",
        f"/fr/academy/certificates/{code}/",
    ):
        page.goto(f"{live_server.url}{path}")
        if path == lesson:
            page.get_by_role("button", name="Submit my answers").click()  # nothing chosen
            # expect() waits for the answer page; is_visible() would race the form's POST.
            expect(page.get_by_text("Answer every question before you submit.")).to_be_visible()
        audit_here(page, path, found)
    page.goto(f"{live_server.url}{lesson}")
    for group in page.locator(".check__form fieldset").all():
        group.locator("input").first.check()
    page.get_by_role("button", name="Submit my answers").click()
    page.wait_for_selector("#check-result")
    audit_here(page, "lesson after an attempt", found)
    assert found == {}, pformat(found, width=100)


def test_academy_enrolment_and_application_pages_pass_axe(page: Page, live_server, demo_site):
    """Someone with no place yet: the course's cohorts (enrol, apply with a note), in both
    languages; an application sent (its status and the withdraw form); an invitation they
    may accept, signed in."""
    from academy.models import Cohort, CoursePage, Enrolment, Invitation
    from academy.services import invitation_token
    from network.models import User

    base = live_server.url
    email = "community@hub.example"
    user = User.objects.get(email=email)
    assert not Enrolment.objects.filter(user=user).exists()
    sign_in(page, base, email)
    course = CoursePage.objects.get(locale__language_code="en", slug="city-led-prevention")
    found = {}
    audit(page, base, [localized(course, "en"), localized(course, "fr")], found)

    winter = Cohort.objects.get(name="Winter cohort (by application)")
    page.goto(f"{base}{localized(course, 'fr')}")
    form = page.locator(f"form[action$='/cohorts/{winter.pk}/apply/']")
    form.get_by_role("textbox").fill("Notre conseil veut un plan de prévention.")
    form.get_by_role("button").click()
    expect(page.locator("#enrolment-heading + p")).to_contain_text(winter.name_fr)
    assert Enrolment.objects.get(user=user, cohort=winter).status == "applied"
    audit_here(page, "course page after applying (fr)", found)

    invitation = Invitation.objects.create(
        cohort=Cohort.objects.get(name="Deep Dive 2026–2028"), email=email
    )
    token = invitation_token(invitation)
    audit(
        page,
        base,
        [f"/en/academy/invitations/{token}/", f"/fr/academy/invitations/{token}/"],
        found,
    )
    assert found == {}, pformat(found, width=100)


# --- Our Wagtail admin views ---


def admin_paths_for_coordinator() -> list[str]:
    from academy.models import Cohort, Enrolment
    from helpdesk.models import HelpRequest
    from network.models import Organisation
    from webinars.models import WebinarPage
    from webinars.office_hours.models import Availability, Booking

    winter = Cohort.objects.get(name="Winter cohort (by application)")
    running = Cohort.objects.get(name="Fall cohort")
    deep_dive = Cohort.objects.get(name="Deep Dive 2026–2028")
    learner = Enrolment.objects.filter(cohort=running).first().user_id
    request = HelpRequest.objects.order_by("pk").first()
    booking = Booking.objects.order_by("pk").first()
    availability = Availability.objects.order_by("pk").first()
    session = WebinarPage.objects.filter(locale__language_code="en").order_by("starts_at").first()
    return [
        "/admin/",
        # the help desk: queue (two views), a request, metrics, the report
        "/admin/help-desk/",
        "/admin/help-desk/?view=all",
        f"/admin/help-desk/{request.public_id}/",
        "/admin/help-desk/metrics/",
        "/admin/help-desk/report/",
        "/admin/responsetarget/",
        # office hours: bookings, a booking, availability and its edit form
        "/admin/office-hours/",
        f"/admin/office-hours/{booking.pk}/",
        "/admin/availability/",
        f"/admin/availability/edit/{availability.pk}/",
        # the academy: cohorts, applications, invitations, enrolments, certificates, reports
        "/admin/cohort/",
        f"/admin/cohort/edit/{winter.pk}/",
        f"/admin/cohort/{winter.pk}/applications/",
        f"/admin/cohort/{deep_dive.pk}/invite/",  # invitation-only cohorts
        "/admin/enrolment/",
        "/admin/certificate/",
        "/admin/reports/academy/cohorts/",
        f"/admin/reports/academy/cohorts/{running.pk}/",
        "/admin/reports/academy/cities/",
        f"/admin/reports/academy/cities/{Organisation.objects.get(name='Boise').pk}/",
        f"/admin/reports/academy/learners/{learner}/",
        # webinars: registrations, series, reports, attendance import, approvals
        "/admin/registration/",
        "/admin/seriessubscription/",
        "/admin/reports/webinars/sessions/",
        "/admin/reports/webinars/series/",
        "/admin/reports/webinars/roles/",
        "/admin/reports/webinars/cities/",
        f"/admin/reports/webinars/sessions/{session.pk}/attendance/",
        f"/admin/reports/webinars/sessions/{session.pk}/approvals/",
    ]


def test_admin_views_pass_axe_for_a_coordinator(page: Page, live_server, demo_site):
    base = live_server.url
    sign_in(page, base, "coordinator@hub.example")
    found = {}
    audit(page, base, admin_paths_for_coordinator(), found)
    # A help-desk reply sent empty: the request page with its error.
    from helpdesk.models import HelpRequest

    request = HelpRequest.objects.order_by("pk").first()
    path = f"/admin/help-desk/{request.public_id}/"
    page.goto(f"{base}{path}")
    reply = page.locator("form[method=post]").filter(has=page.get_by_label("Message"))
    reply.evaluate("(form) => { form.noValidate = true; }")
    reply.get_by_role("button", name="Send", exact=True).click()
    page.wait_for_load_state("load")
    audit_here(page, f"{path} (empty reply)", found)
    assert found == {}, pformat(found, width=100)


def test_admin_views_pass_axe_for_an_expert_in_french(page: Page, live_server, demo_site):
    """An expert, with the admin in French (their preference): the help-desk queue and one of
    their requests, their bookings and one of them, their availability and its form."""
    from wagtail.users.models import UserProfile

    from helpdesk.models import HelpRequest
    from network.models import User
    from webinars.office_hours.models import Availability, Booking

    dana = User.objects.get(email="expert.dana@hub.example")
    profile = UserProfile.get_for_user(dana)
    profile.preferred_language = "fr"
    profile.save()
    request = HelpRequest.objects.filter(assignee__user=dana).order_by("pk").first()
    booking = Booking.objects.filter(expert__user=dana).order_by("pk").first()
    availability = Availability.objects.get(expert__user=dana)
    base = live_server.url
    sign_in(page, base, dana.email)
    found = {}
    audit(
        page,
        base,
        [
            "/admin/",
            "/admin/help-desk/",
            f"/admin/help-desk/{request.public_id}/",
            "/admin/office-hours/",
            f"/admin/office-hours/{booking.pk}/",
            "/admin/availability/",
            f"/admin/availability/edit/{availability.pk}/",
        ],
        found,
    )
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    assert found == {}, pformat(found, width=100)
