"""Applications to a call, their files, reviews and determinations.

Every read goes through a `visible_to(user)` per model:
- an application: the members of the organisation that applies, reviewers assigned to it who
  declared no conflict of interest (and none at any stage), and coordinators;
- a review: its reviewer and coordinators;
- a file: whoever sees its application or its report.
Anyone else gets a 404. URLs carry a random UUID.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from network import file_storage
from network.choices import Language

from .common import UEI_FORMAT, new_reference
from .grants import Grant

REVIEWERS_GROUP = "Grant reviewers"


def application_reference() -> str:
    return new_reference("GA")


def private_storage():
    # A callable, so settings read at use (tests switch storages).
    return file_storage.private_storage


class Stage(models.TextChoices):
    CONCEPT = "concept", pgettext_lazy("grant stage", "Concept note")
    PROPOSAL = "proposal", pgettext_lazy("grant stage", "Full proposal")


class ApplicantProfile(models.Model):
    """What every application asks about the organisation, filled once and reused: its
    legal identity, where it is, and who to contact. Each submitted application keeps a
    copy as it was (Application.profile)."""

    organisation = models.OneToOneField(
        "network.Organisation",
        on_delete=models.CASCADE,
        related_name="applicant_profile",
        verbose_name=_("organisation"),
    )
    legal_name = models.CharField(_("legal name"), max_length=200)
    registration_number = models.CharField(
        _("registration or charity number"),
        max_length=60,
        blank=True,
        help_text=_("A Canadian business or charity number, or a US EIN."),
    )
    uei = models.CharField(
        _("Unique Entity ID (UEI)"),
        max_length=12,
        blank=True,
        validators=[UEI_FORMAT],
        help_text=_("The 12 characters SAM.gov gives US organisations; needed for federal funds."),
    )
    address = models.TextField(_("mailing address"))
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_email = models.EmailField(_("contact email"))
    contact_phone = models.CharField(_("contact telephone"), max_length=40, blank=True)
    finance_contact = models.CharField(
        _("finance contact"),
        max_length=200,
        blank=True,
        help_text=_("Who handles payments and the budget, if not the contact person."),
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("applicant profile")
        verbose_name_plural = _("applicant profiles")
        constraints = [
            models.CheckConstraint(
                condition=Q(uei="") | Q(Exact(Length("uei"), 12)),
                name="applicant_profile_uei_format",
            )
        ]

    def __str__(self):
        return self.legal_name

    def snapshot(self) -> dict:
        return {
            field: getattr(self, field)
            for field in [
                "legal_name",
                "registration_number",
                "uei",
                "address",
                "contact_name",
                "contact_email",
                "contact_phone",
                "finance_contact",
            ]
        }


class ApplicationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The one rule for who sees an application (see the module's docstring)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_coordinator:
            return self.all()
        from network.models import Membership

        reviews = Review.objects.filter(reviewer=user)
        cleared = reviews.filter(conflict=Review.Conflict.NONE).values("application_id")
        # A conflict declared at any stage closes the whole application to that reviewer,
        # even one they cleared at an earlier stage.
        conflicted = reviews.filter(conflict=Review.Conflict.CONFLICT).values("application_id")
        return self.filter(
            Q(organisation_id__in=Membership.objects.filter(user=user).values("organisation_id"))
            | (Q(pk__in=cleared) & ~Q(pk__in=conflicted))
        )

    def of_organisations(self, user):
        """Only the applications of the organisations this person belongs to (their own
        list: not what they review)."""
        from network.models import Membership

        return self.filter(
            organisation_id__in=Membership.objects.filter(user=user).values("organisation_id")
        )

    def locked(self, pk) -> "Application":
        return self.select_for_update().get(pk=pk)


class Application(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("grant application status", "Draft")
        SUBMITTED = "submitted", pgettext_lazy("grant application status", "Submitted")
        IN_REVIEW = "in_review", pgettext_lazy("grant application status", "In review")
        CHANGES_REQUESTED = (
            "changes_requested",
            pgettext_lazy("grant application status", "Changes requested"),
        )
        APPROVED = "approved", pgettext_lazy("grant application status", "Approved")
        DECLINED = "declined", pgettext_lazy("grant application status", "Declined")
        WITHDRAWN = "withdrawn", pgettext_lazy("grant application status", "Withdrawn")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(
        _("reference"), max_length=16, unique=True, default=application_reference, editable=False
    )
    call = models.ForeignKey(
        "grants.CallPage",
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("call"),
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        related_name="grant_applications",
        verbose_name=_("organisation"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="grant_applications",
        verbose_name=_("started by"),
    )
    title = models.CharField(_("project title"), max_length=200)
    amount_requested = models.DecimalField(
        _("amount requested"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    language = models.CharField(
        _("language"),
        max_length=5,
        choices=Language,
        help_text=_("The applicant's language: receipts and decisions are written in it."),
    )
    stage = models.CharField(_("stage"), max_length=10, choices=Stage, default=Stage.PROPOSAL)
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.DRAFT, db_index=True
    )
    # Answers by the form's stable keys ({"key": value}), per stage: the same columns
    # whichever language the form was filled in (grants.engine).
    concept_answers = models.JSONField(default=dict, blank=True)
    answers = models.JSONField(default=dict, blank=True)
    # The organisation's profile as it was when the application was submitted.
    profile = models.JSONField(default=dict, blank=True)
    # Counts every save, so that a page open in two tabs cannot silently undo the other's.
    revision = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(_("started"), default=timezone.now)
    saved_at = models.DateTimeField(_("last saved"), default=timezone.now)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    concept_submitted_at = models.DateTimeField(_("concept note sent"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, db_index=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at", "pk"]
        constraints = [
            # One live application per organisation per call: a double submit, or two
            # colleagues starting at once, gives one.
            models.UniqueConstraint(
                fields=["call", "organisation"],
                condition=~Q(status="withdrawn"),
                name="one_live_application_per_call",
            ),
            models.CheckConstraint(
                condition=Q(amount_requested__isnull=True) | Q(amount_requested__gt=0),
                name="application_amount_positive",
            ),
            models.CheckConstraint(
                condition=Q(status="draft")
                | Q(stage="concept")
                | Q(submitted_at__isnull=False)
                | Q(status="withdrawn"),
                name="application_submitted_has_a_date",
            ),
        ]
        indexes = [models.Index(fields=["call", "status"])]

    def __str__(self):
        return f"{self.reference} · {self.title}"

    @property
    def is_editable(self) -> bool:
        """The applicant may still change its answers."""
        return self.status in (self.Status.DRAFT, self.Status.CHANGES_REQUESTED)

    @property
    def invited(self) -> bool:
        """Its concept note was accepted and the full proposal is awaited."""
        return (
            self.stage == Stage.PROPOSAL
            and self.concept_submitted_at is not None
            and self.status == self.Status.DRAFT
        )

    def answers_for(self, stage: str) -> dict:
        return self.concept_answers if stage == Stage.CONCEPT else self.answers


def grant_file_path(instance, filename) -> str:
    # Never the uploaded name: a random name under a random folder.
    owner = instance.application.public_id if instance.application_id else instance.report.public_id
    return f"grants/{owner}/{uuid.uuid4().hex}"


class GrantFileQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.is_coordinator:
            return self.all()
        return self.filter(
            Q(application__in=Application.objects.visible_to(user))
            | Q(report__grant__in=Grant.objects.visible_to(user))
        )


class GrantFile(models.Model):
    """A file answering a form's file question, on an application or a report: stored in
    the private storage, served only through a view that checks access."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    application = models.ForeignKey(
        Application, null=True, blank=True, on_delete=models.CASCADE, related_name="files"
    )
    report = models.ForeignKey(
        "grants.Report", null=True, blank=True, on_delete=models.CASCADE, related_name="files"
    )
    key = models.CharField(max_length=40)  # the form field's key
    file = models.FileField(storage=private_storage, upload_to=grant_file_path, max_length=200)
    name = models.CharField(_("file name"), max_length=120)
    content_type = models.CharField(max_length=80)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = GrantFileQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(application__isnull=False, report__isnull=True)
                | Q(application__isnull=True, report__isnull=False),
                name="grant_file_has_one_owner",
            )
        ]

    def __str__(self):
        return self.name


class ReviewQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A reviewer sees their own assignments; coordinators see all."""
        if not user.is_authenticated:
            return self.none()
        if user.is_coordinator:
            return self.all()
        return self.filter(reviewer=user)


class Review(models.Model):
    """One reviewer's assignment to one stage of an application: first a declaration of
    conflicts of interest, then (with none) scores against the call's rubric and a
    recommendation. Only coordinators read other reviewers' scores."""

    class Conflict(models.TextChoices):
        UNDECLARED = "", pgettext_lazy("grant review", "Not declared yet")
        NONE = "none", pgettext_lazy("grant review", "No conflict")
        CONFLICT = "conflict", pgettext_lazy("grant review", "Conflict of interest")

    class Recommendation(models.TextChoices):
        FUND = "fund", pgettext_lazy("grant review", "Fund")
        FUND_WITH_CHANGES = "fund_with_changes", pgettext_lazy("grant review", "Fund with changes")
        DO_NOT_FUND = "do_not_fund", pgettext_lazy("grant review", "Do not fund")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews")
    stage = models.CharField(_("stage"), max_length=10, choices=Stage)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="grant_reviews",
        verbose_name=_("reviewer"),
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(default=timezone.now)
    due_on = models.DateField(_("review due"), null=True, blank=True)
    conflict = models.CharField(
        _("conflict of interest"), max_length=10, choices=Conflict, blank=True, default=""
    )
    conflict_note = models.TextField(_("about the conflict"), blank=True)
    declared_at = models.DateTimeField(null=True, blank=True)
    scores = models.JSONField(default=dict, blank=True)  # {criterion key: score}
    recommendation = models.CharField(
        _("recommendation"), max_length=20, choices=Recommendation, blank=True
    )
    comments = models.TextField(_("comments for the coordinators"), blank=True)
    submitted_at = models.DateTimeField(_("review sent"), null=True, blank=True)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["assigned_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "stage", "reviewer"], name="one_review_per_reviewer"
            ),
            models.CheckConstraint(
                condition=Q(submitted_at__isnull=True) | Q(conflict="none"),
                name="review_sent_only_without_conflict",
            ),
        ]

    def __str__(self):
        return f"{self.application.reference} · {self.reviewer}"


class DeterminationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Coordinators see every determination; the applying organisation's members theirs
        (reviewers do not: they see the application, not the decision)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_coordinator:
            return self.all()
        return self.filter(application__in=Application.objects.of_organisations(user))


class Determination(models.Model):
    """The hub's decision on one stage of an application, with the reasons it shares with
    the applicant (emailed in the applicant's language) and a note kept for the hub."""

    class Outcome(models.TextChoices):
        APPROVED = "approved", _("Approve")
        DECLINED = "declined", _("Decline")
        CHANGES_REQUESTED = "changes_requested", _("Request changes")

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="determinations"
    )
    stage = models.CharField(_("stage"), max_length=10, choices=Stage)
    outcome = models.CharField(_("decision"), max_length=20, choices=Outcome)
    reasons = models.TextField(
        _("reasons shared with the applicant"),
        blank=True,
        help_text=_("Sent to the applicant in the email about the decision."),
    )
    internal_note = models.TextField(_("note for the hub only"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    objects = DeterminationQuerySet.as_manager()

    class Meta:
        verbose_name = _("determination")
        verbose_name_plural = _("determinations")
        ordering = ["decided_at", "pk"]

    def __str__(self):
        return f"{self.application.reference} · {self.get_outcome_display()}"
