"""My calendar: one private address per person that calendar apps subscribe to (RFC 5545).

Whoever holds the address reads the person's commitments, so it carries a random token
(CalendarFeed), can be replaced (the old address answers 404 at once) or switched off.

`network` never imports the feature apps: each registers a function under the Wagtail hook
`HOOK` that takes a user and returns a list of `CalendarEvent`s (webinars: places and
office hours; academy: module releases). They run with the person's language active and
read through their models' `visible_to(user)`, at a fixed number of queries. Help-desk
requests never appear here: a feed has no sign-in, and their content stays behind one.
A meeting link appears only for a confirmed side of a booking or registration, as in the
invitations (webinars.calendars), and each event keeps the UID its emailed invitation has,
so a calendar that holds both shows one event.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from icalendar import Calendar, Event
from wagtail import hooks
from wagtail.log_actions import log

from .dashboard import viewer_zone
from .models import CalendarFeed

HOOK = "hub_calendar_events"
PRODID = "-//North America Hub//My calendar//EN"
REFRESH = datetime.timedelta(hours=1)  # how often calendar apps are asked to fetch again
READ_MARK_EVERY = datetime.timedelta(hours=1)  # last_read_at: at most one write an hour
# How far back the feed reaches; everything ahead is in it.
WINDOW = datetime.timedelta(days=90)


@dataclass(frozen=True)
class CalendarEvent:
    """One event of a person's calendar, in plain values; times are aware (sent as UTC)."""

    uid: str
    start: datetime.datetime
    end: datetime.datetime
    summary: str
    description: str = ""
    url: str = ""
    location: str = ""
    status: str = "CONFIRMED"  # CONFIRMED, TENTATIVE or CANCELLED (same UID: calendars drop it)
    sequence: int = 0
    busy: bool = True  # False: shown, but the time stays free (a module opening)


def window_start(now: datetime.datetime | None = None) -> datetime.datetime:
    """The earliest start a feed still lists."""
    return (now or timezone.now()) - WINDOW


def absolute(path: str) -> str:
    """A full address for a path of the site (feeds are read outside any request)."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


# --- The address: get one, replace it, switch it off ---


def feed_for(user) -> CalendarFeed:
    """The person's calendar address, made on first ask."""
    feed = CalendarFeed.objects.filter(user=user).first()
    return feed if feed is not None else create(user=user)


@transaction.atomic
def create(*, user) -> CalendarFeed:
    """Make the person's calendar address (or return the one a double click just made)."""
    feed = CalendarFeed(user=user)
    try:
        feed.full_clean()
    except ValidationError:  # made meanwhile by another request (a double click)
        return CalendarFeed.objects.get(user=user)
    try:
        with transaction.atomic():
            feed.save()
    except IntegrityError:
        return CalendarFeed.objects.get(user=user)
    log(feed, "network.calendar.create", user=user)
    return feed


@transaction.atomic
def replace(*, user) -> CalendarFeed:
    """A new address for the person; the old one stops working at once."""
    feed = CalendarFeed.objects.select_for_update().filter(user=user).first()
    if feed is None:
        return create(user=user)
    feed.token = CalendarFeed._meta.get_field("token").get_default()
    feed.last_read_at = None
    feed.full_clean()
    feed.save(update_fields=["token", "last_read_at"])
    log(feed, "network.calendar.replace", user=user)
    return feed


@transaction.atomic
def turn_off(*, user) -> bool:
    """Switch the address off (the row goes). False when there was none."""
    feed = CalendarFeed.objects.select_for_update().filter(user=user).first()
    if feed is None:
        return False
    log(feed, "network.calendar.turn_off", user=user)
    feed.delete()
    return True


@transaction.atomic
def mark_read(*, feed: CalendarFeed, now: datetime.datetime | None = None) -> None:
    """Note that a calendar app read the address (the profile says when), at most once an
    hour: apps poll every few minutes, and a write per poll is not worth it. Bookkeeping,
    not a change of state: not logged."""
    now = now or timezone.now()
    if feed.last_read_at is None or now - feed.last_read_at >= READ_MARK_EVERY:
        CalendarFeed.objects.filter(pk=feed.pk).update(last_read_at=now)
        feed.last_read_at = now


@hooks.register("register_log_actions")
def register_calendar_log_actions(actions):
    actions.register_action(
        "network.calendar.create",
        gettext_lazy("Create calendar address"),
        gettext_lazy("Calendar address created"),
    )
    actions.register_action(
        "network.calendar.replace",
        gettext_lazy("Replace calendar address"),
        gettext_lazy("Calendar address replaced"),
    )
    actions.register_action(
        "network.calendar.turn_off",
        gettext_lazy("Turn off calendar address"),
        gettext_lazy("Calendar address turned off"),
    )


# --- The feed ---


def events_for(user) -> list[CalendarEvent]:
    """Every feature app's events for this person, in their language, by start time."""
    with translation.override(user.language):
        found = [event for hook in hooks.get_hooks(HOOK) for event in hook(user)]
    return sorted(found, key=lambda event: (event.start, event.uid))


def _utc(moment: datetime.datetime) -> datetime.datetime:
    return moment.astimezone(datetime.UTC)


def _component(event: CalendarEvent, stamp: datetime.datetime) -> Event:
    component = Event()
    component.add("uid", event.uid)
    component.add("sequence", event.sequence)
    component.add("dtstamp", stamp)
    component.add("dtstart", _utc(event.start))
    component.add("dtend", _utc(event.end))
    component.add("summary", event.summary)
    if event.description:
        component.add("description", event.description)
    if event.url:
        component.add("url", event.url)
    if event.location:
        component.add("location", event.location)
    component.add("status", event.status)
    component.add("transp", "OPAQUE" if event.busy else "TRANSPARENT")
    return component


def render(user) -> bytes:
    """The person's calendar: webinar places, office hours and module openings, in their
    language, times in UTC with their zone named for apps that show it."""
    stamp = _utc(timezone.now())
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    with translation.override(user.language):
        calendar.add("x-wr-calname", _("North America Hub"))
        calendar.add(
            "x-wr-caldesc", _("Your webinars, office hours and course modules on the hub.")
        )
    calendar.add("x-wr-timezone", viewer_zone(user).key)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    for event in events_for(user):
        calendar.add_component(_component(event, stamp))
    return calendar.to_ical()
