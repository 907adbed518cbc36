"""How long the hub keeps closed help-desk requests: HUB_HELPDESK_RETENTION_MONTHS after a
request was closed, it goes, with its conversation, files (from storage too) and audit
trail (its Events and its Wagtail log entries). 0 keeps them forever. Run daily by
helpdesk.tasks.apply_retention."""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from wagtail.models import ModelLogEntry

from .models import Attachment, HelpRequest

logger = logging.getLogger(__name__)

DAYS_PER_MONTH = 30.44  # on average: "24 months" is two years to the day, give or take one


def cutoff(*, months: int, now: datetime.datetime) -> datetime.datetime:
    return now - datetime.timedelta(days=round(months * DAYS_PER_MONTH))


def expired(*, months: int, now: datetime.datetime):
    """The closed requests whose closing is older than `months`."""
    return HelpRequest.objects.filter(
        status=HelpRequest.Status.CLOSED,
        closed_at__isnull=False,
        closed_at__lt=cutoff(months=months, now=now),
    )


def delete_expired(*, months: int | None = None, now: datetime.datetime | None = None) -> dict:
    """Delete every expired request, one per transaction; its files leave storage once the
    rows are gone for good. Safe to run twice: what is gone is not found again."""
    months = settings.HUB_HELPDESK_RETENTION_MONTHS if months is None else months
    counts = {"requests": 0, "messages": 0, "attachments": 0, "events": 0, "files": 0}
    if not months or months <= 0:
        return counts
    now = now or timezone.now()
    for pk in expired(months=months, now=now).values_list("pk", flat=True):
        with transaction.atomic():
            request = expired(months=months, now=now).select_for_update().filter(pk=pk).first()
            if request is None:
                continue  # another worker got there first
            files = list(Attachment.objects.filter(request=request).values_list("file", flat=True))
            counts["messages"] += request.messages.count()
            counts["attachments"] += len(files)
            counts["events"] += request.events.count()
            request.topics.clear()
            request.consulted.clear()
            # Wagtail's log entries point at the row by id only: they go with it.
            ModelLogEntry.objects.for_instance(request).delete()
            request.delete()  # messages, attachments, events and presence go with it
            counts["requests"] += 1
            transaction.on_commit(lambda names=files: _remove_files(names, counts))
    logger.info("help desk retention (%s months): %s", months, counts)
    return counts


def _remove_files(names, counts) -> None:
    storage = Attachment._meta.get_field("file").storage
    for name in names:
        if name and storage.exists(name):
            storage.delete(name)
            counts["files"] += 1
