"""Signal receivers: they only hand over to the flow that owns the rule."""

from django.db import transaction


def announce_time_change(sender, instance, **kwargs):
    """A session published with a new time: its registrants hear about it, after commit."""
    from .models import WebinarPage
    from .registration import announce_change

    if isinstance(instance, WebinarPage) and instance.sequence > instance.announced_sequence:
        transaction.on_commit(lambda: announce_change(session=instance))


def publish_recording(sender, instance, **kwargs):
    """A session published with its recording: its Resource Hub entry follows, after commit."""
    from .models import WebinarPage
    from .recordings import sync_resource
    from .registration import announce_recording

    if isinstance(instance, WebinarPage) and instance.has_recording:
        transaction.on_commit(lambda: sync_resource(instance))
        transaction.on_commit(lambda: announce_recording(session=instance))


def register_series_subscribers(sender, instance, **kwargs):
    """A session published in a series: the series' subscribers get their place."""
    from .models import WebinarPage
    from .registration import register_subscribers

    if isinstance(instance, WebinarPage):
        transaction.on_commit(lambda: register_subscribers(session=instance))


def keep_translations_in_step(sender, instance, **kwargs):
    """The session published in its original language: its translations take its time,
    zone, duration, seats and calendar SEQUENCE (they are the same event), and people
    waiting take any seat a raised capacity freed."""
    from pages.cache import invalidate

    from .models import WebinarPage
    from .registration import fill_free_seats

    if not isinstance(instance, WebinarPage) or instance.registration_page.pk != instance.pk:
        return
    fields = ("starts_at", "ends_at", "time_zone", "duration_minutes", "capacity", "sequence")
    WebinarPage.objects.filter(translation_key=instance.translation_key).exclude(
        pk=instance.pk
    ).update(**{name: getattr(instance, name) for name in fields})
    invalidate()  # the translations' rows changed without a publish of their own (pages.routing)
    transaction.on_commit(lambda: fill_free_seats(session=instance))
