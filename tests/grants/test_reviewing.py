"""Reviewing and deciding (grants.reviewing): assigning reviewers, the conflict declaration,
scores against the rubric, the summary, and determinations emailed in the applicant's
language."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from wagtail.models import ModelLogEntry

from grants import reviewing
from grants.models import REVIEWERS_GROUP, Application, Determination, Review, Stage
from network.models import OutboxEmail, User
from tests.grants.factories import ApplicationFactory, ReviewFactory, applicant, call_page
from tests.network.factories import MembershipFactory, UserFactory

Status = Application.Status
Outcome = Determination.Outcome


@pytest.fixture(autouse=True)
def _empty_outbox(db):
    OutboxEmail.objects.all().delete()


@pytest.fixture
def coordinator(db):
    return User.objects.get(email="coordinator@hub.example")


_calls = iter(range(1, 10_000))


def new_application(**fields):
    """ApplicationFactory with a call of its own (the factory's default slug has a dot)."""
    fields.setdefault("call", call_page(slug=f"review-call-{next(_calls)}"))
    return ApplicationFactory(**fields)


def reviewer(**fields):
    person = UserFactory(**fields)
    person.groups.add(Group.objects.get_or_create(name=REVIEWERS_GROUP)[0])
    return User.objects.get(pk=person.pk)


@pytest.fixture
def application(db):
    owner = applicant()
    return new_application(
        organisation=owner.memberships.get().organisation,
        created_by=owner,
        status=Status.SUBMITTED,
        profile={"contact_email": "contact@org.example"},
    )


def emails(prefix):
    return [row for row in OutboxEmail.objects.all() if row.key.startswith(prefix)]


# --- Assigning ---


def test_assigning_creates_one_review_each_moves_to_review_and_emails_without_content(
    application, coordinator
):
    ana, ben = reviewer(language="fr"), reviewer()
    due = timezone.localdate() + datetime.timedelta(days=10)
    reviews = reviewing.assign_reviewers(
        application=application, reviewers=[ana, ben], by=coordinator, due_on=due
    )
    assert [r.reviewer for r in reviews] == [ana, ben]
    assert {r.stage for r in reviews} == {Stage.PROPOSAL}
    application.refresh_from_db()
    assert application.status == Status.IN_REVIEW
    sent = {row.key: row.payload for row in emails("grants-review-assigned:")}
    assert set(sent) == {f"grants-review-assigned:{r.pk}" for r in reviews}
    french = sent[f"grants-review-assigned:{reviews[0].pk}"]
    assert french["to"] == [ana.email]
    assert "Une demande à évaluer" in french["subject"]
    assert f"/grants/reviews/{reviews[0].pk}/" in french["text"]
    # Nothing of the application: not its title, not its answers.
    assert application.title not in french["text"]
    assert "Workshops in schools" not in french["text"]
    assert (
        ModelLogEntry.objects.filter(action="grants.review.assign", user=coordinator).count() == 2
    )


def test_assigning_twice_the_same_person_or_a_member_of_the_organisation_is_refused(
    application, coordinator
):
    ana = reviewer()
    reviewing.assign_reviewers(application=application, reviewers=[ana], by=coordinator)
    with pytest.raises(ValidationError, match="already reviewing"):
        reviewing.assign_reviewers(application=application, reviewers=[ana], by=coordinator)
    insider = reviewer()
    MembershipFactory(user=insider, organisation=application.organisation)
    with pytest.raises(ValidationError, match="belongs to the applying organisation"):
        reviewing.assign_reviewers(application=application, reviewers=[insider], by=coordinator)
    stranger = UserFactory()
    with pytest.raises(ValidationError, match="not a grant reviewer"):
        reviewing.assign_reviewers(application=application, reviewers=[stranger], by=coordinator)
    assert Review.objects.filter(application=application).count() == 1


def test_only_coordinators_assign_and_decide(application):
    someone = reviewer()
    with pytest.raises(PermissionDenied):
        reviewing.assign_reviewers(application=application, reviewers=[someone], by=someone)
    with pytest.raises(PermissionDenied):
        reviewing.determine(application=application, outcome=Outcome.APPROVED, by=someone)


def test_a_draft_cannot_be_sent_to_reviewers(coordinator):
    draft = new_application()
    with pytest.raises(ValidationError, match="Only a submitted application"):
        reviewing.assign_reviewers(application=draft, reviewers=[reviewer()], by=coordinator)


# --- The reviewer's side ---


def assigned(application, coordinator, person=None):
    person = person or reviewer()
    return reviewing.assign_reviewers(application=application, reviewers=[person], by=coordinator)[
        0
    ]


def test_a_conflict_is_declared_once_and_hides_the_application(application, coordinator):
    review = assigned(application, coordinator)
    person = review.reviewer
    with pytest.raises(PermissionDenied):
        reviewing.declare_conflict(review=review, by=reviewer(), has_conflict=False)
    with pytest.raises(ValidationError):
        reviewing.declare_conflict(review=review, by=person, has_conflict=True, note="")
    reviewing.declare_conflict(review=review, by=person, has_conflict=True, note="My sister")
    assert not Application.objects.visible_to(person).filter(pk=application.pk).exists()
    with pytest.raises(ValidationError, match="already declared"):
        reviewing.declare_conflict(review=review, by=person, has_conflict=False)
    with pytest.raises(ValidationError, match="no conflict of interest before"):
        reviewing.submit_review(
            review=review, by=person, scores={"fit": 3, "feasibility": 3}, recommendation="fund"
        )
    assert reviewing.score_summary(application).conflicted == 1


def test_scores_are_checked_against_the_rubric(application, coordinator):
    review = assigned(application, coordinator)
    person = review.reviewer
    with pytest.raises(ValidationError, match="no conflict of interest before"):
        reviewing.submit_review(
            review=review, by=person, scores={"fit": 3, "feasibility": 3}, recommendation="fund"
        )
    reviewing.declare_conflict(review=review, by=person, has_conflict=False)
    assert Application.objects.visible_to(person).filter(pk=application.pk).exists()
    with pytest.raises(ValidationError) as refused:
        reviewing.submit_review(
            review=review, by=person, scores={"fit": 6, "feasibility": ""}, recommendation="x"
        )
    errors = refused.value.message_dict
    assert errors["fit"] == ["Give “Fit with the call” a whole number from 0 to 5."]
    assert "feasibility" in errors and "recommendation" in errors
    with pytest.raises(ValidationError):
        reviewing.submit_review(
            review=review, by=person, scores={"fit": -1, "feasibility": 2}, recommendation="fund"
        )
    done = reviewing.submit_review(
        review=review, by=person, scores={"fit": "4", "feasibility": 0}, recommendation="fund"
    )
    assert done.scores == {"fit": 4, "feasibility": 0}
    assert done.submitted_at is not None
    # Changed until a decision, then no more.
    reviewing.submit_review(
        review=review, by=person, scores={"fit": 5, "feasibility": 1}, recommendation="fund"
    )
    coordinator = User.objects.get(email="coordinator@hub.example")
    reviewing.determine(
        application=application, outcome=Outcome.DECLINED, reasons="Out of scope.", by=coordinator
    )
    with pytest.raises(ValidationError, match="decision has been made"):
        reviewing.submit_review(
            review=review, by=person, scores={"fit": 1, "feasibility": 1}, recommendation="fund"
        )


def test_the_summary_means_weights_and_counts(application, coordinator):
    people = [reviewer() for _ in range(4)]
    reviews = reviewing.assign_reviewers(application=application, reviewers=people, by=coordinator)
    for review, (fit, feasibility, recommendation) in zip(
        reviews[:2], [(4, 2, "fund"), (5, 3, "do_not_fund")], strict=True
    ):
        reviewing.declare_conflict(review=review, by=review.reviewer, has_conflict=False)
        reviewing.submit_review(
            review=review,
            by=review.reviewer,
            scores={"fit": fit, "feasibility": feasibility},
            recommendation=recommendation,
        )
    reviewing.declare_conflict(
        review=reviews[2], by=reviews[2].reviewer, has_conflict=True, note="x"
    )
    summary = reviewing.score_summary(application)
    means = {c["key"]: c["mean"] for c in summary.criteria}
    assert means == {"fit": Decimal("4.50"), "feasibility": Decimal("2.50")}
    assert summary.weighted_total == Decimal("11.50")  # 4.5 × 2 + 2.5 × 1
    assert summary.weighted_max == 15  # 5 × 2 + 5 × 1
    counts = {r["value"]: r["count"] for r in summary.recommendations}
    assert counts == {"fund": 1, "fund_with_changes": 0, "do_not_fund": 1}
    assert (summary.assigned, summary.sent, summary.outstanding, summary.conflicted) == (4, 2, 1, 1)


# --- Deciding ---


def test_an_approval_is_emailed_in_the_applications_language_without_the_internal_note(
    application, coordinator
):
    application.language = "fr"
    application.save()
    review = ReviewFactory(application=application, reviewer=reviewer(full_name="Secret Reviewer"))
    determination = reviewing.determine(
        application=application,
        outcome=Outcome.APPROVED,
        reasons="Un projet solide.",
        internal_note="Budget tight, watch it.",
        by=coordinator,
    )
    application.refresh_from_db()
    assert application.status == Status.APPROVED
    assert application.decided_at is not None
    assert determination.stage == Stage.PROPOSAL
    rows = {row.key: row.payload for row in emails("grants-determination:")}
    creator = application.created_by.email.lower()
    assert set(rows) == {
        f"grants-determination:{determination.pk}:{creator}",
        f"grants-determination:{determination.pk}:contact@org.example",
    }
    assert rows[f"grants-determination:{determination.pk}:contact@org.example"]["to"] == [
        "contact@org.example"
    ]
    payload = rows[f"grants-determination:{determination.pk}:{creator}"]
    assert payload["to"] == [application.created_by.email]
    assert "décision" in payload["subject"]
    assert "Bonne nouvelle" in payload["text"]
    assert "Un projet solide." in payload["text"]
    assert "Budget tight" not in payload["text"]
    assert review.reviewer.full_name not in payload["text"]
    with pytest.raises(ValidationError, match="nothing to decide"):
        reviewing.determine(application=application, outcome=Outcome.DECLINED, by=coordinator)


def test_a_concept_note_approved_is_an_invitation_to_the_full_proposal(coordinator):
    call = call_page(slug="concept-call", concept_note_first=True)
    sent = timezone.now()
    application = new_application(
        call=call,
        stage=Stage.CONCEPT,
        status=Status.SUBMITTED,
        concept_submitted_at=sent,
        submitted_at=None,
        concept_answers={"idea": "A choir."},
        answers={},
        profile={"contact_email": "contact@org.example"},
    )
    with pytest.raises(ValidationError):
        reviewing.determine(
            application=application, outcome=Outcome.CHANGES_REQUESTED, by=coordinator
        )
    reviewing.determine(application=application, outcome=Outcome.APPROVED, by=coordinator)
    application.refresh_from_db()
    assert (application.stage, application.status) == (Stage.PROPOSAL, Status.DRAFT)
    assert application.concept_submitted_at == sent
    assert application.invited
    rows = emails("grants-determination:")
    assert rows and all("full proposal" in row.payload["text"] for row in rows)


def test_changes_requested_lets_the_applicant_edit_and_the_reviewers_rescore(
    application, coordinator
):
    review = assigned(application, coordinator)
    person = review.reviewer
    reviewing.declare_conflict(review=review, by=person, has_conflict=False)
    reviewing.submit_review(
        review=review, by=person, scores={"fit": 2, "feasibility": 2}, recommendation="fund"
    )
    reviewing.determine(
        application=application,
        outcome=Outcome.CHANGES_REQUESTED,
        reasons="Say more about the budget.",
        by=coordinator,
    )
    application.refresh_from_db()
    assert application.status == Status.CHANGES_REQUESTED
    assert application.is_editable
    with pytest.raises(ValidationError, match="decision has been made"):
        reviewing.submit_review(
            review=review, by=person, scores={"fit": 4, "feasibility": 4}, recommendation="fund"
        )
    # The applicant sends it again (grants.applying): the same reviewer may change the scores.
    Application.objects.filter(pk=application.pk).update(status=Status.SUBMITTED)
    changed = reviewing.submit_review(
        review=review, by=person, scores={"fit": 4, "feasibility": 4}, recommendation="fund"
    )
    assert changed.scores == {"fit": 4, "feasibility": 4}
    assert ModelLogEntry.objects.filter(action="grants.review.change", user=person).exists()


# --- Review fixes ---


def test_the_determination_is_one_message_per_address_deduplicated_without_a_former_member(
    coordinator,
):
    owner = applicant()
    application = new_application(
        organisation=owner.memberships.get().organisation,
        created_by=owner,
        status=Status.SUBMITTED,
        profile={"contact_email": owner.email.upper()},
    )
    first = reviewing.determine(
        application=application, outcome=Outcome.DECLINED, reasons="Out of scope.", by=coordinator
    )
    (row,) = emails("grants-determination:")
    assert row.key == f"grants-determination:{first.pk}:{owner.email.lower()}"
    assert row.payload["to"] == [owner.email]
    # The person who applied has left the organisation: only the profile's contact hears it.
    OutboxEmail.objects.all().delete()
    second = new_application(
        organisation=owner.memberships.get().organisation,
        created_by=owner,
        status=Status.SUBMITTED,
        profile={"contact_email": "Contact@Org.example"},
    )
    owner.memberships.all().delete()
    decided = reviewing.determine(
        application=second, outcome=Outcome.DECLINED, reasons="Out of scope.", by=coordinator
    )
    assert [(row.key, row.payload["to"]) for row in emails("grants-determination:")] == [
        (f"grants-determination:{decided.pk}:contact@org.example", ["Contact@Org.example"])
    ]


@pytest.mark.parametrize("outcome", [Outcome.DECLINED, Outcome.CHANGES_REQUESTED])
def test_a_decline_or_a_request_for_changes_needs_reasons(application, coordinator, outcome):
    with pytest.raises(ValidationError) as error:
        reviewing.determine(application=application, outcome=outcome, reasons="  ", by=coordinator)
    assert "reasons" in error.value.message_dict
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    assert not emails("grants-determination:")


def test_the_assignment_email_writes_the_due_date_through_the_hubs_helpers(
    application, coordinator
):
    due = datetime.date(2031, 1, 1)  # Django's DATE_FORMAT writes "Jan. 1, 2031", « 1 janvier »
    ana, ben = reviewer(language="fr"), reviewer(language="en")
    reviewing.assign_reviewers(
        application=application, reviewers=[ana, ben], by=coordinator, due_on=due
    )
    texts = {row.payload["to"][0]: row.payload["text"] for row in emails("grants-review-assigned")}
    assert "1er janvier 2031" in texts[ana.email]
    assert "January 1, 2031" in texts[ben.email]
