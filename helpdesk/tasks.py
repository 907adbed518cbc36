"""Scheduled help-desk work (django-q2): keeping the response-target clock, paging the rota
for at-risk requests nobody has acknowledged, and the retention of closed requests. Thin:
the rules are in helpdesk.escalation and helpdesk.retention; all are safe to run twice.
"""

import datetime

from django.db import DEFAULT_DB_ALIAS
from django.utils import timezone
from django_q.models import Schedule

from network import tasks as network_tasks

from . import escalation, retention

SCHEDULES = {
    "help desk: escalations": {
        "func": "helpdesk.tasks.escalate",
        "schedule_type": Schedule.MINUTES,
        "minutes": 5,
    },
    "help desk: paging the next on call": {
        "func": "helpdesk.tasks.page_on_call",
        "schedule_type": Schedule.MINUTES,
        "minutes": 1,
    },
    "help desk: retention of closed requests": {
        "func": "helpdesk.tasks.apply_retention",
        "schedule_type": Schedule.DAILY,
    },
}


def escalate(now: datetime.datetime | None = None) -> dict:
    """Warn and escalate what is due (every 5 minutes); returns the counts."""
    return escalation.escalate_due(now=now or timezone.now())


def page_on_call(now: datetime.datetime | None = None) -> int:
    """Page the next person on call where nobody acknowledged an at-risk request in time
    (every minute); returns how many were paged on."""
    return escalation.page_next_due(now=now or timezone.now())


def apply_retention() -> dict:
    """Delete closed requests older than HUB_HELPDESK_RETENTION_MONTHS (daily; safe twice)."""
    return retention.delete_expired()


def ensure_schedules(*, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """Create or update the schedules of these tasks (a post_migrate handler)."""
    network_tasks.ensure_schedules(SCHEDULES, using=using)
