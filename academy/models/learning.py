"""Cohorts, enrolments and progress: transactional rows, never translated."""

import datetime
import zoneinfo

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

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
        "academy.CoursePage", on_delete=models.PROTECT, related_name="cohorts",
        verbose_name=_("course"),
        help_text=_("The course in its original language; learners may follow any translation."),
    )  # fmt: skip
    name = models.CharField(_("name"), max_length=200)
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
        "network.Organisation", blank=True, related_name="restricted_cohorts",
        verbose_name=_("only for these organisations"),
        help_text=_("Leave empty to open the cohort to every organisation (e.g. General Track)."),
    )  # fmt: skip
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="facilitated_cohorts",
        verbose_name=_("facilitators"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["starts_on", "name"]
        constraints = [models.CheckConstraint(condition=Q(capacity__gt=0), name="cohort_has_seats")]

    def __str__(self):
        return self.name

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

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="enrolments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

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
