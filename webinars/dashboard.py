"""My hub's Webinars panel (network.dashboard) and My webinars (webinars:mine): the sessions a
person is registered for."""

import datetime

from django.db.models import Count, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.models import Locale

from network.dashboard import HOOK, Panel, viewer_zone

from .models import Registration, WebinarIndexPage, WebinarPage
from .registration import manage_token

SHOWN = 3  # the next few: the full lists are one link away
JOIN_EARLY = datetime.timedelta(minutes=15)  # the join button shows this long before
REGISTRATION_TONES = {
    Registration.Status.REGISTERED: "success",
    Registration.Status.WAITLISTED: "warning",
    Registration.Status.PENDING: "info",
}


def first_url(queryset, request) -> str:
    page = queryset.live().filter(locale=Locale.get_active()).order_by("path").first()
    return page.get_url(request) if page else ""


def _registration_row(registration, page, request, now) -> dict:
    session = registration.session
    can_join = (
        registration.status == Registration.Status.REGISTERED
        and bool(session.join_url)
        and session.starts_at - JOIN_EARLY <= now < session.ends_at
    )
    return {
        "title": page.title,
        "url": page.get_url(request),
        "starts_at": session.starts_at,
        "status": registration.get_status_display(),
        "tone": REGISTRATION_TONES.get(registration.status, "neutral"),
        "join_url": session.join_url if can_join else "",
        "manage_url": reverse("webinars:manage", args=[manage_token(registration)]),
    }


def _in_reader_language(registrations) -> dict:
    """The live session pages of `registrations` in the reader's language, by translation key
    (registrations point to the original): one query."""
    keys = {registration.session.translation_key for registration in registrations}
    return {
        page.translation_key: page
        for page in WebinarPage.objects.live()
        .filter(locale=Locale.get_active(), translation_key__in=keys)
        .defer_streamfields()
    }


def my_webinars(request, now=None) -> dict:
    """A member's webinars (webinars:mine): upcoming ones with join, calendar and cancel
    links, past ones where they held a seat with the recording, and cancelled or declined
    upcoming ones. The same few queries however many there are."""
    now = now or timezone.now()
    waiting_before = Registration.objects.filter(
        session=OuterRef("session"),
        status=Registration.Status.WAITLISTED,
        created_at__lte=OuterRef("created_at"),
    )
    mine = list(
        Registration.objects.owned_by(request.user)
        .filter(session__live=True)
        .select_related("session")
        .defer("session__body", "session__speakers", "session__chapters", "session__transcript")
        .annotate(
            position=Subquery(
                waiting_before.order_by().values("session").annotate(n=Count("pk")).values("n")
            )
        )
        .order_by("session__starts_at", "pk")
    )
    pages = _in_reader_language(mine)
    upcoming, past, inactive = [], [], []
    for registration in mine:
        session = registration.session
        page = pages.get(session.translation_key, session)
        url = page.get_url(request)
        row = _registration_row(registration, page, request, now)
        row.update(
            ends_at=session.ends_at,
            calendar_url=url + page.reverse_subpage("calendar"),
            cancel_url=reverse("webinars:manage-cancel", args=[manage_token(registration)]),
            position=registration.position
            if registration.status == Registration.Status.WAITLISTED
            else None,
            attended=registration.attended,
            recording_url=f"{url}#recording" if page.has_recording else "",
        )
        if session.ends_at > now:
            (upcoming if registration.is_active else inactive).append(row)
        elif registration.status == Registration.Status.REGISTERED:
            past.append(row)
    past.reverse()  # the latest first
    return {
        "upcoming": upcoming,
        "past": past,
        "inactive": inactive,
        "zone": viewer_zone(request.user),
        "index_url": first_url(WebinarIndexPage.objects, request),
    }


@hooks.register(HOOK)
def webinars_panel(request):
    now = timezone.now()
    registrations = list(
        Registration.objects.owned_by(request.user)
        .active()
        .filter(session__live=True, session__ends_at__gt=now)
        .select_related("session")
        .order_by("session__starts_at", "pk")[:SHOWN]
    )
    # Registrations point to the session in the original language: show the reader's.
    translated = _in_reader_language(registrations)
    rows = [
        _registration_row(r, translated.get(r.session.translation_key, r.session), request, now)
        for r in registrations
    ]
    return Panel(
        key="webinars",
        order=20,
        title=_("Webinars"),
        template="webinars/_dashboard_webinars.html",
        context={
            "rows": rows,
            "index_url": first_url(WebinarIndexPage.objects, request),
            "mine_url": reverse("webinars:mine"),
            "zone": viewer_zone(request.user),
        },
    )
