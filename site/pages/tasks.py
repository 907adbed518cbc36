"""Background work of the public site (django-q2)."""

from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS
from django_q.models import Schedule

from network import tasks as network_tasks

SCHEDULES = {
    # Editors schedule pages with "Go live at" / "Expiry date"; Wagtail acts on them only
    # when `publish_scheduled` runs. Publishing sends page_published as an editor's click
    # does, so the page cache, recordings and announcements follow.
    "pages: scheduled publishing": {
        "func": "pages.tasks.publish_scheduled",
        "schedule_type": Schedule.MINUTES,
        "minutes": 1,
    },
}


def publish_scheduled() -> None:
    call_command("publish_scheduled", verbosity=0)


def ensure_schedules(*, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """Create or update the schedules of these tasks (a post_migrate handler)."""
    network_tasks.ensure_schedules(SCHEDULES, using=using)
