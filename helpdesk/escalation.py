"""Keeping the response-target clock: warnings before a deadline, escalation after one.

Before a first-response deadline the assigned expert gets a warning (the coordinators, for
a request nobody holds yet); before the resolution deadline, the assigned expert. Once a
deadline has passed without a response (or the resolution deadline has passed), a backup
expert is consulted (chosen by the same routing rule, leaving out those already on it) and
the coordinators are told. Escalations are internal: nothing goes to the city. A request
waiting on the city has its clock stopped, so it is never warned or escalated.

Each function takes one request's primary key, locks its row, checks again that the step is
due and not done (`warned_at`, `resolution_warned_at`, `breached_at`,
`resolution_breached_at`), and so is safe to run twice. `escalate_due` finds what is due
and runs them; helpdesk.tasks.escalate calls it every 5 minutes.

An at-risk request also pages the rota (helpdesk.services.page_on_call): when nobody
acknowledges within the time allowed, `page_next` pages the next person on call, and then
the coordinators; helpdesk.tasks.page_on_call runs it every minute.
"""

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from network.models import ExpertProfile

from . import routing, services
from .models import Event, HelpRequest, OnCallAlert

Status = HelpRequest.Status
RUNNING = [Status.NEW, Status.ASSIGNED, Status.IN_PROGRESS]  # the clock runs


def escalate_due(*, now: datetime.datetime) -> dict:
    """Warn and escalate every request that is due; returns the counts."""
    counts = {"warned": 0, "escalated": 0}
    running = HelpRequest.objects.filter(status__in=RUNNING)
    first = running.filter(
        first_response_at__isnull=True, warned_at__isnull=True, first_response_due__gt=now
    )
    for pk in first.values_list("pk", flat=True):
        counts["warned"] += warn_first_response(request_id=pk, now=now)
    resolution = running.filter(
        resolution_warned_at__isnull=True,
        resolution_breached_at__isnull=True,
        assignee__isnull=False,
        resolution_due__gt=now,
    )
    for pk in resolution.values_list("pk", flat=True):
        counts["warned"] += warn_resolution(request_id=pk, now=now)
    # The first response escalates once, and the resolution once more if it is missed too.
    late = running.filter(
        Q(breached_at__isnull=True, first_response_at__isnull=True, first_response_due__lte=now)
        | Q(resolution_breached_at__isnull=True, resolution_due__lte=now)
    )
    for pk in late.values_list("pk", flat=True):
        counts["escalated"] += escalate(request_id=pk, now=now)
    return counts


def _warn_from(deadline: datetime.datetime, urgency: str) -> datetime.datetime:
    return deadline - datetime.timedelta(minutes=services.target(urgency).warning_minutes)


@transaction.atomic
def warn_first_response(*, request_id: int, now: datetime.datetime | None = None) -> bool:
    """Warn that a first response is due soon: the assignee, or the coordinators when
    nobody holds the request yet (they must assign it). False when not due or done."""
    now = now or timezone.now()
    request = HelpRequest.objects.locked(request_id)
    if (
        request.status not in RUNNING
        or request.warned_at
        or request.first_response_at
        or request.first_response_due is None
        or not _warn_from(request.first_response_due, request.urgency) <= now
        or request.first_response_due <= now  # missed already: escalate instead
    ):
        return False
    request.warned_at = now
    request.full_clean(exclude=_all_but("warned_at"))
    request.save(update_fields=["warned_at"])
    services.log_event(
        request=request,
        kind=Event.Kind.WARNED,
        detail={"due": request.first_response_due.isoformat()},
    )
    if request.assignee_id:
        services.notify(request, [request.assignee.user])
    else:
        services.notify(request, services.coordinators())
    return True


@transaction.atomic
def warn_resolution(*, request_id: int, now: datetime.datetime | None = None) -> bool:
    """Warn the assignee that the resolution is due soon (once; again after a reopen).
    False when not due or done."""
    now = now or timezone.now()
    request = HelpRequest.objects.locked(request_id)
    if (
        request.status not in RUNNING
        or not request.assignee_id
        or request.resolution_warned_at
        or request.resolution_breached_at
        or request.resolution_due is None
        or not _warn_from(request.resolution_due, request.urgency) <= now
        or request.resolution_due <= now
    ):
        return False
    request.resolution_warned_at = now
    request.full_clean(exclude=_all_but("resolution_warned_at"))
    request.save(update_fields=["resolution_warned_at"])
    services.log_event(
        request=request,
        kind=Event.Kind.WARNED,
        detail={"due": request.resolution_due.isoformat(), "target": "resolution"},
    )
    services.notify(request, [request.assignee.user])
    return True


@transaction.atomic
def escalate(*, request_id: int, now: datetime.datetime | None = None) -> bool:
    """A deadline has passed: mark the breach, consult a backup expert and tell them and
    the coordinators. False when nothing is missed, or it was escalated already."""
    now = now or timezone.now()
    request = HelpRequest.objects.locked(request_id)
    if request.status not in RUNNING:
        return False
    missed_first = (
        request.breached_at is None
        and request.first_response_at is None
        and request.first_response_due is not None
        and request.first_response_due <= now
    )
    missed_resolution = (
        request.resolution_breached_at is None
        and request.resolution_due is not None
        and request.resolution_due <= now
    )
    if not (missed_first or missed_resolution):
        return False
    request.breached_at = request.breached_at or now
    if missed_resolution:
        request.resolution_breached_at = now
    request.full_clean(exclude=_all_but("breached_at", "resolution_breached_at"))
    request.save(update_fields=["breached_at", "resolution_breached_at"])
    backup = backup_for(request, now=now)
    if backup is not None:
        request.consulted.add(backup)
    services.log_event(
        request=request,
        kind=Event.Kind.ESCALATED,
        detail={
            "backup": backup.pk if backup else None,
            "missed": "resolution" if missed_resolution else "first_response",
        },
    )
    services.notify(request, [*([backup.user] if backup else []), *services.coordinators()])
    return True


def backup_for(request: HelpRequest, *, now: datetime.datetime) -> ExpertProfile | None:
    """Who to consult when a request is late: the routing rule's choice among the experts
    not yet on it, or None."""
    need = services.need_of(request)
    exclude = [request.assignee_id] if request.assignee_id else []
    exclude += list(request.consulted.values_list("pk", flat=True))
    result = routing.route(
        need,
        routing.candidates_for(need, today=timezone.localdate(now), now=now),
        exclude=exclude,
    )
    if result.expert_id is None:
        return None
    return ExpertProfile.objects.select_related("user").get(pk=result.expert_id)


# --- On call: paging the next person when nobody acknowledges ---


def page_next_due(*, now: datetime.datetime) -> int:
    """Page the next person on call for every at-risk request nobody has acknowledged
    within the time allowed (services.acknowledge_minutes); returns how many moved on.
    helpdesk.tasks.page_on_call calls it every minute."""
    waited = now - datetime.timedelta(minutes=services.acknowledge_minutes())
    due = OnCallAlert.objects.unacknowledged().filter(
        request__status__in=RUNNING,
        request__first_response_at__isnull=True,
        coordinators_escalated_at__isnull=True,
        paged_at__lte=waited,
    )
    return sum(page_next(alert_id=pk, now=now) for pk in due.values_list("pk", flat=True))


@transaction.atomic
def page_next(*, alert_id: int, now: datetime.datetime | None = None) -> bool:
    """Nobody acknowledged in time: page the next person on call now (consulted on the
    request, so they can open it), or, when the rota has nobody left, tell the
    coordinators that nobody has acknowledged. False when not due, or done already."""
    now = now or timezone.now()
    alert = OnCallAlert.objects.select_for_update().get(pk=alert_id)
    request = HelpRequest.objects.locked(alert.request_id)
    if (
        alert.acknowledged_at
        or alert.coordinators_escalated_at
        or request.status not in RUNNING
        or request.first_response_at
        or alert.paged_at > now - datetime.timedelta(minutes=services.acknowledge_minutes())
    ):
        return False
    found = services.on_call_now(now, exclude=alert.paged)
    if found:
        person, level = found[0]
        alert.current, alert.paged, alert.paged_at = person, [*alert.paged, person.pk], now
        alert.full_clean(exclude=["request", "current", "acknowledged_by"])
        alert.save(update_fields=["current", "paged", "paged_at"])
        expert = services.active_expert(person)
        if expert is not None and expert.pk != request.assignee_id:
            request.consulted.add(expert)
        services.log_event(
            request=request,
            kind=Event.Kind.ESCALATED,
            detail={"missed": "acknowledgement", "paged": person.pk, "on_call": level},
        )
        services.notify_on_call(request, [person], template="helpdesk_on_call", alert=alert)
        return True
    alert.coordinators_escalated_at = now
    alert.save(update_fields=["coordinators_escalated_at"])
    services.log_event(
        request=request,
        kind=Event.Kind.ESCALATED,
        detail={"missed": "acknowledgement", "paged": None},
    )
    services.notify_on_call(
        request, services.coordinators(), template="helpdesk_on_call_escalated", alert=alert
    )
    return True


def _all_but(*names: str) -> list[str]:
    """Every field but these: `full_clean(exclude=...)` validates only what a step sets."""
    return [field.name for field in HelpRequest._meta.fields if field.name not in names]
