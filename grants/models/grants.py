"""Grants, their payments, reports and the de-identified incident tallies reports carry.

A grant comes from an approved application, or is entered directly by a coordinator (a
grantee from before the platform reports here too). It carries what a federal subaward needs:
the award number, the grantee's UEI, and the exclusion check (SAM.gov) with its date.
"""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .common import UEI_FORMAT, Currency, new_reference

# Incidents are tallied, never described: a category, a month and a count. Any count under
# this is shown as "fewer than 5" wherever it leaves the grantee's own report.
SUPPRESS_BELOW = 5


def grant_reference() -> str:
    return new_reference("GR")


class GrantQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The grantee organisation's members and coordinators."""
        if not user.is_authenticated:
            return self.none()
        if user.is_coordinator:
            return self.all()
        from network.models import Membership

        return self.filter(
            organisation_id__in=Membership.objects.filter(user=user).values("organisation_id")
        )


class Grant(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", pgettext_lazy("grant status", "Active")
        COMPLETED = "completed", pgettext_lazy("grant status", "Completed")
        TERMINATED = "terminated", pgettext_lazy("grant status", "Ended early")

    class ExclusionCheck(models.TextChoices):
        NOT_DONE = "", _("Not checked yet")
        CLEAR = "clear", _("No exclusion found")
        EXCLUDED = "excluded", _("Exclusion found")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(
        _("reference"), max_length=16, unique=True, default=grant_reference, editable=False
    )
    application = models.OneToOneField(
        "grants.Application",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="grant",
        verbose_name=_("application"),
    )
    programme = models.ForeignKey(
        "grants.GrantProgrammePage",
        on_delete=models.PROTECT,
        related_name="grants",
        verbose_name=_("programme"),
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        related_name="grants",
        verbose_name=_("grantee"),
    )
    city = models.ForeignKey(
        "network.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="grants_in_city",
        limit_choices_to={"kind": "city"},
        verbose_name=_("partner city"),
        help_text=_("The city the project works in: figures are rolled up per city."),
    )
    title = models.CharField(_("project title"), max_length=200)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency, default="USD")
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    conditions = models.TextField(_("conditions"), blank=True)
    award_number = models.CharField(
        _("award number"),
        max_length=60,
        blank=True,
        help_text=_("The subaward's number, as in the agreement."),
    )
    uei = models.CharField(
        _("grantee’s UEI"),
        max_length=12,
        blank=True,
        validators=[UEI_FORMAT],
        help_text=_("The grantee's Unique Entity ID at SAM.gov (12 characters)."),
    )
    exclusion_check = models.CharField(
        _("exclusion check (SAM.gov)"),
        max_length=10,
        choices=ExclusionCheck,
        blank=True,
        default="",
    )
    exclusion_checked_on = models.DateField(_("checked on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.ACTIVE)
    language = models.CharField(
        _("language"), max_length=5, default="en", help_text=_("The grantee's language.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = GrantQuerySet.as_manager()

    class Meta:
        verbose_name = _("grant")
        verbose_name_plural = _("grants")
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="grant_amount_positive"),
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")), name="grant_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(uei="") | Q(Exact(Length("uei"), 12)), name="grant_uei_format"
            ),
            # A check is recorded with its date, or not at all.
            models.CheckConstraint(
                condition=(Q(exclusion_check="") & Q(exclusion_checked_on__isnull=True))
                | (~Q(exclusion_check="") & Q(exclusion_checked_on__isnull=False)),
                name="grant_exclusion_check_dated",
            ),
        ]

    def __str__(self):
        return f"{self.reference} · {self.title}"


class Payment(models.Model):
    """One instalment of a grant's payment schedule."""

    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="payments")
    due_on = models.DateField(_("due"))
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    paid_on = models.DateField(_("paid"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive")
        ]

    def __str__(self):
        return f"{self.grant.reference} · {self.due_on}"


class ReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(grant__in=Grant.objects.visible_to(user))

    def late(self, today=None):
        today = today or timezone.localdate()
        return self.filter(status__in=Report.OUTSTANDING, due_on__lt=today)

    def outstanding(self):
        return self.filter(status__in=Report.OUTSTANDING)

    def received(self):
        return self.filter(status__in=[Report.Status.SUBMITTED, Report.Status.ACCEPTED])


class Report(models.Model):
    """An interim or final report a grant owes by a date: the programme's report form's
    answers, and the figures every report gives (people reached, activities held, incidents
    by category and month)."""

    class Kind(models.TextChoices):
        INTERIM = "interim", pgettext_lazy("grant report kind", "Interim report")
        FINAL = "final", pgettext_lazy("grant report kind", "Final report")

    class Status(models.TextChoices):
        DUE = "due", pgettext_lazy("grant report status", "Due")
        DRAFT = "draft", pgettext_lazy("grant report status", "Being written")
        SUBMITTED = "submitted", pgettext_lazy("grant report status", "Received")
        CHANGES_REQUESTED = (
            "changes_requested",
            pgettext_lazy("grant report status", "Changes requested"),
        )
        ACCEPTED = "accepted", pgettext_lazy("grant report status", "Accepted")

    OUTSTANDING = ("due", "draft", "changes_requested")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    due_on = models.DateField(_("due"), db_index=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DUE)
    answers = models.JSONField(default=dict, blank=True)
    people_reached = models.PositiveIntegerField(_("people reached"), null=True, blank=True)
    activities_held = models.PositiveIntegerField(_("activities held"), null=True, blank=True)
    revision = models.PositiveIntegerField(default=0)
    saved_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(_("received"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    feedback = models.TextField(_("feedback to the grantee"), blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["grant", "kind", "due_on"], name="one_report_per_due_date"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="report_period_in_order",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["submitted", "accepted"]) | Q(submitted_at__isnull=False),
                name="report_received_has_a_date",
            ),
        ]

    def __str__(self):
        return f"{self.grant.reference} · {self.get_kind_display()} · {self.due_on}"

    def is_late(self, today: datetime.date | None = None) -> bool:
        return self.status in self.OUTSTANDING and self.due_on < (today or timezone.localdate())

    @property
    def is_editable(self) -> bool:
        return self.status in self.OUTSTANDING


class IncidentCategory(models.TextChoices):
    """What motivated an incident, as hate-crime statistics count it; nothing that could
    identify a person."""

    RACE = "race", _("Race, ethnicity or ancestry")
    RELIGION = "religion", _("Religion")
    SEXUAL_ORIENTATION = "sexual_orientation", _("Sexual orientation")
    GENDER_IDENTITY = "gender_identity", _("Gender or gender identity")
    DISABILITY = "disability", _("Disability")
    OTHER = "other", _("Other or unknown")


class IncidentTally(models.Model):
    """How many incidents of one category a grantee recorded in one month."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="tallies")
    category = models.CharField(_("category"), max_length=20, choices=IncidentCategory)
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    count = models.PositiveIntegerField(_("incidents"))

    class Meta:
        ordering = ["month", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "category", "month"], name="one_tally_per_category_month"
            ),
        ]

    def __str__(self):
        return f"{self.get_category_display()} · {self.month:%Y-%m} · {self.count}"
