"""Writes of the academy: enrolment in every mode, deferral, lessons, knowledge checks.

Every change to who holds a seat locks the cohort row first, so capacity is never exceeded
by simultaneous requests (PostgreSQL; SQLite serialises writers anyway). Every change of an
enrolment's status is logged (Wagtail's log, "academy.enrolment.*") with who made it: `by`,
None for the system. Emails are queued on commit, in the recipient's language.
"""

import datetime
import uuid

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.log_actions import log

from network.mail import queue_email, render_email
from network.models import Organisation, User

from . import checks
from .certificates import issue_certificate
from .models import (
    AttemptGrant,
    CheckAttempt,
    Cohort,
    CoursePage,
    Enrolment,
    Invitation,
    LessonPage,
    LessonProgress,
)
from .models.learning import LATE_ENROLMENT_DAYS

Status = Enrolment.Status
INVITATION_SALT = "academy.invitation"
INVITATION_MAX_AGE = 60 * 60 * 24 * 60  # an invitation link works for 60 days


def _email(template: str, *, user, context: dict) -> None:
    queue_email(
        render_email(
            template=template,
            context={"user": user, **context},
            to=[user.email],
            language=user.language,
        )
    )


def _notify(enrolment: Enrolment) -> None:
    _email(
        "academy_enrolment",
        user=enrolment.user,
        context={"enrolment": enrolment, "cohort": enrolment.cohort},
    )


def _save(enrolment: Enrolment, action: str, *, by, previous: str | None, **data) -> None:
    """Validate and save an enrolment whose status changed, and log the change."""
    enrolment.full_clean()
    enrolment.save()
    log(
        enrolment,
        f"academy.enrolment.{action}",
        user=by,
        data={"cohort": enrolment.cohort_id, "from": previous, "to": enrolment.status, **data},
    )


# The action logged for each status a learner is placed in.
PLACED = {
    Status.ENROLLED: "enrol",
    Status.WAITLISTED: "waitlist",
    Status.APPLIED: "apply",
}


def _lock(cohort: Cohort) -> Cohort:
    return Cohort.objects.select_for_update().get(pk=cohort.pk)


def _seat_or_waitlist(cohort: Cohort) -> str:
    """The status a new learner gets in a locked cohort."""
    taken = cohort.enrolments.enrolled().count()
    return Status.ENROLLED if taken < cohort.capacity else Status.WAITLISTED


def _place(cohort: Cohort, user, status: str, *, by, data=None, **fields) -> Enrolment:
    """Create or reuse the learner's one row in this cohort with the given status."""
    enrolment = Enrolment.objects.filter(cohort=cohort, user=user).first()
    previous = enrolment.status if enrolment else None
    if enrolment is None:
        enrolment = Enrolment(cohort=cohort, user=user, **fields)
    else:
        for name, value in fields.items():
            setattr(enrolment, name, value)
        enrolment.created_at = timezone.now()  # back of the waitlist or the applications
    enrolment.status = status
    _save(enrolment, PLACED[status], by=by, previous=previous, **(data or {}))
    return enrolment


def _check_one_place(cohort: Cohort, user) -> None:
    """A learner holds one place per course: moving is what deferral is for."""
    other = (
        Enrolment.objects.own(user)
        .filter(cohort__course__translation_key=cohort.course.translation_key)
        .exclude(cohort=cohort)
        .active()
        .select_related("cohort")
        .first()
    )
    if other is not None:
        raise ValidationError(
            _(
                "You already have a place in %(cohort)s. To change cohort, use “Move to a later "
                "cohort” on the course page."
            )
            % {"cohort": other.cohort}
        )


def _check_open_for_joining(cohort: Cohort) -> None:
    if not cohort.course.live:
        raise ValidationError(_("This course is not open at the moment."))
    if cohort.starts_on < timezone.localdate() - datetime.timedelta(days=LATE_ENROLMENT_DAYS):
        raise ValidationError(_("This cohort started too long ago to join. Choose a later cohort."))


def _check_restriction(cohort: Cohort, user) -> None:
    restricted = cohort.restricted_to.all()
    if restricted and not Organisation.objects.of_user(user).filter(pk__in=restricted).exists():
        raise ValidationError(_("This cohort is reserved for selected organisations."))


def _promote_waiting(cohort: Cohort, *, by) -> None:
    """Give free seats of a locked cohort to the people waiting longest."""
    free = cohort.capacity - cohort.enrolments.enrolled().count()
    if free <= 0:
        return
    waiting = cohort.enrolments.filter(status=Status.WAITLISTED).order_by("created_at", "pk")
    for promoted in waiting.select_related("user", "cohort")[:free]:
        promoted.status = Status.ENROLLED
        _save(promoted, "promote", by=by, previous=Status.WAITLISTED)
        _notify(promoted)


@transaction.atomic
def fill_free_seats(*, cohort: Cohort, by=None) -> None:
    """After a coordinator raises a cohort's capacity: the people waiting take the seats."""
    _promote_waiting(_lock(cohort), by=by)


# --- Open enrolment, withdrawal, deferral ---


@transaction.atomic
def enrol(*, cohort: Cohort, user) -> Enrolment:
    """Take a seat in an open cohort, or a place on its waitlist when it is full."""
    cohort = _lock(cohort)
    if cohort.enrolment_mode != Cohort.Mode.OPEN:
        raise ValidationError(
            _("This cohort is by application or invitation: you cannot enrol directly.")
        )
    _check_restriction(cohort, user)
    enrolment = Enrolment.objects.filter(cohort=cohort, user=user).first()
    if enrolment is not None and enrolment.is_active:
        return enrolment
    _check_open_for_joining(cohort)
    _check_one_place(cohort, user)
    enrolment = _place(cohort, user, _seat_or_waitlist(cohort), by=user)
    _notify(enrolment)
    return enrolment


def _leave(enrolment: Enrolment, status: str, *, by, **data) -> Enrolment:
    """Take a learner out of a cohort (withdrawn or deferred); the first person on its
    waitlist takes the freed seat."""
    cohort = _lock(enrolment.cohort)
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if not enrolment.is_active:
        raise ValidationError(_("You are no longer part of this cohort."))
    previous = enrolment.status
    enrolment.status = status
    action = "defer" if status == Status.DEFERRED else "withdraw"
    _save(enrolment, action, by=by, previous=previous, **data)
    if previous == Status.ENROLLED:
        _promote_waiting(cohort, by=by)
    return enrolment


@transaction.atomic
def withdraw(*, enrolment: Enrolment, by=None) -> Enrolment:
    """Leave a cohort (or withdraw an application, or leave its waitlist); the first person
    on its waitlist takes a freed seat."""
    return _leave(enrolment, Status.WITHDRAWN, by=by)


@transaction.atomic
def defer(*, enrolment: Enrolment, to_cohort: Cohort, by=None) -> Enrolment:
    """Move to a later cohort of the same course. Progress is kept (it belongs to the
    course, not the cohort). An open cohort gives a seat or a waitlist place; a cohort by
    application takes the move as an application."""
    if not Cohort.objects.later_than(enrolment).filter(pk=to_cohort.pk).exists():
        raise ValidationError(_("You can only move to a later cohort of the same course."))
    for cohort in sorted([enrolment.cohort, to_cohort], key=lambda c: c.pk):  # one lock order
        _lock(cohort)
    target = _lock(to_cohort)
    _check_restriction(target, enrolment.user)
    existing = Enrolment.objects.filter(cohort=target, user=enrolment.user).first()
    if existing is not None and existing.is_active:
        raise ValidationError(_("You already have a place in that cohort."))
    if existing is not None and existing.status == Status.DECLINED:
        raise ValidationError(_("Your application to that cohort was declined."))
    _leave(enrolment, Status.DEFERRED, by=by, to_cohort=target.pk)
    if target.enrolment_mode == Cohort.Mode.APPLICATION:
        status = Status.APPLIED
    else:
        status = _seat_or_waitlist(target)
    moved = _place(
        target,
        enrolment.user,
        status,
        by=by,
        data={"from_cohort": enrolment.cohort_id},
        application_note=enrolment.application_note,
        last_active_at=enrolment.last_active_at,
    )
    _notify(moved)
    return moved


# --- Applications ---


@transaction.atomic
def apply(*, cohort: Cohort, user, note: str = "") -> Enrolment:
    """Ask for a place in a cohort by application; coordinators decide."""
    cohort = _lock(cohort)
    if cohort.enrolment_mode != Cohort.Mode.APPLICATION:
        raise ValidationError(_("This cohort does not take applications."))
    _check_restriction(cohort, user)
    enrolment = Enrolment.objects.filter(cohort=cohort, user=user).first()
    if enrolment is not None and enrolment.is_active:
        return enrolment
    if enrolment is not None and enrolment.status == Status.DECLINED:
        raise ValidationError(_("Your application to this cohort was declined."))
    _check_open_for_joining(cohort)
    _check_one_place(cohort, user)
    enrolment = _place(cohort, user, Status.APPLIED, by=user, application_note=note.strip())
    _notify(enrolment)
    return enrolment


@transaction.atomic
def decide(*, cohort: Cohort, enrolment_ids, approve: bool, by=None) -> dict[str, int]:
    """Approve or decline a batch of a cohort's applications, oldest first.

    Approved applicants take free seats while there are any, then go on the waitlist.
    Returns how many were enrolled, waitlisted and declined.
    """
    cohort = _lock(cohort)
    applications = (
        cohort.enrolments.filter(pk__in=enrolment_ids, status=Status.APPLIED)
        .select_related("user")
        .order_by("created_at", "pk")
    )
    counts = {Status.ENROLLED: 0, Status.WAITLISTED: 0, Status.DECLINED: 0}
    free = cohort.capacity - cohort.enrolments.enrolled().count()
    for enrolment in applications:
        if not approve:
            enrolment.status = Status.DECLINED
        elif free > 0:
            enrolment.status, free = Status.ENROLLED, free - 1
        else:
            enrolment.status = Status.WAITLISTED
        _save(enrolment, "approve" if approve else "decline", by=by, previous=Status.APPLIED)
        counts[enrolment.status] += 1
        _email(
            "academy_application",
            user=enrolment.user,
            context={"enrolment": enrolment, "cohort": cohort},
        )
    return {str(key): value for key, value in counts.items()}


# --- Invitations ---


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps(invitation.pk, salt=INVITATION_SALT)


def invitation_from_token(token: str) -> Invitation:
    """The invitation a link carries; tampered or expired links raise ValidationError."""
    try:
        pk = signing.loads(token, salt=INVITATION_SALT, max_age=INVITATION_MAX_AGE)
    except signing.BadSignature as error:  # includes SignatureExpired
        raise ValidationError(_("This invitation link is not valid or has expired.")) from error
    invitation = (
        Invitation.objects.filter(pk=pk).select_related("cohort__course", "accepted_by").first()
    )
    if invitation is None:
        raise ValidationError(_("This invitation has been withdrawn."))
    return invitation


def _invitation_url(invitation: Invitation, language: str) -> str:
    with translation.override(language):
        path = reverse("academy:invitation", args=[invitation_token(invitation)])
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


@transaction.atomic
def invite(*, cohort: Cohort, emails: list[str], by=None) -> tuple[list[str], list[str]]:
    """Invite each address to a cohort with a signed link. Returns (invited, already
    invited); an address is invited once per cohort."""
    invited, skipped = [], []
    known = {
        user.email.lower(): user
        for user in User.objects.filter(email__in=[e.lower() for e in emails])
    }
    already = set(cohort.invitations.values_list("email", flat=True))
    for email in dict.fromkeys(e.strip().lower() for e in emails if e.strip()):
        if email in already:
            skipped.append(email)
            continue
        invitation = Invitation(cohort=cohort, email=email, invited_by=by)
        invitation.full_clean()
        invitation.save()
        invited.append(email)
        language = known[email].language if email in known else cohort.language
        queue_email(
            render_email(
                template="academy_invitation",
                context={
                    "cohort": cohort,
                    "course": cohort.course,
                    "url": _invitation_url(invitation, language),
                    "user": known.get(email),
                },
                to=[email],
                language=language,
            )
        )
    return invited, skipped


@transaction.atomic
def accept_invitation(*, invitation: Invitation, user) -> Enrolment:
    """Take the seat an invitation offers (or a waitlist place if the cohort filled up).
    Only the invited address can accept, and only once."""
    cohort = _lock(invitation.cohort)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.email.lower() != user.email.lower():
        raise ValidationError(
            _("This invitation was sent to another address. Sign in with %(email)s to accept it.")
            % {"email": invitation.email}
        )
    enrolment = Enrolment.objects.filter(cohort=cohort, user=user).first()
    if invitation.accepted_at:
        if enrolment is not None and enrolment.is_active:
            return enrolment
        raise ValidationError(
            _("This invitation has already been used. Ask the coordinators for a new one.")
        )
    if enrolment is None or not enrolment.is_active:
        _check_one_place(cohort, user)
    invitation.accepted_at, invitation.accepted_by = timezone.now(), user
    invitation.full_clean()
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    if enrolment is not None and enrolment.is_active:
        return enrolment
    data = {"invitation": invitation.pk}
    enrolment = _place(cohort, user, _seat_or_waitlist(cohort), by=user, data=data)
    _notify(enrolment)
    return enrolment


# --- Lessons, checks and completion ---


def _after_progress(*, user, course: CoursePage) -> None:
    """Note the learner's activity, and issue the certificate once the course is done."""
    now = timezone.now()
    Enrolment.objects.own(user).filter(
        cohort__course__translation_key=course.translation_key
    ).active().update(last_active_at=now)
    if course.outline_for(user)["is_complete"]:
        enrolment = Enrolment.objects.current(user=user, course=course)
        issue_certificate(user=user, course=course, cohort=enrolment and enrolment.cohort)


@transaction.atomic
def complete_lesson(*, lesson: LessonPage, user) -> LessonPage | None:
    """Record a lesson as done, against its translation key (doing it twice counts once),
    and return the lesson that follows it in its module, if any. A lesson with a knowledge
    check is completed by passing the check instead."""
    state = lesson.access(user)
    if not state["can_read"]:
        raise ValidationError(_("This lesson is not open to you yet."))
    if lesson.has_check:
        raise ValidationError(_("Pass the knowledge check to complete this lesson."))
    _record(lesson=lesson, user=user, course=state["course"])
    return state["next_lesson"]


def _record(*, lesson: LessonPage, user, course: CoursePage) -> None:
    if not LessonProgress.objects.filter(user=user, lesson_key=lesson.translation_key).exists():
        progress = LessonProgress(
            user=user, lesson_key=lesson.translation_key, course_key=course.translation_key
        )
        progress.full_clean()
        progress.save()
    _after_progress(user=user, course=course)


@transaction.atomic
def submit_check(*, lesson: LessonPage, user, nonce, answers: dict) -> CheckAttempt:
    """Grade one attempt at a lesson's check. A submission repeated with the same nonce
    (a double click, a resent form) is the same attempt and counts once. Passing
    completes the lesson."""
    state = lesson.access(user, with_next=False)
    if not state["can_read"] or not lesson.has_check:
        raise ValidationError(_("This knowledge check is not open to you."))
    try:
        nonce = uuid.UUID(str(nonce))
    except ValueError as error:
        raise ValidationError(_("This form has expired. Please answer again.")) from error
    User.objects.select_for_update().filter(pk=user.pk).first()  # one learner, one at a time
    repeated = CheckAttempt.objects.filter(user=user, nonce=nonce).first()
    if repeated is not None:
        return repeated
    current = lesson.check_state(user)
    if current["passed"]:
        raise ValidationError(_("You have already passed this check."))
    if current["left"] <= 0:
        raise ValidationError(
            _(
                "You have used all your attempts at this check. Your cohort's facilitator "
                "(or the hub's coordinators) can grant you another: the lesson page says "
                "how to reach them."
            )
        )
    result = checks.grade(lesson, answers)
    attempt = CheckAttempt(
        user=user,
        lesson_key=lesson.translation_key,
        course_key=state["course"].translation_key,
        nonce=nonce,
        answers={str(key): value for key, value in answers.items()},
        score=result.score,
        passed=result.passed,
    )
    attempt.full_clean()
    attempt.save()
    if result.passed:
        _record(lesson=lesson, user=user, course=state["course"])
    else:
        _after_progress(user=user, course=state["course"])
    return attempt


# --- Extra attempts at a knowledge check ---

MAX_ATTEMPTS_GRANTED = 5  # at a time (a check constraint on AttemptGrant says the same)


def may_grant_attempts(*, by, cohort: Cohort) -> bool:
    """Coordinators, and the cohort's own facilitators."""
    if not by.is_authenticated:
        return False
    return by.is_coordinator or cohort.facilitators.filter(pk=by.pk).exists()


def _lesson_in_course(lesson: LessonPage, course: CoursePage) -> bool:
    module = lesson.get_parent()
    return module is not None and module.get_parent().translation_key == course.translation_key


def _lesson_for(lesson: LessonPage, language: str) -> LessonPage:
    """The live translation of a lesson in a language, or the lesson itself."""
    return (
        LessonPage.objects.live()
        .filter(translation_key=lesson.translation_key, locale__language_code=language)
        .first()
        or lesson
    )


@transaction.atomic
def grant_attempt(
    *, enrolment: Enrolment, lesson: LessonPage, by, reason: str = "", attempts: int = 1
) -> AttemptGrant:
    """Give a learner of a cohort more attempts at a lesson's knowledge check, once they
    have used every attempt they had and not passed. Granted by one of the cohort's
    facilitators or a coordinator; logged on the enrolment; the learner is told by email."""
    if not may_grant_attempts(by=by, cohort=enrolment.cohort):
        raise ValidationError(
            _("Only this cohort's facilitators and the coordinators can grant attempts.")
        )
    learner = enrolment.user
    User.objects.select_for_update().filter(pk=learner.pk).first()  # as submit_check locks
    enrolment = Enrolment.objects.select_related("cohort__course", "user").get(pk=enrolment.pk)
    if enrolment.status != Status.ENROLLED:
        raise ValidationError(
            _("%(name)s does not hold a seat in this cohort.") % {"name": learner}
        )
    if not lesson.has_check or not _lesson_in_course(lesson, enrolment.cohort.course):
        raise ValidationError(_("This lesson has no knowledge check in the cohort's course."))
    if not 1 <= attempts <= MAX_ATTEMPTS_GRANTED:
        raise ValidationError(
            _("Grant between 1 and %(most)s attempts at a time.") % {"most": MAX_ATTEMPTS_GRANTED}
        )
    state = lesson.check_state(learner)
    if (
        state["passed"]
        or LessonProgress.objects.filter(user=learner, lesson_key=lesson.translation_key).exists()
    ):
        raise ValidationError(_("%(name)s has already passed this check.") % {"name": learner})
    if state["left"] > 0:
        raise ValidationError(
            ngettext(
                "%(name)s still has %(left)s attempt left: another can be granted once they "
                "have used it.",
                "%(name)s still has %(left)s attempts left: another can be granted once they "
                "have used them.",
                state["left"],
            )
            % {"name": learner, "left": state["left"]}
        )
    grant = AttemptGrant(
        user=learner,
        cohort=enrolment.cohort,
        lesson_key=lesson.translation_key,
        course_key=enrolment.cohort.course.translation_key,
        attempts=attempts,
        reason=reason.strip(),
        granted_by=by,
    )
    grant.full_clean()
    grant.save()
    allowed = state["allowed"] + attempts
    log(
        enrolment,
        "academy.enrolment.grant_attempt",
        user=by,
        data={
            "cohort": enrolment.cohort_id,
            "lesson": str(lesson.translation_key),
            "lesson_title": lesson.title,
            "attempts": attempts,
            "allowed": allowed,
            "reason": grant.reason,
        },
    )
    shown = _lesson_for(lesson, learner.language)
    _email(
        "academy_attempt_granted",
        user=learner,
        context={
            "lesson": shown,
            "cohort": enrolment.cohort,
            "attempts": attempts,
            "by": by,
            "url": shown.get_full_url(),
        },
    )
    return grant
