"""My calendar's office-hours bookings (network.calendar_feed): the bookings the person
made, their organisations' bookings, and for an expert those they host, all through
Booking.objects.visible_to(user). The meeting link goes only to the two sides the invitation
goes to (who booked, the expert), while the booking is confirmed and not over; cancelled
bookings stay listed as CANCELLED. Each event keeps the UID and SEQUENCE of its emailed
invitation (office_hours.calendars)."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail import hooks

from network.calendar_feed import HOOK, CalendarEvent, absolute, window_start
from network.models import Membership
from webinars.calendar_feed import translations

from .models import Booking, OfficeHoursPage
from .services import admin_url


def _booking_event(booking, user, *, programme, ours: bool) -> CalendarEvent:
    side = user.pk in (booking.booked_by_id, booking.expert.user_id)
    meeting_url = (
        booking.meeting_url
        if side and booking.status == Booking.Status.CONFIRMED and not booking.has_ended
        else ""
    )
    if ours:
        url = absolute(reverse("office_hours:booking", args=[booking.public_id]))
    else:
        url = admin_url(booking)
    lines = []
    if meeting_url:
        lines.append(_("Meeting link: %(url)s") % {"url": meeting_url})
    lines.append(url)
    return CalendarEvent(
        uid=f"office-hours-{booking.public_id}@hub",  # as booking_invitation
        start=booking.starts_at,
        end=booking.ends_at,
        summary=f"{programme.title}: {booking.expert.user.full_name} · {booking.organisation.name}",
        description="\n\n".join(lines),
        url=url,
        location=meeting_url,
        status="CANCELLED" if booking.status == Booking.Status.CANCELLED else "CONFIRMED",
        sequence=booking.sequence,
    )


@hooks.register(HOOK)
def office_hours(user) -> list[CalendarEvent]:
    organisations = set(Membership.objects.filter(user=user).values_list("organisation", flat=True))
    bookings = list(
        Booking.objects.visible_to(user)
        .filter(
            Q(booked_by=user) | Q(organisation_id__in=organisations) | Q(expert__user=user),
            ends_at__gte=window_start(),
        )
        .select_related("expert__user", "organisation", "programme__locale")
        .order_by("starts_at", "pk")
    )
    programmes = translations(
        OfficeHoursPage, [booking.programme for booking in bookings], get_language()
    )
    return [
        _booking_event(
            booking,
            user,
            programme=programmes.get(booking.programme.translation_key, booking.programme),
            ours=booking.organisation_id in organisations,
        )
        for booking in bookings
    ]
