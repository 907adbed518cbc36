"""My hub's "Requests to join" panel (network.dashboard): the requests waiting for a lead's
decision in the organisations they lead, and the person's own requests waiting for one.
Shown only when something waits."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail import hooks

from .dashboard import HOOK, Panel
from .joining import managed_organisations
from .models import JoinRequest


@hooks.register(HOOK)
def joining_panel(request):
    user = request.user
    waiting = [
        {
            "name": organisation.name,
            "count": organisation.waiting,
            "url": reverse("network:organisation-people", args=[organisation.slug]),
        }
        for organisation in managed_organisations(user)
        .annotate(waiting=Count("join_requests", filter=Q(join_requests__status="pending")))
        .filter(waiting__gt=0)
    ]
    mine = list(
        JoinRequest.objects.visible_to(user)
        .pending()
        .filter(user=user)
        .select_related("organisation")
    )
    if not waiting and not mine:
        return None
    return Panel(
        key="joining",
        order=5,
        title=_("Requests to join"),
        template="network/_dashboard_joining.html",
        context={"waiting": waiting, "mine": mine},
    )
