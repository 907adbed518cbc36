"""A grant review in Chromium: a reviewer signs in to the admin with their second factor,
declares no conflict of interest (seeing only the organisation and the title until then),
scores the application against the rubric; a coordinator reads the scores and approves it,
checking the decision before it is sent; the applicant's email is in the outbox."""

import re

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import Browser, Page, expect

from tests.e2e.test_helpdesk import admin_sign_in, with_second_factor
from tests.e2e.test_office_hours import PASSWORD

pytestmark = pytest.mark.browser

COORDINATOR = "coordinator@hub.example"


def test_a_reviewer_scores_and_a_coordinator_approves(
    page: Page, browser: Browser, live_server, demo_site, settings
):
    from grants import reviewing
    from grants.models import REVIEWERS_GROUP, Application, Review
    from network.models import OutboxEmail, User
    from tests.grants.factories import ApplicationFactory, applicant, call_page
    from tests.network.factories import UserFactory

    settings.HUB_REQUIRE_STAFF_MFA = True  # as in production; the live server reads it
    base = live_server.url
    coordinator = User.objects.get(email=COORDINATOR)
    owner = applicant()
    application = ApplicationFactory(
        call=call_page(slug="e2e-review-call"),
        organisation=owner.memberships.get().organisation,
        created_by=owner,
        title="Choir for the whole city",
        status=Application.Status.SUBMITTED,
    )
    reviewer = UserFactory(email="reviewer.e2e@hub.example", full_name="Rita Reviewer")
    reviewer.set_password(PASSWORD)
    reviewer.save()
    reviewer.groups.add(Group.objects.get_or_create(name=REVIEWERS_GROUP)[0])
    (review,) = reviewing.assign_reviewers(
        application=application, reviewers=[reviewer], by=coordinator
    )
    reviewer_secret = with_second_factor(reviewer.email)
    coordinator_secret = with_second_factor(COORDINATOR)
    OutboxEmail.objects.filter(key__startswith="grants-determination:").delete()

    # The reviewer: the declaration first, showing nothing but the organisation and title.
    review_url = f"{base}/admin/grants/reviews/{review.pk}/"
    admin_sign_in(page, review_url, reviewer.email, reviewer_secret)
    expect(page.get_by_role("heading", name="First, any conflict of interest")).to_be_visible()
    expect(page.get_by_text("Choir for the whole city")).to_be_visible()
    expect(page.get_by_text("Workshops in schools.")).to_have_count(0)
    page.get_by_label("No: I have no conflict of interest").check()
    page.get_by_role("button", name="Send my declaration").click()
    expect(page.get_by_text("Thank you. You can now read and score it.")).to_be_visible()
    expect(page.get_by_text("Workshops in schools.")).to_be_visible()

    # A score out of range is refused with a message tied to its field.
    page.get_by_label(re.compile(r"^Fit with the call")).fill("7")
    page.get_by_label(re.compile(r"^Feasibility")).fill("4")
    page.get_by_label("Fund", exact=True).check()
    page.get_by_role("button", name="Send my review").click()
    expect(
        page.get_by_role("alert")
        .filter(has_text="Give “Fit with the call” a whole number from 0 to 5.")
        .first
    ).to_be_visible()
    page.get_by_label(re.compile(r"^Fit with the call")).fill("5")
    page.get_by_label("Fund", exact=True).check()
    page.get_by_label("Comments for the coordinators").fill("Strong local partners.")
    page.get_by_role("button", name="Send my review").click()
    expect(page.get_by_text("Your review has been sent to the coordinators.")).to_be_visible()
    review.refresh_from_db()
    assert review.scores == {"fit": 5, "feasibility": 4}

    # The coordinator reads the score and approves, checking before it is sent.
    context = browser.new_context()
    try:
        admin = context.new_page()
        detail = f"{base}/admin/grants/applications/{application.public_id}/"
        admin_sign_in(admin, detail, COORDINATOR, coordinator_secret)
        reviews = admin.locator("section", has=admin.get_by_role("heading", name="Reviews"))
        expect(reviews.get_by_text("Strong local partners.")).to_be_visible()
        expect(reviews.get_by_role("row", name=re.compile("Weighted total"))).to_contain_text("14")
        admin.get_by_label("Approve", exact=True).check()
        admin.get_by_label("Reasons shared with the applicant").fill("A clear, local plan.")
        admin.get_by_role("button", name="Check the decision").click()
        expect(admin.get_by_text(re.compile("Check before sending"))).to_be_visible()
        assert Application.objects.get(pk=application.pk).status == "in_review"
        admin.get_by_role("button", name="Send the decision").click()
        expect(
            admin.get_by_text("Decision recorded. The applicant has been emailed.")
        ).to_be_visible()
    finally:
        context.close()
    application.refresh_from_db()
    assert application.status == Application.Status.APPROVED
    sent = OutboxEmail.objects.filter(key__startswith="grants-determination:")
    assert sent and all(len(email.payload["to"]) == 1 for email in sent)  # one per address
    for email in sent:
        assert "A clear, local plan." in email.payload["text"]
        assert reviewer.full_name not in email.payload["text"]
    assert Review.objects.get(pk=review.pk).submitted_at is not None
