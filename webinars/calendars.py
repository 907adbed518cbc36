"""Calendar files (RFC 5545) for sessions, with icalendar.

Every session has one stable UID (from its translation key), so the invitation, any
update and the cancellation are the same event for a calendar app; SEQUENCE goes up each
time the session's time changes (WebinarPage.save). The join link appears only in the
invitation sent to a registered person, never in a public file or feed.
"""

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from icalendar import Calendar, Event, vCalAddress

PRODID = "-//North America Hub//Webinars//EN"


def uid(session) -> str:
    return f"webinar-{session.translation_key}@hub"  # the same in every language


def _calendar(method: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    return calendar


def _event(session, *, title: str, url: str, description: str = "", cancelled=False) -> Event:
    event = Event()
    event.add("uid", uid(session))
    event.add("sequence", session.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", session.starts_at)
    event.add("dtend", session.ends_at)
    event.add("summary", title)
    event.add("url", url)
    event.add("description", "\n\n".join(filter(None, [description, url])))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    organizer = vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL}")
    organizer.params["cn"] = settings.WAGTAIL_SITE_NAME
    event.add("organizer", organizer)
    return event


def invitation_attachment(session, registration, *, title: str, cancel: bool = False) -> dict:
    """The .ics attached to a registrant's email: REQUEST with the join link, or CANCEL."""
    method = "CANCEL" if cancel else "REQUEST"
    calendar = _calendar(method)
    description = "" if cancel else session.join_url
    event = _event(
        session, title=title, url=session.get_full_url(), description=description,
        cancelled=cancel,
    )  # fmt: skip
    attendee = vCalAddress(f"mailto:{registration.email}")
    attendee.params["cn"] = registration.full_name
    event.add("attendee", attendee)
    calendar.add_component(event)
    return {
        "filename": "invite.ics",
        "content": calendar.to_ical().decode(),
        "mimetype": f"text/calendar; method={method}; charset=utf-8",
    }


def _response(calendar: Calendar, filename: str, *, attachment: bool) -> HttpResponse:
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def session_file(session, request) -> HttpResponse:
    calendar = _calendar("PUBLISH")
    calendar.add_component(
        _event(
            session,
            title=session.title,
            url=session.get_full_url(request),
            description=session.summary,
        )  # fmt: skip
    )
    return _response(calendar, f"{slugify(session.slug)}.ics", attachment=True)


def series_feed(series, request) -> HttpResponse:
    """Every session of a series, upcoming and past, for calendar apps to subscribe to."""
    calendar = _calendar("PUBLISH")
    calendar.add("x-wr-calname", series.title)
    for session in series.sessions().order_by("starts_at"):
        calendar.add_component(
            _event(
                session,
                title=session.title,
                url=session.get_full_url(request),
                description=session.summary,
            )  # fmt: skip
        )
    return _response(calendar, f"{slugify(series.slug)}.ics", attachment=False)


def booking_attachment(booking, *, title: str, cancel: bool = False) -> dict:
    """The .ics for an office-hours booking, sent to both sides: one event per booking
    (its UID never changes), moved with a higher SEQUENCE, or cancelled."""
    method = "CANCEL" if cancel else "REQUEST"
    calendar = _calendar(method)
    event = Event()
    event.add("uid", f"office-hours-{booking.public_id}@hub")
    event.add("sequence", booking.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", booking.starts_at)
    event.add("dtend", booking.ends_at)
    event.add("summary", f"{title}: {booking.expert.user.full_name} · {booking.organisation.name}")
    if not cancel:
        event.add("location", booking.meeting_url)
        event.add("description", booking.meeting_url)
    event.add("status", "CANCELLED" if cancel else "CONFIRMED")
    organizer = vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL}")
    organizer.params["cn"] = settings.WAGTAIL_SITE_NAME
    event.add("organizer", organizer)
    for person in (booking.booked_by, booking.expert.user):
        attendee = vCalAddress(f"mailto:{person.email}")
        attendee.params["cn"] = person.full_name
        event.add("attendee", attendee)
    calendar.add_component(event)
    return {
        "filename": "office-hours.ics",
        "content": calendar.to_ical().decode(),
        "mimetype": f"text/calendar; method={method}; charset=utf-8",
    }
