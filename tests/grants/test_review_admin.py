"""The admin's reviewing side (grants.admin_reviews) through the test client: coordinators'
applications, the CSV export, reviewers' conflict declaration and scores, determinations,
what a reviewer reaches, and the query budgets of the two lists."""

import csv
import datetime
import io
import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from grants import reviewing
from grants.models import REVIEWERS_GROUP, Application, GrantFile, Review, Stage
from network.models import OutboxEmail, User
from tests.grants.factories import ApplicationFactory, applicant, call_page, translate
from tests.network.factories import UserFactory

Status = Application.Status
_calls = iter(range(1, 10_000))


@pytest.fixture(autouse=True)
def _empty_outbox(db):
    OutboxEmail.objects.all().delete()


@pytest.fixture
def coordinator(db):
    return User.objects.get(email="coordinator@hub.example")


def reviewer(**fields):
    person = UserFactory(**fields)
    person.groups.add(Group.objects.get_or_create(name=REVIEWERS_GROUP)[0])
    return User.objects.get(pk=person.pk)


def submitted(call=None, **fields):
    owner = applicant()
    fields.setdefault("status", Status.SUBMITTED)
    return ApplicationFactory(
        call=call or call_page(slug=f"admin-call-{next(_calls)}"),
        organisation=owner.memberships.get().organisation,
        created_by=owner,
        profile={"contact_email": "contact@org.example", "legal_name": "Org Inc."},
        **fields,
    )


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def signed_in(client, user):
    client.force_login(user)
    return client


def review_url(review):
    return reverse("grant_reviews:review", args=[review.pk])


def detail_url(application):
    return reverse("grant_applications:detail", args=[application.public_id])


# --- Coordinators: assigning, reading, deciding ---


def test_a_coordinator_assigns_reviewers_from_the_application_page(client, coordinator):
    application = submitted()
    ana = reviewer(full_name="Ana Reviewer")
    insider = reviewer(full_name="Insider Person")
    insider.memberships.create(organisation=application.organisation)
    signed_in(client, coordinator)
    page = soup(client.get(detail_url(application)))
    offered = [label.get_text(" ", strip=True) for label in page.select("#assign ~ form label")]
    assert any("Ana Reviewer" in text for text in offered)
    assert not any("Insider Person" in text for text in offered)
    assert "Workshops in schools." in page.get_text()
    response = client.post(
        detail_url(application), {"action": "assign", "reviewers": [ana.pk]}, follow=True
    )
    assert response.status_code == 200
    assert Review.objects.get(application=application).reviewer == ana
    application.refresh_from_db()
    assert application.status == Status.IN_REVIEW
    assert OutboxEmail.objects.filter(key__startswith="grants-review-assigned:").count() == 1
    # The history names what happened and who did it.
    history = soup(client.get(detail_url(application))).select_one("#history").find_parent()
    assert "Reviewer assigned" in history.get_text()


def test_the_determination_asks_for_a_confirmation_then_emails_in_french(client, coordinator):
    application = submitted(language="fr")
    signed_in(client, coordinator)
    data = {
        "action": "determine",
        "outcome": "approved",
        "reasons": "Un projet solide.",
        "internal_note": "Secret note",
    }
    first = client.post(detail_url(application), data)
    assert first.status_code == 200
    assert "Check before sending" in first.content.decode()
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    assert not OutboxEmail.objects.filter(key__startswith="grants-determination:").exists()
    client.post(detail_url(application), {**data, "confirm": "True"})
    application.refresh_from_db()
    assert application.status == Status.APPROVED
    link = soup(client.get(detail_url(application))).find("a", string="Create the grant")
    assert link["href"] == reverse("grant_grants:create", args=[application.public_id])
    email = OutboxEmail.objects.filter(key__startswith="grants-determination:").first().payload
    assert email["subject"].startswith("Votre demande de subvention")
    assert "Bonne nouvelle" in email["text"]
    assert "Un projet solide." in email["text"]
    assert "Secret note" not in email["text"]


def test_a_concept_note_is_invited_to_the_full_proposal(client, coordinator):
    call = call_page(slug=f"admin-concept-{next(_calls)}", concept_note_first=True)
    application = submitted(
        call=call,
        stage=Stage.CONCEPT,
        submitted_at=None,
        concept_submitted_at=timezone.now(),
        concept_answers={"idea": "A choir for all."},
        answers={},
    )
    signed_in(client, coordinator)
    page = soup(client.get(detail_url(application)))
    outcomes = [i["value"] for i in page.select("input[name=outcome]")]
    assert outcomes == ["approved", "declined"]
    assert "Invite a full proposal" in page.get_text()
    assert "A choir for all." in page.get_text()
    client.post(
        detail_url(application),
        {"action": "determine", "outcome": "approved", "reasons": "", "confirm": "True"},
    )
    application.refresh_from_db()
    assert (application.stage, application.status) == (Stage.PROPOSAL, Status.DRAFT)


def test_the_applications_index_filters_by_call_and_shows_reviews_and_scores(client, coordinator):
    application = submitted()
    other = submitted()
    ana, ben = reviewer(), reviewer()
    first, _second = reviewing.assign_reviewers(
        application=application, reviewers=[ana, ben], by=coordinator
    )
    reviewing.declare_conflict(review=first, by=ana, has_conflict=False)
    reviewing.submit_review(
        review=first, by=ana, scores={"fit": 4, "feasibility": 3}, recommendation="fund"
    )
    signed_in(client, coordinator)
    response = client.get(reverse("grant_applications:index"), {"call": application.call.pk})
    assert response.status_code == 200
    page = soup(response)
    text = page.get_text(" ", strip=True)
    assert application.reference in text and other.reference not in text
    assert "1 of 2" in text
    assert "11 / 15" in text  # 4 × 2 + 3 × 1 out of 5 × 2 + 5 × 1
    export = reverse("grant_applications:export", args=[application.call.pk])
    assert page.find("a", href=export)


def test_reviewers_and_applicants_do_not_reach_the_coordinators_pages(client):
    application = submitted()
    for person in (reviewer(), application.created_by):
        signed_in(client, person)
        assert client.get(reverse("grant_applications:index")).status_code in (302, 403)
        assert client.get(detail_url(application)).status_code in (302, 403)
        export = reverse("grant_applications:export", args=[application.call.pk])
        assert client.get(export).status_code in (302, 403)


# --- The CSV export ---


def test_the_csv_puts_french_and_english_answers_in_one_column_and_defuses_formulas(
    client, coordinator
):
    call = call_page(slug=f"admin-csv-{next(_calls)}")
    french_call = translate(call, "fr")
    english = submitted(call=call, title="=HYPERLINK(1)", submitted_at=timezone.now())
    french = submitted(
        call=french_call,
        language="fr",
        answers={"summary": "Des ateliers.", "audience": "faith", "amount": "9000.00"},
    )
    signed_in(client, coordinator)
    response = client.get(reverse("grant_applications:export", args=[call.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert header[:7] == [
        "Reference",
        "Organisation",
        "Status",
        "Stage",
        "Submitted",
        "Project title",
        "Amount requested",
    ]
    assert header.count("What will the project do? (summary)") == 1
    column = header.index("What will the project do? (summary)")
    by_reference = {row[0]: row for row in body}
    assert by_reference[english.reference][column] == "Workshops in schools."
    assert by_reference[french.reference][column] == "Des ateliers."
    audience = header.index("Who will it reach? (audience)")
    assert by_reference[french.reference][audience] == "Faith communities"
    assert by_reference[english.reference][5] == "'=HYPERLINK(1)"


# --- Reviewers ---


def test_a_reviewer_declares_first_and_sees_nothing_with_a_conflict(client, coordinator):
    application = submitted()
    ana = reviewer()
    (review,) = reviewing.assign_reviewers(application=application, reviewers=[ana], by=coordinator)
    GrantFile.objects.create(
        application=application,
        key="letter",
        file=ContentFile(b"%PDF-1.4 letter", name="letter.pdf"),
        name="letter.pdf",
        content_type="application/pdf",
        size=15,
        uploaded_by=application.created_by,
    )
    signed_in(client, ana)
    page = soup(client.get(review_url(review)))
    text = page.get_text(" ", strip=True)
    assert application.organisation.name in text and application.title in text
    assert "Workshops in schools." not in text
    assert not page.select("input[name^=score_]")
    response = client.post(
        review_url(review), {"action": "conflict", "has_conflict": "yes", "note": "My cousin"}
    )
    assert response.status_code == 302
    text = soup(client.get(review_url(review))).get_text(" ", strip=True)
    assert "Workshops in schools." not in text
    assert "letter.pdf" not in text
    the_file = GrantFile.objects.get(application=application)
    assert client.get(reverse("grant_reviews:file", args=[the_file.public_id])).status_code == 404
    # The coordinators see it on the application page.
    signed_in(client, coordinator)
    reviews = soup(client.get(detail_url(application))).select_one("#reviews").find_parent()
    assert "Conflict of interest declared" in reviews.get_text()
    assert "My cousin" in reviews.get_text()


def test_a_reviewer_scores_with_clear_messages_for_scores_out_of_range(client, coordinator):
    application = submitted()
    ana = reviewer()
    (review,) = reviewing.assign_reviewers(application=application, reviewers=[ana], by=coordinator)
    GrantFile.objects.create(
        application=application,
        key="letter",
        file=ContentFile(b"%PDF-1.4 letter", name="letter.pdf"),
        name="letter.pdf",
        content_type="application/pdf",
        size=15,
        uploaded_by=application.created_by,
    )
    signed_in(client, ana)
    client.post(review_url(review), {"action": "conflict", "has_conflict": "no"})
    page = soup(client.get(review_url(review)))
    assert "Workshops in schools." in page.get_text()
    link = page.find("a", string="letter.pdf")
    download = client.get(link["href"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 letter"
    response = client.post(
        review_url(review),
        {"action": "score", "score_fit": "9", "score_feasibility": "3", "recommendation": "fund"},
    )
    assert response.status_code == 200
    page = soup(response)
    error = page.select_one("#id_score_fit").find_parent().select_one(".error-message")
    assert error.get_text(strip=True) == "Give “Fit with the call” a whole number from 0 to 5."
    review.refresh_from_db()
    assert review.submitted_at is None
    client.post(
        review_url(review),
        {
            "action": "score",
            "score_fit": "5",
            "score_feasibility": "3",
            "recommendation": "fund",
            "comments": "Strong.",
        },
    )
    review.refresh_from_db()
    assert review.scores == {"fit": 5, "feasibility": 3}
    assert review.submitted_at is not None
    listing = soup(client.get(reverse("grant_reviews:index"))).get_text(" ", strip=True)
    assert application.reference in listing and "Sent" in listing


def test_another_reviewers_review_and_unassigned_applications_are_404(client, coordinator):
    application = submitted()
    ana, ben = reviewer(), reviewer()
    review_a, _review_b = reviewing.assign_reviewers(
        application=application, reviewers=[ana, ben], by=coordinator
    )
    the_file = GrantFile.objects.create(
        application=application,
        key="letter",
        file=ContentFile(b"x", name="x.pdf"),
        name="x.pdf",
        content_type="application/pdf",
        size=1,
        uploaded_by=application.created_by,
    )
    stranger = reviewer()
    signed_in(client, ben)
    assert client.get(review_url(review_a)).status_code == 404
    assert (
        client.post(review_url(review_a), {"action": "conflict", "has_conflict": "no"}).status_code
        == 404
    )
    # Ben has not declared yet: the file is not his to read.
    assert client.get(reverse("grant_reviews:file", args=[the_file.public_id])).status_code == 404
    signed_in(client, stranger)
    assert client.get(review_url(review_a)).status_code == 404
    assert client.get(reverse("grant_reviews:file", args=[the_file.public_id])).status_code == 404
    listing = soup(client.get(reverse("grant_reviews:index"))).get_text(" ", strip=True)
    assert application.reference not in listing


def test_what_the_admin_shows_a_reviewer(client):
    """The admin's menu for a reviewer: their reviews, never the applications or the pages."""
    ana = reviewer()
    signed_in(client, ana)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    props = soup(response).find(id="wagtail-sidebar-props").string
    names = set(re.findall(r'"name": "([^"]+)"', props))
    assert {"grants", "my-reviews"} <= names
    assert not names & {"applications", "explorer", "documents", "images", "snippets"}
    assert client.get(reverse("grant_reviews:index")).status_code == 200


# --- Query budgets ---


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_two_lists_cost_the_same_for_one_row_as_for_many(client, coordinator):
    call = call_page(slug=f"admin-budget-{next(_calls)}")
    ana = reviewer()
    first = submitted(call=call)
    reviewing.assign_reviewers(application=first, reviewers=[ana], by=coordinator)
    index = reverse("grant_applications:index") + f"?call={call.pk}"
    reviews = reverse("grant_reviews:index")
    signed_in(client, coordinator)
    queries_for(client, index)
    one_row = queries_for(client, index)
    signed_in(client, ana)
    queries_for(client, reviews)
    one_review = queries_for(client, reviews)
    for _ in range(6):
        more = submitted(call=call)
        (review,) = reviewing.assign_reviewers(application=more, reviewers=[ana], by=coordinator)
        reviewing.declare_conflict(review=review, by=ana, has_conflict=False)
        reviewing.submit_review(
            review=review, by=ana, scores={"fit": 3, "feasibility": 3}, recommendation="fund"
        )
    signed_in(client, coordinator)
    assert queries_for(client, index) == one_row
    signed_in(client, ana)
    assert queries_for(client, reviews) == one_review


# --- In French ---


def test_the_pages_are_in_french_for_a_french_speaking_coordinator_and_reviewer(
    client, coordinator
):
    from wagtail.users.models import UserProfile

    call = call_page(slug=f"admin-fr-{next(_calls)}")
    translate(call, "fr")
    application = submitted(call=call)
    ana = reviewer(language="fr")
    for person in (coordinator, ana):
        profile = UserProfile.get_for_user(person)
        profile.preferred_language = "fr"
        profile.save()
    (review,) = reviewing.assign_reviewers(application=application, reviewers=[ana], by=coordinator)
    signed_in(client, coordinator)
    text = soup(client.get(detail_url(application))).get_text(" ", strip=True)
    assert "Désigner des évaluateurs" in text
    assert "Historique" in text and "Évaluateur désigné" in text
    assert "Reviewer assigned" not in text
    assert "Assign reviewers" not in text
    signed_in(client, ana)
    text = soup(client.get(review_url(review))).get_text(" ", strip=True)
    assert "D’abord, tout conflit d’intérêts" in text
    assert "Avez-vous un conflit d’intérêts avec cette demande ?" in text
    client.post(review_url(review), {"action": "conflict", "has_conflict": "no"})
    page = soup(client.get(review_url(review)))
    text = page.get_text(" ", strip=True)
    assert "Votre évaluation" in text and "Your review" not in text
    listing = soup(client.get(reverse("grant_reviews:index"))).get_text(" ", strip=True)
    assert "Mes évaluations" in listing and "À noter" in listing


# --- Review fixes ---


def french_speaking(person):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(person)
    profile.preferred_language = "fr"
    profile.save()
    return person


def test_a_concept_reviewer_never_reads_the_proposal_and_a_later_conflict_closes_it_all(
    client, coordinator
):
    call = call_page(slug=f"admin-stages-{next(_calls)}", concept_note_first=True)
    application = submitted(
        call=call,
        stage=Stage.CONCEPT,
        submitted_at=None,
        concept_submitted_at=timezone.now(),
        concept_answers={"idea": "A choir for all."},
        answers={},
    )
    ana = reviewer()
    (concept,) = reviewing.assign_reviewers(
        application=application, reviewers=[ana], by=coordinator
    )
    reviewing.declare_conflict(review=concept, by=ana, has_conflict=False)
    reviewing.determine(application=application, outcome="approved", by=coordinator)
    Application.objects.filter(pk=application.pk).update(
        status=Status.SUBMITTED,
        submitted_at=timezone.now(),
        answers={"summary": "Workshops in schools.", "audience": "youth", "amount": "9000.00"},
    )
    the_file = GrantFile.objects.create(
        application=application,
        key="letter",
        file=ContentFile(b"%PDF-1.4 letter", name="letter.pdf"),
        name="letter.pdf",
        content_type="application/pdf",
        size=15,
        uploaded_by=application.created_by,
    )
    signed_in(client, ana)
    # The concept note's review: the concept note only, never the proposal.
    text = soup(client.get(review_url(concept))).get_text(" ", strip=True)
    assert "A choir for all." in text
    assert "Workshops in schools." not in text
    assert "letter.pdf" not in text
    # Assigned the proposal too, she declares a conflict: nothing of the application is left.
    application.refresh_from_db()
    (proposal,) = reviewing.assign_reviewers(
        application=application, reviewers=[ana], by=coordinator
    )
    reviewing.declare_conflict(review=proposal, by=ana, has_conflict=True, note="My cousin")
    assert client.get(review_url(concept)).status_code == 404
    response = client.get(review_url(proposal))
    text = soup(response).get_text(" ", strip=True)
    assert "A choir for all." not in text and "Workshops in schools." not in text
    assert client.get(reverse("grant_reviews:file", args=[the_file.public_id])).status_code == 404


def test_an_assigned_expert_reaches_the_review_and_has_the_my_reviews_menu(client, coordinator):
    from network.models import EXPERTS_GROUP
    from tests.network.factories import ExpertProfileFactory

    expert = UserFactory(full_name="Eve Expert")
    expert.groups.add(Group.objects.get_or_create(name=EXPERTS_GROUP)[0])
    ExpertProfileFactory(user=expert)
    expert = User.objects.get(pk=expert.pk)
    application = submitted()
    signed_in(client, expert)

    def menu_names():
        props = soup(client.get(reverse("wagtailadmin_home"))).find(id="wagtail-sidebar-props")
        return set(re.findall(r'"name": "([^"]+)"', props.string))

    assert "my-reviews" not in menu_names()
    assert client.get(reverse("grant_reviews:index")).status_code in (302, 403)
    (review,) = reviewing.assign_reviewers(
        application=application, reviewers=[expert], by=coordinator
    )
    assert "my-reviews" in menu_names()
    assert client.get(reverse("grant_reviews:index")).status_code == 200
    response = client.get(review_url(review))
    assert response.status_code == 200
    assert soup(response).select("input[name=has_conflict]")


def test_the_csv_keeps_every_canonical_question_and_writes_submitted_in_the_hubs_zone(
    client, coordinator
):
    from tests.grants.factories import PROPOSAL_FORM

    call = call_page(slug=f"admin-csv-fr-{next(_calls)}")
    french_form = []
    for kind, value in PROPOSAL_FORM:
        if value.get("key") == "audience":
            continue  # the translation forgot this question
        if value.get("key") == "summary":
            value = {**value, "label": "Que fera le projet ?"}
        french_form.append((kind, value))
    translate(call, "fr", proposal_form=french_form)
    sent = datetime.datetime(2031, 1, 15, 3, 4, 5, 123456, tzinfo=datetime.UTC)
    application = submitted(
        call=call,
        submitted_at=sent,
        answers={"summary": "Workshops in schools.", "audience": "youth", "amount": "9000.00"},
    )
    signed_in(client, french_speaking(coordinator))
    response = client.get(reverse("grant_applications:export", args=[call.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, (row,) = rows[0], rows[1:]
    assert "Que fera le projet ? (summary)" in header
    audience = header.index("Who will it reach? (audience)")
    assert row[audience] == "Young people"
    keys = [re.search(r"\((\w+)\)$", label).group(1) for label in header[7:]]
    assert keys == [value["key"] for _kind, value in PROPOSAL_FORM if value.get("key")]
    assert row[0] == application.reference
    assert row[4] == "2031-01-14 22:04:05-05:00"  # Toronto, to the second


def test_scores_follow_the_canonical_rubric_whatever_the_translation(client, coordinator):
    from tests.grants.factories import RUBRIC

    call = call_page(slug=f"admin-rubric-fr-{next(_calls)}")
    translate(
        call,
        "fr",
        rubric=[
            (kind, {**value, "label": "Adéquation à l’appel"})
            for kind, value in RUBRIC
            if value.get("key") != "feasibility"  # the translation forgot a criterion
        ],
    )
    application = submitted(call=call)
    ana = french_speaking(reviewer(language="fr"))
    (review,) = reviewing.assign_reviewers(application=application, reviewers=[ana], by=coordinator)
    reviewing.declare_conflict(review=review, by=ana, has_conflict=False)
    signed_in(client, ana)
    page = soup(client.get(review_url(review)))
    assert {i["name"] for i in page.select("input[name^=score_]")} == {
        "score_fit",
        "score_feasibility",
    }
    assert "Adéquation à l’appel" in page.get_text()
    response = client.post(
        review_url(review), {"action": "score", "score_fit": "4", "recommendation": "fund"}
    )
    assert response.status_code == 200
    review.refresh_from_db()
    assert review.submitted_at is None
    client.post(
        review_url(review),
        {"action": "score", "score_fit": "4", "score_feasibility": "9", "recommendation": "fund"},
    )
    review.refresh_from_db()
    assert review.submitted_at is None  # 9 is above the canonical highest score, 5
    client.post(
        review_url(review),
        {"action": "score", "score_fit": "4", "score_feasibility": "3", "recommendation": "fund"},
    )
    review.refresh_from_db()
    assert review.scores == {"fit": 4, "feasibility": 3}


def test_a_decline_without_reasons_is_refused_on_the_field(client, coordinator):
    application = submitted()
    signed_in(client, coordinator)
    response = client.post(
        detail_url(application),
        {"action": "determine", "outcome": "declined", "reasons": "  ", "confirm": "True"},
    )
    assert response.status_code == 200
    page = soup(response)
    field = page.find("textarea", attrs={"name": "reasons"})
    assert field.get("aria-invalid") == "true" or "aria-describedby" in field.attrs
    assert "Give the applicant the reasons for this decision" in page.get_text()
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    assert not OutboxEmail.objects.filter(key__startswith="grants-determination:").exists()


def test_what_a_french_applicant_wrote_is_marked_french_on_an_english_page(client, coordinator):
    application = submitted(
        language="fr",
        answers={"summary": "Des ateliers dans les écoles.", "audience": "youth", "amount": "900"},
    )
    client.force_login(coordinator)
    page = soup(client.get(f"/admin/grants/applications/{application.public_id}/"))
    written = page.find(string="Des ateliers dans les écoles.").parent
    assert written.get("lang") == "fr"
    option = page.find(string="Young people").parent  # the option's label: the reader's
    assert option.get("lang") is None
