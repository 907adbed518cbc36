"""My hub's Webinars and Office hours panels (network.dashboard): the sessions a person is
registered for, and their organisations' next office hours (or those they host)."""

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.models import Locale

from network.dashboard import HOOK, Panel, viewer_zone
from network.models import Membership

from .models import Booking, OfficeHoursPage, Registration, WebinarIndexPage, WebinarPage
from .registration import manage_token

SHOWN = 3  # the next few: the full lists are one link away
JOIN_EARLY = datetime.timedelta(minutes=15)  # the join button shows this long before
REGISTRATION_TONES = {
    Registration.Status.REGISTERED: "success",
    Registration.Status.WAITLISTED: "warning",
    Registration.Status.PENDING: "info",
}


def _first_url(queryset, request) -> str:
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
            "index_url": _first_url(WebinarIndexPage.objects, request),
            "zone": viewer_zone(request.user),
        },
    )


@hooks.register(HOOK)
def office_hours_panel(request):
    """The organisations' next bookings, and for an expert the ones they host. Hidden for
    someone who neither belongs to an organisation (only members book) nor hosts."""
    user = request.user
    organisations = set(Membership.objects.filter(user=user).values_list("organisation", flat=True))
    bookings = list(
        Booking.objects.visible_to(user)
        .upcoming()
        .filter(Q(organisation_id__in=organisations) | Q(expert__user=user))
        .select_related("expert__user", "organisation")
        .order_by("starts_at", "pk")[:SHOWN]
    )
    hosts = user.is_expert
    if not (bookings or organisations or hosts):
        return None
    rows = []
    for booking in bookings:
        ours = booking.organisation_id in organisations
        rows.append(
            {
                "starts_at": booking.starts_at,
                "expert": booking.expert.user.full_name,
                "organisation": booking.organisation.name,
                "hosting": booking.expert.user_id == user.pk,
                "url": reverse("webinars:booking", args=[booking.public_id])
                if ours
                else reverse("office_hours_admin:booking", args=[booking.pk]),
            }
        )
    in_admin = (hosts or user.is_coordinator) and user.has_perm("wagtailadmin.access_admin")
    return Panel(
        key="office-hours",
        order=30,
        title=_("Office hours"),
        template="webinars/_dashboard_office_hours.html",
        context={
            "rows": rows,
            "may_book": bool(organisations),
            "book_url": _first_url(OfficeHoursPage.objects, request) if organisations else "",
            "queue_url": reverse("office_hours_admin:bookings") if in_admin else "",
            "zone": viewer_zone(request.user),
        },
    )
