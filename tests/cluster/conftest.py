"""A small production on one machine: Redis, a fresh PostgreSQL database, an S3-compatible
server, an SMTP sink, two gunicorn web nodes and two django-q2 workers, each on its own
port, all under production settings (docs/deploy.md, "Past one machine").

`cluster` (module-scoped) starts everything once, runs `migrate` from both nodes at once,
loads what the scenarios need and yields a `Cluster`; its teardown kills every process
group it started and drops the database, even when a test failed. Each child's output is
kept in a log file, whose tail is printed when it does not start or a wait runs out.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import json
import logging
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit, urlunsplit

import pytest

from tests.s3server import make_buckets, s3_server, storage_env  # noqa: F401 (a fixture)

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
SECRET_KEY = "cluster-test-k3y-Vx2!qLz7@rT4$wN8&kB3^mF6*hJ1(cD5)sG0-yU_eA+iO=lP"
BASE_URL = "https://hub.test"
BUCKET = "hub-cluster-media"
PRIVATE_BUCKET = "hub-cluster-private"
# Settings and credentials the children must not inherit from the test process.
INHERITED_OUT = {
    "DJANGO_SETTINGS_MODULE",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "REDIS_URL",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "PYTHONPATH",
}


def log(message: str) -> None:
    """A line on the terminal (pytest -s) and in the report's captured output."""
    sys.stderr.write(f"[cluster] {message}\n")
    sys.stderr.flush()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(check: Callable[[], object], *, seconds: float, what: str, every: float = 0.2):
    """`check()`'s first truthy answer within `seconds`, or a failure naming `what`."""
    deadline = time.monotonic() + seconds
    last_error = None
    while True:
        try:
            answer = check()
        except Exception as error:  # noqa: BLE001 - kept for the failure message
            answer, last_error = None, error
        if answer:
            return answer
        if time.monotonic() > deadline:
            detail = f" (last error: {last_error!r})" if last_error else ""
            pytest.fail(f"waited {seconds:.0f} s for {what}{detail}")
        time.sleep(every)


def _port_open(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


# --- Processes ---


@dataclass
class Child:
    """A process started in its own session (so its whole group can be killed)."""

    name: str
    args: list[str]
    env: dict[str, str]
    log_path: Path
    process: subprocess.Popen | None = None

    def start(self) -> Child:
        self.log_file = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop()
        self.log_file.write(f"\n--- start {time.strftime('%H:%M:%S')} ---\n".encode())
        self.log_file.flush()
        self.process = subprocess.Popen(
            self.args,
            cwd=ROOT,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self, sig=signal.SIGKILL) -> None:
        """Signal the whole process group (gunicorn's and qcluster's children included)."""
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, sig)
        except ProcessLookupError:
            pass

    def stop(self, *, graceful: float = 0) -> None:
        if self.process is None:
            return
        if graceful and self.running:
            self.kill(signal.SIGTERM)
            try:
                self.process.wait(timeout=graceful)
            except subprocess.TimeoutExpired:
                pass
        self.kill(signal.SIGKILL)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        self.log_file.close()

    def tail(self, lines: int = 40) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])


# --- The SMTP sink ---


@dataclass
class Received:
    message_id: str
    to: str
    subject: str
    rcpt_tos: list[str]
    raw: bytes


class SmtpSink:
    """aiosmtpd in this process: every message it is given, in order."""

    def __init__(self):
        from aiosmtpd.controller import Controller

        # aiosmtpd logs every connection at INFO on "mail.log".
        logging.getLogger("mail.log").setLevel(logging.WARNING)
        self.messages: list[Received] = []
        self._lock = threading.Lock()
        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        raw = envelope.original_content or envelope.content
        parsed = email.message_from_bytes(raw, policy=email.policy.default)
        with self._lock:
            self.messages.append(
                Received(
                    message_id=str(parsed.get("Message-ID", "")),
                    to=str(parsed.get("To", "")),
                    subject=str(parsed.get("Subject", "")),
                    rcpt_tos=list(envelope.rcpt_tos),
                    raw=raw,
                )
            )
        await asyncio.sleep(0)
        return "250 Message accepted for delivery"

    def received(self) -> list[Received]:
        with self._lock:
            return list(self.messages)

    def clear(self) -> None:
        with self._lock:
            self.messages.clear()

    def start(self) -> SmtpSink:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()


# --- HTTP clients ---


class Browser:
    """One person's browser: cookies shared by both nodes (one site behind a load balancer),
    the proxy's headers on every request, and the form token taken from the cookie.

    The nodes are plain HTTP behind a simulated TLS proxy (X-Forwarded-Proto): the cookies,
    all `Secure` and `__Host-` under production settings, are kept here and sent in a Cookie
    header, as a browser does over HTTPS (Python's cookie jar would not send them)."""

    def __init__(self, *, client_ip: str = "198.51.100.10", host: str | None = None):
        import requests

        self.session = requests.Session()
        self.cookies: dict[str, str] = {}
        self.client_ip = client_ip
        self.host = host

    def headers(self, extra: dict | None = None) -> dict:
        headers = {"X-Forwarded-Proto": "https", "X-Forwarded-For": self.client_ip}
        if self.host:
            headers["Host"] = self.host
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return {**headers, **(extra or {})}

    def _keep_cookies(self, response):
        from http.cookies import SimpleCookie

        for header in response.raw.headers.getlist("Set-Cookie"):
            jar = SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                if morsel["max-age"] in ("0", 0) or "1970" in morsel["expires"]:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        self.session.cookies.clear()
        return response

    def csrf_token(self) -> str:
        return next((v for k, v in self.cookies.items() if k.endswith("csrftoken")), "")

    def request(self, method: str, url: str, *, headers=None, **kwargs):
        kwargs.setdefault("allow_redirects", False)
        kwargs.setdefault("timeout", 60)
        response = self.session.request(method, url, headers=self.headers(headers), **kwargs)
        return self._keep_cookies(response)

    def get(self, url: str, **kwargs):
        return self.request("GET", url, **kwargs)

    def post(self, url: str, data=None, *, referer: str | None = None, **kwargs):
        """A form's post: `data` a dict or a list of pairs; the form token added."""
        extra = {"Referer": referer or f"{BASE_URL}/", "Origin": BASE_URL}
        extra.update(kwargs.pop("headers", None) or {})
        pairs = list(data.items()) if isinstance(data, dict) else list(data or [])
        if not any(name == "csrfmiddlewaretoken" for name, _value in pairs):
            pairs.append(("csrfmiddlewaretoken", self.csrf_token()))
        return self.request("POST", url, data=pairs, headers=extra, **kwargs)

    def follow(self, response, base: str, *, hops: int = 10):
        """Follow redirects with GET, each on `base` (the node the response came from)."""
        for _ in range(hops):
            if response.status_code not in (301, 302, 303, 307, 308):
                return response
            location = response.headers["Location"]
            path = re.sub(r"^https?://[^/]+", "", location)
            response = self.get(urljoin(base + "/", path.lstrip("/")))
        return response


def form_fields(html: str, *, form_selector: str | None = None, contains: str | None = None):
    """The fields a browser would send from a form: (action, [(name, value), ...])."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    forms = soup.select(form_selector) if form_selector else soup.find_all("form")
    if contains:
        forms = [f for f in forms if f.find(attrs={"name": contains})]
    assert forms, f"no form ({form_selector or ''} {contains or ''}) in the page"
    form = forms[0]
    fields = []
    for element in form.find_all(["input", "textarea", "select"]):
        name = element.get("name")
        if not name or element.has_attr("disabled"):
            continue
        if element.name == "textarea":
            fields.append((name, element.text))
        elif element.name == "select":
            chosen = element.find_all("option", selected=True)
            if not chosen and not element.has_attr("multiple"):
                first = element.find("option")
                chosen = [first] if first else []
            fields.extend((name, option.get("value", option.text)) for option in chosen)
        else:
            kind = (element.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                continue
            if kind in ("checkbox", "radio") and not element.has_attr("checked"):
                continue
            fields.append((name, element.get("value", "on" if kind == "checkbox" else "")))
    return form.get("action"), fields


def totp_code(secret: str, *, after: int = 0) -> str:
    """The authenticator app's code now (or `after` periods later)."""
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2] + after))


# --- The cluster ---


@dataclass
class Node:
    name: str
    url: str
    port: int
    env: dict[str, str]
    web: Child
    worker: Child


@dataclass
class Cluster:
    tmp: Path
    database: str
    redis_url: str
    s3_endpoint: str
    smtp: SmtpSink
    nodes: list[Node]
    data: dict = field(default_factory=dict)

    @property
    def a(self) -> Node:
        return self.nodes[0]

    @property
    def b(self) -> Node:
        return self.nodes[1]

    def manage(self, *args: str, node: Node | None = None, timeout: float = 300, check=True):
        node = node or self.a
        started = time.monotonic()
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=node.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if check and result.returncode != 0:
            pytest.fail(
                f"manage.py {' '.join(args)[:80]} exited {result.returncode} after "
                f"{time.monotonic() - started:.1f} s:\n{result.stdout[-3000:]}\n{result.stderr[-5000:]}"
            )
        return result

    def shell(self, code: str, *, node: Node | None = None, timeout: float = 300):
        """Run Python in a node's environment (Django set up); its last stdout line, read as
        JSON when it is."""
        result = self.manage("shell", "-c", code, node=node, timeout=timeout)
        lines = result.stdout.strip().splitlines()
        if not lines:
            return None
        try:
            return json.loads(lines[-1])
        except ValueError:
            return lines[-1]

    def restart_worker(self, node: Node) -> None:
        node.worker.stop()
        node.worker.start()


def _postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


def _with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def _admin_connection(url: str):
    import psycopg

    return psycopg.connect(url, autocommit=True)


def node_environment(name: str, tmp: Path, *, database_url, redis_url, s3, smtp_port) -> dict:
    environ = {k: v for k, v in os.environ.items() if k not in INHERITED_OUT}
    # Each node has its own local disk: nothing may be shared through one.
    disk = tmp / name
    (disk / "media").mkdir(parents=True, exist_ok=True)
    (disk / "private").mkdir(parents=True, exist_ok=True)
    environ.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        PYTHONPATH=os.pathsep.join([str(ROOT / "site"), str(ROOT)]),
        SECRET_KEY=SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        BASE_URL=BASE_URL,
        CSRF_TRUSTED_ORIGINS=BASE_URL,
        SECURE_SSL_REDIRECT="false",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(smtp_port),
        EMAIL_USE_TLS="false",
        HUB_TRUSTED_PROXY_COUNT="1",
        HUB_CLAMD_ADDRESS="",
        **storage_env(s3, BUCKET, PRIVATE_BUCKET),
        MEDIA_ROOT=str(disk / "media"),
        HUB_PRIVATE_MEDIA_ROOT=str(disk / "private"),
        Q_WORKERS="2",
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    return environ


@pytest.fixture(scope="module")
def cluster(request, tmp_path_factory) -> Iterator[Cluster]:
    from tests.utils import POSTGRES_REASON

    url = _postgres_url()
    if not url:
        pytest.skip(f"{POSTGRES_REASON}: the cluster runs on PostgreSQL (set DATABASE_URL)")
    redis_server = shutil.which("redis-server")
    if not redis_server:
        pytest.skip("needs Debian's redis-server (apt-get install redis-server; .ci/run does)")

    tmp = tmp_path_factory.mktemp("cluster")
    log(f"logs in {tmp}")
    children: list[Child] = []
    smtp = None
    database = f"hub_cluster_{os.getpid()}"
    admin = _admin_connection(_with_database(url, "postgres"))
    started = time.monotonic()
    try:
        admin.execute(f'DROP DATABASE IF EXISTS "{database}"')
        admin.execute(f'CREATE DATABASE "{database}"')
        database_url = _with_database(url, database)

        redis_port = free_port()
        redis = Child(
            "redis",
            [
                redis_server,
                "--port",
                str(redis_port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(tmp),
            ],
            dict(os.environ),
            tmp / "redis.log",
        ).start()
        children.append(redis)
        s3 = request.getfixturevalue("s3_server")
        make_buckets(s3, BUCKET, PRIVATE_BUCKET)
        smtp = SmtpSink().start()
        wait_for(lambda: _port_open(redis_port), seconds=30, what=f"redis\n{redis.tail()}")
        redis_url = f"redis://127.0.0.1:{redis_port}/0"

        nodes = []
        for name in ("a", "b"):
            port = free_port()
            environ = node_environment(
                name,
                tmp,
                database_url=database_url,
                redis_url=redis_url,
                s3=s3,
                smtp_port=smtp.port,
            )
            web = Child(
                f"web-{name}",
                [
                    str(BIN / "gunicorn"),
                    "--config",
                    "gunicorn.conf.py",
                    "--pythonpath",
                    "site",
                    "config.wsgi",
                    "--workers",
                    "2",
                    "--no-control-socket",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--timeout",
                    "120",
                ],
                environ,
                tmp / f"web-{name}.log",
            )
            worker = Child(
                f"worker-{name}",
                [sys.executable, "manage.py", "qcluster"],
                environ,
                tmp / f"worker-{name}.log",
            )
            nodes.append(Node(name, f"http://127.0.0.1:{port}", port, environ, web, worker))
        cluster = Cluster(tmp, database, redis_url, s3, smtp, nodes)
        children.extend(child for node in nodes for child in (node.web, node.worker))
        _set_up(cluster)
        log(f"set-up took {time.monotonic() - started:.1f} s")
        yield cluster
    finally:
        for child in reversed(children):
            child.stop()
        if smtp is not None:
            smtp.stop()
        try:
            admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        finally:
            admin.close()


def _set_up(cluster: Cluster) -> None:
    a = cluster.a
    phase = time.monotonic()
    # Both nodes deploy at once onto the empty database: two migrates together.
    first = _migrate_together(cluster)
    cluster.data["migrate_empty"] = first
    log(f"two migrates at once, empty database: {time.monotonic() - phase:.1f} s")
    if any(code for code, _output in first):
        phase = time.monotonic()
        cluster.manage("migrate", "--no-input", node=a)  # so that the scenarios can run
        log(f"migrate again, alone: {time.monotonic() - phase:.1f} s")
    # A deploy that brings new schedules: both nodes create the same ones at once.
    phase = time.monotonic()
    cluster.shell("from django_q.models import Schedule; Schedule.objects.all().delete()")
    cluster.data["migrate"] = _migrate_together(cluster)
    log(f"two migrates at once, schedules to create: {time.monotonic() - phase:.1f} s")
    phase = time.monotonic()
    cluster.manage("collectstatic", "--no-input", node=a)
    log(f"collectstatic: {time.monotonic() - phase:.1f} s")
    phase = time.monotonic()
    for node in cluster.nodes:  # they boot while the data is written
        node.web.start()
        node.worker.start()
    cluster.data["data"] = cluster.shell(SETUP_SCRIPT, node=a)
    log(f"scenario data: {time.monotonic() - phase:.1f} s")
    for node in cluster.nodes:
        wait_for(
            lambda node=node: _healthy(node),
            seconds=180,
            what=f"{node.web.name} to answer /healthz\n{node.web.tail()}",
            every=0.5,
        )
    log(f"web nodes up: {time.monotonic() - phase:.1f} s")


def _migrate_together(cluster: Cluster) -> list[tuple[int, str]]:
    runs = [
        subprocess.Popen(
            [sys.executable, "manage.py", "migrate", "--no-input"],
            cwd=ROOT,
            env=node.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for node in cluster.nodes
    ]
    outputs = [run.communicate(timeout=600)[0] for run in runs]
    return [(run.returncode, output) for run, output in zip(runs, outputs, strict=True)]


def _healthy(node: Node) -> bool:
    import requests

    if not node.web.running:
        pytest.fail(f"{node.web.name} exited:\n{node.web.tail()}")
    try:
        response = requests.get(
            f"{node.url}/healthz",
            headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "192.0.2.1"},
            timeout=5,
        )
    except requests.RequestException:
        return False
    return response.status_code == 200 and response.text == "ok"


# What the scenarios need, made once through the models (a few seconds; `load_demo` is not
# needed): people in two cities, an editor with an authenticator app, an expert open every
# day on a programme page, a published standard page. Printed as JSON.
SETUP_SCRIPT = r"""
import datetime, json
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group
from wagtail.models import Locale, Page, Site
from network.models import Membership
from pages.models import StandardPage
from tests.network.factories import PASSWORD, ExpertProfileFactory, MembershipFactory, OrganisationFactory, UserFactory
from tests.office_hours.factories import AvailabilityFactory
from webinars.office_hours.models import OfficeHoursExpert, OfficeHoursPage
from webinars.models import WebinarIndexPage
from pages.models import HomePage

out = {"password": PASSWORD}
english = Locale.objects.get_or_create(language_code="en")[0]
root = Page.get_first_root_node()
home = HomePage.objects.filter(locale=english).first()
if home is None:
    # Wagtail's first migration leaves a welcome page where the home page goes (load_demo).
    Page.objects.filter(depth=2, content_type__model="page").delete()
    home = root.add_child(instance=HomePage(title="North America Hub", slug="home", locale=english, hero_title="Cities"))
    home.save_revision().publish()
Site.objects.update_or_create(is_default_site=True, defaults={"hostname": "hub.test", "port": 443, "root_page": home, "site_name": "North America Hub"})

editor = UserFactory(email="editor@hub.example", full_name="Eddie Editor", is_staff=True, is_superuser=True)
secret = generate_totp_secret()
TOTP.activate(editor, secret)
out["editor"] = {"email": editor.email, "secret": secret}

page = home.add_child(instance=StandardPage(title="Cluster notice", slug="cluster-notice", locale=english))
page.save_revision().publish()
out["page"] = {"id": page.pk, "path": page.get_url_parts()[2]}

city_a = OrganisationFactory(name="Alphaville")
city_b = OrganisationFactory(name="Betatown")
def person(city, email, role=Membership.Role.MEMBER):
    return MembershipFactory(organisation=city, role=role, user__email=email, user__time_zone="America/Toronto").user
out["official_a"] = person(city_a, "official@alphaville.example", Membership.Role.LEAD).email
out["official_b"] = person(city_b, "official@betatown.example", Membership.Role.LEAD).email
out["member_a"] = person(city_a, "member@alphaville.example").email
out["member_b"] = person(city_b, "member@betatown.example").email
out["city_a"], out["city_b"] = city_a.pk, city_b.pk
out["login_target"] = person(city_a, "target@alphaville.example").email

index = WebinarIndexPage.objects.filter(locale=english).first()
if index is None:
    index = home.add_child(instance=WebinarIndexPage(title="Webinars", slug="webinars", locale=english))
    index.save_revision().publish()
programme = OfficeHoursPage.objects.filter(locale=english, live=True).first()
if programme is None:
    programme = index.add_child(instance=OfficeHoursPage(title="Office hours", slug="office-hours", locale=english))
    programme.save_revision().publish()
profile = ExpertProfileFactory(user__full_name="Casey Cluster", user__email="casey@hub.example", user__time_zone="America/Toronto", time_zone="America/Toronto", languages=["en"])
from network.models import EXPERTS_GROUP
profile.user.groups.add(Group.objects.get(name=EXPERTS_GROUP))
AvailabilityFactory(expert=profile, min_notice_hours=1)
OfficeHoursExpert.objects.create(page=programme, expert=profile)
out["programme"] = {"id": programme.pk, "path": programme.get_url_parts()[2]}
out["expert"] = profile.pk
print(json.dumps(out))
"""
