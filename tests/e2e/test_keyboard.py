"""Keyboard-only journeys in Chromium: no mouse, only Tab, Shift+Tab, Enter, Space and the
arrow keys (page.keyboard). At each step the focus lands on the control expected, and it is
visible (a focus outline or ring, computed, on an element in the viewport). The skip link
works from the start of every page.

- an academy learner signs in, reaches a course from the academy, enrols and opens the
  first lesson;
- a visitor registers for a webinar session and reads the confirmation;
- a city official files a help-desk request (fields, urgency, topics) and lands on it;
- on a phone, the header's menu opens from the keyboard and leads to an academy.

Booking office hours from the keyboard alone is test_office_hours.py's
test_a_slot_can_be_booked_with_the_keyboard_alone (not repeated here).
"""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

PASSWORD = "hub-demo-2026"

# The focused element's name as a person hears it, near enough to find it: its aria-label,
# its label, or its text.
FOCUSED_NAME = r"""() => {
    const el = document.activeElement;
    if (!el || el === document.body) return "";
    const label = el.labels && el.labels.length ? el.labels[0].textContent : "";
    const text = el.getAttribute("aria-label") || label || el.textContent || el.value || "";
    return text.replace(/\*/g, "").replace(/\s+/g, " ").trim();
}"""

# How the focused element is drawn: keyboard focus (:focus-visible) must show an outline at
# least 2px wide or a ring (box-shadow), on an element the viewport shows.
FOCUS_STYLE = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
    return {
        element: el.outerHTML.slice(0, 120),
        focusVisible: el.matches(":focus-visible"),
        outline: outline ? `${style.outlineWidth} ${style.outlineStyle} ${style.outlineColor}` : "",
        ring: style.boxShadow === "none" ? "" : style.boxShadow,
        inView: box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0
            && box.top < window.innerHeight && box.left < window.innerWidth,
    };
}"""


def assert_focus_visible(page: Page) -> None:
    style = page.evaluate(FOCUS_STYLE)
    assert style is not None, "nothing has the focus"
    assert style["focusVisible"], style
    assert style["outline"] or style["ring"], f"the focus is not drawn: {style}"
    assert style["inView"], f"the focused element is off screen: {style}"


def focused_name(page: Page) -> str:
    return page.evaluate(FOCUSED_NAME)


def tab_to(page: Page, name, *, key: str = "Tab", limit: int = 150) -> list[str]:
    """Press Tab (or `key`) until the focused element's name is `name` (a string, or a
    pattern to search); its focus must be visible. Returns the names passed on the way."""
    passed = []
    for _press in range(limit):
        page.keyboard.press(key)
        current = focused_name(page)
        passed.append(current)
        found = name.search(current) if isinstance(name, re.Pattern) else current == name
        if found:
            assert_focus_visible(page)
            return passed
    raise AssertionError(f"{key} never reached {name!r}; the last ones: {passed[-12:]}")


def choose(page: Page, value: str, *, limit: int = 80) -> None:
    """On a focused <select>, move with the arrow keys until `value` is chosen."""
    focused = page.locator(":focus")
    assert focused.evaluate("(el) => el.tagName") == "SELECT"
    for key in ("ArrowDown", "ArrowUp"):
        for _press in range(limit):
            if focused.input_value() == value:
                return
            before = focused.input_value()
            page.keyboard.press(key)
            if focused.input_value() == before:
                break  # the end of the list
    assert focused.input_value() == value, f"{value!r} is not among the options"


def check_skip_link(page: Page) -> None:
    """From the start of a freshly loaded page: the first Tab shows the skip link, Enter
    moves the focus to the main content, and the next Tab stays inside it."""
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    expect(skip).to_have_attribute("href", "#main")
    expect(skip).to_have_class("skip-link")
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    assert page.url.endswith("#main")


def keyboard_sign_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/en/accounts/login/")
    check_skip_link(page)
    tab_to(page, re.compile(r"^Email:?$"))
    page.keyboard.type(email)
    tab_to(page, re.compile(r"^Password:?$"))
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")  # sends the form
    page.wait_for_url("**/en/my/")


def test_a_learner_reaches_a_course_enrols_and_opens_the_first_lesson(
    page: Page, live_server, demo_site
):
    from academy.models import Cohort, CoursePage, Enrolment, LessonPage
    from network.models import User

    base = live_server.url
    course = CoursePage.objects.get(locale__language_code="en", slug="city-led-prevention")
    cohort = Cohort.objects.create(
        course=course,
        name="Keyboard cohort",
        starts_on=timezone.localdate() - datetime.timedelta(days=7),  # the first week is open
        time_zone="America/Toronto",
        capacity=20,
        enrolment_mode=Cohort.Mode.OPEN,
    )
    first_lesson = (
        LessonPage.objects.live().descendant_of(course).filter(locale=course.locale).first()
    )
    learner = User.objects.get(email="community@hub.example")
    assert not Enrolment.objects.filter(user=learner).exists()
    keyboard_sign_in(page, base, learner.email)

    # The academy, then its course.
    page.goto(f"{base}{course.get_parent().url}")
    check_skip_link(page)
    tab_to(page, course.title)
    expect(page.locator(":focus")).to_have_attribute("href", course.url)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}{course.url}")
    expect(page.get_by_role("heading", level=1)).to_have_text(course.title)

    # Enrol: Space on the cohort's button.
    check_skip_link(page)
    tab_to(page, "Enrol in Keyboard cohort")
    expect(page.locator(":focus")).to_have_accessible_name("Enrol in Keyboard cohort")
    page.keyboard.press("Space")
    expect(page.get_by_text("You are enrolled in Keyboard cohort.").first).to_be_visible()
    enrolment = Enrolment.objects.get(user=learner)
    assert (enrolment.cohort_id, enrolment.status) == (cohort.pk, "enrolled")

    # The first lesson, from the course's outline.
    page.goto(f"{base}{course.url}")  # a fresh start (the answer's page may keep a message)
    check_skip_link(page)
    tab_to(page, first_lesson.title)
    expect(page.locator(":focus")).to_have_attribute("href", first_lesson.url)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}{first_lesson.url}")
    expect(page.get_by_role("heading", level=1)).to_have_text(first_lesson.title)
    # Open to an enrolled learner: its knowledge check is there, reached from the keyboard.
    check_skip_link(page)
    tab_to(page, re.compile(r"\w"))
    page.keyboard.press("Tab")
    page.keyboard.press("Shift+Tab")  # and back: the order holds both ways
    assert_focus_visible(page)
    assert page.evaluate("() => document.querySelector('main').contains(document.activeElement)")
    expect(page.locator(".check__form")).to_be_visible()


def test_a_visitor_registers_for_a_webinar_with_the_keyboard(page: Page, live_server, demo_site):
    from webinars.models import Registration, WebinarPage

    base = live_server.url
    session = WebinarPage.objects.get(
        locale__language_code="en", slug="when-a-conflict-abroad-divides-your-city"
    )
    page.goto(f"{base}/en/webinars/")
    check_skip_link(page)
    tab_to(page, session.title)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}{session.url}")

    check_skip_link(page)
    tab_to(page, re.compile(r"^Full name"))
    reached = []
    for _field in range(12):
        focused = page.locator(":focus")
        expect(focused).to_have_accessible_name(re.compile(r"\w"))
        name = focused_name(page)
        reached.append(name)
        assert_focus_visible(page)
        if name.startswith("Full name"):
            page.keyboard.type("Kai Keyboard")
        elif name.startswith("Email"):
            page.keyboard.type("kai@town.example")
        elif name.startswith("Organisation"):
            page.keyboard.type("Town of Canmore")
        elif name.startswith("Role"):
            choose(page, Registration.Role.STAFF)
        elif name.startswith("I agree"):
            page.keyboard.press("Space")
            expect(focused).to_be_checked()
        elif name in ("Register", "Join the waitlist"):
            break
        page.keyboard.press("Tab")
    else:
        raise AssertionError(f"never reached the button: {reached}")
    assert [n.split(" ")[0] for n in reached[:3]] == ["Full", "Email", "Organisation"], reached
    page.keyboard.press("Enter")
    expect(page.get_by_text("We have emailed the details to kai@town.example")).to_be_visible()

    registration = Registration.objects.get(session=session, email="kai@town.example")
    assert (registration.full_name, registration.organisation, registration.role) == (
        "Kai Keyboard",
        "Town of Canmore",
        "staff",
    )
    assert registration.consent and registration.status in ("registered", "waitlisted")


def test_a_city_official_files_a_help_desk_request_with_the_keyboard(
    page: Page, live_server, demo_site
):
    from helpdesk.models import HelpRequest

    base = live_server.url
    summary = "Hostile crowd expected at Monday's council meeting."
    before = set(HelpRequest.objects.values_list("pk", flat=True))
    keyboard_sign_in(page, base, "official.edmonton@hub.example")

    page.goto(f"{base}/en/help-desk/")
    check_skip_link(page)
    tab_to(page, "Ask for advice")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/en/help-desk/new/")

    check_skip_link(page)
    tab_to(page, "For")  # the organisation: Edmonton, the official's only city
    focused = page.locator(":focus")
    expect(focused).to_have_accessible_name(re.compile(r"^For"))
    # The urgency: one stop for the group; the arrow keys choose.
    page.keyboard.press("Tab")
    expect(focused).to_have_attribute("name", "urgency")
    assert_focus_visible(page)
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("Urgent", exact=True)).to_be_checked()
    expect(page.get_by_label("Urgent", exact=True)).to_be_focused()
    page.keyboard.press("Tab")
    expect(focused).to_have_accessible_name(re.compile("^In one sentence"))
    assert_focus_visible(page)
    page.keyboard.type(summary)
    page.keyboard.press("Tab")
    expect(focused).to_have_accessible_name(re.compile("^Details"))
    page.keyboard.type("Residents opposed to the shelter by-law have called for a rally inside.")
    # The topics: checkboxes, Space ticks the one wanted.
    tab_to(page, "Anti-government hate and harassment")
    page.keyboard.press("Space")
    expect(focused).to_be_checked()
    tab_to(page, re.compile("^Country"))
    choose(page, "CA")
    page.keyboard.press("Tab")
    expect(focused).to_have_accessible_name(re.compile("^Province or state"))
    choose(page, "CA-AB")
    page.keyboard.press("Tab")
    expect(focused).to_have_accessible_name(re.compile("^Language for the conversation"))
    choose(page, "en")
    page.keyboard.press("Tab")  # the sensitivity: Standard stays chosen
    expect(focused).to_have_attribute("name", "sensitivity")
    expect(focused).to_be_checked()
    assert_focus_visible(page)
    tab_to(page, "Send the request")
    # Shift+Tab goes back one control, Tab returns: the order holds both ways.
    page.keyboard.press("Shift+Tab")
    expect(focused).to_have_attribute("type", "file")
    page.keyboard.press("Tab")
    expect(focused).to_have_accessible_name("Send the request")
    page.keyboard.press("Enter")

    # (the form posts to its page's address, whose "#main" the redirect keeps)
    page.wait_for_url(re.compile(rf"^{re.escape(base)}/en/help-desk/[0-9a-f-]{{36}}/(#main)?$"))
    (new,) = HelpRequest.objects.exclude(pk__in=before)
    assert str(new.public_id) in page.url
    assert (new.organisation.name, new.urgency, new.sensitivity) == (
        "Edmonton",
        "urgent",
        "standard",
    )
    assert (new.summary, new.country, new.region, new.language) == (summary, "CA", "CA-AB", "en")
    assert list(new.topics.values_list("slug", flat=True)) == ["harassment"]
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Request {new.reference}")
    page.goto(page.url.split("#")[0])  # the request page from its start: the skip link too
    check_skip_link(page)


SKIP_PAGES = [
    "/en/",
    "/fr/",
    "/en/about/",
    "/fr/a-propos/",
    "/en/resources/",
    "/fr/ressources/",
    "/en/resources/ten-step-roadmap/",
    "/fr/recits/",
    "/en/convenings/",
    "/fr/villes-membres/",
    "/en/search/?q=toolkit",
    "/en/prevention-academy-us/",
    "/fr/academie-de-prevention-etats-unis/prevention-menee-par-les-villes/",
    "/en/webinars/",
    "/fr/webinaires/serie-canada/incivilite-envers-les-administrations-locales/",
    "/en/webinars/office-hours/",
    "/fr/webinaires/permanences/",
    "/en/academy/certificates/",
    "/fr/accounts/signup/",
    "/en/accounts/password/reset/",
    "/en/no-such-page/",
]

SIGNED_IN_SKIP_PAGES = [
    "/en/my/",
    "/fr/my/",
    "/en/accounts/profile/",
    "/fr/accounts/profile/",
    "/en/academy/my-learning/",
    "/fr/office-hours/my/",
    "/en/help-desk/",
    "/fr/help-desk/new/",
]


def test_the_skip_link_works_from_the_start_of_every_page(page: Page, live_server, demo_site):
    base = live_server.url
    failures = {}

    def walk(paths):
        for path in paths:
            page.goto(f"{base}{path}")
            try:
                check_skip_link(page)
                # The next stop is past the header: in the main content, or (on a page whose
                # content has no link or control) in the footer.
                page.keyboard.press("Tab")
                past_header = page.evaluate(
                    """() => {
                        const main = document.querySelector('main');
                        const el = document.activeElement;
                        return main.contains(el) || Boolean(
                            main.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
                    }"""
                )
                assert past_header, f"Tab after the skip link went to {focused_name(page)!r}"
                assert_focus_visible(page)
            except AssertionError as error:
                failures[path] = str(error).splitlines()[0]

    walk(SKIP_PAGES)
    keyboard_sign_in(page, base, "official.boise@hub.example")
    walk(SIGNED_IN_SKIP_PAGES)
    assert failures == {}


@pytest.mark.parametrize(
    "language, menu, academy, overview, first_academy",
    [
        ("en", "Menu", "Academy", "Prevention Academies", "Prevention Academy US"),
        ("fr", "Menu", "Académie", "Académies de prévention", "Académie de prévention États-Unis"),
    ],
)
def test_on_a_phone_the_menu_opens_from_the_keyboard_and_leads_to_each_academy(
    page: Page, live_server, demo_site, language, menu, academy, overview, first_academy
):
    """At 390 pixels the services are folded behind "Menu": Tab reaches it, Enter opens it,
    and two more choices lead from the home page to an academy."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/{language}/")
    services = page.get_by_role("navigation", name="Services")
    expect(services).to_be_hidden()

    tab_to(page, menu)
    page.keyboard.press("Enter")
    expect(services).to_be_visible()
    tab_to(page, academy)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(overview)

    tab_to(page, first_academy)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(first_academy)
