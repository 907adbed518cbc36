"""Registrations: transactional rows, never translated, never listed to other people."""

from django.conf import settings
from django.core import signing
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from network.choices import Language
from network.models import Membership, User, led_by

MANAGE_SALT = "webinars.registration"
MANAGE_MAX_AGE = 60 * 60 * 24 * 365  # a manage link works for a year
SERIES_SALT = "webinars.series"


def _theirs(user) -> Q:
    """A person's own rows: theirs by account, or by address from before they signed up."""
    return Q(user=user) | Q(user__isnull=True, email__iexact=user.email)


def _their_peoples(user) -> Q:
    """The rows of the people in the organisations a person leads: by account, or by one of
    their addresses from before they signed up."""
    people = Membership.objects.filter(organisation_id__in=led_by(user)).values("user_id")
    by_address = User.objects.filter(pk__in=people, email__iexact=OuterRef("email"))
    return Q(user__in=people) | (Q(user__isnull=True) & Exists(by_address))


def _site_url(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


class RegistrationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The one read rule: people see their own registrations; an organisation's leads
        their people's (their activity page); coordinators see all. Every listing, report
        and export starts here."""
        if not user.is_authenticated:
            return self.none()
        if user.is_coordinator:
            return self.all()
        return self.filter(_theirs(user) | _their_peoples(user))

    def owned_by(self, user):
        """Of what `user` may see, their own (never anyone else's, coordinator or not):
        what the public pages show them."""
        return self.visible_to(user).filter(_theirs(user)) if user.is_authenticated else self.none()

    def holding_seats(self):
        return self.filter(status=Registration.Status.REGISTERED)

    def waiting(self):
        """The waitlist, first in line first."""
        return self.filter(status=Registration.Status.WAITLISTED).order_by("created_at", "pk")

    def active(self):
        return self.exclude(status__in=Registration.INACTIVE)


class Registration(models.Model):
    """One person's place at one session: registered, waiting for a seat or for approval."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        WAITLISTED = "waitlisted", _("On the waitlist")
        PENDING = "pending", _("Waiting for approval")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")

    INACTIVE = (Status.DECLINED, Status.CANCELLED)

    class Role(models.TextChoices):
        ELECTED = "elected", _("Elected official")
        STAFF = "staff", _("Municipal staff")
        POLICE = "police", _("Police or public safety")
        COMMUNITY = "community", _("Community organisation")
        EDUCATION = "education", _("Education")
        HEALTH = "health", _("Health or social services")
        FAITH = "faith", _("Faith leader")
        RESEARCH = "research", _("Research")
        OTHER = "other", _("Other")

    session = models.ForeignKey(
        "webinars.WebinarPage",
        on_delete=models.PROTECT,
        related_name="registrations",
        verbose_name=_("session"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="webinar_registrations",
    )
    email = models.EmailField(_("email"))
    full_name = models.CharField(_("full name"), max_length=150)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role, blank=True)
    region = models.CharField(_("city, province or state"), max_length=120, blank=True)
    language = models.CharField(
        _("language for emails"), max_length=5, choices=Language, default=Language.ENGLISH
    )
    accessibility_needs = models.TextField(_("accessibility needs"), blank=True)
    consent = models.BooleanField(_("consent to be contacted about this session"))
    status = models.CharField(_("status"), max_length=12, choices=Status)
    attended = models.BooleanField(
        _("attended"),
        null=True,
        blank=True,
        help_text=_("From the video platform's attendee list; empty until it is imported."),
    )
    # Added to the session's SEQUENCE in this person's invitations: raised when they cancel
    # and when they register again, so their calendar takes each step (webinars.calendars).
    calendar_sequence = models.PositiveIntegerField(default=0, editable=False)
    # When the form last sent this address its manage link again because someone registered
    # it a second time: at most once an hour (webinars.registration.register), so re-posting
    # the form cannot turn the hub into a mail cannon aimed at one inbox.
    link_resent_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            # One row per person and session; cancelling and registering again reuses it.
            models.UniqueConstraint(fields=["session", "email"], name="one_registration_per_email"),
            models.CheckConstraint(condition=Q(consent=True), name="registration_has_consent"),
        ]
        indexes = [models.Index(fields=["session", "status", "created_at"])]

    def __str__(self):
        return f"{self.full_name} · {self.session} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status not in self.INACTIVE

    def manage_token(self) -> str:
        """The secret in this registration's manage link, scoped to it and its address."""
        return signing.dumps([self.pk, self.email], salt=MANAGE_SALT)

    def manage_url(self) -> str:
        with translation.override(self.language):
            return _site_url(reverse("webinars:manage", args=[self.manage_token()]))

    def waitlist_position(self) -> int | None:
        """A waiting registrant's place in line (1 is next), or None when not waiting."""
        if self.status != self.Status.WAITLISTED:
            return None
        return Registration.objects.filter(
            session_id=self.session_id,
            status=self.Status.WAITLISTED,
            created_at__lte=self.created_at,
        ).count()


class Reminder(models.Model):
    """A reminder sent to one registration for one start time. A session moved to a new
    time is a new start time, so its reminders are due again; at the same time, never
    twice (the unique constraint)."""

    class Kind(models.TextChoices):
        DAY = "day", _("One day before")
        HOUR = "hour", _("One hour before")

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(max_length=4, choices=Kind)
    starts_at = models.DateTimeField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "kind", "starts_at"], name="reminder_sent_once"
            )
        ]

    def __str__(self):
        return f"{self.registration} · {self.get_kind_display()}"


class SeriesSubscriptionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """People see their own series registrations; coordinators see all."""
        if not user.is_authenticated:
            return self.none()
        if user.is_coordinator:
            return self.all()
        return self.filter(_theirs(user))


class SeriesSubscription(models.Model):
    """Someone registered for a whole series: its future sessions, including ones added
    later, register them as they are published (webinars.registration.register_subscribers)."""

    series = models.ForeignKey(
        "webinars.WebinarSeriesPage",
        on_delete=models.CASCADE,
        related_name="subscriptions",
        verbose_name=_("series"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="webinar_subscriptions",
    )
    email = models.EmailField(_("email"))
    full_name = models.CharField(_("full name"), max_length=150)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Registration.Role, blank=True)
    region = models.CharField(_("city, province or state"), max_length=120, blank=True)
    language = models.CharField(
        _("language for emails"), max_length=5, choices=Language, default=Language.ENGLISH
    )
    accessibility_needs = models.TextField(_("accessibility needs"), blank=True)
    consent = models.BooleanField(_("consent to be contacted about this series"))
    active = models.BooleanField(_("active"), default=True)
    # When the series form last sent this address its confirmation again (a repeat): at
    # most once an hour, as for a session's registration.
    link_resent_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SeriesSubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("series registration")
        verbose_name_plural = _("series registrations")
        constraints = [
            models.UniqueConstraint(fields=["series", "email"], name="one_subscription_per_email"),
            models.CheckConstraint(condition=Q(consent=True), name="subscription_has_consent"),
        ]

    def __str__(self):
        return f"{self.full_name} · {self.series}"

    DETAILS = (
        "email",
        "full_name",
        "organisation",
        "role",
        "region",
        "language",
        "accessibility_needs",
        "consent",
    )

    def registration_details(self) -> dict:
        """What each session's registration copies from the series registration, as the
        keyword arguments of webinars.registration.register."""
        return {name: getattr(self, name) for name in self.DETAILS}

    def manage_token(self) -> str:
        return signing.dumps([self.pk, self.email], salt=SERIES_SALT)

    def manage_url(self) -> str:
        with translation.override(self.language):
            return _site_url(reverse("webinars:series", args=[self.manage_token()]))
