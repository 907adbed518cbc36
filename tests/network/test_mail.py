import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core import mail
from django.db import connection

from network.mail import OutgoingEmail, queue_email, render_email

ROOT = Path(__file__).resolve().parents[2]


def test_queued_email_is_sent_by_the_task_after_commit(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        queue_email(OutgoingEmail(to=["a@city.example"], subject="Hello", text="Body text"))
        assert mail.outbox == []  # nothing leaves before the transaction commits
    assert len(callbacks) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Hello"
    assert message.body == "Body text"
    assert message.alternatives == []


def test_nothing_is_sent_when_the_transaction_rolls_back(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        queue_email(OutgoingEmail(to=["a@city.example"], subject="Hello", text="Body"))
    assert len(callbacks) == 1  # registered, but a rollback would drop it
    assert mail.outbox == []


def test_a_closed_accounts_address_receives_nothing(db, django_capture_on_commit_callbacks):
    """A booking kept after its booker closed their account still sends its notices, to the
    expert only: the closed address (closed-<id>@closed.invalid) is dropped."""
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        queue_email(OutgoingEmail(to=["closed-7@closed.invalid"], subject="Hi", text="Body"))
        queue_email(
            OutgoingEmail(to=["closed-7@closed.invalid", "b@city.example"], subject="Hi", text="B")
        )
    assert len(callbacks) == 1
    assert [message.to for message in mail.outbox] == [["b@city.example"]]


def test_render_email_uses_the_recipients_language():
    message = render_email(
        template="test_greeting", context={"name": "Léa"}, to=["lea@ville.example"], language="fr"
    )
    assert message.subject == "Greeting (fr) for Léa"
    assert message.text.startswith("Language: fr")
    # No HTML template: the HTML part is derived from the text, links made clickable.
    assert '<a href="https://hub.example/fr/"' in message.html
    assert "Welcome, Léa" in message.html


def test_plain_text_is_not_html_escaped_but_the_html_part_is():
    message = render_email(
        template="test_greeting",
        context={"name": "O'Brien <Ana>"},
        to=["a@city.example"],
        language="en",
    )
    assert "O'Brien <Ana>" in message.subject and "O'Brien <Ana>" in message.text
    assert "O&#x27;Brien &lt;Ana&gt;" in message.html


@pytest.mark.django_db(transaction=True)
def test_a_real_qcluster_process_delivers_a_queued_email(tmp_path, monkeypatch):
    """Start `manage.py qcluster` against the test database and watch the mail arrive."""
    from django_q.conf import Conf

    monkeypatch.setattr(Conf, "SYNC", False)  # queue it for the worker, not in-process
    queue_email(OutgoingEmail(to=["worker@city.example"], subject="From the worker", text="Hi"))

    settings_dict = connection.settings_dict
    if connection.vendor == "sqlite":
        database_url = f"sqlite:///{settings_dict['NAME']}"
    else:
        database_url = (
            f"postgres://{settings_dict['USER']}:{settings_dict['PASSWORD']}@"
            f"{settings_dict['HOST'] or '127.0.0.1'}:{settings_dict['PORT'] or 5432}/"
            f"{settings_dict['NAME']}"
        )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": database_url,
        "HUB_TASKS_SYNC": "0",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path),
    }
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "qcluster"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not list(tmp_path.iterdir()):
            assert worker.poll() is None, worker.stderr.read().decode()
            time.sleep(0.25)
        delivered = [path.read_text() for path in tmp_path.iterdir()]
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
    assert len(delivered) == 1
    assert "Subject: From the worker" in delivered[0]
    assert "worker@city.example" in delivered[0]
