"""Cohorts, enrolments and progress: transactional rows, never translated."""

import datetime
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from network.bilingual import Text, pick
from network.choices import TIME_ZONES, Language

# A module opens at this local time on its release day, in the cohort's time zone.
RELEASE_HOUR = 9


class Cohort(models.Model):
    """A group of learners who take a course together from a start date."""

    class Mode(models.TextChoices):
        OPEN = "open", _("Open: anyone signed in can enrol")
        APPLICATION = "application", _("By application, approved by coordinators")
        INVITATION = "invitation", _("By invitation only")

    course = models.ForeignKey(
        "academy.CoursePage",
        on_delete=models.PROTECT,
        related_name="cohorts",
        verbose_name=_("course"),
        help_text=_("The course in its original language; learners may follow any translation."),
    )
    name = models.CharField(_("name (English)"), max_length=200)
    name_fr = models.CharField(
        _("name (French)"),
        max_length=200,
        blank=True,
        help_text=_(
            "Shown on French pages and in French emails. Left empty, they show the "
            "English name, marked as English."
        ),
    )
    starts_on = models.DateField(_("starts on"))
    time_zone = models.CharField(
        _("time zone"), max_length=40, choices=TIME_ZONES, default=settings.HUB_DEFAULT_TIME_ZONE
    )
    language = models.CharField(
        _("language"), max_length=5, choices=Language, default=Language.ENGLISH
    )
    capacity = models.PositiveIntegerField(_("seats"), default=50)
    enrolment_mode = models.CharField(
        _("enrolment"), max_length=20, choices=Mode, default=Mode.OPEN
    )
    restricted_to = models.ManyToManyField(
        "network.Organisation",
        blank=True,
        related_name="restricted_cohorts",
        verbose_name=_("only for these organisations"),
        help_text=_("Leave empty to open the cohort to every organisation (e.g. General Track)."),
    )
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="facilitated_cohorts",
        verbose_name=_("facilitators"),
    )

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["starts_on", "name"]
        constraints = [models.CheckConstraint(condition=Q(capacity__gt=0), name="cohort_has_seats")]

    def __str__(self):
        return self.display_name

    def clean(self):
        if self.pk:
            taken = self.enrolments.filter(status="enrolled").count()
            if self.capacity is not None and self.capacity < taken:
                raise ValidationError(
                    {
                        "capacity": _(
                            "%(taken)s learners already hold a seat: the cohort needs at "
                            "least that many."
                        )
                        % {"taken": taken}
                    }
                )

    def name_in(self, language: str | None = None) -> Text:
        """The name in a language (the active one by default), or the English."""
        return pick(self.name, self.name_fr, language)

    @property
    def display_name(self) -> Text:
        return self.name_in()

    def release_at(self, offset_days: int) -> datetime.datetime:
        """When a module with this offset opens, as an aware datetime in the cohort's zone."""
        day = self.starts_on + datetime.timedelta(days=offset_days)
        return datetime.datetime.combine(
            day, datetime.time(RELEASE_HOUR), tzinfo=zoneinfo.ZoneInfo(self.time_zone)
        )


class EnrolmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A learner sees their own enrolments; facilitators their cohorts'; coordinators all."""
        if not user.is_authenticated:
            return self.none()
        if user.is_coordinator:
            return self.all()
        return self.filter(Q(user=user) | Q(cohort__facilitators=user)).distinct()

    def enrolled(self):
        return self.filter(status=Enrolment.Status.ENROLLED)


class Enrolment(models.Model):
    """A person's place in a cohort, from application or waitlist to enrolled or withdrawn."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")
        WAITLISTED = "waitlisted", _("On the waitlist")
        ENROLLED = "enrolled", _("Enrolled")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        DEFERRED = "deferred", _("Deferred to a later cohort")

    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="enrolments", verbose_name=_("cohort")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="enrolments",
        verbose_name=_("learner"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status)
    application_note = models.TextField(
        _("why they applied"), blank=True, help_text=_("Written by the applicant.")
    )
    created_at = models.DateTimeField(_("joined"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    last_active_at = models.DateTimeField(_("last active"), null=True, blank=True)
    nudged_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "user"], name="one_enrolment_per_cohort")
        ]

    def __str__(self):
        return f"{self.user} · {self.cohort} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status in {self.Status.APPLIED, self.Status.WAITLISTED, self.Status.ENROLLED}


class Invitation(models.Model):
    """A coordinator's invitation to an invitation-only cohort, sent with a signed link.

    The link carries the invitation's id signed with the secret key (academy.invitations);
    whoever signs in with it may accept it once.
    """

    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("cohort")
    )
    email = models.EmailField(_("email"))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="accepted_invitations",
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "email"], name="one_invitation_per_email")
        ]

    def __str__(self):
        return f"{self.email} · {self.cohort}"


class CheckAttemptQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Learners see their own answers; facilitators those of their cohorts' learners."""
        if not user.is_authenticated:
            return self.none()
        if user.is_coordinator:
            return self.all()
        facilitated = Enrolment.objects.filter(cohort__facilitators=user).values("user_id")
        return self.filter(Q(user=user) | Q(user__in=facilitated))


class CheckAttempt(models.Model):
    """One graded submission of a lesson's knowledge check.

    `nonce` comes from the form the learner was shown: a form submitted twice carries the
    same nonce, and the unique constraint makes the second submission the same attempt.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="check_attempts"
    )
    lesson_key = models.UUIDField(_("lesson"))
    course_key = models.UUIDField(_("course"))
    nonce = models.UUIDField()
    answers = models.JSONField(default=dict)
    score = models.PositiveSmallIntegerField(_("score (%)"))
    passed = models.BooleanField(_("passed"))
    created_at = models.DateTimeField(_("submitted"), auto_now_add=True)

    objects = CheckAttemptQuerySet.as_manager()

    class Meta:
        verbose_name = _("knowledge check attempt")
        verbose_name_plural = _("knowledge check attempts")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "nonce"], name="attempt_submitted_once")
        ]
        indexes = [
            models.Index(fields=["user", "lesson_key"]),
            models.Index(fields=["user", "course_key"]),
        ]

    def __str__(self):
        return f"{self.user} · {self.score}%"


class CertificateQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A learner's own certificates; coordinators see all. (The verification page shows
        any certificate by its code: the code is the learner's to share.)"""
        if not user.is_authenticated:
            return self.none()
        if user.is_coordinator:
            return self.all()
        return self.filter(user=user)


class Certificate(models.Model):
    """Proof that a learner completed a course, checkable by anyone who has its code."""

    code = models.CharField(_("code"), max_length=24, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("learner"),
    )
    course = models.ForeignKey(
        "academy.CoursePage",
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("course"),
    )
    cohort = models.ForeignKey(
        Cohort,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="certificates",
        verbose_name=_("cohort"),
    )
    learner_name = models.CharField(_("name on the certificate"), max_length=200)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1)
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_reason = models.TextField(_("why it was revoked"), blank=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="one_certificate_per_course")
        ]

    def __str__(self):
        return f"{self.learner_name} · {self.code}"

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None


class ReleaseNotice(models.Model):
    """A module-released email sent to a cohort: recorded so it is never sent twice."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="release_notices")
    module_key = models.UUIDField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cohort", "module_key"], name="release_noticed_once")
        ]

    def __str__(self):
        return f"{self.cohort} · {self.module_key}"


class LessonProgress(models.Model):
    """A completed lesson, keyed by the lesson's translation_key so that a learner who
    switches language mid-course keeps every lesson they finished."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_progress"
    )
    lesson_key = models.UUIDField(_("lesson"))
    course_key = models.UUIDField(_("course"), db_index=True)
    completed_at = models.DateTimeField(_("completed"), auto_now_add=True)

    class Meta:
        verbose_name = _("lesson completed")
        verbose_name_plural = _("lessons completed")
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson_key"], name="lesson_done_once")
        ]
        indexes = [models.Index(fields=["user", "course_key"])]

    def __str__(self):
        return f"{self.user} · {self.lesson_key}"
