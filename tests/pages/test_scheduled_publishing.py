"""Pages an editor schedules go live on time: the task runs Wagtail's publish_scheduled."""

import datetime

from django.core.cache import caches
from django.utils import timezone
from django_q.models import Schedule
from django_q.tasks import async_task

from pages.models import ResourcePage

from .test_public_site import english

GUIDE = "/en/resources/guide-for-mayors/"


def test_migrate_creates_the_schedule(demo):
    schedule = Schedule.objects.get(name="pages: scheduled publishing")
    assert (schedule.func, schedule.schedule_type, schedule.minutes) == (
        "pages.tasks.publish_scheduled", Schedule.MINUTES, 1,
    )  # fmt: skip


def test_a_scheduled_change_goes_live_when_the_task_runs(client, demo, settings):
    settings.HUB_PAGE_CACHE_SECONDS = 300
    caches["pages"].clear()
    page = english(ResourcePage, "guide-for-mayors")
    page.title = "Leading the response: the guide, revised for 2027"
    page.save_revision(approved_go_live_at=timezone.now() + datetime.timedelta(minutes=5))
    client.get(GUIDE)
    async_task("pages.tasks.publish_scheduled")  # too early: nothing changes
    assert b"revised for 2027" not in client.get(GUIDE).content

    page.refresh_from_db()
    page.latest_revision.approved_go_live_at = timezone.now() - datetime.timedelta(seconds=1)
    page.latest_revision.save()
    async_task("pages.tasks.publish_scheduled")
    response = client.get(GUIDE)
    assert b"revised for 2027" in response.content
    assert response["X-Hub-Cache"] == "miss"  # the stored copy went with the publish
    caches["pages"].clear()
