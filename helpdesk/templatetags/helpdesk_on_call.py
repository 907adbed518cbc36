"""The on-call state in templates: `{% at_risk_banner %}` (in every admin page, through
templates/wagtailadmin/base.html), `{% on_call_alert help_request as alert %}` (the request
page's properties, templates/helpdesk/admin/_on_call.html), and `{% at_risk_promise as
promise %}` (what the public pages promise for "someone is at risk now", from the rota)."""

import functools

from django import template
from django.db import connection
from django.utils import timezone
from wagtail.admin.ui.components import Component

from .. import services, targets
from ..models import OnCallAlert, OnCallShift, Urgency

register = template.Library()

SHOWN = 5  # the banner names at most this many requests (and counts them all)


class AtRiskBanner(Component):
    """At-risk requests nobody has acknowledged, for a coordinator or the person paged:
    one query on every admin page (an expert's: is anyone waiting at all; if so, a second
    for theirs); nothing for anyone else."""

    template_name = "helpdesk/admin/_at_risk_banner.html"

    def __init__(self, alerts: list, count: int):
        self.alerts, self.count = alerts, count

    def get_context_data(self, parent_context=None):
        context = super().get_context_data(parent_context)
        context.update(alerts=self.alerts, count=self.count)
        if parent_context is not None and "csrf_token" in parent_context:
            context["csrf_token"] = parent_context["csrf_token"]
        return context


@functools.cache
def _waiting_sql(vendor: str) -> tuple[str, tuple]:
    """OnCallAlert.objects.waiting().exists() as SQL, built once (its parameters are
    constants): building the query took twice as long as the database takes to answer."""
    query = OnCallAlert.objects.waiting().query.exists()
    sql, params = query.get_compiler(connection=connection).as_sql()
    return sql, tuple(params)


def _anyone_waiting() -> bool:
    sql, params = _waiting_sql(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone() is not None


@register.simple_tag(takes_context=True)
def at_risk_banner(context) -> str:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not (user.is_coordinator or user.is_expert):
        return ""
    # Almost always nobody is waiting: one cheap EXISTS settles it before the person's own
    # question (an expert's goes through HelpRequest.visible_to, costly to build and plan).
    if not _anyone_waiting():
        return ""
    alerts = list(
        OnCallAlert.objects.waiting_for(user)
        .select_related("request", "current")
        .order_by("created_at", "pk")[: SHOWN + 1]
    )
    if not alerts:
        return ""
    count = len(alerts) if len(alerts) <= SHOWN else OnCallAlert.objects.waiting_for(user).count()
    return AtRiskBanner(alerts[:SHOWN], count).render_html(context)


@register.simple_tag
def on_call_alert(help_request):
    """The request's on-call alert, or None (one query, or none if already loaded)."""
    if help_request is None or not getattr(help_request, "pk", None):
        return None
    try:
        return help_request.on_call_alert
    except OnCallAlert.DoesNotExist:
        return None


@register.simple_tag
def at_risk_promise(said=None):
    """The at-risk promise (targets.Promise) as the rota keeps it, in the reader's zone
    (the active one). Given the promise the page already says for the target, only the
    rota is read (one query); else the target too."""
    now = timezone.now()
    if said is not None and said.first_response_minutes:
        first, resolution = said.first_response_minutes, said.resolution_minutes
    else:
        goal = services.target(Urgency.AT_RISK)
        first, resolution = goal.first_response_minutes, goal.resolution_minutes
    shifts = [shift.as_shift() for shift in OnCallShift.objects.current(now.date())]
    return targets.at_risk_promise(
        first_response_minutes=first,
        resolution_minutes=resolution,
        shifts=shifts,
        zone=timezone.get_current_timezone_name(),
        now=now,
    )
