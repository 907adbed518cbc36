"""The outbox over a real SMTP server: the "sent" mark commits once the message's end of
data is written, before the server answers; a refusal read after that puts the row back.

The server (aiosmtpd, in a thread of this process) looks at the row from its own database
connection while it holds the message, so it sees only what has committed.
"""

import socket
import threading

import pytest
from aiosmtpd.controller import Controller
from django.db import connection, transaction

from network import outbox
from network.mail import OutgoingEmail, queue_email
from network.models import OutboxEmail

pytestmark = pytest.mark.django_db(transaction=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """Answers each message's end of data with `reply`, after reading the row's status as
    committed (from the server thread's own connection)."""

    def __init__(self):
        self.reply = "250 Message accepted for delivery"
        self.status_while_receiving: list[str] = []
        self.received: list[bytes] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        status = []

        def read():  # the ORM in a thread of its own: a connection of its own
            status.extend(OutboxEmail.objects.values_list("status", flat=True))
            connection.close()

        reader = threading.Thread(target=read)
        reader.start()
        reader.join()
        self.status_while_receiving.extend(status)
        self.received.append(envelope.content)
        return self.reply


@pytest.fixture
def smtp(settings):
    handler = Server()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield handler
    finally:
        controller.stop()


def queued(key: str) -> OutboxEmail:
    OutboxEmail.objects.all().delete()  # the demo content's own
    with transaction.atomic():
        queue_email(OutgoingEmail(to=["lead@city.example"], subject="Hello", text="Body"), key=key)
    # The commit's nudge ran the delivery at once (tasks run in-process in tests): start
    # again from a pending row, to deliver it here.
    OutboxEmail.objects.filter(key=key).update(status=OutboxEmail.Status.PENDING, attempts=0)
    return OutboxEmail.objects.get(key=key)


def test_the_sent_mark_has_committed_before_the_server_answers(smtp):
    row = queued("smtp-commit")
    smtp.received.clear()
    smtp.status_while_receiving.clear()

    assert outbox.deliver(row.pk) == OutboxEmail.Status.SENT

    # While the server held the whole message, the mark had committed: a worker killed
    # from then on cannot roll it back and send the message again.
    assert smtp.status_while_receiving == [OutboxEmail.Status.SENT]
    assert len(smtp.received) == 1
    row.refresh_from_db()
    assert (row.status, row.attempts) == (OutboxEmail.Status.SENT, 1)
    assert row.sent_at is not None
    # And nothing is left open: the worker's connection is back in autocommit.
    assert connection.get_autocommit()

    # Delivered again (a task redelivered after a kill): nothing more reaches the server.
    assert outbox.deliver(row.pk) == "skipped"
    assert len(smtp.received) == 1


def test_a_refusal_after_the_end_of_data_puts_the_row_back_for_a_retry(smtp):
    row = queued("smtp-refused")
    smtp.reply = "451 4.3.0 Try again later"

    assert outbox.deliver(row.pk) == OutboxEmail.Status.PENDING

    row.refresh_from_db()
    assert row.status == OutboxEmail.Status.PENDING
    assert row.attempts == 1  # counted once, though the mark had committed
    assert row.sent_at is None
    assert row.last_error.startswith("SMTPDataError")
    assert row.next_attempt_at > row.created_at
    assert connection.get_autocommit()

    # Due again and the server takes it: sent, second attempt.
    smtp.reply = "250 Message accepted for delivery"
    OutboxEmail.objects.filter(pk=row.pk).update(next_attempt_at=row.created_at)
    assert outbox.deliver(row.pk) == OutboxEmail.Status.SENT
    row.refresh_from_db()
    assert (row.status, row.attempts) == (OutboxEmail.Status.SENT, 2)


def test_the_last_refused_attempt_marks_the_row_failed(smtp, settings):
    settings.HUB_OUTBOX_MAX_ATTEMPTS = 1
    row = queued("smtp-failed")
    smtp.reply = "554 5.7.1 Rejected"

    assert outbox.deliver(row.pk) == OutboxEmail.Status.FAILED
    row.refresh_from_db()
    assert (row.status, row.attempts, row.sent_at) == (OutboxEmail.Status.FAILED, 1, None)


def test_an_unreachable_server_leaves_nothing_marked_and_counts_the_attempt(settings):
    row = queued("smtp-down")
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nobody listens
    settings.EMAIL_TIMEOUT = 2

    assert outbox.deliver(row.pk) == OutboxEmail.Status.PENDING
    row.refresh_from_db()
    assert (row.status, row.attempts, row.sent_at) == (OutboxEmail.Status.PENDING, 1, None)
    assert row.last_error.startswith("ConnectionRefusedError")
    assert connection.get_autocommit()


def test_a_sweep_sends_a_message_to_forget_and_the_next_one(smtp, monkeypatch):
    """The last email to a closed account is emptied once sent, in autocommit again, and
    the sweep goes on to the next row (PostgreSQL refuses to leave a transaction open)."""
    OutboxEmail.objects.all().delete()  # the demo content's own
    monkeypatch.setattr(outbox, "nudge", lambda row_id: None)  # lost nudges: the sweep sends
    with transaction.atomic():
        queue_email(
            OutgoingEmail(to=["gone@city.example"], subject="Goodbye", text="Body"),
            key="smtp-goodbye",
            forget=True,
        )
        queue_email(
            OutgoingEmail(to=["stays@city.example"], subject="Hello", text="Body"),
            key="smtp-next",
        )
    smtp.received.clear()

    assert outbox.sweep() == 2

    assert len(smtp.received) == 2
    goodbye = OutboxEmail.objects.get(key="smtp-goodbye")
    assert goodbye.status == OutboxEmail.Status.SENT
    assert "gone@city.example" not in str(goodbye.payload)
    assert OutboxEmail.objects.get(key="smtp-next").status == OutboxEmail.Status.SENT
    assert connection.get_autocommit()
