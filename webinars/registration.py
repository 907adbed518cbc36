"""Registering for a session, cancelling, and the waitlist; what a session page shows.

A session's seats are counted under a row lock on the session, so simultaneous sign-ups
never exceed its capacity (PostgreSQL; SQLite serialises writers anyway). Registrations
always point to the session in the site's original language.
"""

import zoneinfo

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from network.mail import queue_email, render_email
from network.models import EmailPreference
from network.preferences import suppressed_addresses

from .calendars import invitation
from .forms import RegistrationForm
from .models import Registration, SeriesSubscription, WebinarPage, WebinarSeriesPage

Status = Registration.Status
MANAGE_SALT = "webinars.registration"
MANAGE_MAX_AGE = 60 * 60 * 24 * 365  # a manage link works for a year


def manage_token(registration: Registration) -> str:
    return signing.dumps([registration.pk, registration.email], salt=MANAGE_SALT)


def registration_from_token(token: str) -> Registration:
    """The registration a manage link is for. The link is scoped to one registration and
    its address; a tampered or expired link raises ValidationError."""
    try:
        pk, email = signing.loads(token, salt=MANAGE_SALT, max_age=MANAGE_MAX_AGE)
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise ValidationError(_("This link is not valid or has expired.")) from error
    registration = Registration.objects.filter(pk=pk, email=email).select_related("session").first()
    if registration is None:
        raise ValidationError(_("This link is not valid or has expired."))
    return registration


def manage_url(registration: Registration) -> str:
    with translation.override(registration.language):
        path = reverse("webinars:manage", args=[manage_token(registration)])
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _session_in(session: WebinarPage, language: str) -> WebinarPage:
    from wagtail.models import Locale

    locale = Locale.objects.filter(language_code=language).first()
    translated = session.get_translation_or_none(locale) if locale else None
    return translated.specific if translated and translated.live else session


# The bulk kinds among a registrant's emails (each can be stopped in one click); the rest
# answer something the person did or needs to know about their place.
SERIES_KIND = EmailPreference.Kind.SERIES
KINDS = {
    "webinar_reminder": EmailPreference.Kind.WEBINAR_REMINDERS,
    "webinar_recording": EmailPreference.Kind.RECORDINGS,
}


def notify(
    registration: Registration, *, template: str = "webinar_registration", kind: str = ""
) -> None:
    """Email a registrant about their place, in their language, with the calendar
    invitation when they hold a seat (or its cancellation when they no longer do)."""
    session = registration.session
    shown = _session_in(session, registration.language)
    calendar = None
    if registration.status == Status.REGISTERED and template in (
        "webinar_registration",
        "webinar_promoted",
        "webinar_changed",
    ):
        calendar = invitation(session, registration, title=shown.title)
    elif registration.status == Status.CANCELLED:
        calendar = invitation(session, registration, title=shown.title, cancel=True)
    zone = zoneinfo.ZoneInfo(session.time_zone)
    message = render_email(
        template=template,
        context={
            "registration": registration,
            "session": shown,
            "starts": timezone.localtime(session.starts_at, zone),
            "join_url": session.join_url if registration.status == Status.REGISTERED else "",
            "manage_url": manage_url(registration),
            "page_url": shown.get_full_url(),
        },
        to=[registration.email],
        language=registration.language,
        kind=kind or KINDS.get(template, ""),
    )
    queue_email(message.with_calendar(calendar))


@transaction.atomic
def announce_change(*, session: WebinarPage) -> int:
    """Tell every active registrant that the session moved, with the updated invitation
    (same UID, higher SEQUENCE). Runs once per change: the session remembers the SEQUENCE
    it announced. Returns the number of emails queued."""
    session = _lock(session.registration_page)
    if session.sequence <= session.announced_sequence:
        return 0
    registrations = list(session.registrations.active().order_by("pk"))
    for registration in registrations:
        registration.session = session
        notify(registration, template="webinar_changed")
    session.announced_sequence = session.sequence
    WebinarPage.objects.filter(pk=session.pk).update(announced_sequence=session.sequence)
    return len(registrations)


@transaction.atomic
def announce_recording(*, session: WebinarPage) -> int:
    """Once a past session's recording is published, everyone who held a seat gets its
    link, once. Returns the number of emails queued."""
    session = _lock(session.registration_page)
    if not session.has_recording or session.recording_announced_at:
        return 0
    if session.state() == WebinarPage.State.UPCOMING:
        return 0  # a recording link on a session still to come: nothing to watch yet
    registrations = list(session.registrations.holding_seats().order_by("pk"))
    for registration in registrations:
        registration.session = session
        notify(registration, template="webinar_recording")
    WebinarPage.objects.filter(pk=session.pk).update(recording_announced_at=timezone.now())
    return len(registrations)


def _lock(session: WebinarPage) -> WebinarPage:
    return WebinarPage.objects.select_for_update().get(pk=session.pk)


def _status_for_new(session: WebinarPage) -> str:
    if session.registration_mode == WebinarPage.RegistrationMode.APPROVAL:
        return Status.PENDING
    taken = session.registrations.holding_seats().count()
    waiting = session.registrations.filter(status=Status.WAITLISTED).exists()
    return Status.REGISTERED if taken < session.capacity and not waiting else Status.WAITLISTED


@transaction.atomic
def register(
    *, session: WebinarPage, data: dict, user=None, kind: str = ""
) -> tuple[Registration, bool]:
    """Register someone for a session (a seat, the waitlist, or the approval queue).

    Returns the registration and whether it is new. Registering again with an active
    registration changes nothing; after a cancellation it takes a new place in the queue.
    """
    session = _lock(session.registration_page)
    if session.state() == WebinarPage.State.PAST:
        raise ValidationError(_("This session has already taken place."))
    email = data["email"].strip().lower()
    existing = Registration.objects.filter(session=session, email=email).first()
    if existing is not None and (existing.is_active or existing.status == Status.DECLINED):
        return existing, False  # nothing changes; a decision stands
    fields = {**data, "email": email, "user": user if user and user.is_authenticated else None}
    status = _status_for_new(session)
    if existing is None:
        registration = Registration.objects.create(session=session, status=status, **fields)
    else:
        for name, value in fields.items():
            setattr(existing, name, value)
        existing.status = status
        existing.created_at = timezone.now()  # back of the queue
        existing.calendar_sequence += 1  # after its CANCEL, the new invitation must win
        existing.save()
        registration = existing
    notify(registration, kind=kind)
    return registration, True


@transaction.atomic
def decide(*, session: WebinarPage, registration_ids, approve: bool) -> dict[str, int]:
    """Approve or decline a batch of a session's pending registrations, oldest first.
    Approved people take free seats while there are any, then join the waitlist."""
    session = _lock(session.registration_page)
    pending = session.registrations.filter(pk__in=registration_ids, status=Status.PENDING)
    counts = {Status.REGISTERED: 0, Status.WAITLISTED: 0, Status.DECLINED: 0}
    _promote(session)  # people already waiting come first
    free = session.capacity - session.registrations.holding_seats().count()
    for registration in pending.order_by("created_at", "pk"):
        if not approve:
            registration.status = Status.DECLINED
        elif free > 0:
            registration.status, free = Status.REGISTERED, free - 1
        else:
            registration.status = Status.WAITLISTED
        registration.save(update_fields=["status", "updated_at"])
        counts[registration.status] += 1
        registration.session = session
        notify(registration)
    return {str(key): value for key, value in counts.items()}


@transaction.atomic
def fill_free_seats(*, session: WebinarPage) -> None:
    """After an editor raises a session's seats: the people waiting take them, in order."""
    session = _lock(session.registration_page)
    if session.state() != WebinarPage.State.PAST:
        _promote(session)


def _promote(session: WebinarPage) -> None:
    """Give free seats of a locked session to the people waiting longest."""
    free = session.capacity - session.registrations.holding_seats().count()
    if free <= 0:
        return
    waiting = session.registrations.filter(status=Status.WAITLISTED).order_by("created_at", "pk")
    for promoted in waiting[:free]:
        promoted.status = Status.REGISTERED
        promoted.save(update_fields=["status", "updated_at"])
        notify(promoted, template="webinar_promoted")


@transaction.atomic
def cancel(*, registration: Registration) -> Registration:
    """Give up a place; the first person waiting takes a freed seat and is told."""
    session = _lock(registration.session)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if not registration.is_active:
        raise ValidationError(_("This registration is already cancelled."))
    if session.state() == WebinarPage.State.PAST:
        raise ValidationError(_("This session has already taken place."))
    had_seat = registration.status == Status.REGISTERED
    registration.status = Status.CANCELLED
    # A CANCEL must carry a higher SEQUENCE than the invitation it withdraws (RFC 5546).
    registration.calendar_sequence += 1
    registration.save(update_fields=["status", "calendar_sequence", "updated_at"])
    notify(registration)
    if had_seat:
        _promote(session)
    return registration


def viewer_zone(request, session: WebinarPage) -> zoneinfo.ZoneInfo:
    """The signed-in person's zone, or the session's own for visitors."""
    user = request.user
    if user.is_authenticated and user.time_zone:
        return zoneinfo.ZoneInfo(user.time_zone)
    return zoneinfo.ZoneInfo(session.time_zone)


def session_times(request, session: WebinarPage) -> dict:
    """The session's start and end in the viewer's zone, and its start in its own zone."""
    zone = viewer_zone(request, session)
    return {
        "starts_viewer": timezone.localtime(session.starts_at, zone),
        "ends_viewer": timezone.localtime(session.ends_at, zone),
        "starts_session": timezone.localtime(
            session.starts_at, zoneinfo.ZoneInfo(session.time_zone)
        ),
        "same_zone": zone.key == session.time_zone,
    }


def waitlist_position(registration: Registration) -> int | None:
    """A waiting registrant's place in line (1 is next), or None when not waiting."""
    if registration.status != Status.WAITLISTED:
        return None
    return Registration.objects.filter(
        session_id=registration.session_id,
        status=Status.WAITLISTED,
        created_at__lte=registration.created_at,
    ).count()


def session_view(*, session: WebinarPage, request, form=None) -> dict:
    """What a session page shows: its state, its times in two zones, and the visitor's own
    registration or a form. Never the join link, never anyone else's registration."""
    source = session.registration_page
    user = request.user
    mine = None
    if user.is_authenticated:
        mine = Registration.objects.owned_by(user).filter(session=source).active().first()
    state = source.state()
    context = {
        **session_times(request, source),
        "state": state,
        "registration": mine,
        "manage_url": manage_url(mine) if mine else "",
        "waitlist_position": waitlist_position(mine) if mine else None,
    }
    if state != "past" and mine is None:  # registration is open: the form and its seats
        seats_taken = source.registrations.holding_seats().count()
        context.update(
            is_full=seats_taken >= source.capacity, form=form or RegistrationForm(user=user)
        )
    return context


# --- Series ---

SERIES_SALT = "webinars.series"


def series_source(series: WebinarSeriesPage) -> WebinarSeriesPage:
    if series.locale.language_code == settings.LANGUAGE_CODE:
        return series
    from wagtail.models import Locale

    source = series.get_translation_or_none(Locale.get_default())
    return source.specific if source else series


def subscription_token(subscription: SeriesSubscription) -> str:
    return signing.dumps([subscription.pk, subscription.email], salt=SERIES_SALT)


def subscription_from_token(token: str) -> SeriesSubscription:
    try:
        pk, email = signing.loads(token, salt=SERIES_SALT, max_age=MANAGE_MAX_AGE * 3)
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise ValidationError(_("This link is not valid or has expired.")) from error
    subscription = SeriesSubscription.objects.filter(pk=pk, email=email).first()
    if subscription is None:
        raise ValidationError(_("This link is not valid or has expired."))
    return subscription


@transaction.atomic
def subscribe(*, series: WebinarSeriesPage, data: dict, user=None) -> SeriesSubscription:
    """Register someone for a whole series: every upcoming session now, and each session
    published later. Each session's own confirmation (with its invitation) follows."""
    series = series_source(series)
    email = data["email"].strip().lower()
    fields = {**data, "email": email, "active": True,
              "user": user if user and user.is_authenticated else None}  # fmt: skip
    subscription = (
        SeriesSubscription.objects.select_for_update().filter(series=series, email=email).first()
    )
    if subscription is None:
        subscription = SeriesSubscription.objects.create(series=series, **fields)
    elif not subscription.active:
        # Someone asks again for an address that had stopped: the series resumes, with the
        # details it had (a form cannot rewrite another person's registration).
        subscription.active = True
        subscription.save(update_fields=["active"])
    for session in series.sessions().upcoming().order_by("starts_at"):
        if not Registration.objects.filter(session=session, email=email).exists():
            register(session=session, data=subscription.registration_data(), user=user)
    with translation.override(subscription.language):
        path = reverse("webinars:series", args=[subscription_token(subscription)])
    queue_email(
        render_email(
            template="webinar_series",
            context={
                "subscription": subscription,
                "series": _session_in(series, subscription.language),
                "manage_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path,
            },
            to=[email],
            language=subscription.language,
        )
    )
    return subscription


def register_subscribers(*, session: WebinarPage) -> int:
    """A session published in a series: its active subscribers are registered, except people
    who already have a registration for it (even a cancelled one: they chose). Returns how
    many were registered."""
    session = session.registration_page
    series = session.series
    if series is None or session.state() != WebinarPage.State.UPCOMING:
        return 0
    known = set(session.registrations.values_list("email", flat=True))
    subscriptions = list(series.subscriptions.filter(active=True).exclude(email__in=known))
    # Someone who stopped series notices is not given a seat they would not hear about.
    stopped = suppressed_addresses([s.email for s in subscriptions], kind=SERIES_KIND)
    count = 0
    for subscription in subscriptions:
        if subscription.email in stopped:
            continue
        register(
            session=session, data=subscription.registration_data(), user=subscription.user,
            kind=SERIES_KIND,
        )  # fmt: skip
        count += 1
    return count
