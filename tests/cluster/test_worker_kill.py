"""Workers killed in the middle of a burst of emails lose none and send none twice.

Two real `manage.py qcluster` processes (each in its own process group) send the outbox to a
real SMTP server in this process (aiosmtpd). Each round queues a burst of emails (committed,
their nudges queued), and SIGKILLs one worker's whole process group once a random number of
the burst has arrived, then starts it again. The round ends when no pending row is left:
sent by the nudges, or by the sweep (network.outbox.sweep), which this test queues as a task
for the workers every few seconds instead of waiting for its one-minute schedule. Nothing
is sent from this process. Checked: every email arrived (no loss), no Message-ID arrived
twice (no double), every row is `sent`.

PostgreSQL only (row locks with SKIP LOCKED, real concurrent processes). HUB_KILL_SEED
replays a run; HUB_KILL_ROUNDS and HUB_KILL_BURST change its size.
"""

import asyncio
import email
import email.policy
import logging
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
from django.db import connection, transaction

from network import outbox
from network.mail import OutgoingEmail, queue_email
from network.models import OutboxEmail
from tests.utils import requires_postgres

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = int(os.environ.get("HUB_KILL_ROUNDS", "8"))
BURST = int(os.environ.get("HUB_KILL_BURST", "60"))
ROUND_SECONDS = 60
SWEEP_EVERY = 3.0

pytestmark = [requires_postgres(), pytest.mark.django_db(transaction=True)]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Recorder:
    """An SMTP server's handler: the Message-ID and recipients of every message accepted."""

    def __init__(self):
        self.lock = threading.Lock()
        self.messages: list[tuple[str, tuple[str, ...]]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        parsed = email.message_from_bytes(
            envelope.original_content or envelope.content, policy=email.policy.default
        )
        with self.lock:
            self.messages.append((str(parsed["Message-ID"]), tuple(envelope.rcpt_tos)))
        await asyncio.sleep(0)
        return "250 Message accepted for delivery"

    def ids(self) -> list[str]:
        with self.lock:
            return [message_id for message_id, _ in self.messages]


class Worker:
    """`manage.py qcluster` in a process group of its own."""

    def __init__(self, name: str, env: dict, folder: Path):
        self.name, self.env, self.folder = name, env, folder
        self.process = None
        self.starts = 0

    def start(self) -> None:
        self.starts += 1
        log = (self.folder / f"{self.name}-{self.starts}.log").open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "qcluster"],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: sentinel, pusher, workers
        )
        log.close()

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=20)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.kill()

    def tail(self) -> str:
        logs = sorted(self.folder.glob(f"{self.name}-*.log"))
        return logs[-1].read_text(errors="replace")[-3000:] if logs else ""


def database_url() -> str:
    s = connection.settings_dict
    return (
        f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST'] or '127.0.0.1'}:"
        f"{s['PORT'] or 5432}/{s['NAME']}"
    )


def queue_for_workers(func: str, *args) -> None:
    from django_q.tasks import async_task

    async_task(func, *args, task_name="outbox-test")


def say(line: str) -> None:
    """A line on the terminal (pytest -s) and in the report's captured output."""
    sys.stderr.write(f"[worker-kill] {line}\n")
    sys.stderr.flush()


def pending() -> int:
    return OutboxEmail.objects.filter(status=OutboxEmail.Status.PENDING).count()


def test_killed_workers_lose_no_email_and_send_none_twice(tmp_path, monkeypatch):
    from aiosmtpd.controller import Controller
    from django_q.conf import Conf
    from django_q.models import OrmQ, Schedule

    seed = int(os.environ.get("HUB_KILL_SEED") or random.randrange(2**32))
    rng = random.Random(seed)
    say(f"seed={seed} rounds={ROUNDS} burst={BURST}")
    monkeypatch.setattr(Conf, "SYNC", False)  # nudges and sweeps go to the queue
    logging.getLogger("mail.log").setLevel(logging.WARNING)

    # Only the outbox's sweep among the schedules; no earlier mail, no earlier tasks.
    outbox.ensure_schedules()
    Schedule.objects.exclude(func="network.outbox.sweep").delete()
    OutboxEmail.objects.all().delete()
    OrmQ.objects.all().delete()

    recorder = Recorder()
    port = free_port()
    smtp = Controller(recorder, hostname="127.0.0.1", port=port)
    smtp.start()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": database_url(),
        "HUB_TASKS_SYNC": "0",
        "Q_WORKERS": "2",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
        "EMAIL_TIMEOUT": "10",
    }
    workers = [Worker(name, env, tmp_path) for name in ("w1", "w2")]
    started = time.monotonic()
    rounds = []
    try:
        for worker in workers:
            worker.start()
        # Warm up: both clusters up and sending before the first burst.
        with transaction.atomic():
            queue_email(OutgoingEmail(to=["warm@city.example"], subject="Warm-up", text="Hi"))
        deadline = time.monotonic() + 90
        while not recorder.ids():
            assert time.monotonic() < deadline, "\n".join(w.tail() for w in workers)
            assert all(w.process.poll() is None for w in workers), [w.tail() for w in workers]
            time.sleep(0.1)
        time.sleep(1.0)

        for number in range(ROUNDS):
            keys = [f"kill-test:{number}:{n}" for n in range(BURST)]
            expected = {outbox.message_id(key) for key in keys}
            target = rng.randint(1, BURST - 1)
            victim = rng.choice(workers)
            begun = time.monotonic()
            with transaction.atomic():
                for n, key in enumerate(keys):
                    queue_email(
                        OutgoingEmail(
                            to=[f"r{number}.p{n}@city.example"],
                            subject=f"Round {number}, email {n}",
                            text="Body",
                        ),
                        key=key,
                    )
            # The kill: once `target` of this burst have arrived, at whatever step each
            # worker is in (claiming, sending, committing).
            deadline = time.monotonic() + ROUND_SECONDS
            while len(expected.intersection(recorder.ids())) < target:
                assert time.monotonic() < deadline, f"round {number}: the burst did not start"
                time.sleep(0.002)
            arrived_at_kill = len(expected.intersection(recorder.ids()))
            victim.kill()
            victim.start()
            # Until no row is pending: the nudges first, then a sweep task every few seconds.
            sweeps = 0
            last_sweep = time.monotonic()
            while pending():
                assert time.monotonic() < deadline, (
                    f"round {number}: {pending()} emails still pending\n{victim.tail()}"
                )
                if time.monotonic() - last_sweep > SWEEP_EVERY:
                    queue_for_workers("network.outbox.sweep")
                    sweeps += 1
                    last_sweep = time.monotonic()
                time.sleep(0.05)
            arrived = recorder.ids()
            rounds.append(
                {
                    "round": number,
                    "killed": victim.name,
                    "arrived_at_kill": arrived_at_kill,
                    "sweeps_queued": sweeps,
                    "missing": len(expected - set(arrived)),
                    "seconds": round(time.monotonic() - begun, 1),
                }
            )
            say(str(rounds[-1]))
    finally:
        for worker in workers:
            worker.stop()
        smtp.stop()

    ids = recorder.ids()
    doubles = {message_id: n for message_id, n in Counter(ids).items() if n > 1}
    all_keys = [f"kill-test:{r}:{n}" for r in range(ROUNDS) for n in range(BURST)]
    missing = [key for key in all_keys if outbox.message_id(key) not in set(ids)]
    statuses = Counter(
        OutboxEmail.objects.filter(key__startswith="kill-test:").values_list("status", flat=True)
    )
    summary = {
        "seed": seed,
        "rounds": ROUNDS,
        "kills": ROUNDS,
        "emails": len(all_keys),
        "received": len(ids) - 1,  # the warm-up
        "doubles": len(doubles),
        "missing": len(missing),
        "rounds_finished_by_nudges_alone": sum(1 for r in rounds if r["sweeps_queued"] == 0),
        "seconds": round(time.monotonic() - started, 1),
    }
    say(f"summary: {summary}")
    assert not missing, f"lost: {missing[:10]} (seed {seed})"
    assert not doubles, f"sent twice: {doubles} (seed {seed})"
    assert statuses == {OutboxEmail.Status.SENT: len(all_keys)}, statuses
