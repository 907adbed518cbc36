"""The site under gunicorn for the load and race benchmarks: start it, wait for it, stop it.

The server runs bench.settings on the same database as the process that starts it (the
environment is passed on), bound to a free port on the loopback interface. Sign-ins go
through allauth's login form over HTTP, as a browser's would.
"""

import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "hub-demo-2026"
LOGIN_PATH = "/en/accounts/login/"
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken"\s+value="([^"]+)"')


@dataclass
class Server:
    """A running gunicorn: where it listens and how it was started."""

    base_url: str
    workers: int
    worker_class: str
    threads: int
    env: dict = field(default_factory=dict)
    log: Path | None = None

    def url(self, path: str) -> str:
        return self.base_url + path

    def error_counts(self) -> dict[str, int]:
        """The exception ending each traceback the server logged so far, with its count."""
        if self.log is None:
            return {}
        found: dict[str, int] = {}
        lines = self.log.read_text(errors="replace").splitlines()
        for index, line in enumerate(lines):
            if line.startswith("Traceback"):
                end = index + 1
                while end < len(lines) and (lines[end].startswith(" ") or not lines[end]):
                    end += 1
                chained = end + 2 < len(lines) and lines[end + 2].startswith(
                    ("The above exception", "During handling")
                )
                if end < len(lines) and not chained:
                    found[lines[end]] = found.get(lines[end], 0) + 1
        return found

    def errors(self, since: dict | None = None) -> list[str]:
        """Those exceptions as "count × exception", most frequent first; only the ones
        logged after the `since` snapshot of error_counts() when given."""
        since = since or {}
        counts = {k: v - since.get(k, 0) for k, v in self.error_counts().items()}
        ordered = sorted(((k, v) for k, v in counts.items() if v > 0), key=lambda i: -i[1])
        return [f"{count} × {text}" for text, count in ordered]

    def describe(self) -> dict:
        return {
            "workers": self.workers,
            "worker_class": self.worker_class,
            "threads": self.threads,
            "env": self.env,
        }


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(*, workers: int = 2, worker_class: str = "sync", threads: int = 1, env=None):
    """Start gunicorn serving bench.settings, wait until /bench/ok answers, yield a Server,
    and stop it (TERM, then KILL) whatever happens in between."""
    port = free_port()
    extra = dict(env or {})
    environ = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", **extra}
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi:application",
        "--pythonpath",
        "site,.",
        "--chdir",
        str(ROOT),
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        worker_class,
        "--threads",
        str(threads),
        "--timeout",
        "120",
        "--graceful-timeout",
        "5",
        "--log-level",
        "warning",
        "--no-control-socket",
        "--worker-tmp-dir",
        "/dev/shm" if os.path.isdir("/dev/shm") else tempfile.gettempdir(),
    ]
    log = tempfile.NamedTemporaryFile(prefix="bench-gunicorn-", suffix=".log", delete=False)
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=environ,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    server = Server(
        f"http://127.0.0.1:{port}", workers, worker_class, threads, extra, Path(log.name)
    )
    try:
        _wait_until_up(server, process, Path(log.name))
        yield server
    finally:
        _stop(process)
        log.close()
        os.unlink(log.name)


def _wait_until_up(server: Server, process: subprocess.Popen, log: Path, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited ({process.returncode}):\n{_tail(log)}")
        try:
            if requests.get(server.url("/bench/ok"), timeout=2).status_code == 200:
                # Both workers import the project lazily: one request per worker warms them.
                for _ in range(server.workers * 2):
                    requests.get(server.url("/bench/ok"), timeout=10)
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer /bench/ok within {timeout:.0f} s:\n{_tail(log)}")


def _tail(log: Path, lines: int = 30) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)  # gunicorn's own process group (new session)
        process.wait(timeout=15)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait(timeout=5)


def csrf_token(html: str) -> str:
    found = CSRF_FIELD.search(html)
    if not found:
        raise RuntimeError("no CSRF token in the form")
    return found.group(1)


def sign_in(server: Server, email: str, password: str = PASSWORD) -> requests.Session:
    """A session signed in through allauth's login form (CSRF token from the form)."""
    session = requests.Session()
    form = session.get(server.url(LOGIN_PATH), timeout=30)
    form.raise_for_status()
    answer = session.post(
        server.url(LOGIN_PATH),
        data={"login": email, "password": password, "csrfmiddlewaretoken": csrf_token(form.text)},
        headers={"Referer": server.url(LOGIN_PATH)},
        allow_redirects=False,
        timeout=30,
    )
    if answer.status_code != 302 or "sessionid" not in session.cookies:
        raise RuntimeError(f"could not sign in {email}: HTTP {answer.status_code}")
    return session


def cookie_header(session: requests.Session) -> str:
    """The session and CSRF cookies for wrk's Cookie header. Not the messages cookie: it
    would show "Signed in" on every request of the load."""
    return "; ".join(
        f"{name}={value}"
        for name, value in session.cookies.items()
        if name in ("sessionid", "csrftoken")
    )
