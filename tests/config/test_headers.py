"""Hardening of every response (issue 22, finding 8): a Permissions-Policy, no server banner
from gunicorn, and "__Host-" cookie names under production settings."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client, override_settings

from tests.config.test_settings import STRONG_KEY, run

ROOT = Path(__file__).resolve().parents[2]
PLAYERS = ('"https://www.youtube-nocookie.com"', '"https://player.vimeo.com"')


def policy(response) -> dict[str, list[str]]:
    header = response["Permissions-Policy"]
    found = {}
    for part in header.split(","):
        feature, _, allowed = part.strip().partition("=")
        assert allowed.startswith("(") and allowed.endswith(")"), part
        found[feature] = allowed[1:-1].split()
    return found


# --- Permissions-Policy ---


@pytest.mark.parametrize(
    "url", ["/en/", "/fr/", "/en/search/?q=x", "/en/accounts/login/", "/en/nowhere/", "/admin/"]
)
def test_every_response_says_which_browser_features_the_site_uses(client, demo, url):
    found = policy(client.get(url, secure=True))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "display-capture"):
        assert found[feature] == [], feature
    # The webinar player: the page's own <video> and the two embedded players.
    for feature in ("fullscreen", "picture-in-picture", "encrypted-media"):
        assert found[feature] == ["self", *PLAYERS], feature


def test_what_the_recording_player_asks_for_is_allowed(demo):
    """The recording iframe's `allow` list (templates/webinars/webinar_page.html) names only
    features the policy grants to the players it embeds."""
    template = (ROOT / "templates/webinars/webinar_page.html").read_text()
    (allow,) = re.findall(r'<iframe[^>]*\sallow="([^"]+)"', template)
    granted = settings.PERMISSIONS_POLICY
    for feature in (item.strip() for item in allow.split(";")):
        assert set(PLAYERS) <= set(granted[feature]), feature


def test_a_view_may_set_its_own_policy(rf):
    from network.middleware import SecurityHeadersMiddleware

    def own(request):
        from django.http import HttpResponse

        response = HttpResponse()
        response["Permissions-Policy"] = "camera=(self)"
        return response

    response = SecurityHeadersMiddleware(own)(rf.get("/"))
    assert response["Permissions-Policy"] == "camera=(self)"


# --- The server's name ---


def _free_port() -> int:
    for port in range(8150, 8200):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    pytest.fail("no free port in 8150-8199")


def test_gunicorn_as_the_procfile_starts_it_names_no_server(tmp_path):
    """The Procfile's web process, under production settings, answers without a Server
    header (gunicorn.conf.py) and with the site's own headers."""
    procfile = (ROOT / "Procfile").read_text()
    (web,) = re.findall(r"^web: (gunicorn .*)$", procfile, re.MULTILINE)
    assert "--config gunicorn.conf.py" in web
    port = _free_port()
    private = {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environ = {k: v for k, v in os.environ.items() if k not in private}
    environ.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="hub.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        HUB_ONE_PROCESS="true",  # one worker below, no shared cache
    )
    args = web.split()[1:]
    args[args.index("--workers") + 1] = "1"
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", *args, "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=environ,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/healthz",
            headers={"Host": "hub.example.org", "X-Forwarded-Proto": "https"},
        )
        deadline = time.monotonic() + 120  # two shared cores: Django takes a while to load
        while True:
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    headers, body = response.headers, response.read()
                break
            except OSError:  # refused until it listens
                if server.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(server.stderr.read().decode()) from None
                time.sleep(0.3)
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert body == b"ok"
    assert "Server" not in headers, headers["Server"]
    assert "gunicorn" not in str(headers).lower()
    assert "camera=()" in headers["Permissions-Policy"]
    assert headers["Strict-Transport-Security"]


# --- Cookie names ---

COOKIE_PROBE = """
import django
django.setup()
from django.conf import settings
for name in ("SESSION", "CSRF", "LANGUAGE"):
    print(name, getattr(settings, name + "_COOKIE_NAME"), getattr(settings, name + "_COOKIE_DOMAIN"),
          getattr(settings, name + "_COOKIE_PATH"), getattr(settings, name + "_COOKIE_SECURE"))
"""


def _production_cookies(tmp_path, **env) -> dict[str, list[str]]:
    result = run(
        ["-c", f"import sys; sys.path.insert(0, 'site'); exec({COOKIE_PROBE!r})"],
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="hub.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        HUB_ONE_PROCESS="true",  # the probe is one process, no shared cache
        **env,
    )
    assert result.returncode == 0, result.stderr
    return {line.split()[0]: line.split()[1:] for line in result.stdout.splitlines()}


def test_production_names_its_cookies_for_this_host_alone(tmp_path):
    assert _production_cookies(tmp_path) == {
        "SESSION": ["__Host-sessionid", "None", "/", "True"],
        "CSRF": ["__Host-csrftoken", "None", "/", "True"],
        "LANGUAGE": ["__Host-django_language", "None", "/", "True"],
    }


def test_a_deployment_with_a_cookie_domain_keeps_secure_names(tmp_path):
    found = _production_cookies(tmp_path, COOKIE_DOMAIN=".hub.example.org")
    assert found["SESSION"] == ["__Secure-sessionid", ".hub.example.org", "/", "True"]
    assert found["CSRF"] == ["__Secure-csrftoken", ".hub.example.org", "/", "True"]
    assert found["LANGUAGE"] == ["__Secure-django_language", ".hub.example.org", "/", "True"]


HOST_COOKIES = {
    "SESSION_COOKIE_NAME": "__Host-sessionid",
    "CSRF_COOKIE_NAME": "__Host-csrftoken",
    "LANGUAGE_COOKIE_NAME": "__Host-django_language",
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
    "LANGUAGE_COOKIE_SECURE": True,
}


@override_settings(**HOST_COOKIES)
def test_signing_in_works_with_host_cookies(demo):
    """A browser keeps a "__Host-" cookie only if it is Secure, has Path=/ and no Domain:
    the sign-in form's token and the session both are, and signing in works with them."""
    client = Client(enforce_csrf_checks=True)
    page = client.get("/en/accounts/login/", secure=True)
    assert page.status_code == 200
    set_cookies = SimpleCookie(page.headers.get("Set-Cookie", "")) or page.cookies
    token = set_cookies["__Host-csrftoken"]
    assert token["secure"] and token["path"] == "/" and not token["domain"]
    field = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    answer = client.post(
        "/en/accounts/login/",
        {
            "login": "official.boise@hub.example",
            "password": "hub-demo-2026",
            "csrfmiddlewaretoken": field.group(1),
        },
        secure=True,
        HTTP_REFERER="https://testserver/en/accounts/login/",
    )
    assert answer.status_code == 302, answer.content.decode()[:500]
    session = answer.cookies["__Host-sessionid"]
    assert session["secure"] and session["path"] == "/" and not session["domain"]
    assert "sessionid" not in answer.cookies and "csrftoken" not in client.cookies


def test_nothing_reads_the_old_cookie_names():
    """Scripts and templates never read the session or form-token cookie by its name (the
    admin reads the token from the page): renaming them breaks nothing."""
    for folder in ("templates", "static", "site", "academy", "webinars", "helpdesk"):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in {".html", ".js", ".py", ".txt"} and path.is_file():
                text = path.read_text(errors="ignore")
                assert not re.search(r"[\"']csrftoken[\"']|[\"']sessionid[\"']", text), path
