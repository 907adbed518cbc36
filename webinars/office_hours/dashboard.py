"""My hub's Office hours panel (network.dashboard): the organisations' next bookings, or
those an expert hosts."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail import hooks

from network.dashboard import HOOK, Panel, viewer_zone
from network.models import Membership
from webinars.dashboard import SHOWN, first_url

from .models import Booking, OfficeHoursPage


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
                "url": reverse("office_hours:booking", args=[booking.public_id])
                if ours
                else reverse("office_hours_admin:booking", args=[booking.pk]),
            }
        )
    in_admin = (hosts or user.is_coordinator) and user.has_perm("wagtailadmin.access_admin")
    return Panel(
        key="office-hours",
        order=30,
        title=_("Office hours"),
        template="office_hours/_dashboard_office_hours.html",
        context={
            "rows": rows,
            "may_book": bool(organisations),
            "book_url": first_url(OfficeHoursPage.objects, request) if organisations else "",
            "queue_url": reverse("office_hours_admin:bookings") if in_admin else "",
            "zone": viewer_zone(request.user),
        },
    )
