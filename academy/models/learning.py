"""Cohorts, enrolments and progress: transactional rows, never translated."""

import datetime
import zoneinfo
from email.utils import parseaddr

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Q, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network.bilingual import Text, pick
from network.choices import TIME_ZONES, Language
from network.models import Membership, led_by

# A module opens at this local time on its release day, in the cohort's time zone.
RELEASE_HOUR = 9
# A cohort stays open for enrolment this long after it starts: late joiners catch up on the
# released modules; after that they wait for the next cohort.
LATE_ENROLMENT_DAYS = 21


def _people_led_by(user):
    """The ids of the people in the organisations this person leads, as a subquery."""
    return Membership.objects.filter(organisation_id__in=led_by(user)).values("user_id")


def _facilitated_by(user):
    """The ids of the cohorts this person facilitates, as a subquery (no join to repeat rows)."""
    return Cohort.facilitators.through.objects.filter(user=user).values("cohort_id")


class CohortQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Who may see a cohort: coordinators every cohort, facilitators the cohorts they
        facilitate, an organisation's leads the cohorts their people are in (their activity
        page)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_coordinator:
            return self.all()
        with_their_people = Enrolment.objects.filter(user_id__in=_people_led_by(user))
        return self.filter(
            Q(pk__in=_facilitated_by(user)) | Q(pk__in=with_their_people.values("cohort_id"))
        )

    def reported_to(self, user):
        """The cohorts the academy's reports in the admin show: a coordinator's every
        cohort, a facilitator's their own (leading an organisation as well adds none: a
        lead follows their people on the activity page)."""
        visible = self.visible_to(user)
        if user.is_authenticated and user.is_coordinator:
            return visible
        return visible.filter(pk__in=_facilitated_by(user))

    def of_course(self, course):
        """The cohorts of a course, in any of its translations."""
        return self.filter(course__translation_key=course.translation_key)

    def joinable(self, course):
        """The cohorts a course page offers: not started, or started recently enough to
        catch up."""
        since = timezone.localdate() - datetime.timedelta(days=LATE_ENROLMENT_DAYS)
        return self.of_course(course).filter(starts_on__gte=since).order_by("starts_on")

    def later_than(self, enrolment, course=None):
        """Cohorts of the same course that start later and that a learner can move to
        (`course`: the course or any translation of it, when the caller has it at hand)."""
        return (
            self.of_course(course or enrolment.cohort.course)
            .filter(
                starts_on__gt=enrolment.cohort.starts_on,
                enrolment_mode__in=[Cohort.Mode.OPEN, Cohort.Mode.APPLICATION],
            )
            .exclude(pk=enrolment.cohort_id)
            .order_by("starts_on")
        )


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

    objects = CohortQuerySet.as_manager()

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
        """A learner sees their own enrolments; facilitators their cohorts'; an
        organisation's leads their people's; coordinators all. (Subqueries, not joins: a
        row is never repeated, so grouped counts stay right.)"""
        if not user.is_authenticated:
            return self.none()
        if user.is_coordinator:
            return self.all()
        return self.filter(
            Q(user=user)
            | Q(cohort_id__in=_facilitated_by(user))
            | Q(user_id__in=_people_led_by(user))
        )

    def own(self, user):
        """The person's own enrolments: the part of visible_to their own pages show."""
        if not user.is_authenticated:
            return self.none()
        return self.visible_to(user).filter(user=user)

    def reported_to(self, user):
        """What the academy's reports show a person: the enrolments they may see, in the
        cohorts they may see (a facilitator's own learning stays out of their reports)."""
        visible = self.visible_to(user)
        if user.is_authenticated and user.is_coordinator:
            return visible
        return visible.filter(cohort__in=Cohort.objects.reported_to(user))

    def enrolled(self):
        return self.filter(status=Enrolment.Status.ENROLLED)

    def active(self):
        """Holding a seat or waiting for one (applied, waitlisted, enrolled)."""
        return self.exclude(status__in=INACTIVE)

    def current(self, *, user, course):
        """The learner's current place in any cohort of this course, in any language: a
        seat first, then the newest."""
        if not user.is_authenticated:
            return None
        seated_first = Case(When(status=Enrolment.Status.ENROLLED, then=0), default=1)
        return (
            self.own(user)
            .filter(cohort__course__translation_key=course.translation_key)
            .active()
            .select_related("cohort")
            .order_by(seated_first, "-created_at")
            .first()
        )


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

    def waitlist_position(self) -> int | None:
        """A waiting learner's place in line (1 is next), or None when they are not waiting."""
        if self.status != self.Status.WAITLISTED:
            return None
        return self.cohort.enrolments.filter(
            status=self.Status.WAITLISTED, created_at__lte=self.created_at
        ).count()


# No longer part of a cohort: what a learner can join again (or not, once declined).
INACTIVE = (Enrolment.Status.WITHDRAWN, Enrolment.Status.DECLINED, Enrolment.Status.DEFERRED)


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
        facilitated = Enrolment.objects.filter(cohort_id__in=_facilitated_by(user))
        return self.filter(Q(user=user) | Q(user_id__in=facilitated.values("user_id")))

    def of_lesson(self, *, user, lesson):
        """A learner's own attempts at a lesson's check, oldest first."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user, lesson_key=lesson.translation_key).order_by(
            "created_at", "pk"
        )


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


class AttemptGrantQuerySet(models.QuerySet):
    """No read rule of its own: grants are read for an enrolment that
    Enrolment.objects.reported_to found (a learner's checks page, the admin's home panel),
    or for the learner's own lesson page (`extra`)."""

    def extra(self, *, user, lesson_key) -> int:
        """How many attempts beyond the lesson's own allowance this learner was granted."""
        if not user.is_authenticated:
            return 0
        found = self.filter(user=user, lesson_key=lesson_key).aggregate(n=models.Sum("attempts"))
        return found["n"] or 0


class AttemptGrant(models.Model):
    """Attempts at a lesson's knowledge check granted to a learner beyond the lesson's own
    allowance, by a facilitator of their cohort or a coordinator (academy.services
    .grant_attempt). The learner's allowance is the lesson's plus the sum of these."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="attempt_grants",
        verbose_name=_("learner"),
    )
    cohort = models.ForeignKey(
        Cohort,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="attempt_grants",
        verbose_name=_("cohort"),
    )
    lesson_key = models.UUIDField(_("lesson"))
    course_key = models.UUIDField(_("course"))
    attempts = models.PositiveSmallIntegerField(_("attempts granted"), default=1)
    reason = models.TextField(_("reason"), blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("granted by"),
    )
    created_at = models.DateTimeField(_("granted"), auto_now_add=True)

    objects = AttemptGrantQuerySet.as_manager()

    class Meta:
        verbose_name = _("extra attempt")
        verbose_name_plural = _("extra attempts")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(attempts__gte=1, attempts__lte=5), name="attempt_grant_1_to_5"
            )
        ]
        indexes = [models.Index(fields=["user", "lesson_key"])]

    def __str__(self):
        return f"{self.user} · +{self.attempts}"


def attempt_help(*, user, lesson) -> dict:
    """Who can grant a learner out of attempts another one, and how to reach them: the
    facilitators of their current cohort of the lesson's course (name and address), and
    the hub's address, where the coordinators read (they can grant one too)."""
    course_key = lesson.get_parent().get_parent().translation_key
    enrolment = (
        Enrolment.objects.own(user)
        .filter(cohort__course__translation_key=course_key, status=Enrolment.Status.ENROLLED)
        .select_related("cohort")
        .first()
    )
    facilitators = list(enrolment.cohort.facilitators.all()) if enrolment else []
    return {
        "cohort": enrolment.cohort if enrolment else None,
        "facilitators": [person for person in facilitators if not person.closed_at],
        "hub_email": parseaddr(settings.DEFAULT_FROM_EMAIL)[1],
    }


class CertificateQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A learner's own certificates; an organisation's leads their people's;
        facilitators those earned in their cohorts; coordinators see all. (The verification
        page shows any certificate by its code: the code is the learner's to share.)"""
        if not user.is_authenticated:
            return self.none()
        if user.is_coordinator:
            return self.all()
        return self.filter(
            Q(user=user)
            | Q(user_id__in=_people_led_by(user))
            | Q(cohort_id__in=_facilitated_by(user))
        )

    def reported_to(self, user):
        """What the academy's reports count: the certificates a person may see, earned in
        the cohorts they may see (as Enrolment.reported_to)."""
        visible = self.visible_to(user)
        if user.is_authenticated and user.is_coordinator:
            return visible
        return visible.filter(cohort__in=Cohort.objects.reported_to(user))

    def held(self, *, user, course):
        """The learner's own certificate for a course, in any of its translations."""
        if not user.is_authenticated:
            return None
        return self.filter(user=user, course__translation_key=course.translation_key).first()


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


class LessonProgressQuerySet(models.QuerySet):
    def completed_keys(self, *, user, course) -> set:
        """The translation keys of the lessons this learner has completed in a course."""
        if not user.is_authenticated:
            return set()
        found = self.filter(user=user, course_key=course.translation_key)
        return set(found.values_list("lesson_key", flat=True))


class LessonProgress(models.Model):
    """A completed lesson, keyed by the lesson's translation_key so that a learner who
    switches language mid-course keeps every lesson they finished."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_progress"
    )
    lesson_key = models.UUIDField(_("lesson"))
    course_key = models.UUIDField(_("course"), db_index=True)
    completed_at = models.DateTimeField(_("completed"), auto_now_add=True)

    objects = LessonProgressQuerySet.as_manager()

    class Meta:
        verbose_name = _("lesson completed")
        verbose_name_plural = _("lessons completed")
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson_key"], name="lesson_done_once")
        ]
        indexes = [models.Index(fields=["user", "course_key"])]

    def __str__(self):
        return f"{self.user} · {self.lesson_key}"
