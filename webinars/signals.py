"""Signal receivers: they write nothing; after commit they queue the task that hands the
published session (by primary key) to the service that owns the rule."""

from functools import partial

from django.db import transaction
from django_q.tasks import async_task

from .models import WebinarPage


def _after_commit(task: str, session: WebinarPage) -> None:
    transaction.on_commit(partial(async_task, f"webinars.tasks.{task}", session.pk))


def announce_time_change(sender, instance, **kwargs):
    """A session published with a new time: its registrants hear about it."""
    if isinstance(instance, WebinarPage) and instance.sequence > instance.announced_sequence:
        _after_commit("notify_time_change", instance)


def publish_recording(sender, instance, **kwargs):
    """A session published with its recording: its Resource Hub entry follows, and the
    people who held a seat get the link."""
    if isinstance(instance, WebinarPage) and instance.has_recording:
        _after_commit("publish_recording", instance)


def register_series_subscribers(sender, instance, **kwargs):
    """A session published in a series: the series' subscribers get their place."""
    if isinstance(instance, WebinarPage):
        _after_commit("register_series_subscribers", instance)


def fill_free_seats(sender, instance, **kwargs):
    """The session published in its original language (its translations took its seats in
    WebinarPage.save): people waiting take any seat a raised capacity freed."""
    if isinstance(instance, WebinarPage) and instance.registration_page.pk == instance.pk:
        _after_commit("fill_waiting_seats", instance)


def cancel_when_unpublished(sender, instance, **kwargs):
    """A session unpublished: if it was still to come and people are registered, it is
    cancelled and they are told (the task decides, tasks.cancel_unpublished_session)."""
    if isinstance(instance, WebinarPage):
        _after_commit("cancel_unpublished_session", instance)
