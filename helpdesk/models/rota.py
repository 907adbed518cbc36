"""The on-call rota for "someone is at risk now", and the alert an at-risk request raises.

A shift is a person's turn: which weekdays, from and to which times, in the person's own
time zone (stored, so a St. John's expert's 9:00 stays 9:00 through DST), optionally only
between two dates. Who is on call at an instant is computed, not stored (helpdesk.rota).
An alert is one per at-risk request: who was paged and when, and who acknowledged it (one
owner, guarded by a conditional UPDATE in helpdesk.services.acknowledge).
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from network.choices import TIME_ZONES

from .. import rota


class OnCallShiftQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Coordinators edit the rota; experts read it (they take turns on it); nobody
        else sees who is on call."""
        if not user.is_authenticated:
            return self.none()
        if user.is_coordinator or user.is_expert:
            return self.all()
        return self.none()

    def current(self, day: datetime.date | None = None):
        """Shifts that may apply around this day (dated shifts that ended or have not yet
        begun, give or take a day for time zones, are left out), with their people."""
        day = day or timezone.now().date()
        return (
            self.filter(
                Q(first_day__isnull=True) | Q(first_day__lte=day + datetime.timedelta(days=1)),
                Q(last_day__isnull=True) | Q(last_day__gte=day - datetime.timedelta(days=1)),
                person__is_active=True,
            )
            .select_related("person")
            .order_by("level", "pk")
        )


class OnCallShift(models.Model):
    """One person's turn on call: weekdays and hours in their own time zone."""

    class Level(models.IntegerChoices):
        PRIMARY = rota.PRIMARY, _("Primary")
        BACKUP = rota.BACKUP, _("Backup")
        LAST_RESORT = rota.LAST_RESORT, _("Last resort (a coordinator)")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="on_call_shifts",
        verbose_name=_("person"),
        help_text=_("An expert, or a coordinator as the last resort."),
    )
    level = models.PositiveSmallIntegerField(
        _("order"),
        choices=Level,
        default=Level.PRIMARY,
        help_text=_(
            "Who is paged first. If the primary does not acknowledge in time, the backup is "
            "paged, then the last resort."
        ),
    )
    weekdays = models.JSONField(_("days"), default=list)
    starts = models.TimeField(_("from"))
    ends = models.TimeField(
        _("to"),
        help_text=_(
            "A time earlier than “from” runs overnight into the next day; the same time as "
            "“from” covers 24 hours."
        ),
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=40,
        choices=TIME_ZONES,
        default=settings.HUB_DEFAULT_TIME_ZONE,
        help_text=_("The person's own zone: the hours stay the same through daylight saving."),
    )
    first_day = models.DateField(
        _("first day"), null=True, blank=True, help_text=_("Empty: every week from now on.")
    )
    last_day = models.DateField(
        _("last day (included)"), null=True, blank=True, help_text=_("Empty: until changed.")
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = OnCallShiftQuerySet.as_manager()

    class Meta:
        verbose_name = _("on-call shift")
        verbose_name_plural = _("on-call shifts")
        ordering = ["level", "starts", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_day__isnull=True)
                | Q(first_day__isnull=True)
                | Q(last_day__gte=models.F("first_day")),
                name="on_call_shift_days_in_order",
            ),
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=3), name="on_call_shift_level"
            ),
        ]

    def __str__(self):
        return f"{self.person} · {self.get_level_display()}"

    def clean(self):
        errors = {}
        days = self.weekdays if isinstance(self.weekdays, list) else None
        if not days or not all(isinstance(d, int) and 0 <= d <= 6 for d in days):
            errors["weekdays"] = _("Choose at least one day.")
        else:
            self.weekdays = sorted(set(days))
        if self.first_day and self.last_day and self.last_day < self.first_day:
            errors["last_day"] = _("The last day comes on or after the first.")
        person = getattr(self, "person", None) if self.person_id else None
        if person is not None:
            if not person.is_active:
                errors["person"] = _("This account is not active.")
            elif self.level == self.Level.LAST_RESORT and not person.is_coordinator:
                errors["person"] = _("The last resort is a coordinator.")
            elif not (person.is_coordinator or person.is_expert):
                errors["person"] = _("Only experts and coordinators take turns on call.")
        if errors:
            raise ValidationError(errors)

    def as_shift(self) -> rota.Shift:
        """The plain value helpdesk.rota decides with."""
        return rota.Shift(
            person_id=self.person_id,
            level=self.level,
            weekdays=frozenset(self.weekdays or ()),
            starts=self.starts,
            ends=self.ends,
            zone=self.time_zone,
            first_day=self.first_day,
            last_day=self.last_day,
            shift_id=self.pk or 0,
        )

    @property
    def days_display(self) -> str:
        return capfirst(rota.days_in_words(self.weekdays or ()))

    @property
    def hours_display(self) -> str:
        return rota.hours_of(self.as_shift())


class OnCallAlertQuerySet(models.QuerySet):
    def unacknowledged(self):
        return self.filter(acknowledged_at__isnull=True)

    def waiting(self):
        """Alerts nobody has acknowledged on open requests nobody has answered yet, whoever
        may see them: the banner's first question on every admin page, a join of two tables
        that is cheap to plan (almost always empty; see waiting_for for whose they are)."""
        from .requests import HelpRequest

        return (
            self.unacknowledged()
            .filter(request__first_response_at__isnull=True)
            .exclude(request__status__in=[HelpRequest.Status.RESOLVED, HelpRequest.Status.CLOSED])
        )

    def waiting_for(self, user):
        """Open at-risk requests nobody has acknowledged that this person must know about:
        every one for a coordinator, the ones paging them for an expert."""
        from .requests import HelpRequest

        if not user.is_authenticated:
            return self.none()
        alerts = self.waiting()
        if user.is_coordinator:
            return alerts  # a coordinator sees every request (HelpRequest.visible_to)
        # Everyone paged is consulted on the request (or holds it).
        consulted = HelpRequest.consulted.through.objects.filter(expertprofile__user=user)
        return alerts.filter(request__in=HelpRequest.objects.visible_to(user).values("pk")).filter(
            Q(current=user)
            | Q(request__assignee__user=user)
            | Q(request__in=consulted.values("helprequest_id"))
        )


class OnCallAlert(models.Model):
    """Paging the rota for one at-risk request, until somebody acknowledges it."""

    request = models.OneToOneField(
        "helpdesk.HelpRequest",
        on_delete=models.CASCADE,
        related_name="on_call_alert",
        verbose_name=_("request"),
    )
    current = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("paged"),
    )
    # Everyone paged so far, in order (user ids): escalation pages the next one on the rota.
    paged = models.JSONField(default=list, blank=True)
    paged_at = models.DateTimeField(_("paged at"), default=timezone.now)
    nobody_on_call = models.BooleanField(_("nobody on call"), default=False)
    coordinators_escalated_at = models.DateTimeField(
        _("escalated to the coordinators"), null=True, blank=True
    )
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("acknowledged by"),
    )
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = OnCallAlertQuerySet.as_manager()

    class Meta:
        verbose_name = _("on-call alert")
        verbose_name_plural = _("on-call alerts")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["acknowledged_at", "paged_at"])]

    def __str__(self):
        return f"{self.request} · {self.paged_at:%Y-%m-%d %H:%M}"

    @property
    def is_acknowledged(self) -> bool:
        return self.acknowledged_at is not None
