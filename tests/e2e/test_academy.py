"""Academy journeys in Chromium: a participant from sign-up to a verified certificate, and a
coordinator who approves an application and exports the cohort's report."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from academy.models import Cohort, CoursePage, LessonPage, LessonProgress
from tests.e2e.test_visitor import wait_for_mail

pytestmark = pytest.mark.browser

COURSE = "/en/prevention-academy-us/city-led-prevention/"
PASSWORD = "a-long-new-passphrase-7"


def sign_up(page: Page, base: str, email: str, name: str) -> None:
    page.goto(f"{base}/en/accounts/signup/")
    page.get_by_label("Full name").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Create an account").click()
    wait_for_mail(1)
    link = re.search(r"https?://[^/\s]+(/en/accounts/confirm-email/\S+)", mail.outbox[-1].body)
    page.goto(f"{base}{link.group(1)}")
    page.get_by_role("button", name="Confirm").click()
    page.get_by_label("Email").fill(email)
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("link", name="My profile")).to_be_visible()


def test_participant_enrols_passes_a_check_and_verifies_the_certificate(
    page: Page, live_server, demo_site, browser
):
    base = live_server.url
    mail.outbox.clear()
    course = CoursePage.objects.get(locale__language_code="en", slug="city-led-prevention")
    Cohort.objects.create(
        course=course,
        name="Journey cohort",
        starts_on=timezone.localdate() - datetime.timedelta(days=14),  # weeks 1 to 3 are open
        time_zone="America/Toronto",
    )
    sign_up(page, base, "journey@city.example", "Journey Learner")

    page.goto(f"{base}{COURSE}")
    page.get_by_role("button", name="Enrol in Journey cohort").click()
    expect(page.get_by_text("You are enrolled in Journey cohort.").first).to_be_visible()

    # The weeks before: every lesson but the first module's two is already done.
    from network.models import User

    learner = User.objects.get(email="journey@city.example")
    first_module = {"levels-of-prevention", "risk-and-protective-factors"}
    for lesson in LessonPage.objects.descendant_of(course).filter(locale=course.locale):
        if lesson.slug not in first_module:
            LessonProgress.objects.create(
                user=learner, lesson_key=lesson.translation_key, course_key=course.translation_key
            )

    page.goto(f"{base}{COURSE}public-health-approach/risk-and-protective-factors/")
    page.get_by_role("button", name="Mark as complete").click()
    expect(page.get_by_text("Lesson completed.")).to_be_visible()

    page.goto(f"{base}{COURSE}public-health-approach/levels-of-prevention/")
    check = page.get_by_role("region", name="Knowledge check")
    check.get_by_label("Tertiary prevention").check()
    check.get_by_label("Support for victims after an attack").check()
    check.get_by_label("True", exact=True).check()
    check.get_by_role("button", name="Submit my answers").click()
    expect(page.get_by_text("Your latest attempt: 0%")).to_be_visible()
    expect(page.get_by_text("You answered 0 of 3 questions correctly")).to_be_visible()
    expect(page.locator("#check-result")).to_be_focused()  # the result, where the eye is

    check = page.get_by_role("region", name="Knowledge check")
    check.get_by_label("Secondary prevention").check()
    check.get_by_label("A city-wide programme that brings neighbourhoods").check()
    check.get_by_label("Civic education in schools").check()
    check.get_by_label("False", exact=True).check()
    check.get_by_role("button", name="Submit my answers").click()
    expect(page.get_by_text("You passed this check; the lesson is complete.")).to_be_visible()
    expect(page.get_by_role("link", name="Next lesson")).to_be_visible()

    page.goto(f"{base}{COURSE}")
    expect(page.locator("#course-progress + progress")).to_have_attribute("value", "100")
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Français").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator("#course-progress + progress")).to_have_attribute("value", "100")

    wait_for_mail(3)  # confirmation, enrolment, certificate
    message = next(m for m in mail.outbox if m.to == [learner.email] and "ertificat" in m.subject)
    link = re.search(r"https?://[^/\s]+(/en/academy/certificates/[A-Z0-9-]+/)", message.body)
    assert link, message.body

    visitor = browser.new_context()  # anyone with the code, signed out
    public = visitor.new_page()
    public.goto(f"{base}{link.group(1)}")
    expect(public.get_by_text("Journey Learner")).to_be_visible()
    expect(public.get_by_text("City-led prevention: a ten-week course")).to_be_visible()
    public.get_by_role("navigation", name="Language").get_by_role("link", name="Français").click()
    expect(public.locator("html")).to_have_attribute("lang", "fr")
    expect(public.get_by_text("La prévention menée par les villes").first).to_be_visible()
    visitor.close()


def test_coordinator_approves_an_application_and_exports_the_cohort_report(
    page: Page, live_server, demo_site
):
    base = live_server.url
    page.goto(f"{base}/en/accounts/login/")
    page.get_by_label("Email").fill("coordinator@hub.example")
    page.get_by_label(re.compile(r"^Password:?$")).fill("hub-demo-2026")
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("link", name="My profile")).to_be_visible()

    page.goto(f"{base}/admin/cohort/")
    row = page.get_by_role("row").filter(has_text="Winter cohort (by application)")
    row.get_by_role("button", name=re.compile("More options")).click()
    row.get_by_role("link", name="Applications", exact=True).click()
    expect(page.get_by_text("Our council wants a prevention plan by spring.")).to_be_visible()
    page.get_by_label("Jordan Lee").check()
    page.get_by_role("button", name="Approve selected").click()
    expect(page.get_by_text("Enrolled: 1. Waitlisted: 0. Declined: 0.")).to_be_visible()
    expect(page.get_by_label("Jordan Lee")).to_have_count(0)  # decided, off the list
    expect(page.get_by_label("Camille Roy")).to_be_visible()  # still waiting

    page.goto(f"{base}/admin/reports/academy/cohorts/")
    page.get_by_role("link", name="Winter cohort (by application)").click()
    expect(page.get_by_role("row", name=re.compile("Jordan Lee .* Enrolled"))).to_be_visible()
    page.get_by_role("button", name="Actions").click()
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("CSV")).click()
    content = open(download.value.path(), encoding="utf-8-sig").read()
    assert "official.edmonton@hub.example" in content
    line = next(x for x in content.splitlines() if "official.edmonton@hub.example" in x)
    assert "Enrolled" in line
