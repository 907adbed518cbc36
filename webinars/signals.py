"""Signal receivers: they only hand over to the flow that owns the rule."""

from django.db import transaction


def announce_time_change(sender, instance, **kwargs):
    """A session published with a new time: its registrants hear about it, after commit."""
    from .models import WebinarPage
    from .registration import announce_change

    if isinstance(instance, WebinarPage) and instance.sequence > instance.announced_sequence:
        transaction.on_commit(lambda: announce_change(session=instance))
