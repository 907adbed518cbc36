"""My hub's Webinars panel (network.dashboard): the sessions a person is registered for."""

import datetime

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
    keys = [registration.session.translation_key for registration in registrations]
    translated = {
        page.translation_key: page
        for page in WebinarPage.objects.live()
        .filter(locale=Locale.get_active(), translation_key__in=keys)
        .defer_streamfields()
    }
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
            "zone": viewer_zone(request.user),
        },
    )
