"""Office hours: experts' weekly availability, the programme page, and bookings.

Slots are computed, not stored: a slot is an expert and a start time that their weekly
windows, time away, notice and booking window allow and that no active booking overlaps
(slots.py). A change of availability therefore shows at once, and nothing has to be
generated ahead or cleaned up. Bookings are the only rows, and the database keeps them
apart: one active booking per expert and start time (a partial unique index, everywhere),
and on PostgreSQL no two active bookings of one expert overlap at all (an exclusion
constraint added in webinars migration 0008, which Django's model state does not describe).
"""

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Locale, Orderable
from wagtail.search import index

from network.choices import Language, Weekday
from network.models import Membership
from pages.models import SitePage

from .panels import TimeZonePanel

# --- Availability ---


class AvailabilityQuerySet(models.QuerySet):
    def visible_to(self, user):
        """An expert sees and edits their own availability; coordinators everyone's."""
        if not user.is_authenticated:
            return self.none()
        if user.is_coordinator:
            return self.all()
        return self.filter(expert__user=user)


class Availability(ClusterableModel):
    """When an expert takes office hours: weekly windows in their own time zone (the one on
    their expert profile), time away, and the rules every slot follows."""

    expert = models.OneToOneField(
        "network.ExpertProfile",
        on_delete=models.CASCADE,
        related_name="availability",
        verbose_name=_("expert"),
    )
    slot_minutes = models.PositiveSmallIntegerField(
        _("slot length (minutes)"),
        default=30,
        validators=[MinValueValidator(15), MaxValueValidator(180)],
    )
    buffer_minutes = models.PositiveSmallIntegerField(
        _("buffer between slots (minutes)"), default=10, validators=[MaxValueValidator(120)]
    )
    min_notice_hours = models.PositiveSmallIntegerField(
        _("minimum notice (hours)"),
        default=24,
        validators=[MaxValueValidator(24 * 14)],
        help_text=_("How long before a slot people must book it."),
    )
    horizon_days = models.PositiveSmallIntegerField(
        _("booking window (days)"),
        default=28,
        validators=[MinValueValidator(1), MaxValueValidator(180)],
        help_text=_("How far ahead people may book."),
    )
    meeting_url = models.URLField(
        _("meeting link"),
        help_text=_(
            "Your video-call room. Sent only to the organisation that books, in its "
            "confirmation; never shown on the site's public pages."
        ),
    )
    is_open = models.BooleanField(
        _("taking bookings"),
        default=True,
        help_text=_("Untick to stop new bookings; booked sessions stay."),
    )

    objects = AvailabilityQuerySet.as_manager()

    panels = [
        FieldPanel("expert"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("slot_minutes"), FieldPanel("buffer_minutes")]),
                FieldRowPanel([FieldPanel("min_notice_hours"), FieldPanel("horizon_days")]),
                FieldPanel("meeting_url"),
                FieldPanel("is_open"),
            ],
            heading=_("Rules"),
        ),
        TimeZonePanel(heading=_("Time zone")),
        InlinePanel("windows", heading=_("Weekly windows"), label=_("Window")),
        InlinePanel("time_away", heading=_("Dates away"), label=_("Time away")),
    ]

    class Meta:
        db_table = "webinars_availability"  # kept from when office hours lived in webinars
        verbose_name = _("office-hours availability")
        verbose_name_plural = _("office-hours availability")
        ordering = ["expert__user__full_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(slot_minutes__gte=15, slot_minutes__lte=180),
                name="availability_slot_length",
            ),
            models.CheckConstraint(
                condition=Q(horizon_days__gte=1, horizon_days__lte=180),
                name="availability_horizon",
            ),
        ]

    def __str__(self):
        return str(self.expert)

    @property
    def time_zone(self) -> str:
        return self.expert.time_zone


class WeeklyWindow(Orderable):
    """Every week on this day, from and to these times, in the expert's time zone."""

    Weekday = Weekday

    availability = ParentalKey(Availability, on_delete=models.CASCADE, related_name="windows")
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday)
    starts = models.TimeField(_("from"))
    ends = models.TimeField(_("to"))

    panels = [FieldRowPanel([FieldPanel("weekday"), FieldPanel("starts"), FieldPanel("ends")])]

    class Meta(Orderable.Meta):
        db_table = "webinars_weeklywindow"  # kept from when office hours lived in webinars
        verbose_name = _("weekly window")
        verbose_name_plural = _("weekly windows")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends__gt=models.F("starts")), name="window_ends_after"
            )
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.starts:%H:%M}–{self.ends:%H:%M}"

    def clean(self):
        if self.starts and self.ends and self.ends <= self.starts:
            raise ValidationError({"ends": _("A window ends after it starts.")})


class TimeAwayQuerySet(models.QuerySet):
    def touching(self, first_day: datetime.date, last_day: datetime.date):
        """Time away that overlaps these days (both included), read-only: the help desk's
        routing reads it so that an expert away here is away for requests too."""
        return self.filter(first_day__lte=last_day, last_day__gte=first_day)


class TimeAway(Orderable):
    """Days with no office hours (both dates included), in the expert's time zone."""

    availability = ParentalKey(Availability, on_delete=models.CASCADE, related_name="time_away")
    first_day = models.DateField(_("from"))
    last_day = models.DateField(_("to (included)"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = TimeAwayQuerySet.as_manager()

    panels = [FieldRowPanel([FieldPanel("first_day"), FieldPanel("last_day"), FieldPanel("note")])]

    class Meta(Orderable.Meta):
        db_table = "webinars_timeaway"  # kept from when office hours lived in webinars
        verbose_name = _("time away")
        verbose_name_plural = _("time away")
        constraints = [
            models.CheckConstraint(
                condition=Q(last_day__gte=models.F("first_day")), name="time_away_in_order"
            )
        ]

    def __str__(self):
        return f"{self.first_day}–{self.last_day}"

    def clean(self):
        if self.first_day and self.last_day and self.last_day < self.first_day:
            raise ValidationError({"last_day": _("The last day comes after the first.")})

    def covers(self, day: datetime.date) -> bool:
        return self.first_day <= day <= self.last_day


# --- The programme page ---


class OfficeHoursPage(SitePage):
    """One programme's office hours (e.g. a capacity-building workshop): its experts, and
    their open slots to book (the template's `{% slot_picker %}`; booking itself is the
    named URL office_hours:book). Bookings belong to the page in its original language."""

    introduction = RichTextField(
        _("introduction"), blank=True, features=["bold", "italic", "link", "ol", "ul"]
    )
    max_upcoming_per_organisation = models.PositiveSmallIntegerField(
        _("upcoming bookings per organisation"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_("So that every city and community organisation gets a turn."),
    )
    change_cutoff_hours = models.PositiveSmallIntegerField(
        _("changes allowed until (hours before)"),
        default=24,
        validators=[MaxValueValidator(24 * 7)],
        help_text=_("Organisations may reschedule or cancel until this many hours before."),
    )

    content_panels = SitePage.content_panels + [
        FieldPanel("introduction"),
        InlinePanel("programme_experts", heading=_("Experts"), label=_("Expert"), min_num=1),
        MultiFieldPanel(
            [FieldPanel("max_upcoming_per_organisation"), FieldPanel("change_cutoff_hours")],
            heading=_("Rules"),
        ),
    ]

    parent_page_types = ["pages.HomePage", "webinars.WebinarIndexPage"]
    subpage_types = []
    # Open slots change with every booking: never served from the anonymous page cache.
    cache_anonymous = False

    search_fields = SitePage.search_fields + [index.SearchField("introduction")]

    class Meta:
        db_table = "webinars_officehourspage"  # kept from when office hours lived in webinars
        verbose_name = _("office hours")
        verbose_name_plural = _("office hours")

    @property
    def programme(self) -> "OfficeHoursPage":
        """The page in the site's original language, which bookings point to."""
        if self.locale.language_code == settings.LANGUAGE_CODE:
            return self
        source = self.get_translation_or_none(Locale.get_default())
        return source.specific if source else self

    def expert_ids(self) -> list[int]:
        """The programme's experts; in a preview, the ones the edit form holds (in memory)."""
        return [row.expert_id for row in self.programme.programme_experts.all()]


class OfficeHoursExpert(Orderable):
    page = ParentalKey(OfficeHoursPage, on_delete=models.CASCADE, related_name="programme_experts")
    expert = models.ForeignKey(
        "network.ExpertProfile",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("expert"),
    )

    panels = [FieldPanel("expert")]

    class Meta(Orderable.Meta):
        db_table = "webinars_officehoursexpert"  # kept from when office hours lived in webinars
        constraints = [
            models.UniqueConstraint(fields=["page", "expert"], name="programme_expert_once")
        ]


# --- Bookings ---


class BookingQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Who may see a booking: its organisation's members, its expert, coordinators.
        Everything private about bookings is reached through here."""
        if not user.is_authenticated:
            return self.none()
        if user.is_coordinator:
            return self.all()
        mine = Membership.objects.filter(user=user).values("organisation_id")
        return self.filter(Q(organisation_id__in=mine) | Q(expert__user=user))

    # The listings below narrow visible_to; none of them widens it.

    def in_admin(self, user):
        """What the admin shows: an expert's own bookings (with their private notes), or
        everyone's for coordinators; never another expert's notes to a colleague who is
        also a member of the organisation."""
        visible = self.visible_to(user)
        return visible if user.is_coordinator else visible.filter(expert__user=user)

    def of_my_organisations(self, user):
        """The bookings a member sees on the public site: their organisations' only."""
        mine = Membership.objects.filter(user=user).values("organisation_id")
        return self.visible_to(user).filter(organisation_id__in=mine)

    def active(self):
        return self.exclude(status=Booking.Status.CANCELLED)

    def upcoming(self, now=None):
        return self.filter(status=Booking.Status.CONFIRMED, ends_at__gt=now or timezone.now())


class Booking(models.Model):
    """One office-hours session an organisation booked with an expert."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        CANCELLED = "cancelled", _("Cancelled")
        HELD = "held", _("Held")
        NO_SHOW = "no_show", pgettext_lazy("office-hours booking status", "No-show")

    class CancelledBy(models.TextChoices):
        ORGANISATION = "organisation", _("The organisation")
        EXPERT = "expert", _("The expert")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(
        OfficeHoursPage,
        on_delete=models.PROTECT,
        related_name="bookings",
        verbose_name=_("programme"),
    )
    expert = models.ForeignKey(
        "network.ExpertProfile",
        on_delete=models.PROTECT,
        related_name="bookings",
        verbose_name=_("expert"),
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        related_name="office_hours",
        verbose_name=_("organisation"),
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="office_hours_booked",
        verbose_name=_("booked by"),
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    topic = models.ForeignKey(
        "network.Topic",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("topic"),
    )
    questions = models.TextField(_("questions"))
    language = models.CharField(_("preferred language"), max_length=5, choices=Language)
    meeting_url = models.URLField(_("meeting link"))
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.CONFIRMED)
    sequence = models.PositiveIntegerField(default=0, editable=False)  # iCalendar SEQUENCE
    cancelled_by = models.CharField(
        _("cancelled by"), max_length=12, choices=CancelledBy, blank=True
    )
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # After the session, by the expert. Notes stay with the expert and the coordinators;
    # follow-ups are shared with the organisation.
    expert_notes = models.TextField(
        _("private notes"),
        blank=True,
        help_text=_("Only you and the hub's coordinators see these."),
    )
    follow_ups = models.TextField(
        _("follow-ups"),
        blank=True,
        help_text=_("Next steps and resources; the organisation sees these."),
    )
    created_at = models.DateTimeField(_("booked"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = BookingQuerySet.as_manager()

    class Meta:
        db_table = "webinars_booking"  # kept from when office hours lived in webinars
        verbose_name = _("office-hours booking")
        verbose_name_plural = _("office-hours bookings")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["expert", "starts_at"],
                condition=~Q(status="cancelled"),
                name="one_active_booking_per_slot",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="booking_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(status="cancelled") | Q(cancelled_at__isnull=True),
                name="booking_cancelled_at_only_when_cancelled",
            ),
            # PostgreSQL also has booking_no_overlap (EXCLUDE USING gist), see migration 0008.
        ]
        indexes = [
            models.Index(fields=["expert", "status", "starts_at"]),
            models.Index(fields=["organisation", "status", "starts_at"]),
        ]

    def __str__(self):
        return f"{self.organisation} · {self.expert} · {self.starts_at:%Y-%m-%d %H:%M} UTC"

    @property
    def is_active(self) -> bool:
        return self.status != self.Status.CANCELLED

    @property
    def has_ended(self) -> bool:
        return self.ends_at <= timezone.now()

    def change_deadline(self) -> datetime.datetime:
        return self.starts_at - datetime.timedelta(hours=self.programme.change_cutoff_hours)

    def can_be_changed(self, now=None) -> bool:
        """Whether the organisation may still reschedule or cancel."""
        return (
            self.status == self.Status.CONFIRMED
            and (now or timezone.now()) < self.change_deadline()
        )

    def may_be_changed_by(self, user) -> bool:
        """The person who booked, or a lead of the organisation, reschedules or cancels
        (the booking's emailed link stands for the person who booked)."""
        if not user.is_authenticated:
            return False
        if self.booked_by_id == user.pk:
            return True
        return Membership.objects.filter(
            user=user, organisation_id=self.organisation_id, role=Membership.Role.LEAD
        ).exists()


class BookingReminder(models.Model):
    """A reminder sent for one booking and start time: never twice; a rescheduled booking
    has a new start time, so its reminders are planned again."""

    class Kind(models.TextChoices):
        DAY = "day", _("One day before")
        HOUR = "hour", _("One hour before")

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=4, choices=Kind)
    starts_at = models.DateTimeField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "webinars_bookingreminder"  # kept from when office hours lived in webinars
        constraints = [
            models.UniqueConstraint(
                fields=["booking", "kind", "starts_at"], name="booking_reminder_sent_once"
            )
        ]

    def __str__(self):
        return f"{self.booking} · {self.get_kind_display()}"
