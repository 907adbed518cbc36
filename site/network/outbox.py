"""The outbox: how an email leaves, at least once and, in practice, exactly once.

`network.mail.queue_email` writes one `OutboxEmail` row in the caller's transaction: the
message exists if and only if the change that causes it commits. After the commit a task is
nudged to send it at once; if that nudge is lost (a worker killed between the commit and the
enqueue), the sweep (`sweep`, every minute) finds the row still pending and sends it.

`deliver` claims the row under a row lock (`SELECT ... FOR UPDATE SKIP LOCKED`) and marks it
sent, uncommitted. Over SMTP the mark commits the moment the message's end of data has been
written to the server, before its reply is read (`_deliver_by_smtp`): a worker killed before
that rolls the mark back, and the server, which never got the end of the message, drops it:
the row is sent later; killed after, the mark has committed and the server has the whole
message. A row marked sent is never sent again, however often its task is delivered. The
one window left is the microseconds between those two writes: a message sent again after a
kill there carries the same `Message-ID`, derived from the row's key, and mail clients show
one copy. A refusal read after the commit puts the row back for a retry. Other backends
(tests' locmem, the console) commit once the backend returns.

A send that fails is retried with an exponential backoff (1, 2, 4 ... minutes, at most an
hour), and after `HUB_OUTBOX_MAX_ATTEMPTS` attempts (default 8) the row is `failed`, logged
at error level (`manage.py outbox` lists and retries them). Rows done (sent, suppressed,
failed) are deleted after `HUB_OUTBOX_KEEP_DAYS` days (default 30).
"""

import contextlib
import hashlib
import json
import logging
import re
import time
import uuid
from datetime import timedelta
from email.utils import parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.db import DEFAULT_DB_ALIAS, connection, transaction
from django.db.models import F
from django.utils import timezone
from django_q.models import Schedule

from .email_message import build_message
from .models import OutboxEmail
from .preferences import is_suppressed

logger = logging.getLogger(__name__)

Status = OutboxEmail.Status

SCHEDULES = {
    # Rows whose nudge was lost (a worker killed after the commit) or whose retry is due.
    "network: send the outbox": {
        "func": "network.outbox.sweep",
        "schedule_type": Schedule.MINUTES,
        "minutes": 1,
    },
}

# A payload marked so is emptied once sent (network.mail.queue_email(forget=True)).
FORGET = "forget_once_sent"
FORGOTTEN = {"to": [], "forgotten": True}

DEFAULT_MAX_ATTEMPTS = 8
# Rows that are done (sent, suppressed, failed) hold a rendered message, with its address:
# the sweep deletes them after this many days (setting HUB_OUTBOX_KEEP_DAYS).
DEFAULT_KEEP_DAYS = 30
PRUNE_BATCH = 1000
MAX_BACKOFF = timedelta(hours=1)
# One sweep stops starting sends after this many seconds: with EMAIL_TIMEOUT (20 s) for the
# last one, it ends well within the task timeout (Q_CLUSTER["timeout"], 90 s).
SWEEP_BUDGET = 50.0
SWEEP_BATCH = 500
KEY_LENGTH = OutboxEmail._meta.get_field("key").max_length

_ADDRESS = re.compile(r"[^\s<>\"'(){}\[\],;:]+@[^\s<>\"'(){}\[\],;:]+")


def suppressed(*, to: list[str], kind: str) -> bool:
    """Whether a bulk message of `kind` must not go to these addresses (any has stopped it)."""
    return bool(kind) and any(is_suppressed(email=address, kind=kind) for address in to)


def max_attempts() -> int:
    return int(getattr(settings, "HUB_OUTBOX_MAX_ATTEMPTS", DEFAULT_MAX_ATTEMPTS))


def new_key() -> str:
    return f"email:{uuid.uuid4().hex}"


def payload_key(payload: dict) -> str:
    """A key for a message that has none but its content (tasks queued by the old code)."""
    content = json.dumps(payload, sort_keys=True, default=str).encode()
    return f"payload:{hashlib.sha256(content).hexdigest()}"


def fit_key(key: str) -> str:
    """The key as stored: one longer than the column is replaced by its hash."""
    if len(key) <= KEY_LENGTH:
        return key
    return f"sha256:{hashlib.sha256(key.encode()).hexdigest()}"


def message_domain() -> str:
    """The domain of the hub's sending address (else of its public address)."""
    _, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    if "@" in address:
        return address.rsplit("@", 1)[1].lower()
    return urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "localhost"


def message_id(key: str) -> str:
    """The message's Message-ID: the same on every (re)transmission of one outbox row, so a
    copy sent again after the mail server accepted it is recognised as the same message. It
    says nothing of the key itself."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    return f"<outbox.{digest}@{message_domain()}>"


def backoff(attempts: int) -> timedelta:
    """How long to wait after the `attempts`-th failed attempt: 1, 2, 4 ... minutes."""
    return min(timedelta(minutes=2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def add(rows: list[tuple[dict, str, bool]]) -> list[int]:
    """Write pending rows, each `(payload, key, new)`, in the current transaction, in three
    queries however many: a key already in the outbox (or twice in `rows`) writes nothing,
    and no IntegrityError breaks the caller's transaction. `new`: the key was just made up
    (no need to look for it). Returns the ids of the rows written."""
    rows = [(payload, fit_key(key), new) for payload, key, new in rows]
    given = [key for _, key, new in rows if not new]
    existing = (
        set(OutboxEmail.objects.filter(key__in=given).values_list("key", flat=True))
        if given
        else set()
    )
    fresh = {}
    for payload, key, _ in rows:
        if key not in existing and key not in fresh:
            fresh[key] = OutboxEmail(key=key, payload=payload)
    if not fresh:
        return []
    # ON CONFLICT DO NOTHING: a run at the same moment that wrote a key first wins.
    OutboxEmail.objects.bulk_create(fresh.values(), ignore_conflicts=True)
    return list(
        OutboxEmail.objects.filter(key__in=list(fresh), status=Status.PENDING)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def nudge(row_id: int) -> None:
    """Ask a worker to send this row now (a lost nudge is fine: the sweep sends it)."""
    from django_q.tasks import async_task

    async_task("network.outbox.deliver", row_id, task_name="outbox")


def _locked(queryset):
    if connection.features.has_select_for_update_skip_locked:
        return queryset.select_for_update(skip_locked=True)
    return queryset  # SQLite: a transaction writes alone; the conditional update decides


def deliver(row_id: int, *, mail_connection=None) -> str:
    """Send one outbox row if it is pending and due; returns its status afterwards (or
    "skipped" when it was not this call's to send). Safe to run any number of times."""
    own = mail_connection is None
    mail_connection = mail_connection or get_connection()
    try:
        return _deliver(row_id, mail_connection)
    finally:
        if own:
            mail_connection.close()


def _deliver(row_id: int, mail_connection) -> str:
    if isinstance(mail_connection, SMTPBackend) and not connection.in_atomic_block:
        return _deliver_by_smtp(row_id, mail_connection)
    return _deliver_in_one_transaction(row_id, mail_connection)


def _claim(row_id: int, now):
    """The row locked and marked sent (uncommitted): ("claimed", row); or a status when
    there is nothing to send ("skipped", or "suppressed", which the caller commits)."""
    row = _locked(OutboxEmail.objects.filter(pk=row_id)).first()
    if row is None or row.status != Status.PENDING or row.next_attempt_at > now:
        return "skipped", None
    payload = row.payload
    if suppressed(to=payload["to"], kind=payload.get("kind", "")):
        row.status = Status.SUPPRESSED
        row.save(update_fields=["status"])
        return Status.SUPPRESSED, None
    # The mark, still uncommitted. (The conditional update also decides between two workers
    # on SQLite.)
    claimed = OutboxEmail.objects.filter(pk=row.pk, status=Status.PENDING).update(
        status=Status.SENT, sent_at=now, attempts=F("attempts") + 1
    )
    return ("claimed", row) if claimed else ("skipped", None)


def _email(row: OutboxEmail):
    return build_message(row.payload, message_id=message_id(row.key))


def _deliver_by_smtp(row_id: int, mail_connection) -> str:
    """SMTP, in a transaction of our own: the mark commits the moment the message's end
    (`CRLF.CRLF`) has been written to the server, before its reply is read. A worker killed
    before that rolls the mark back and the server, which never saw the end, drops the
    message: it is sent later. Killed after, the mark has committed and the server has the
    whole message. So a message goes out twice only if the worker dies in the microseconds
    between those two writes (and then with the same Message-ID). A refusal read after the
    commit puts the row back for a retry (`_record_failure`)."""
    committed = False
    row = None
    connection.set_autocommit(False)
    try:
        status, row = _claim(row_id, timezone.now())
        if status != "claimed":
            connection.commit()
            return status
        email = _email(row)
        mail_connection.open()  # connect (and log in) before the mark commits

        def commit():
            nonlocal committed
            connection.commit()
            committed = True

        with _commit_at_end_of_data(mail_connection.connection, commit):
            sent = mail_connection.send_messages([email])
        if not sent or not committed:
            raise SendError("The email backend sent nothing.")
    except Exception as error:
        _leave_own_transaction()  # undoes the claim unless it had committed
        if row is None:
            raise  # before the claim: not an attempt
        with contextlib.suppress(Exception):
            mail_connection.close()  # a broken connection is opened afresh next time
        return _record_failure(row_id, error, marked_sent=committed)
    finally:
        _leave_own_transaction()
    _forget_if_asked(row)
    return Status.SENT


def _leave_own_transaction() -> None:
    """Back to autocommit, rolling back whatever is still open (nothing, once the mark has
    committed). A connection that cannot is closed: the next query opens a fresh one."""
    if connection.get_autocommit():
        return
    try:
        connection.rollback()
        connection.set_autocommit(True)
    except Exception:  # noqa: BLE001 - a broken connection: start the next task afresh
        connection.close()


def _forget_if_asked(row: OutboxEmail) -> None:
    """Empty a sent row that was asked to keep nothing (a closed account's last email)."""
    if row.payload.get(FORGET):
        OutboxEmail.objects.filter(pk=row.pk, status=Status.SENT).update(payload=FORGOTTEN)


def forget_address(email: str) -> int:
    """Forget every email to `email`, sent or not (an account closing: nothing more goes to
    it, and nothing kept names it): a row to it alone is deleted, a row to several people
    loses this address. Returns how many rows changed."""
    email = email.lower()
    changed = 0
    for row in OutboxEmail.objects.filter(payload__to__icontains=email):
        to = row.payload.get("to") or []
        others = [address for address in to if address.lower() != email]
        if len(others) == len(to):
            continue  # the address was only part of another one
        if others:
            row.payload = {**row.payload, "to": others}
            row.save(update_fields=["payload"])
        else:
            row.delete()
        changed += 1
    return changed


@contextlib.contextmanager
def _commit_at_end_of_data(smtp, commit):
    """Call `commit` right after smtplib has written a message's end of data (the body it
    sends ends with CRLF.CRLF; no SMTP command does), before it reads the server's reply."""
    original = smtp.send

    def send(data):
        original(data)
        if isinstance(data, bytes | bytearray) and data.endswith(b"\r\n.\r\n"):
            commit()

    smtp.send = send
    try:
        yield
    finally:
        del smtp.send  # the class's own method again


def _deliver_in_one_transaction(row_id: int, mail_connection) -> str:
    """Any other backend (tests' locmem, the console), or inside a caller's transaction:
    the mark commits (with the caller's transaction, if any) once the backend returns."""
    claimed = False
    try:
        with transaction.atomic():
            status, row = _claim(row_id, timezone.now())
            if status != "claimed":
                return status
            claimed = True  # from here on, an error counts as an attempt
            email = _email(row)
            mail_connection.open()  # connect (and log in) before, quit after the commit
            if not mail_connection.send_messages([email]):
                raise SendError("The email backend sent nothing.")
        _forget_if_asked(row)
        return Status.SENT
    except Exception as error:
        if not claimed:
            raise
        with contextlib.suppress(Exception):
            mail_connection.close()  # a broken connection is opened afresh next time
        return _record_failure(row_id, error)


class SendError(Exception):
    pass


def describe(error: BaseException) -> str:
    """The error's class and a short message, addresses masked: no content, no people."""
    text = " ".join(str(error).split())
    text = _ADDRESS.sub("[address]", text)
    return f"{type(error).__name__}: {text}"[:300]


def _record_failure(row_id: int, error: BaseException, *, marked_sent: bool = False) -> str:
    """Count a failed attempt: retry later, or failed after the last. `marked_sent`: the
    mark had committed before the server refused (SMTP), and counted the attempt already."""
    with transaction.atomic():
        status = Status.SENT if marked_sent else Status.PENDING
        row = _locked(OutboxEmail.objects.filter(pk=row_id, status=status)).first()
        if row is None:
            return "skipped"  # another worker has it now
        if not marked_sent:
            row.attempts += 1
        row.status = Status.PENDING
        row.sent_at = None
        row.last_error = describe(error)
        if row.attempts >= max_attempts():
            row.status = Status.FAILED
            logger.error(
                "Outbox email %s failed after %s attempts: %s",
                row.pk,
                row.attempts,
                row.last_error,
            )
        else:
            row.next_attempt_at = timezone.now() + backoff(row.attempts)
            logger.warning(
                "Outbox email %s not sent (attempt %s), next at %s: %s",
                row.pk,
                row.attempts,
                row.next_attempt_at.isoformat(),
                row.last_error,
            )
        row.save(update_fields=["attempts", "last_error", "status", "next_attempt_at", "sent_at"])
        return row.status


def due_rows(*, limit: int = SWEEP_BATCH) -> list[int]:
    return list(
        OutboxEmail.objects.filter(status=Status.PENDING, next_attempt_at__lte=timezone.now())
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def prune() -> int:
    """Delete up to PRUNE_BATCH rows done more than HUB_OUTBOX_KEEP_DAYS days ago; returns
    how many. (Bulk jobs keep their own record of what they sent: a key forgotten after
    that long is not sent again.)"""
    days = int(getattr(settings, "HUB_OUTBOX_KEEP_DAYS", DEFAULT_KEEP_DAYS))
    old = (
        OutboxEmail.objects.exclude(status=Status.PENDING)
        .filter(created_at__lt=timezone.now() - timedelta(days=days))
        .values_list("pk", flat=True)[:PRUNE_BATCH]
    )
    deleted, _ = OutboxEmail.objects.filter(pk__in=list(old)).delete()
    return deleted


def sweep(*, budget: float = SWEEP_BUDGET) -> int:
    """Send the rows that are due (a schedule runs this every minute), then forget old ones;
    returns how many were sent. One mail connection serves them all."""
    prune()
    deadline = time.monotonic() + budget
    sent = 0
    mail_connection = get_connection()
    try:
        for pk in due_rows():
            if time.monotonic() > deadline:
                break
            try:
                if deliver(pk, mail_connection=mail_connection) == Status.SENT:
                    sent += 1
            except Exception:  # one row's trouble (its database work) stops no other row
                logger.exception("Outbox email %s could not be sent", pk)
    finally:
        mail_connection.close()
    return sent


def send_payload(payload: dict) -> int:
    """Send a message queued as a bare payload (tasks queued before the outbox): through a
    row keyed by its content, so a second delivery of the same task sends nothing."""
    key = payload_key(payload)
    with transaction.atomic():
        add([(payload, key, False)])
    pk = OutboxEmail.objects.filter(key=key).values_list("pk", flat=True).first()
    return int(pk is not None and deliver(pk) == Status.SENT)


def ensure_schedules(*, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """Create or update the sweep's schedule (a post_migrate handler)."""
    from .schedules import ensure_schedules as ensure

    ensure(SCHEDULES, using=using)
