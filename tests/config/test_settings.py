"""Production settings: loud when misconfigured, quiet under `check --deploy`."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = "p9#Vx2!qLz7@rT4$wN8&kB3^mF6*hJ1(cD5)sG0-yU_eA+iO=lP{Q}R[S]t;u:v"


def run(args, **env):
    # The machine's own environment, less what the test run itself sets (the browser tests
    # allow sync ORM calls in async code, which production must never do).
    private = {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    base = {k: v for k, v in os.environ.items() if k not in private}
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "config.settings.production", **env},
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def test_production_refuses_to_start_without_its_configuration():
    result = run(["manage.py", "check"])
    assert result.returncode != 0
    assert "SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL" in result.stderr


def test_check_deploy_reports_nothing(tmp_path):
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="hub.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        REDIS_URL="redis://127.0.0.1:6379/0",  # not reached by the checks
        HUB_CLAMD_ADDRESS="/run/clamav/clamd.ctl",  # nor this
        HUB_TRUSTED_PROXY_COUNT="1",  # nginx in front (network.W002)
        # Files on object storage, not this machine's disk (network.E010, E011); not reached.
        AWS_STORAGE_BUCKET_NAME="hub-media",
        HUB_PRIVATE_BUCKET_NAME="hub-private",
        AWS_S3_REGION_NAME="ca-central-1",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (1 silenced)." in result.stdout


def test_check_deploy_asks_for_a_shared_page_cache(tmp_path):
    result = run(
        ["manage.py", "check", "--deploy"],
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="hub.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        REDIS_URL="",
        HUB_ONE_PROCESS="true",  # production refuses local memory otherwise
    )
    assert "pages.W001" in result.stdout + result.stderr


PRODUCTION_ADMIN_PROBE = """
import django
django.setup()
from django.core.management import call_command
from django.contrib.auth.models import Group
from django.test import Client
from network.models import User

call_command("migrate", verbosity=0)
editor = User.objects.create_user("editor@hub.example", "x-long-password-1", full_name="E", is_staff=True)
editor.groups.add(Group.objects.get(name="Editors"))
client = Client()
client.force_login(editor)
for path in ("/admin/", "/en/help-desk/"):
    response = client.get(path, secure=True, HTTP_HOST="hub.example.org")
    print(response.status_code, response["Location"])
"""


def test_under_production_settings_staff_need_a_second_factor_for_any_page(tmp_path):
    result = run(
        ["-c", f"import sys; sys.path.insert(0, 'site'); exec({PRODUCTION_ADMIN_PROBE!r})"],
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="hub.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        HUB_REQUIRE_STAFF_MFA="false",  # production ignores attempts to turn it off
        HUB_REQUIRE_ADMIN_MFA="false",
        HUB_ONE_PROCESS="true",  # this one process, no shared cache
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().split("\n") == [
        "302 /en/accounts/second-factor/?next=%2Fadmin%2F",
        "302 /en/accounts/second-factor/?next=%2Fen%2Fhelp-desk%2F",
    ]


def test_check_deploy_asks_for_virus_scanning(tmp_path):
    result = run(
        ["manage.py", "check", "--deploy"],
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="hub.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        REDIS_URL="redis://127.0.0.1:6379/0",
        HUB_CLAMD_ADDRESS="",
    )
    assert "network.W001" in result.stdout + result.stderr
    assert "Uploaded files are not scanned for viruses." in result.stdout + result.stderr
