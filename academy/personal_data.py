"""The academy's part of a person's data (network.personal_data): their enrolments, lessons
completed, knowledge-check answers and certificates; and what closing an account does here.

Closing deletes the person's learning (enrolments and their history, progress, answers:
theirs alone). A
certificate stays verifiable under the name it was issued to, or is revoked, as the hub
decides in HUB_CLOSED_ACCOUNT_CERTIFICATES.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.models import ModelLogEntry, Page

from network.personal_data import CLOSE_HOOK, EXPORT_HOOK, closed_address

from . import certificates
from .models import Certificate, CheckAttempt, Cohort, Enrolment, Invitation, LessonProgress


def _when(value):
    return value.isoformat() if value else None


def _titles(keys) -> dict:
    """Lesson and course titles by translation key, in the hub's default language."""
    pages = Page.objects.filter(
        translation_key__in=set(keys), locale__language_code=settings.LANGUAGE_CODE
    ).values_list("translation_key", "title")
    return dict(pages)


@hooks.register(EXPORT_HOOK)
def academy_data(user) -> dict:
    progress = list(LessonProgress.objects.filter(user=user).order_by("completed_at"))
    attempts = list(CheckAttempt.objects.filter(user=user).order_by("created_at"))
    titles = _titles(
        [row.lesson_key for row in [*progress, *attempts]]
        + [row.course_key for row in [*progress, *attempts]]
    )
    return {
        "academy": {
            "enrolments": [
                {
                    "course": row.cohort.course.title,
                    "cohort": row.cohort.name,
                    "status": row.status,
                    "why_you_applied": row.application_note,
                    "joined": _when(row.created_at),
                    "last_active": _when(row.last_active_at),
                }
                for row in Enrolment.objects.filter(user=user).select_related("cohort__course")
            ],
            "lessons_completed": [
                {
                    "course": titles.get(row.course_key, str(row.course_key)),
                    "lesson": titles.get(row.lesson_key, str(row.lesson_key)),
                    "completed": _when(row.completed_at),
                }
                for row in progress
            ],
            "knowledge_checks": [
                {
                    "course": titles.get(row.course_key, str(row.course_key)),
                    "lesson": titles.get(row.lesson_key, str(row.lesson_key)),
                    "answers": row.answers,
                    "score": row.score,
                    "passed": row.passed,
                    "submitted": _when(row.created_at),
                }
                for row in attempts
            ],
            "certificates": [
                {
                    "code": row.code,
                    "course": row.course.title,
                    "name_on_it": row.learner_name,
                    "hours": row.hours,
                    "issued": _when(row.issued_at),
                    "revoked": _when(row.revoked_at),
                }
                for row in Certificate.objects.filter(user=user).select_related("course")
            ],
            "cohorts_you_facilitate": [
                cohort.name for cohort in Cohort.objects.filter(facilitators=user)
            ],
        }
    }


@hooks.register(CLOSE_HOOK)
def close_academy(*, user, email, by) -> None:
    # The enrolments' history names the person (its object_repr): it goes with them.
    enrolment_ids = [
        str(pk) for pk in Enrolment.objects.filter(user=user).values_list("pk", flat=True)
    ]
    ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Enrolment), object_id__in=enrolment_ids
    ).delete()
    Enrolment.objects.filter(user=user).delete()
    LessonProgress.objects.filter(user=user).delete()
    CheckAttempt.objects.filter(user=user).delete()
    user.facilitated_cohorts.clear()
    Invitation.objects.filter(email__iexact=email, accepted_at__isnull=True).delete()
    for invitation in Invitation.objects.filter(email__iexact=email):
        invitation.email = closed_address(user.pk, "academy", invitation.pk)
        invitation.save(update_fields=["email"])
    if settings.HUB_CLOSED_ACCOUNT_CERTIFICATES != "revoke":
        return  # "keep": verifiable under the name it was issued to
    with translation.override(settings.LANGUAGE_CODE):
        reason, former = _("The holder closed their account."), _("Former member")
    for certificate in Certificate.objects.filter(user=user):
        if certificate.revoked_at is None:
            certificate = certificates.revoke(certificate=certificate, reason=reason, by=by)
        certificate.learner_name = former
        certificate.save(update_fields=["learner_name"])
