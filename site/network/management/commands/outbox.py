"""The outbox at a glance (network.outbox): how many emails are pending, sent, failed or
suppressed; the failed ones (when, how often tried, the last error: never their content);
and, with --retry-failed, those put back to be sent by the workers."""

from django.core.management.base import BaseCommand
from django.db.models import Count, Min
from django.utils import timezone

from network.models import OutboxEmail

Status = OutboxEmail.Status


class Command(BaseCommand):
    help = (
        "Show the outgoing-mail outbox: counts by status, the oldest pending email, and the "
        "failed emails; --retry-failed sends the failed ones again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--retry-failed",
            action="store_true",
            help="put every failed email back to pending, due now, with its attempts reset",
        )
        parser.add_argument(
            "--limit", type=int, default=20, help="how many failed emails to list (default 20)"
        )

    def handle(self, *, retry_failed, limit, **options):
        counts = dict(OutboxEmail.objects.values_list("status").annotate(n=Count("pk")).order_by())
        for status in Status:
            self.stdout.write(f"{status.value:<11} {counts.get(status.value, 0)}")
        now = timezone.now()
        pending = OutboxEmail.objects.filter(status=Status.PENDING)
        due = pending.filter(next_attempt_at__lte=now).aggregate(oldest=Min("created_at"))
        if due["oldest"]:
            age = int((now - due["oldest"]).total_seconds())
            self.stdout.write(f"oldest due pending email: {age} s old")
        failed = OutboxEmail.objects.filter(status=Status.FAILED).order_by("-created_at")
        for row in failed[:limit]:
            self.stdout.write(
                f"failed #{row.pk} created {row.created_at:%Y-%m-%d %H:%M} UTC, "
                f"{row.attempts} attempts: {row.last_error}"
            )
        if retry_failed:
            retried = failed.update(
                status=Status.PENDING, attempts=0, next_attempt_at=now, last_error=""
            )
            self.stdout.write(
                self.style.SUCCESS(f"{retried} failed emails will be sent again by the sweep.")
            )
