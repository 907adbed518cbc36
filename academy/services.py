"""Writes of the academy: enrolment, withdrawal, completing a lesson."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from network.mail import queue_email, render_email
from network.models import Organisation

from .models import Cohort, Enrolment, LessonPage, LessonProgress
from .progress import lesson_view

Status = Enrolment.Status


def _notify(enrolment: Enrolment) -> None:
    user = enrolment.user
    queue_email(
        render_email(
            template="academy_enrolment",
            context={"enrolment": enrolment, "user": user, "cohort": enrolment.cohort},
            to=[user.email],
            language=user.language,
        )
    )


@transaction.atomic
def enrol(*, cohort: Cohort, user) -> Enrolment:
    """Take a seat in an open cohort, or a place on its waitlist when it is full.

    The cohort row is locked while seats are counted, so simultaneous enrolments can never
    exceed its capacity (PostgreSQL; SQLite serialises writers anyway).
    """
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    if cohort.enrolment_mode != Cohort.Mode.OPEN:
        raise ValidationError(
            _("This cohort is by application or invitation: you cannot enrol directly.")
        )
    restricted = cohort.restricted_to.all()
    if restricted and not Organisation.objects.of_user(user).filter(pk__in=restricted).exists():
        raise ValidationError(_("This cohort is reserved for selected organisations."))
    enrolment = Enrolment.objects.filter(cohort=cohort, user=user).first()
    if enrolment is not None and enrolment.is_active:
        return enrolment
    taken = cohort.enrolments.enrolled().count()
    status = Status.ENROLLED if taken < cohort.capacity else Status.WAITLISTED
    if enrolment is None:
        enrolment = Enrolment.objects.create(cohort=cohort, user=user, status=status)
    else:
        enrolment.status = status
        enrolment.save(update_fields=["status", "updated_at"])
    _notify(enrolment)
    return enrolment


@transaction.atomic
def withdraw(*, enrolment: Enrolment) -> Enrolment:
    """Leave a cohort; the first person on its waitlist takes the freed seat."""
    cohort = Cohort.objects.select_for_update().get(pk=enrolment.cohort_id)
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if not enrolment.is_active:
        raise ValidationError(_("You are no longer part of this cohort."))
    had_seat = enrolment.status == Status.ENROLLED
    enrolment.status = Status.WITHDRAWN
    enrolment.save(update_fields=["status", "updated_at"])
    if had_seat:
        waiting = cohort.enrolments.filter(status=Status.WAITLISTED).order_by("created_at", "pk")
        promoted = waiting.first()
        if promoted is not None and cohort.enrolments.enrolled().count() < cohort.capacity:
            promoted.status = Status.ENROLLED
            promoted.save(update_fields=["status", "updated_at"])
            _notify(promoted)
    return enrolment


@transaction.atomic
def complete_lesson(*, lesson: LessonPage, user) -> LessonPage | None:
    """Record a lesson as done, against its translation key (doing it twice counts once),
    and return the lesson that follows it in its module, if any."""
    state = lesson_view(lesson=lesson, user=user)
    if not state["can_read"]:
        raise ValidationError(_("This lesson is not open to you yet."))
    LessonProgress.objects.get_or_create(
        user=user,
        lesson_key=lesson.translation_key,
        defaults={"course_key": state["course"].translation_key},
    )
    return state["next_lesson"]
