"""Reviewing applications and deciding on them: coordinators assign reviewers, each reviewer
first declares any conflict of interest, then (with none) scores the application against the
call's rubric; coordinators read the summary and make the determination, which is emailed to
the applicant in the application's language.

Every change is made here, in a transaction, with row locks where two people could collide,
and logged (Wagtail's `log`, on the application) with who made it. The emails carry no
content of the application: a reviewer is told there is something to review, with a link
that needs a sign-in; the applicant is told the decision and the reasons the hub shares.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from network.mail import queue_email, render_email, site_url
from network.models import ExpertProfile, Membership, User

from .models import REVIEWERS_GROUP, Application, Determination, Review, Stage

Status = Application.Status
Outcome = Determination.Outcome
UNDER_REVIEW = (Status.SUBMITTED, Status.IN_REVIEW)


# --- Who may do what ---


def _coordinators_only(user) -> None:
    if not (user and user.is_authenticated and user.is_coordinator):
        raise PermissionDenied


def eligible_reviewers(application: Application | None = None):
    """People who may review: the Grant reviewers group and the experts, active, never a
    member of the applying organisation."""
    from django.db.models import Exists, OuterRef, Q

    people = User.objects.filter(is_active=True).filter(
        Q(groups__name=REVIEWERS_GROUP) | Exists(ExpertProfile.objects.filter(user=OuterRef("pk")))
    )
    if application is not None:
        people = people.exclude(
            pk__in=Membership.objects.filter(organisation_id=application.organisation_id).values(
                "user_id"
            )
        )
    return people.distinct().order_by("full_name", "email")


def review_is_open(review: Review, application: Application | None = None) -> bool:
    """Scores can be sent or changed while the stage is under review (until a decision)."""
    application = application or review.application
    return application.stage == review.stage and application.status in UNDER_REVIEW


def rubric(call) -> list[dict]:
    """The call's rubric criteria as dicts (key, label, guidance, max_score, weight), in the
    language of the page given."""
    return [
        {
            "key": child.value.get("key"),
            "label": child.value.get("label", ""),
            "guidance": child.value.get("guidance") or "",
            "max_score": int(child.value.get("max_score") or 0),
            "weight": int(child.value.get("weight") or 1),
        }
        for child in call.rubric or []
        if child.block_type == "criterion" and child.value.get("key")
    ]


def canonical_rubric(call, reader=None) -> list[dict]:
    """The rubric every reader scores against: the canonical call's (`call`, an application's
    call, is always the default-language page) criteria, highest scores and weights, with
    each criterion's label and guidance from the reader's translation (`reader`, else the
    active language's page) when it has that key."""
    canonical = call
    reader = reader if reader is not None else _localized(canonical)
    translated = {}
    if reader is not None and reader.pk != canonical.pk:
        translated = {c["key"]: c for c in rubric(reader)}
    criteria = []
    for criterion in rubric(canonical):
        words = translated.get(criterion["key"]) or {}
        criteria.append(
            {
                **criterion,
                "label": words.get("label") or criterion["label"],
                "guidance": words.get("guidance") or criterion["guidance"],
            }
        )
    return criteria


# --- Links ---


def _admin_url(name: str, *args) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(name, args=args)


def review_url(review: Review) -> str:
    return _admin_url("grant_reviews:review", review.pk)


def applicant_url(application: Application) -> str:
    """The applicant's page for the application if the applying side names one, else the
    site's home page in the application's language."""
    with translation.override(application.language):
        for name in ("grants:application", "grants:application_detail"):
            try:
                return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
                    name, args=[application.public_id]
                )
            except NoReverseMatch:
                continue
    return site_url(application.language)


# --- Assigning ---


@transaction.atomic
def assign_reviewers(*, application: Application, reviewers, by, due_on=None) -> list[Review]:
    """Give the application's current stage to each reviewer (one review each), move a
    submitted application into review, and tell each reviewer by email."""
    _coordinators_only(by)
    application = Application.objects.locked(application.pk)
    reviewers = list(reviewers)
    if not reviewers:
        raise ValidationError(_("Choose at least one reviewer."))
    if application.status not in UNDER_REVIEW:
        raise ValidationError(
            _("Only a submitted application can be reviewed; this one is %(status)s.")
            % {"status": application.get_status_display()}
        )
    if due_on is not None and due_on < timezone.localdate():
        raise ValidationError({"due_on": _("The due date cannot be in the past.")})
    allowed = set(eligible_reviewers(application).values_list("pk", flat=True))
    members = set(
        Membership.objects.filter(organisation_id=application.organisation_id).values_list(
            "user_id", flat=True
        )
    )
    taken = set(
        Review.objects.filter(application=application, stage=application.stage).values_list(
            "reviewer_id", flat=True
        )
    )
    for person in reviewers:
        if person.pk in members:
            raise ValidationError(
                _("%(name)s belongs to the applying organisation and cannot review it.")
                % {"name": person.full_name or person.email}
            )
        if person.pk not in allowed:
            raise ValidationError(
                _("%(name)s is not a grant reviewer or an expert.")
                % {"name": person.full_name or person.email}
            )
        if person.pk in taken:
            raise ValidationError(
                _("%(name)s is already reviewing this application.")
                % {"name": person.full_name or person.email}
            )
    created = []
    for person in {p.pk: p for p in reviewers}.values():
        review = Review(
            application=application,
            stage=application.stage,
            reviewer=person,
            assigned_by=by,
            due_on=due_on,
        )
        review.full_clean(exclude=["application", "reviewer", "assigned_by"])
        review.save()
        created.append(review)
        log(
            application,
            "grants.review.assign",
            user=by,
            data={"review": review.pk, "reviewer": person.pk, "stage": application.stage},
        )
        queue_email(
            render_email(
                template="grants_review_assigned",
                context={
                    "person": person,
                    "reference": application.reference,
                    "due_on": due_on,
                    "link": review_url(review),
                },
                to=[person.email],
                language=person.language,
            ),
            key=f"grants-review-assigned:{review.pk}",
        )
    if application.status == Status.SUBMITTED:
        application.status = Status.IN_REVIEW
        application.save(update_fields=["status"])
        log(application, "grants.application.in_review", user=by)
    return created


# --- The reviewer's side ---


def _reviewer_only(review: Review, by) -> None:
    if not (by and by.is_authenticated and review.reviewer_id == by.pk):
        raise PermissionDenied


@transaction.atomic
def declare_conflict(*, review: Review, by, has_conflict: bool, note: str = "") -> Review:
    """The reviewer's declaration, once: with a conflict they never see the application
    (a coordinator may assign someone else); without, they may score it."""
    _reviewer_only(review, by)
    review = Review.objects.select_for_update().get(pk=review.pk)
    if review.conflict:
        raise ValidationError(
            _(
                "You have already declared your conflicts of interest for this review. Ask the "
                "coordinators if it must change."
            )
        )
    note = (note or "").strip()
    if has_conflict and not note:
        raise ValidationError(
            {"note": _("Say briefly what the conflict is, so the coordinators can reassign it.")}
        )
    review.conflict = Review.Conflict.CONFLICT if has_conflict else Review.Conflict.NONE
    review.conflict_note = note if has_conflict else ""
    review.declared_at = timezone.now()
    review.full_clean(exclude=["application", "reviewer", "assigned_by"])
    review.save(update_fields=["conflict", "conflict_note", "declared_at"])
    log(
        review.application,
        "grants.review.conflict" if has_conflict else "grants.review.no_conflict",
        user=by,
        data={"review": review.pk},
    )
    return review


@transaction.atomic
def submit_review(
    *, review: Review, by, scores: dict, recommendation: str, comments: str = ""
) -> Review:
    """Send (or change) the scores: every criterion of the rubric, each within 0 and its
    highest score, and a recommendation; possible until the stage is decided."""
    _reviewer_only(review, by)
    review = Review.objects.select_for_update().select_related("application").get(pk=review.pk)
    application = review.application
    if review.conflict != Review.Conflict.NONE:
        raise ValidationError(
            _("Declare that you have no conflict of interest before you score the application.")
        )
    if not review_is_open(review, application):
        raise ValidationError(
            _("A decision has been made on this application: the review can no longer change.")
        )
    criteria = canonical_rubric(application.call)
    errors, clean = {}, {}
    for criterion in criteria:
        raw = (scores or {}).get(criterion["key"])
        try:
            value = int(str(raw).strip())
        except (TypeError, ValueError):
            value = None
        if value is None or not 0 <= value <= criterion["max_score"]:
            errors[criterion["key"]] = _(
                "Give “%(criterion)s” a whole number from 0 to %(max)d."
            ) % {"criterion": criterion["label"], "max": criterion["max_score"]}
            continue
        clean[criterion["key"]] = value
    if recommendation not in Review.Recommendation.values:
        errors["recommendation"] = _("Choose a recommendation.")
    if errors:
        raise ValidationError(errors)
    changed = review.submitted_at is not None
    review.scores = clean
    review.recommendation = recommendation
    review.comments = (comments or "").strip()
    review.submitted_at = timezone.now()
    review.full_clean(exclude=["application", "reviewer", "assigned_by"])
    review.save(update_fields=["scores", "recommendation", "comments", "submitted_at"])
    log(
        application,
        "grants.review.change" if changed else "grants.review.submit",
        user=by,
        data={"review": review.pk},
    )
    return review


def _localized(call):
    from wagtail.models import Locale

    call = call.specific if hasattr(call, "specific") else call
    try:
        return call.get_translation_or_none(Locale.get_active()) or call
    except Locale.DoesNotExist:
        return call


# --- The summary ---


@dataclass
class Summary:
    criteria: list[dict] = field(default_factory=list)
    weighted_total: Decimal | None = None
    weighted_max: int = 0
    recommendations: list[dict] = field(default_factory=list)
    assigned: int = 0
    sent: int = 0
    outstanding: int = 0
    conflicted: int = 0


def score_summary(application: Application, reviews=None, call=None) -> Summary:
    """The current stage's reviews in figures: each criterion's mean (of the reviews sent),
    the weighted total of the means out of the weighted maximum, the recommendations
    counted, and how many reviews are sent, outstanding or stopped by a conflict."""
    if reviews is None:
        reviews = list(application.reviews.filter(stage=application.stage))
    else:
        reviews = [r for r in reviews if r.stage == application.stage]
    criteria = canonical_rubric(application.call, reader=call)
    sent = [r for r in reviews if r.submitted_at is not None]
    summary = Summary(
        assigned=len(reviews),
        sent=len(sent),
        conflicted=sum(1 for r in reviews if r.conflict == Review.Conflict.CONFLICT),
    )
    summary.outstanding = summary.assigned - summary.sent - summary.conflicted
    total = Decimal("0")
    for criterion in criteria:
        given = [r.scores[criterion["key"]] for r in sent if criterion["key"] in r.scores]
        mean = (Decimal(sum(given)) / len(given)).quantize(Decimal("0.01")) if given else None
        summary.criteria.append({**criterion, "mean": mean, "count": len(given)})
        summary.weighted_max += criterion["max_score"] * criterion["weight"]
        if mean is not None:
            total += mean * criterion["weight"]
    if sent:
        summary.weighted_total = total.quantize(Decimal("0.01"))
    summary.recommendations = [
        {
            "value": value,
            "label": label,
            "count": sum(1 for r in sent if r.recommendation == value),
        }
        for value, label in Review.Recommendation.choices
    ]
    return summary


# --- Deciding ---


# A decline or a request for changes always tells the applicant why.
NEEDS_REASONS = (Outcome.DECLINED, Outcome.CHANGES_REQUESTED)


def allowed_outcomes(application: Application) -> list[str]:
    if application.stage == Stage.CONCEPT:
        return [Outcome.APPROVED, Outcome.DECLINED]
    return [Outcome.APPROVED, Outcome.CHANGES_REQUESTED, Outcome.DECLINED]


@transaction.atomic
def determine(
    *, application: Application, outcome: str, reasons: str = "", internal_note: str = "", by
) -> Determination:
    """The hub's decision on the current stage. A concept note approved is an invitation to
    send the full proposal; a proposal is approved, declined or sent back for changes. The
    applicant is emailed in the application's language, with the reasons the hub shares."""
    _coordinators_only(by)
    application = Application.objects.locked(application.pk)
    if application.status not in UNDER_REVIEW:
        raise ValidationError(
            _("This application is %(status)s: there is nothing to decide.")
            % {"status": application.get_status_display()}
        )
    if outcome not in allowed_outcomes(application):
        raise ValidationError(
            {"outcome": _("A concept note is either invited to a full proposal or declined.")}
        )
    reasons = (reasons or "").strip()
    if outcome in NEEDS_REASONS and not reasons:
        raise ValidationError(
            {
                "reasons": _(
                    "Give the applicant the reasons for this decision: they are sent by email."
                )
            }
        )
    now = timezone.now()
    stage = application.stage
    determination = Determination(
        application=application,
        stage=stage,
        outcome=outcome,
        reasons=reasons,
        internal_note=(internal_note or "").strip(),
        decided_by=by,
        decided_at=now,
    )
    determination.full_clean(exclude=["application", "decided_by"])
    determination.save()
    if stage == Stage.CONCEPT and outcome == Outcome.APPROVED:
        application.stage = Stage.PROPOSAL
        application.status = Status.DRAFT
        template = "grants_determination_invited"
    elif outcome == Outcome.APPROVED:
        application.status = Status.APPROVED
        template = "grants_determination_approved"
    elif outcome == Outcome.CHANGES_REQUESTED:
        application.status = Status.CHANGES_REQUESTED
        template = "grants_determination_changes"
    else:
        application.status = Status.DECLINED
        template = "grants_determination_declined"
    application.decided_at = now
    application.save(update_fields=["stage", "status", "decided_at"])
    log(
        application,
        "grants.application.determine",
        user=by,
        data={"determination": determination.pk, "outcome": outcome, "stage": stage},
    )
    with translation.override(application.language):
        call = _localized(application.call)
        call_title = call.title
    context = {
        "application": application,
        "reference": application.reference,
        "title": application.title,
        "call_title": call_title,
        "reasons": determination.reasons,
        "link": applicant_url(application),
    }
    # One message per address: no one sees another's address.
    for address in determination_recipients(application):
        queue_email(
            render_email(
                template=template, context=context, to=[address], language=application.language
            ),
            key=f"grants-determination:{determination.pk}:{address.lower()}",
        )
    return determination


def determination_recipients(application: Application) -> list[str]:
    """Who hears the decision: the person who made the application while they are still a
    member of the organisation, and the profile's contact; each address once, whatever its
    case."""
    candidates = []
    creator = application.created_by
    if (
        creator is not None
        and creator.is_active
        and Membership.objects.filter(
            organisation_id=application.organisation_id, user_id=creator.pk
        ).exists()
    ):
        candidates.append(creator.email)
    candidates.append((application.profile or {}).get("contact_email") or "")
    seen, addresses = set(), []
    for address in candidates:
        address = (address or "").strip()
        if address and address.lower() not in seen:
            seen.add(address.lower())
            addresses.append(address)
    return addresses
