"""A city lead reads their city's activity in Chromium: Edmonton's lead signs in, goes from
My hub to the organisation's activity page without typing an address, reads an official's
progress and certificate, downloads the CSV, and on a phone reads the same row stacked with
its labels. The page passes axe."""

import csv
import datetime
import io
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.e2e.test_accessibility import serious_violations
from tests.e2e.test_office_hours import EDMONTON, sign_in

pytestmark = pytest.mark.browser


def an_official_with_progress() -> tuple[str, int]:
    """Edmonton's new official: enrolled in a cohort of the demo course, two required
    lessons done, certified. Returns the certificate's code and the required lessons."""
    from academy.models import (
        Certificate,
        Cohort,
        CoursePage,
        Enrolment,
        LessonPage,
        LessonProgress,
    )
    from network.models import Membership, Organisation, User

    course = CoursePage.objects.get(locale__language_code="en", slug="city-led-prevention")
    cohort = Cohort.objects.create(
        course=course,
        name="Edmonton spring cohort",
        starts_on=timezone.localdate() - datetime.timedelta(days=14),
    )
    user = User.objects.create_user(
        email="priya.official@edmonton.example", full_name="Priya Official"
    )
    Membership.objects.create(user=user, organisation=Organisation.objects.get(name="Edmonton"))
    Enrolment.objects.create(
        cohort=cohort, user=user, status="enrolled", last_active_at=timezone.now()
    )
    required = list(
        LessonPage.objects.live()
        .public()
        .descendant_of(course)
        .filter(required=True)
        .order_by("path")
    )
    for lesson in required[:2]:
        LessonProgress.objects.create(
            user=user, lesson_key=lesson.translation_key, course_key=course.translation_key
        )
    certificate = Certificate.objects.create(
        code="EDMO-PRIY-A123",
        user=user,
        course=course,
        cohort=cohort,
        learner_name=user.full_name,
        hours=12,
    )
    return certificate.code, len(required)


def test_a_lead_reads_their_city_s_progress_and_downloads_it(page: Page, live_server, demo_site):
    code, required = an_official_with_progress()
    base = live_server.url
    sign_in(page, base, EDMONTON)  # lands on My hub

    page.get_by_role("link", name="See what Edmonton’s people do on the hub").click()
    page.wait_for_url("**/en/my/organisations/edmonton/activity/")
    expect(page.get_by_role("heading", level=1, name="Edmonton")).to_be_visible()
    expect(page.get_by_role("link", name="Activity")).to_have_attribute("aria-current", "page")
    expect(page.get_by_text(re.compile(r"Times are shown in Mountain Time"))).to_be_visible()

    academy = page.get_by_role("region", name="Academy", exact=True)
    row = academy.get_by_role("row").filter(has_text="Priya Official")
    expect(row).to_contain_text(f"2 of {required} required lessons")
    expect(row).to_contain_text("Edmonton spring cohort")
    expect(row.get_by_role("link", name=code)).to_be_visible()
    expect(row).to_contain_text("Valid")
    # The lead's own help-desk requests and bookings are there too.
    expect(page.get_by_role("heading", level=2, name="Help desk")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="Office hours")).to_be_visible()
    assert serious_violations(page) == []

    with page.expect_download() as download:
        page.get_by_role("link", name="Download as CSV").click()
    assert download.value.suggested_filename.startswith("edmonton-activity-")
    text = open(download.value.path(), encoding="utf-8-sig").read()
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[rows.index(["Academy"]) + 1]
    priya = dict(zip(header, next(r for r in rows if r and r[0] == "Priya Official"), strict=True))
    assert priya["Required lessons done"] == "2"
    assert priya["Certificate"] == code
    assert ["Help desk"] in rows

    # On a phone the table stacks: each cell carries its column's name.
    page.set_viewport_size({"width": 390, "height": 844})
    cell = row.locator("td[data-label='Progress']")
    expect(cell).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
