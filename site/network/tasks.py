"""Background tasks for network (django-q2). Thin, keyed by plain values, safe to re-run."""

from .outbox import send_payload
from .schedules import ensure_schedules  # noqa: F401 - each app's post_migrate calls it here


def send_email(message: dict) -> int:
    """Deliver one rendered message queued as a bare payload (tasks queued before the
    outbox, network.outbox): it goes through an outbox row keyed by its content, so it is
    sent at most once however often the task runs. Bulk mail to an address that has stopped
    its kind is dropped at the last moment (`suppressed`). Returns how many were sent."""
    return send_payload(message)
