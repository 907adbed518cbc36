"""The Webinars section of a lead's activity page (network.organisation_report): the webinar
places their people hold."""

from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from wagtail import hooks
from wagtail.models import Locale

from network.dashboard import viewer_zone
from network.models import User
from network.organisation_report import HOOK, Section, csv_time, people
from pages.dates import zone_label

from .models import Registration, WebinarPage

REGISTRATION_TONES = {
    Registration.Status.REGISTERED: "success",
    Registration.Status.WAITLISTED: "warning",
    Registration.Status.PENDING: "info",
    Registration.Status.DECLINED: "danger",
    Registration.Status.CANCELLED: "neutral",
}


def _attendance(registration) -> tuple[str, str]:
    """From the video platform's attendee list; nothing until it is imported."""
    if registration.attended is True:
        return pgettext("webinar attendance", "Attended"), "success"
    if registration.attended is False:
        return _("Did not attend"), "warning"
    return "", ""


def _registrations(request, organisation) -> list[dict]:
    """The places the organisation's people hold: their own, and those made without an
    account under their address."""
    ids = people(request.user, organisation)
    addresses = User.objects.filter(pk__in=ids).values(lowered=Lower("email"))
    registrations = list(
        Registration.objects.visible_to(request.user)
        .annotate(lowered=Lower("email"))
        .filter(Q(user__in=ids) | Q(user__isnull=True, lowered__in=addresses))
        .select_related("session", "user")
        .order_by("-session__starts_at", "full_name", "pk")
    )
    # Registrations point to the session in its original language: show the reader's.
    keys = {registration.session.translation_key for registration in registrations}
    translated = {
        page.translation_key: page
        for page in WebinarPage.objects.live()
        .filter(locale=Locale.get_active(), translation_key__in=keys)
        .defer_streamfields()
    }
    rows = []
    for registration in registrations:
        session = registration.session
        page = translated.get(session.translation_key, session)
        attendance, attendance_tone = _attendance(registration)
        rows.append(
            {
                "person": str(registration.user) if registration.user else registration.full_name,
                "email": registration.email,
                "session": page.title,
                "url": page.get_url(request) if page.live else "",
                "starts_at": session.starts_at,
                "ends_at": session.ends_at,
                "status": registration.get_status_display(),
                "tone": REGISTRATION_TONES.get(registration.status, "neutral"),
                "attendance": attendance,
                "attendance_tone": attendance_tone,
                "closed": bool(registration.user and registration.user.closed_at),
            }
        )
    return rows


@hooks.register(HOOK)
def webinars_section(request, organisation):
    zone = viewer_zone(request.user)
    rows = _registrations(request, organisation)
    return Section(
        key="webinars",
        order=20,
        title=_("Webinars"),
        template="webinars/_organisation_registrations.html",
        context={"rows": rows, "zone": zone},
        header=[
            _("Person"),
            _("Email"),
            _("Session"),
            _("Starts (%(zone)s)") % {"zone": zone_label(zone)},
            _("Status"),
            _("Attendance"),
        ],
        rows=[
            [
                row["person"],
                "" if row["closed"] else row["email"],
                row["session"],
                csv_time(row["starts_at"], zone),
                row["status"],
                row["attendance"],
            ]
            for row in rows
        ],
    )
