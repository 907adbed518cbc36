"""Booking office hours: book, reschedule, cancel, record the outcome; and telling people.

Every write locks the expert's availability row first (then the organisation's row when a
cap is counted), so bookings of one expert happen one at a time and the check "is this slot
still open" is exact. The database constraints (one active booking per slot everywhere, no
overlap on PostgreSQL) stay as the last word: a violation becomes the same "just taken"
answer, never a server error.
"""

import datetime
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import Locale

from network.mail import queue_email, render_email
from network.models import EmailPreference, ExpertProfile, Organisation

from . import at_risk, picker_cache
from .calendars import booking_invitation
from .models import Availability, Booking, OfficeHoursPage
from .slots import Slot, expert_slots, open_slots

Status = Booking.Status
MANAGE_SALT = "webinars.booking"  # from before the move: links already sent stay valid
MANAGE_MAX_AGE = 60 * 60 * 24 * 200  # a booking's link works well past its date


class SlotTaken(ValidationError):
    """The slot is no longer open: someone booked it a moment earlier, or it went."""

    def __init__(self, slot_start: datetime.datetime):
        super().__init__(_("Sorry, this slot was just taken. Please pick another one."))
        self.slot_start = slot_start


# --- Links ---


def manage_token(booking: Booking) -> str:
    return signing.dumps([str(booking.public_id), booking.booked_by_id], salt=MANAGE_SALT)


def booking_from_token(token: str) -> Booking:
    """The booking a link in an email is for; tampered or expired links raise."""
    try:
        public_id, user_id = signing.loads(token, salt=MANAGE_SALT, max_age=MANAGE_MAX_AGE)
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise ValidationError(_("This link is not valid or has expired.")) from error
    booking = (
        Booking.objects.filter(public_id=public_id, booked_by_id=user_id)
        .select_related("programme", "expert__user", "organisation", "topic", "booked_by")
        .first()
    )
    if booking is None or not booking.organisation.memberships.filter(user_id=user_id).exists():
        # Gone, or the person has left the organisation since: the link no longer works.
        raise ValidationError(_("This link is not valid or has expired."))
    return booking


def _absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def manage_url(booking: Booking) -> str:
    with translation.override(booking.booked_by.language):
        return _absolute(reverse("office_hours:booking-link", args=[manage_token(booking)]))


def admin_url(booking: Booking) -> str:
    return _absolute(reverse("office_hours_admin:booking", args=[booking.pk]))


# --- Emails ---


def notify(booking: Booking, *, template: str, previous_start=None, key: str | None = None) -> None:
    """Tell both sides: the person who booked and the expert, each in their language, with
    the calendar invitation (or its cancellation). Only this booking's organisation is
    named; the meeting link goes only with a confirmed booking. `key` names the messages in
    the outbox (with the side added; a second one with the same key is not sent)."""
    cancel = booking.status == Status.CANCELLED
    people = [
        (booking.booked_by, "booker", manage_url(booking)),
        (booking.expert.user, "expert", admin_url(booking)),
    ]
    for person, side, link in people:
        zone = zoneinfo.ZoneInfo(person.time_zone or booking.expert.time_zone)
        with translation.override(person.language):
            programme = _programme_in(booking.programme, person.language)
            message = render_email(
                template=f"office_hours_{template}",
                context={
                    "booking": booking,
                    "side": side,
                    "person": person,
                    "programme": programme,
                    "starts": timezone.localtime(booking.starts_at, zone),
                    "ends": timezone.localtime(booking.ends_at, zone),
                    "previous": timezone.localtime(previous_start, zone)
                    if previous_start
                    else None,
                    "meeting_url": booking.meeting_url
                    if booking.status == Status.CONFIRMED
                    else "",
                    "link": link,
                },
                to=[person.email],
                language=person.language,
                kind=EmailPreference.Kind.OFFICE_HOURS_REMINDERS if template == "reminder" else "",
            )
        calendar = None
        if template in ("confirmed", "rescheduled", "cancelled"):
            calendar = booking_invitation(booking, title=programme.title, cancel=cancel)
        queue_email(message.with_calendar(calendar), key=f"{key}:{side}" if key else None)


def _programme_in(programme: OfficeHoursPage, language: str) -> OfficeHoursPage:
    locale = Locale.objects.filter(language_code=language).first()
    translated = programme.get_translation_or_none(locale) if locale else None
    return translated.specific if translated and translated.live else programme


# --- Rules ---


def _lock_availability(expert_id: int) -> Availability:
    availability = (
        Availability.objects.select_for_update(of=("self",))
        .select_related("expert")
        .filter(expert_id=expert_id)
        .first()
    )
    if availability is None:
        raise ValidationError(_("This expert does not hold office hours."))
    return availability


def _check_open(
    availability: Availability,
    starts_at: datetime.datetime,
    *,
    now,
    ignore_booking=None,
    notice: datetime.timedelta | None = None,
) -> Slot:
    """The slot starting then, if this expert's availability and bookings leave it open.
    Otherwise a message that says which rule it breaks. `notice` replaces the minimum
    notice (an at-risk call, office_hours.at_risk)."""
    if notice is not None:
        if starts_at < now + notice:
            raise ValidationError(
                _("This moment has passed or starts too soon. Please pick another one.")
            )
    elif starts_at < now + datetime.timedelta(hours=availability.min_notice_hours):
        raise ValidationError(
            _("This slot is too soon: office hours are booked at least %(hours)s hours ahead.")
            % {"hours": availability.min_notice_hours}
        )
    if starts_at > now + datetime.timedelta(days=availability.horizon_days):
        raise ValidationError(
            _("This slot is too far ahead: bookings open %(days)s days in advance.")
            % {"days": availability.horizon_days}
        )
    if not availability.is_open:
        raise SlotTaken(starts_at)
    busy = Booking.objects.active().filter(
        expert_id=availability.expert_id,
        starts_at__lt=starts_at + datetime.timedelta(days=1),
        ends_at__gt=starts_at - datetime.timedelta(days=1),
    )
    if ignore_booking is not None:
        busy = busy.exclude(pk=ignore_booking.pk)
    slots = expert_slots(
        availability=availability,
        windows=availability.windows.all(),
        away=availability.time_away.all(),
        busy=busy.values_list("starts_at", "ends_at"),
        now=now,
        start=starts_at,
        end=starts_at + datetime.timedelta(minutes=availability.slot_minutes),
        away_until=availability.expert.away_until,
        notice=notice,
    )
    for slot in slots:
        if slot.starts_at == starts_at:
            return slot
    raise SlotTaken(starts_at)


def _check_cap(programme: OfficeHoursPage, organisation: Organisation, *, now) -> None:
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    upcoming = Booking.objects.upcoming(now).filter(programme=programme, organisation=organisation)
    limit = programme.max_upcoming_per_organisation
    if upcoming.count() >= limit:
        raise ValidationError(
            _(
                "%(organisation)s already has %(count)s upcoming office hours in this programme, "
                "the most one organisation may hold so that every city and community "
                "organisation gets a turn. You can book again once one has taken place or is "
                "cancelled."
            )
            % {"organisation": organisation.name, "count": limit}
        )


def _save_or_taken(booking: Booking, starts_at) -> None:
    """Write the booking; a database constraint refusing it means the slot went."""
    try:
        with transaction.atomic():
            booking.save()
    except IntegrityError as error:
        raise SlotTaken(starts_at) from error


# --- Flows ---


@transaction.atomic
def book(
    *,
    programme: OfficeHoursPage,
    expert_id: int,
    starts_at: datetime.datetime,
    organisation: Organisation,
    user,
    topic=None,
    questions: str,
    language: str,
    now: datetime.datetime | None = None,
) -> tuple[Booking, bool]:
    """Book a slot for an organisation. Returns the booking and whether it is new: the
    same person sending the same booking twice (a double click) gets the first one back.

    Raises SlotTaken when the slot is no longer open, ValidationError for the other rules.
    """
    return _book(
        programme=programme,
        expert_id=expert_id,
        starts_at=starts_at,
        organisation=organisation,
        user=user,
        topic=topic,
        questions=questions,
        language=language,
        now=now,
    )


@transaction.atomic
def book_at_risk_call(
    *,
    help_request,
    starts_at: datetime.datetime,
    user,
    language: str,
    now: datetime.datetime | None = None,
) -> tuple[Booking, bool]:
    """Book a call for a help-desk request where someone is at risk now, with the minimum
    notice waived (from at_risk.LEAD ahead) and outside the organisation's share of
    bookings: a crisis is not refused because routine calls are booked. Windows, time away,
    buffers and other bookings still hold. Only a person at_risk.waives_notice lets.

    The booking names the request's reference only (every member of the organisation sees
    its bookings), and nothing of a restricted request."""
    now = now or timezone.now()
    if not at_risk.waives_notice(user, help_request):
        raise ValidationError(
            _(
                "Only a request where someone is at risk now, with an expert assigned, can "
                "be booked at short notice. Pick a time from the office-hours page instead."
            )
        )
    expert_id = help_request.assignee_id
    programme = at_risk.programme_of(expert_id)
    if programme is None:
        raise ValidationError(_("The expert does not hold office hours at the moment."))
    if help_request.is_restricted:
        topic, questions = None, _("A call requested through the help desk.")
    else:
        topic = help_request.topics.first()
        questions = _("A call about help-desk request %(reference)s.") % {
            "reference": help_request.reference
        }
    return _book(
        programme=programme,
        expert_id=expert_id,
        starts_at=starts_at,
        organisation=help_request.organisation,
        user=user,
        topic=topic,
        questions=questions,
        language=language,
        now=now,
        notice=at_risk.LEAD,
        at_risk_reference=help_request.reference,
    )


def _book(
    *,
    programme: OfficeHoursPage,
    expert_id: int,
    starts_at: datetime.datetime,
    organisation: Organisation,
    user,
    topic,
    questions: str,
    language: str,
    now: datetime.datetime | None,
    notice: datetime.timedelta | None = None,
    at_risk_reference: str = "",
) -> tuple[Booking, bool]:
    now = now or timezone.now()
    programme = programme.programme
    if expert_id not in programme.expert_ids():
        raise ValidationError(_("This expert does not hold office hours in this programme."))
    if not organisation.memberships.filter(user=user).exists():
        raise ValidationError(_("You can only book for an organisation you belong to."))
    availability = _lock_availability(expert_id)
    if not (availability.expert.is_active and availability.expert.user.is_active):
        raise ValidationError(_("This expert does not hold office hours at the moment."))
    again = (
        Booking.objects.active()
        .filter(expert_id=expert_id, starts_at=starts_at, organisation=organisation, booked_by=user)
        .first()
    )
    if again is not None:
        return again, False
    slot = _check_open(availability, starts_at, now=now, notice=notice)
    if not at_risk_reference:
        _check_cap(programme, organisation, now=now)
    booking = Booking(
        programme=programme,
        expert_id=expert_id,
        organisation=organisation,
        booked_by=user,
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        topic=topic,
        questions=questions.strip(),
        language=language,
        meeting_url=availability.meeting_url,
    )
    # The slot's uniqueness and overlaps are the database's to decide (a race is SlotTaken).
    booking.full_clean(validate_unique=False, validate_constraints=False)
    _save_or_taken(booking, starts_at)
    booking = Booking.objects.select_related(
        "programme", "expert__user", "booked_by", "organisation", "topic"
    ).get(pk=booking.pk)
    data = {"starts_at": _iso(booking)}
    if at_risk_reference:
        data["notice_waived_for"] = at_risk_reference  # an at-risk help-desk request
    log(booking, "office_hours.booking.book", user=user, data=data)
    notify(booking, template="confirmed")
    return booking, True


def _iso(booking: Booking) -> str:
    return booking.starts_at.isoformat()


def _locked_booking(booking: Booking) -> Booking:
    return (
        Booking.objects.select_for_update(of=("self",))
        .select_related("programme", "expert__user", "booked_by", "organisation", "topic")
        .get(pk=booking.pk)
    )


@transaction.atomic
def reschedule(
    *, booking: Booking, starts_at: datetime.datetime, by=None, now: datetime.datetime | None = None
) -> Booking:
    """Move a booking to another open slot of the same expert, until the cut-off. The
    calendar event stays the same (same UID, higher SEQUENCE); reminders follow the new
    time because they are keyed by it."""
    now = now or timezone.now()
    availability = _lock_availability(booking.expert_id)
    booking = _locked_booking(booking)
    if not booking.can_be_changed(now):
        raise ValidationError(_cutoff_message(booking))
    if starts_at == booking.starts_at:
        raise ValidationError(_("Pick a different time to move the booking to."))
    slot = _check_open(availability, starts_at, now=now, ignore_booking=booking)
    previous = booking.starts_at
    booking.starts_at, booking.ends_at = slot.starts_at, slot.ends_at
    booking.sequence += 1
    booking.full_clean(validate_unique=False, validate_constraints=False)
    _save_or_taken(booking, starts_at)
    log(
        booking,
        "office_hours.booking.reschedule",
        user=by,
        data={"starts_at": _iso(booking), "previous": previous.isoformat()},
    )
    notify(booking, template="rescheduled", previous_start=previous)
    return booking


def _cutoff_message(booking: Booking) -> str:
    if booking.status != Status.CONFIRMED:
        return _("This booking can no longer be changed.")
    return _(
        "Changes are possible until %(hours)s hours before the session. Please write to the "
        "expert through the hub if something has come up."
    ) % {"hours": booking.programme.change_cutoff_hours}


@transaction.atomic
def cancel(
    *, booking: Booking, by=None, by_expert: bool = False, reason: str = "", now=None
) -> Booking:
    """Cancel a booking. The organisation may until the cut-off; the expert may until the
    start and says why. Both sides are told, with the calendar cancellation; the slot opens
    again for everyone."""
    now = now or timezone.now()
    _lock_availability(booking.expert_id)
    booking = _locked_booking(booking)
    if by_expert:
        if booking.status != Status.CONFIRMED or booking.starts_at <= now:
            raise ValidationError(_("Only a confirmed booking still to come can be cancelled."))
        if not reason.strip():
            raise ValidationError(_("Please tell the organisation why you cancel."))
    elif not booking.can_be_changed(now):
        raise ValidationError(_cutoff_message(booking))
    booking.status = Status.CANCELLED
    booking.cancelled_by = (
        Booking.CancelledBy.EXPERT if by_expert else Booking.CancelledBy.ORGANISATION
    )
    booking.cancel_reason = reason.strip()
    booking.cancelled_at = now
    booking.sequence += 1
    booking.full_clean(validate_unique=False, validate_constraints=False)
    booking.save()
    log(
        booking,
        "office_hours.booking.cancel",
        user=by,
        data={"cancelled_by": booking.cancelled_by, "reason": booking.cancel_reason},
    )
    notify(booking, template="cancelled")
    return booking


@transaction.atomic
def record_outcome(
    *, booking: Booking, status: str, notes: str = "", follow_ups: str = "", by=None, now=None
) -> Booking:
    """After the session, the expert says whether it was held and writes notes."""
    now = now or timezone.now()
    booking = _locked_booking(booking)
    if status not in (Status.HELD, Status.NO_SHOW):
        raise ValidationError(_("Choose whether the session was held or a no-show."))
    if booking.status == Status.CANCELLED:
        raise ValidationError(_("This booking was cancelled."))
    if booking.starts_at > now:
        raise ValidationError(_("You can record how it went once the session has started."))
    booking.status = status
    booking.expert_notes = notes.strip()
    booking.follow_ups = follow_ups.strip()
    booking.full_clean(validate_unique=False, validate_constraints=False)
    booking.save(update_fields=["status", "expert_notes", "follow_ups", "updated_at"])
    log(booking, "office_hours.booking.outcome", user=by, data={"status": status})
    return booking


@dataclass(frozen=True)
class NextCall:
    """An expert's next open office-hours slot, and how to book it in one step."""

    programme: OfficeHoursPage
    slot: Slot

    @property
    def starts_at(self):
        return self.slot.starts_at

    def book(self, *, organisation, user, topic, questions: str, language: str) -> Booking:
        booking, _created = book(
            programme=self.programme,
            expert_id=self.slot.expert_id,
            starts_at=self.slot.starts_at,
            organisation=organisation,
            user=user,
            topic=topic,
            questions=questions,
            language=language,
        )
        return booking


def next_call(*, expert_id: int, now=None, kept=False) -> NextCall | None:
    """The earliest open slot of an expert in a programme where they hold office hours.
    The help desk offers it on a request: this is the one named link between the two apps
    (DESIGN.md), so the help desk imports nothing else from office hours.

    Kept (to show it, not to book it: booking reads it afresh), the answer is shared by
    everyone for a minute at most and until a booking or an availability changes
    (picker_cache.kept_answer): computing it reads the expert's whole calendar."""
    if kept and now is None:
        return picker_cache.kept_answer(
            ["next-call", expert_id], lambda: next_call(expert_id=expert_id)
        )
    programme = (
        OfficeHoursPage.objects.live()
        .filter(locale=Locale.get_default(), programme_experts__expert_id=expert_id)
        .order_by("path")
        .first()
    )
    if programme is None:
        return None
    slots = open_slots(ExpertProfile.objects.active().filter(pk=expert_id), now=now)
    return NextCall(programme, slots[0]) if slots else None
