"""Registering for a session or a whole series, cancelling, approvals and the waitlist.

A session's seats are counted under a row lock on the session, so simultaneous sign-ups
never exceed its capacity (PostgreSQL; SQLite serialises writers anyway). Registrations
always point to the session in the site's original language. Every change of a
registration's or a series registration's state is logged (wagtail.log_actions.log) with
who made it, None for the system; emails leave after commit (network.mail.queue_email).
"""

import datetime
import zoneinfo
from functools import partial

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_q.tasks import async_task
from wagtail.log_actions import log
from wagtail.models import Locale

from network.choices import Language
from network.mail import queue_email, render_email
from network.models import EmailPreference
from network.preferences import suppressed_addresses
from pages import cache as page_cache

from .calendars import invitation
from .models import Registration, SeriesSubscription, WebinarPage, WebinarSeriesPage
from .models.registrations import MANAGE_MAX_AGE, MANAGE_SALT, SERIES_SALT

Status = Registration.Status

# A registration form posted again for an address that is registered already sends the
# person their link again, but not more often than this: the answer on the page stays the
# same (it never tells a visitor who is registered), and the inbox is not flooded.
RESEND_EVERY = datetime.timedelta(hours=1)


def _resend_due(row, now) -> bool:
    """Whether a repeat may send `row`'s link again now (a registration or a series
    registration), and if so notes that it did."""
    if row.link_resent_at is not None and now - row.link_resent_at < RESEND_EVERY:
        return False
    row.link_resent_at = now
    row.save(update_fields=["link_resent_at"])
    return True


# --- Links in emails ---


def manage_token(registration: Registration) -> str:
    return registration.manage_token()


def subscription_token(subscription: SeriesSubscription) -> str:
    return subscription.manage_token()


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


def subscription_from_token(token: str) -> SeriesSubscription:
    try:
        pk, email = signing.loads(token, salt=SERIES_SALT, max_age=MANAGE_MAX_AGE * 3)
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise ValidationError(_("This link is not valid or has expired.")) from error
    subscription = SeriesSubscription.objects.filter(pk=pk, email=email).first()
    if subscription is None:
        raise ValidationError(_("This link is not valid or has expired."))
    return subscription


# --- Emails ---


def _page_in(page, language: str):
    """The page in the reader's language when it is live, else the page itself."""
    locale = Locale.objects.filter(language_code=language).first()
    translated = page.get_translation_or_none(locale) if locale else None
    return translated.specific if translated and translated.live else page


# The bulk kinds among a registrant's emails (each can be stopped in one click); the rest
# answer something the person did or needs to know about their place.
SERIES_KIND = EmailPreference.Kind.SERIES
KINDS = {
    "webinar_reminder": EmailPreference.Kind.WEBINAR_REMINDERS,
    "webinar_recording": EmailPreference.Kind.RECORDINGS,
}


def notify(
    registration: Registration,
    *,
    template: str = "webinar_registration",
    kind: str = "",
    context: dict | None = None,
    key: str | None = None,
) -> None:
    """Email a registrant about their place, in their language, with the calendar
    invitation when they hold a seat (or its cancellation when they no longer do).
    `context` adds what a template about a change needs (what changed, the editor's note).
    `key` names the message in the outbox (a second one with the same key is not sent)."""
    session = registration.session
    shown = _page_in(session, registration.language)
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
            "manage_url": registration.manage_url(),
            "page_url": shown.get_full_url() if shown.live else "",
            **(context or {}),
        },
        to=[registration.email],
        language=registration.language,
        kind=kind or KINDS.get(template, ""),
    )
    queue_email(message.with_calendar(calendar), key=key)


# --- A session's registrations ---


def _lock(session: WebinarPage) -> WebinarPage:
    return WebinarPage.objects.select_for_update().get(pk=session.pk)


def _save(registration: Registration, action: str, *, by, **data) -> None:
    registration.full_clean()
    registration.save()
    log(registration, action, user=by, data={"status": registration.status, **data})


def _status_for_new(session: WebinarPage) -> str:
    if session.registration_mode == WebinarPage.RegistrationMode.APPROVAL:
        return Status.PENDING
    taken = session.registrations.holding_seats().count()
    waiting = session.registrations.waiting().exists()
    return Status.REGISTERED if taken < session.capacity and not waiting else Status.WAITLISTED


@transaction.atomic
def register(
    *,
    session: WebinarPage,
    email: str,
    full_name: str,
    consent: bool,
    organisation: str = "",
    role: str = "",
    region: str = "",
    language: str = Language.ENGLISH,
    accessibility_needs: str = "",
    user=None,
    by=None,
    kind: str = "",
    resend_if_registered: bool = False,
) -> tuple[Registration, bool]:
    """Register someone for a session (a seat, the waitlist, or the approval queue).

    Returns the registration and whether it is new. Registering again with an active
    registration changes nothing (with `resend_if_registered`, the person is emailed where
    they stand again, at most once per RESEND_EVERY); after a cancellation it takes a new place in the queue. `user` is
    the account the place belongs to, `by` who registered (None for the system).
    """
    session = _lock(session.registration_page)
    if session.state() == WebinarPage.State.PAST:
        raise ValidationError(_("This session has already taken place."))
    if session.cancelled_at:
        raise ValidationError(_("This session has been cancelled: it takes no registrations."))
    if not consent:
        raise ValidationError({"consent": _("We need your consent to register you.")})
    email = email.strip().lower()
    existing = Registration.objects.filter(session=session, email=email).first()
    if existing is not None and (existing.is_active or existing.status == Status.DECLINED):
        if resend_if_registered and _resend_due(existing, timezone.now()):
            notify(existing)
        return existing, False  # nothing changes; a decision stands
    registration = existing or Registration(session=session)
    details = {
        "email": email,
        "full_name": full_name,
        "consent": consent,
        "organisation": organisation,
        "role": role,
        "region": region,
        "language": language,
        "accessibility_needs": accessibility_needs,
        "user": user if user and user.is_authenticated else None,
    }
    for name, value in details.items():
        setattr(registration, name, value)
    registration.status = _status_for_new(session)
    if existing is not None:
        registration.created_at = timezone.now()  # back of the queue
        registration.calendar_sequence += 1  # after its CANCEL, the new invitation must win
    _save(registration, "webinars.registration.register", by=by)
    notify(registration, kind=kind)
    return registration, True


@transaction.atomic
def decide(*, session: WebinarPage, registration_ids, approve: bool, by=None) -> dict[str, int]:
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
        action = "approve" if approve else "decline"
        _save(registration, f"webinars.registration.{action}", by=by)
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
    """Give free seats of a locked session to the people waiting longest (the system's
    doing, whoever freed the seat)."""
    free = session.capacity - session.registrations.holding_seats().count()
    if free <= 0:
        return
    for promoted in session.registrations.waiting()[:free]:
        promoted.status = Status.REGISTERED
        _save(promoted, "webinars.registration.promote", by=None)
        notify(promoted, template="webinar_promoted")


@transaction.atomic
def cancel(*, registration: Registration, by=None) -> Registration:
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
    _save(registration, "webinars.registration.cancel", by=by)
    notify(registration)
    if had_seat:
        _promote(session)
    return registration


# --- Telling registrants what changed (tasks, after a session is published) ---


def _changes(session: WebinarPage) -> dict:
    """What registrants were not told yet: a new time (with the one they had), a new join
    link. Empty when an edit came back to what they know."""
    moved = (session.starts_at, session.ends_at) != (
        session.announced_starts_at,
        session.announced_ends_at,
    )
    return {
        "moved": moved,
        "previous_starts": session.announced_starts_at if moved else None,
        "new_link": session.join_url != session.announced_join_url,
    }


@transaction.atomic
def announce_change(*, session: WebinarPage) -> int:
    """Tell the active registrants of a session still to come what changed since they were
    last told: a new time (everyone) or a new join link (people holding a seat, who are the
    only ones to have it), with the updated invitation (same UID, higher SEQUENCE). Runs once
    per change: the session remembers the SEQUENCE, time and link it announced. A session
    that has taken place or was cancelled tells nobody. Returns the number of emails
    queued."""
    session = _lock(session.registration_page)
    if session.sequence <= session.announced_sequence:
        return 0
    changes = _changes(session)
    told = 0
    if session.state() == WebinarPage.State.UPCOMING and not session.cancelled_at:
        for registration in session.registrations.active().order_by("pk"):
            holds_seat = registration.status == Status.REGISTERED
            if not (changes["moved"] or (changes["new_link"] and holds_seat)):
                continue
            registration.session = session
            notify(registration, template="webinar_changed", context=changes)
            told += 1
    WebinarPage.objects.filter(pk=session.pk).update(
        announced_sequence=session.sequence,
        announced_starts_at=session.starts_at,
        announced_ends_at=session.ends_at,
        announced_join_url=session.join_url,
    )
    return told


# --- A session cancelled (an editor's action, or the page unpublished) ---


def withdrawn_from_registrants(session: WebinarPage) -> bool:
    """A session still to come, taken off the site (unpublished) while people hold or wait
    for a place: for them it is cancelled. (A translation unpublished is not: its original
    still takes place; a session that has started or ended is not either.)"""
    return (
        not session.live
        and session.registration_page.pk == session.pk
        and session.state() == WebinarPage.State.UPCOMING
        and not session.cancelled_at
        and session.registrations.active().exists()
    )


@transaction.atomic
def cancel_session(
    *, session: WebinarPage, by=None, message: str = "", unpublished: bool = False
) -> WebinarPage:
    """Cancel a session still to come: its page says so in every language and takes no
    more registrations, and each of its registrants is then told once, with the calendar
    cancellation (tasks.notify_cancellation). `message` goes to them as written."""
    session = _lock(session.registration_page)
    if session.cancelled_at:
        raise ValidationError(_("This session is already cancelled."))
    if session.state() != WebinarPage.State.UPCOMING:
        raise ValidationError(
            _("This session has already started or taken place: it can no longer be cancelled.")
        )
    now, message = timezone.now(), message.strip()
    # STATUS:CANCELLED in the public calendar file and the series feed needs a higher
    # SEQUENCE for calendar apps to take it; it is already announced (by the cancellation).
    sequence = session.sequence + 1
    WebinarPage.objects.filter(translation_key=session.translation_key).update(
        cancelled_at=now,
        cancellation_message=message,
        sequence=sequence,
        announced_sequence=sequence,
    )
    session.cancelled_at, session.cancellation_message = now, message
    session.sequence = session.announced_sequence = sequence
    registrants = session.registrations.active().count()
    log(
        session,
        "webinars.session.cancel",
        user=by,
        data={"registrants": registrants, "message": message, "unpublished": unpublished},
    )
    transaction.on_commit(page_cache.invalidate)  # its pages say so at once
    transaction.on_commit(partial(async_task, "webinars.tasks.notify_cancellation", session.pk))
    return session


@transaction.atomic
def announce_cancellation(*, session: WebinarPage) -> int:
    """Tell every registrant of a cancelled session who held a seat or waited for one
    (or for approval): each registration is cancelled and its person emailed, in their
    language, with a CANCEL of their invitation. Safe to run twice: a cancelled
    registration is not told again. Returns the number of emails queued."""
    session = _lock(session.registration_page)
    if not session.cancelled_at:
        return 0
    registrations = list(
        Registration.objects.select_for_update().filter(session=session).active().order_by("pk")
    )
    for registration in registrations:
        registration.status = Status.CANCELLED
        registration.calendar_sequence += 1  # the CANCEL must win over their invitation
        _save(registration, "webinars.registration.session_cancelled", by=None)
        registration.session = session
        notify(
            registration,
            template="webinar_cancelled",
            context={"message": session.cancellation_message},
        )
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


# --- Series ---


def _save_subscription(subscription: SeriesSubscription, action: str, *, by) -> None:
    subscription.full_clean()
    subscription.save()
    log(subscription, action, user=by, data={"active": subscription.active})


@transaction.atomic
def subscribe(
    *,
    series: WebinarSeriesPage,
    email: str,
    full_name: str,
    consent: bool,
    organisation: str = "",
    role: str = "",
    region: str = "",
    language: str = Language.ENGLISH,
    accessibility_needs: str = "",
    user=None,
    by=None,
) -> SeriesSubscription:
    """Register someone for a whole series: every upcoming session now, and each session
    published later. Each session's own confirmation (with its invitation) follows."""
    series = series.registration_page
    if not consent:
        raise ValidationError({"consent": _("We need your consent to register you.")})
    email = email.strip().lower()
    subscription = (
        SeriesSubscription.objects.select_for_update().filter(series=series, email=email).first()
    )
    confirm = True
    if subscription is None:
        subscription = SeriesSubscription(
            series=series,
            email=email,
            full_name=full_name,
            consent=consent,
            organisation=organisation,
            role=role,
            region=region,
            language=language,
            accessibility_needs=accessibility_needs,
            user=user if user and user.is_authenticated else None,
        )
        _save_subscription(subscription, "webinars.subscription.subscribe", by=by)
    elif not subscription.active:
        # Someone asks again for an address that had stopped: the series resumes, with the
        # details it had (a form cannot rewrite another person's registration).
        subscription.active = True
        _save_subscription(subscription, "webinars.subscription.resume", by=by)
    else:
        # Registered already: the confirmation (and its link) again, once per RESEND_EVERY.
        confirm = _resend_due(subscription, timezone.now())
    for session in series.sessions().upcoming().filter(cancelled_at=None).order_by("starts_at"):
        if not Registration.objects.filter(session=session, email=email).exists():
            register(session=session, user=user, by=by, **subscription.registration_details())
    if not confirm:
        return subscription
    queue_email(
        render_email(
            template="webinar_series",
            context={
                "subscription": subscription,
                "series": _page_in(series, subscription.language),
                "manage_url": subscription.manage_url(),
            },
            to=[email],
            language=subscription.language,
        )
    )
    return subscription


@transaction.atomic
def stop_subscription(*, subscription: SeriesSubscription, by=None) -> SeriesSubscription:
    """No more places at new sessions of the series; places already taken stay."""
    subscription = SeriesSubscription.objects.select_for_update().get(pk=subscription.pk)
    if subscription.active:
        subscription.active = False
        _save_subscription(subscription, "webinars.subscription.stop", by=by)
    return subscription


@transaction.atomic
def register_subscribers(*, session: WebinarPage) -> int:
    """A session published in a series: its active subscribers are registered, except people
    who already have a registration for it (even a cancelled one: they chose). Returns how
    many were registered. Safe to run again: the second run finds them registered."""
    session = session.registration_page
    series = session.series
    if series is None or session.state() != WebinarPage.State.UPCOMING or session.cancelled_at:
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
            session=session,
            user=subscription.user,
            by=None,
            kind=SERIES_KIND,
            **subscription.registration_details(),
        )
        count += 1
    return count
