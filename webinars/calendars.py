"""Calendar files (RFC 5545) for sessions, with icalendar.

Every session has one stable UID (from its translation key), so the invitation, any
update and the cancellation are the same event for a calendar app. SEQUENCE goes up on
every change a calendar must take: the session's time or join link (WebinarPage.save), its
cancellation (STATUS:CANCELLED in public files too), and a person's own cancellation or new
registration (Registration.calendar_sequence, added to it). The
join link appears only in the invitation sent to a registered person, as its LOCATION, never
in a public file or feed.

Invitations follow iTIP (RFC 5546): the ORGANIZER is a bare address (`mailto:hub@…`, its name
in CN) that can take the Accept/Decline replies: DEFAULT_FROM_EMAIL's address, or
HUB_CALENDAR_REPLY_TO when replies should go elsewhere; attendees carry ROLE, PARTSTAT and
RSVP so calendar apps offer to answer.
"""

from email.utils import parseaddr

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from icalendar import Calendar, Event, vCalAddress

PRODID = "-//North America Hub//Webinars//EN"


def uid(session) -> str:
    return f"webinar-{session.translation_key}@hub"  # the same in every language


def new_calendar(method: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    return calendar


def organizer() -> vCalAddress:
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    address = settings.HUB_CALENDAR_REPLY_TO or address
    organizer = vCalAddress(f"mailto:{address}")
    organizer.params["cn"] = name or settings.WAGTAIL_SITE_NAME
    return organizer


def attendee(email: str, name: str, *, rsvp: bool = True) -> vCalAddress:
    attendee = vCalAddress(f"mailto:{email}")
    attendee.params["cn"] = name or email
    attendee.params["role"] = "REQ-PARTICIPANT"
    attendee.params["partstat"] = "NEEDS-ACTION"
    attendee.params["rsvp"] = "TRUE" if rsvp else "FALSE"
    return attendee


def email_part(calendar: Calendar, method: str, filename: str = "invite.ics") -> dict:
    """The invitation as OutgoingEmail.calendar: sent as a text/calendar alternative."""
    return {"method": method, "content": calendar.to_ical().decode(), "filename": filename}


def _event(
    session, *, title: str, url: str, description: str = "", cancelled=False, sequence=None
) -> Event:
    event = Event()
    event.add("uid", uid(session))
    event.add("sequence", session.sequence if sequence is None else sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", session.starts_at)
    event.add("dtend", session.ends_at)
    event.add("summary", title)
    event.add("url", url)
    event.add("description", "\n\n".join(filter(None, [description, url])))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("organizer", organizer())
    return event


def invitation(session, registration, *, title: str, cancel: bool = False) -> dict:
    """A registrant's invitation (REQUEST, the join link as LOCATION) or its CANCEL, as
    OutgoingEmail.calendar."""
    method = "CANCEL" if cancel else "REQUEST"
    calendar = new_calendar(method)
    event = _event(
        session,
        title=title,
        url=session.get_full_url(),
        description="" if cancel else session.join_url,
        cancelled=cancel,
        sequence=session.sequence + registration.calendar_sequence,
    )
    if session.join_url and not cancel:
        event.add("location", session.join_url)
    event.add("attendee", attendee(registration.email, registration.full_name, rsvp=not cancel))
    calendar.add_component(event)
    return email_part(calendar, method)


def _response(calendar: Calendar, filename: str, *, attachment: bool) -> HttpResponse:
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def session_file(session, request) -> HttpResponse:
    calendar = new_calendar("PUBLISH")
    calendar.add_component(
        _event(
            session,
            title=session.title,
            url=session.get_full_url(request),
            description=session.summary,
            cancelled=bool(session.cancelled_at),
        )
    )
    return _response(calendar, f"{slugify(session.slug)}.ics", attachment=True)


def series_feed(series, request) -> HttpResponse:
    """Every session of a series, upcoming and past, for calendar apps to subscribe to."""
    calendar = new_calendar("PUBLISH")
    calendar.add("x-wr-calname", series.title)
    for session in series.sessions().order_by("starts_at"):
        calendar.add_component(
            _event(
                session,
                title=session.title,
                url=session.get_full_url(request),
                description=session.summary,
                cancelled=bool(session.cancelled_at),  # subscribed calendars take it off
            )
        )
    return _response(calendar, f"{slugify(series.slug)}.ics", attachment=False)
