"""Scheduled help-desk work (django-q2): keeping the response-target clock.

`escalate` runs every 5 minutes and is safe to run twice: a request is warned once
(`warned_at`) and escalated once (`breached_at`). Before a first-response deadline the
assigned expert gets a warning (the coordinators, for a request nobody holds yet); once it has passed without a response (or the resolution
deadline has passed), a backup expert is consulted (chosen by the same routing rule,
leaving out the assignee) and the coordinators are told. Escalations are internal events:
nothing goes to the city. A request waiting on the city has its clock stopped.
"""

import datetime

from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models import Q
from django.utils import timezone
from django_q.models import Schedule

from network import tasks as network_tasks
from network.models import ExpertProfile

from . import routing, services
from .models import Event, HelpRequest

SCHEDULES = {
    "help desk: escalations": {
        "func": "helpdesk.tasks.escalate",
        "schedule_type": Schedule.MINUTES,
        "minutes": 5,
    },
    "help desk: retention of closed requests": {
        "func": "helpdesk.tasks.apply_retention",
        "schedule_type": Schedule.DAILY,
    },
}

Status = HelpRequest.Status
RUNNING = [Status.NEW, Status.ASSIGNED, Status.IN_PROGRESS]  # the clock runs


def escalate(now: datetime.datetime | None = None) -> dict:
    """Warn and escalate what is due; returns the counts."""
    now = now or timezone.now()
    counts = {"warned": 0, "escalated": 0}
    running = HelpRequest.objects.filter(status__in=RUNNING)
    # Warnings: the first response is still missing and its deadline is near. The assignee
    # is warned; a request nobody holds yet (the coordinators' queue) warns the coordinators,
    # who must assign it.
    for pk in running.filter(
        first_response_at__isnull=True, warned_at__isnull=True, first_response_due__gt=now,
    ).values_list("pk", flat=True):  # fmt: skip
        with transaction.atomic():
            request = services._locked(HelpRequest(pk=pk))
            goal = services.target(request.urgency)
            warn_from = request.first_response_due - datetime.timedelta(
                minutes=goal.warning_minutes
            )
            if request.warned_at or request.first_response_at or now < warn_from:
                continue
            request.warned_at = now
            request.save(update_fields=["warned_at"])
            services.log(request, Event.Kind.WARNED, due=request.first_response_due.isoformat())
            if request.assignee_id:
                services.notify(request, [request.assignee.user])
            else:
                services.notify(request, services.coordinators())
            counts["warned"] += 1
    # Warnings: the resolution deadline is near (once; again after a reopen).
    for pk in running.filter(
        resolution_warned_at__isnull=True, resolution_breached_at__isnull=True,
        assignee__isnull=False, resolution_due__gt=now,
    ).values_list("pk", flat=True):  # fmt: skip
        with transaction.atomic():
            request = services._locked(HelpRequest(pk=pk))
            goal = services.target(request.urgency)
            warn_from = request.resolution_due - datetime.timedelta(minutes=goal.warning_minutes)
            if request.resolution_warned_at or now < warn_from:
                continue
            request.resolution_warned_at = now
            request.save(update_fields=["resolution_warned_at"])
            services.log(request, Event.Kind.WARNED, due=request.resolution_due.isoformat(),
                         target="resolution")  # fmt: skip
            services.notify(request, [request.assignee.user])
            counts["warned"] += 1
    # Breaches: a deadline passed. The first response escalates once, and the resolution
    # once more if it is missed too.
    late = running.filter(
        Q(breached_at__isnull=True, first_response_at__isnull=True, first_response_due__lte=now)
        | Q(resolution_breached_at__isnull=True, resolution_due__lte=now)
    )
    for pk in late.values_list("pk", flat=True):
        with transaction.atomic():
            request = services._locked(HelpRequest(pk=pk))
            if request.status not in RUNNING:
                continue
            missed_first = (
                request.breached_at is None
                and request.first_response_at is None
                and request.first_response_due <= now
            )
            missed_resolution = (
                request.resolution_breached_at is None and request.resolution_due <= now
            )
            if not (missed_first or missed_resolution):
                continue
            request.breached_at = request.breached_at or now
            if missed_resolution:
                request.resolution_breached_at = now
            request.save(update_fields=["breached_at", "resolution_breached_at"])
            backup = _backup(request, now)
            if backup is not None:
                request.consulted.add(backup)
            services.log(
                request, Event.Kind.ESCALATED,
                backup=backup.pk if backup else None,
                missed="resolution" if missed_resolution else "first_response",
            )  # fmt: skip
            services.notify(request, [*([backup.user] if backup else []),
                                      *services.coordinators()])  # fmt: skip
            counts["escalated"] += 1
    return counts


def _backup(request: HelpRequest, now) -> ExpertProfile | None:
    need = services.need_of(request)
    exclude = [request.assignee_id] if request.assignee_id else []
    exclude += list(request.consulted.values_list("pk", flat=True))
    result = routing.route(
        need, routing.candidates_for(need, today=timezone.localdate(now)), exclude=exclude
    )
    if result.expert_id is None:
        return None
    return ExpertProfile.objects.select_related("user").get(pk=result.expert_id)


def apply_retention() -> dict:
    """Delete closed requests older than HUB_HELPDESK_RETENTION_MONTHS (daily; safe twice)."""
    from . import retention

    return retention.delete_expired()


def ensure_schedules(*, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """Create or update the schedules of these tasks (a post_migrate handler)."""
    network_tasks.ensure_schedules(SCHEDULES, using=using)
