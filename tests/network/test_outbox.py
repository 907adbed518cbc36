"""The outbox (network.outbox): an email is a row written with the change that causes it,
sent once by a worker, retried with backoff when sending fails, and the same message (same
Message-ID) when it has to be sent again."""

import datetime
import logging
import re
from dataclasses import asdict
from smtplib import SMTPRecipientsRefused, SMTPServerDisconnected

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.utils import timezone
from django_q.models import Schedule

from network import outbox
from network import tasks as network_tasks
from network.mail import OutgoingEmail, queue_email
from network.models import EmailPreference, OutboxEmail

pytestmark = pytest.mark.django_db

Status = OutboxEmail.Status


class FailingBackend(BaseEmailBackend):
    """A mail server that hangs up on every message."""

    def send_messages(self, email_messages):
        raise SMTPServerDisconnected("Connection unexpectedly closed")


class RefusingBackend(BaseEmailBackend):
    """A mail server that refuses the recipient (its error names the address)."""

    def send_messages(self, email_messages):
        raise SMTPRecipientsRefused({"a@city.example": (550, b"5.1.1 a@city.example unknown")})


@pytest.fixture(autouse=True)
def _empty_outbox():
    """The demo content's own emails are in the outbox already: each test starts without."""
    OutboxEmail.objects.all().delete()


def message(to="a@city.example", **extra) -> OutgoingEmail:
    return OutgoingEmail(to=[to], subject="Hello", text="Private body text", **extra)


def row() -> OutboxEmail:
    return OutboxEmail.objects.get()


def test_the_row_is_written_with_its_cause_and_sent_after_commit(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        key = queue_email(message())
        queued = row()
        assert queued.key == key and queued.status == Status.PENDING
        assert queued.payload == asdict(message())
        assert mail.outbox == []  # nothing leaves before the transaction commits
    assert len(callbacks) == 1
    assert len(mail.outbox) == 1
    sent = row()
    assert sent.status == Status.SENT and sent.attempts == 1 and sent.sent_at is not None


def test_a_rolled_back_change_leaves_no_row(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            queue_email(message())
            raise RuntimeError("the change fails")
    assert not OutboxEmail.objects.exists()
    assert mail.outbox == []


def test_a_second_message_with_the_same_key_writes_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            queue_email(message(), key="reminder:1")
            queue_email(message(), key="reminder:1")
            # The caller's transaction goes on: no IntegrityError broke it.
            assert OutboxEmail.objects.filter(key="reminder:1").count() == 1
        queue_email(message(), key="reminder:1")
    assert len(callbacks) == 1
    assert len(mail.outbox) == 1
    assert OutboxEmail.objects.count() == 1


def test_without_a_key_each_message_is_its_own(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queue_email(message())
        queue_email(message())
    assert OutboxEmail.objects.count() == 2
    assert len(mail.outbox) == 2


def test_a_closed_accounts_address_writes_no_row(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert queue_email(message(to="closed-7@closed.invalid")) is None
    assert callbacks == [] and not OutboxEmail.objects.exists()


def test_a_row_is_sent_once_however_often_it_is_delivered(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queue_email(message())
    pk = row().pk
    assert outbox.deliver(pk) == "skipped"
    assert outbox.deliver(pk) == "skipped"
    assert outbox.sweep() == 0
    assert len(mail.outbox) == 1
    assert row().attempts == 1


def test_a_failed_send_is_retried_with_backoff_then_marked_failed(
    settings, django_capture_on_commit_callbacks, caplog
):
    settings.EMAIL_BACKEND = "tests.network.test_outbox.FailingBackend"
    settings.HUB_OUTBOX_MAX_ATTEMPTS = 3
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        queue_email(message())
    first = row()
    # The "sent" mark was rolled back with the send: the row waits for its next attempt.
    assert first.status == Status.PENDING and first.sent_at is None
    assert first.attempts == 1
    assert first.last_error == "SMTPServerDisconnected: Connection unexpectedly closed"
    delay = first.next_attempt_at - before
    assert datetime.timedelta(minutes=1) <= delay < datetime.timedelta(minutes=1, seconds=30)
    assert outbox.deliver(first.pk) == "skipped"  # not due yet
    assert outbox.sweep() == 0

    OutboxEmail.objects.update(next_attempt_at=timezone.now())
    before = timezone.now()
    assert outbox.sweep() == 0
    second = row()
    assert second.status == Status.PENDING and second.attempts == 2
    delay = second.next_attempt_at - before
    assert datetime.timedelta(minutes=2) <= delay < datetime.timedelta(minutes=2, seconds=30)

    OutboxEmail.objects.update(next_attempt_at=timezone.now())
    with caplog.at_level(logging.ERROR, logger="network.outbox"):
        assert outbox.deliver(second.pk) == Status.FAILED
    assert row().status == Status.FAILED and row().attempts == 3
    assert any(r.levelno == logging.ERROR and "failed after 3" in r.message for r in caplog.records)
    assert "Private body text" not in caplog.text

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert outbox.deliver(second.pk) == "skipped"  # failed stays failed (an operator's call)
    assert mail.outbox == []


def test_the_backoff_doubles_and_is_capped():
    assert [outbox.backoff(n).total_seconds() / 60 for n in range(1, 9)] == [
        1,
        2,
        4,
        8,
        16,
        32,
        60,
        60,
    ]


def test_the_recorded_error_names_no_address_and_no_content(
    settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.network.test_outbox.RefusingBackend"
    with django_capture_on_commit_callbacks(execute=True):
        queue_email(message())
    error = row().last_error
    assert error.startswith("SMTPRecipientsRefused: ")
    assert "a@city.example" not in error and "Private" not in error and "Hello" not in error


def test_bulk_mail_to_an_address_that_stopped_it_is_suppressed(
    django_capture_on_commit_callbacks,
):
    EmailPreference.objects.create(
        email="a@city.example", kind=EmailPreference.Kind.NUDGES, unsubscribed_at=timezone.now()
    )
    with django_capture_on_commit_callbacks(execute=True):
        queue_email(message(kind=EmailPreference.Kind.NUDGES))
        queue_email(message(kind=EmailPreference.Kind.RECORDINGS))
    statuses = dict(OutboxEmail.objects.values_list("payload__kind", "status"))
    assert statuses == {
        EmailPreference.Kind.NUDGES: Status.SUPPRESSED,
        EmailPreference.Kind.RECORDINGS: Status.SENT,
    }
    assert len(mail.outbox) == 1


def test_the_sweep_sends_rows_whose_nudge_was_lost(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):  # the nudges never run
        for n in range(3):
            queue_email(message(to=f"p{n}@city.example"))
        queue_email(message(to="later@city.example"), key="later")
    OutboxEmail.objects.filter(key="later").update(
        next_attempt_at=timezone.now() + datetime.timedelta(minutes=5)
    )
    assert mail.outbox == []
    assert outbox.sweep() == 3
    assert sorted(m.to[0] for m in mail.outbox) == [f"p{n}@city.example" for n in range(3)]
    assert outbox.sweep() == 0
    assert OutboxEmail.objects.get(key="later").status == Status.PENDING


def test_the_sweep_runs_every_minute():
    schedule = Schedule.objects.get(func="network.outbox.sweep")
    assert schedule.schedule_type == Schedule.MINUTES and schedule.minutes == 1
    assert schedule.repeats == -1


def test_a_message_sent_again_is_the_same_message(settings, django_capture_on_commit_callbacks):
    """The one window left (the server accepted, our COMMIT did not happen) sends the row
    again: with the same Message-ID, which mail clients show once."""
    with django_capture_on_commit_callbacks(execute=True):
        key = queue_email(message(), key="welcome:person-forty-two")
        queue_email(message(to="b@city.example"))
    first = mail.outbox[0].message()["Message-ID"]
    assert first == outbox.message_id(key)
    assert re.fullmatch(r"<outbox\.[0-9a-f]{32}@example\.org>", first)
    assert "welcome" not in first and "person" not in first
    assert mail.outbox[1].message()["Message-ID"] != first
    # As if the worker died between the server's 250 and the COMMIT.
    OutboxEmail.objects.filter(key=key).update(status=Status.PENDING, sent_at=None)
    assert outbox.sweep() == 1
    assert mail.outbox[2].to == ["a@city.example"]
    assert mail.outbox[2].message()["Message-ID"] == first
    # Without an address in DEFAULT_FROM_EMAIL, the site's host names it.
    settings.DEFAULT_FROM_EMAIL = "Hub"
    assert outbox.message_id(key).endswith("@testserver>")


def test_a_task_queued_by_the_old_code_sends_once(django_capture_on_commit_callbacks):
    payload = asdict(message())
    assert network_tasks.send_email(payload) == 1
    assert network_tasks.send_email(payload) == 0
    assert len(mail.outbox) == 1
    assert row().key == outbox.payload_key(payload) and row().status == Status.SENT


def test_the_reminders_job_writes_one_row_per_recipient_however_often_it_runs(
    django_capture_on_commit_callbacks,
):
    from webinars import tasks as webinar_tasks
    from webinars.models import Reminder, WebinarPage
    from webinars.registration import register

    start = datetime.datetime(2027, 3, 15, 16, 0, tzinfo=datetime.UTC)
    page = WebinarPage.objects.get(locale__language_code="en", slug="faith-communities-as-partners")
    page.starts_at = start
    page.capacity = 3
    page.save_revision().publish()
    session = WebinarPage.objects.get(pk=page.pk)
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):
            register(
                session=session,
                full_name=f"Person {n}",
                email=f"p{n}@town.example",
                language="en",
                consent=True,
            )
    mail.outbox.clear()

    def run():
        with django_capture_on_commit_callbacks(execute=True):
            webinar_tasks.send_reminders(now=start - datetime.timedelta(hours=23))

    run()
    run()
    reminders = OutboxEmail.objects.filter(key__startswith="webinar-reminder:")
    assert reminders.count() == 3
    assert len(mail.outbox) == 3
    # Even a run that lost the job's own record of what it sent writes nothing new.
    Reminder.objects.all().delete()
    run()
    assert reminders.count() == 3
    assert len(mail.outbox) == 3
    assert all(r.status == Status.SENT for r in reminders)


def test_the_outbox_command_counts_lists_failed_and_retries_them(
    settings, django_capture_on_commit_callbacks
):
    from io import StringIO

    from django.core.management import call_command

    settings.EMAIL_BACKEND = "tests.network.test_outbox.FailingBackend"
    settings.HUB_OUTBOX_MAX_ATTEMPTS = 1
    with django_capture_on_commit_callbacks(execute=True):
        queue_email(message())
    assert row().status == Status.FAILED
    out = StringIO()
    call_command("outbox", stdout=out)
    assert "failed      1" in out.getvalue()
    assert "1 attempts: SMTPServerDisconnected" in out.getvalue()
    assert "Private" not in out.getvalue() and "a@city.example" not in out.getvalue()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("outbox", "--retry-failed", stdout=StringIO())
    assert row().status == Status.PENDING and row().attempts == 0
    assert outbox.sweep() == 1
    assert len(mail.outbox) == 1


def test_the_sweep_forgets_rows_done_more_than_the_kept_days_ago(
    settings, django_capture_on_commit_callbacks
):
    settings.HUB_OUTBOX_KEEP_DAYS = 30
    with django_capture_on_commit_callbacks(execute=False):
        for key in ("old-sent", "old-pending", "new-sent"):
            queue_email(message(), key=key)
    OutboxEmail.objects.exclude(key="old-pending").update(status=Status.SENT)
    OutboxEmail.objects.filter(key__startswith="old").update(
        created_at=timezone.now() - datetime.timedelta(days=31)
    )
    outbox.sweep()
    # A pending row is never forgotten, however old: it is sent.
    assert set(OutboxEmail.objects.values_list("key", flat=True)) == {"old-pending", "new-sent"}
    assert OutboxEmail.objects.get(key="old-pending").status == Status.SENT


def test_superusers_read_the_outbox_in_the_admin_and_coordinators_do_not(
    client, settings, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    from network.models import User
    from tests.network.factories import UserFactory

    settings.EMAIL_BACKEND = "tests.network.test_outbox.FailingBackend"
    settings.HUB_OUTBOX_MAX_ATTEMPTS = 1
    with django_capture_on_commit_callbacks(execute=True):
        queue_email(message())
    url = reverse("outbox:index")

    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    page = client.get(url, {"status": "failed"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "SMTPServerDisconnected" in text and "a@city.example" in text
    assert "Private body text" not in text  # the content is not shown
    assert reverse("outbox:index") + "add/" not in text

    client.force_login(User.objects.get(email="coordinator@hub.example"))
    assert client.get(url).status_code in (302, 403)


def test_a_message_that_cannot_be_built_fails_alone(settings, django_capture_on_commit_callbacks):
    settings.HUB_OUTBOX_MAX_ATTEMPTS = 1
    with django_capture_on_commit_callbacks(execute=False):
        queue_email(message(), key="broken")
        queue_email(message(to="b@city.example"), key="fine")
    broken = OutboxEmail.objects.get(key="broken")
    del broken.payload["subject"]
    broken.save()
    assert outbox.sweep() == 1
    assert [m.to for m in mail.outbox] == [["b@city.example"]]
    broken.refresh_from_db()
    assert broken.status == Status.FAILED and broken.last_error.startswith("KeyError")


def test_a_message_to_forget_keeps_nothing_once_sent(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queue_email(message(to="leaving@city.example"), key="goodbye", forget=True)
    assert [m.to for m in mail.outbox] == [["leaving@city.example"]]
    sent = OutboxEmail.objects.get(key="goodbye")
    assert sent.status == Status.SENT
    assert "leaving@city.example" not in str(sent.payload)
    assert "Private body text" not in str(sent.payload)


def test_forgetting_an_address_deletes_its_rows_sent_or_not(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queue_email(message(to="Leaving@City.example"), key="sent-before")
    with django_capture_on_commit_callbacks(execute=False):
        queue_email(message(to="leaving@city.example"), key="still-to-send")
        queue_email(message(to="stays@city.example"), key="someone-else")
        queue_email(message(to="notleaving@city.example"), key="longer-address")
        queue_email(
            OutgoingEmail(to=["leaving@city.example", "lead@city.example"], subject="S", text="T"),
            key="shared",
        )

    assert outbox.forget_address("leaving@city.example") == 3
    assert set(OutboxEmail.objects.values_list("key", flat=True)) == {
        "someone-else",
        "longer-address",
        "shared",
    }
    # The other recipient still gets theirs; the address is gone from it.
    assert OutboxEmail.objects.get(key="shared").payload["to"] == ["lead@city.example"]
