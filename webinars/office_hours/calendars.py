"""The calendar invitation of an office-hours booking (iCalendar, RFC 5545/5546)."""

from django.utils import timezone
from icalendar import Event

from webinars.calendars import attendee, email_part, new_calendar, organizer


def booking_invitation(booking, *, title: str, cancel: bool = False) -> dict:
    """The invitation for an office-hours booking, sent to both sides: one event per booking
    (its UID never changes), moved with a higher SEQUENCE, or cancelled (higher again)."""
    method = "CANCEL" if cancel else "REQUEST"
    calendar = new_calendar(method)
    event = Event()
    event.add("uid", f"office-hours-{booking.public_id}@hub")
    event.add("sequence", booking.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", booking.starts_at)
    event.add("dtend", booking.ends_at)
    event.add("summary", f"{title}: {booking.expert.user.full_name} · {booking.organisation.name}")
    if not cancel and booking.meeting_url:
        event.add("location", booking.meeting_url)
        event.add("description", booking.meeting_url)
    event.add("status", "CANCELLED" if cancel else "CONFIRMED")
    event.add("organizer", organizer())
    for person in (booking.booked_by, booking.expert.user):
        event.add("attendee", attendee(person.email, person.full_name, rsvp=not cancel))
    calendar.add_component(event)
    return email_part(calendar, method, filename="office-hours.ics")
