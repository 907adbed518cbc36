"""The Office hours section of a lead's activity page (network.organisation_report): the
office hours their organisation booked."""

from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail import hooks

from network.dashboard import viewer_zone
from network.models import Membership, Topic
from network.organisation_report import HOOK, Section, csv_time
from pages.dates import zone_label

from .models import Booking

BOOKING_TONES = {
    Booking.Status.CONFIRMED: "success",
    Booking.Status.HELD: "neutral",
    Booking.Status.NO_SHOW: "warning",
    Booking.Status.CANCELLED: "danger",
}


def _bookings(viewer, organisation) -> list[dict]:
    bookings = list(
        Booking.objects.visible_to(viewer)
        .filter(organisation=organisation)
        .select_related("expert__user", "booked_by")
        .order_by("-starts_at", "pk")
    )
    topics = {
        topic.pk: topic.local_name
        for topic in Topic.objects.named_in().filter(
            pk__in={booking.topic_id for booking in bookings if booking.topic_id}
        )
    }
    # The booking's own page is its organisation's members'; a coordinator has the admin's.
    member = Membership.objects.filter(user=viewer, organisation=organisation).exists()
    return [
        {
            "starts_at": booking.starts_at,
            "ends_at": booking.ends_at,
            "expert": str(booking.expert.user),
            "topic": topics.get(booking.topic_id, ""),
            "booked_by": str(booking.booked_by),
            "status": booking.get_status_display(),
            "tone": BOOKING_TONES.get(booking.status, "neutral"),
            "url": reverse("office_hours:booking", args=[booking.public_id]) if member else "",
        }
        for booking in bookings
    ]


@hooks.register(HOOK)
def office_hours_section(request, organisation):
    zone = viewer_zone(request.user)
    rows = _bookings(request.user, organisation)
    return Section(
        key="office-hours",
        order=30,
        title=_("Office hours"),
        template="office_hours/_organisation_bookings.html",
        context={"rows": rows, "zone": zone},
        header=[
            _("Starts (%(zone)s)") % {"zone": zone_label(zone)},
            _("Ends (%(zone)s)") % {"zone": zone_label(zone)},
            _("Expert"),
            _("Topic"),
            _("Booked by"),
            _("Status"),
        ],
        rows=[
            [
                csv_time(row["starts_at"], zone),
                csv_time(row["ends_at"], zone),
                row["expert"],
                row["topic"],
                row["booked_by"],
                row["status"],
            ]
            for row in rows
        ],
    )
