"""Scheduled grants work (django-q2): the daily reminders of reports due and late. Thin: the
rules are in grants.awards; safe to run twice (each reminder has its own outbox key)."""

import datetime

from django.db import DEFAULT_DB_ALIAS
from django_q.models import Schedule

from network import tasks as network_tasks

from . import awards

SCHEDULES = {
    "grants: report reminders": {
        "func": "grants.tasks.remind_reports",
        "schedule_type": Schedule.DAILY,
    },
}


def remind_reports(today: datetime.date | None = None) -> int:
    """Remind grantees of reports due in 14 and 3 days, and late by 1 and 14 days."""
    return awards.send_reminders(today)


def ensure_schedules(*, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """Create or update the schedules of these tasks (a post_migrate handler)."""
    network_tasks.ensure_schedules(SCHEDULES, using=using)
