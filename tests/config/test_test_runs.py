"""Two test runs at once in one checkout (a developer's and a helper's, or CI's) leave each
other alone: each SQLite run has a database file of its own (config.settings.test)."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.db import connection

from network.models import User

ROOT = Path(__file__).resolve().parents[2]

CHILD_TEST = textwrap.dedent(
    """
    import pytest

    from network.models import User


    @pytest.mark.django_db
    def test_writes():
        User.objects.create_user(email="child-run@city.example", password="x" * 12)
        assert User.objects.filter(email="child-run@city.example").exists()
    """
)


def run_child(tmp_path, **env):
    (tmp_path / "test_child.py").write_text(CHILD_TEST)
    child_env = {k: v for k, v in os.environ.items() if k not in {"HUB_TEST_DB", "CI"}}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "--noconftest",
            "--nomigrations",
            "-c",
            str(ROOT / "pyproject.toml"),
            "--rootdir",
            str(ROOT),
            str(tmp_path / "test_child.py"),
        ],
        cwd=ROOT,
        env={**child_env, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


PRINT_TEST_DB = (
    "import django; django.setup(); from django.conf import settings; "
    "print(settings.DATABASES['default']['TEST']['NAME'])"
)


def test_each_sqlite_run_has_a_database_file_of_its_own_removed_when_it_ends():
    env = {k: v for k, v in os.environ.items() if k not in {"HUB_TEST_DB", "DATABASE_URL"}}
    env |= {"DJANGO_SETTINGS_MODULE": "config.settings.test", "PYTHONPATH": str(ROOT / "site")}
    names = [
        Path(
            subprocess.run(
                [sys.executable, "-c", PRINT_TEST_DB],
                cwd=ROOT,
                env=env,
                check=True,
                capture_output=True,
                text=True,
                timeout=120,
            ).stdout.strip()
        )
        for _ in range(2)
    ]
    assert names[0] != names[1]
    for name in names:
        assert name.name == "test.sqlite3"
        assert not name.is_relative_to(ROOT), "a checkout-wide file is shared by every run in it"
        assert not name.parent.exists(), "the run's folder outlives it"

    chosen = subprocess.run(
        [sys.executable, "-c", PRINT_TEST_DB],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
        env={**env, "HUB_TEST_DB": "/tmp/kept.sqlite3"},
    )
    assert chosen.stdout.strip() == "/tmp/kept.sqlite3"


@pytest.mark.django_db
def test_a_second_run_at_the_same_time_leaves_this_runs_database_working(tmp_path):
    """A second pytest sets up, writes to and destroys its own test database while this run
    holds its connection open; this run's database is unharmed and still takes writes."""
    before = User.objects.count()
    child = run_child(tmp_path)
    if connection.vendor == "sqlite":
        # PostgreSQL refuses the child's attempt to drop a test database in use, so the child
        # fails there; with SQLite it has a file of its own and passes.
        assert child.returncode == 0, child.stdout[-3000:] + child.stderr[-3000:]
    User.objects.create_user(email="parent-run@city.example", password="x" * 12)
    assert User.objects.count() == before + 1
    assert not User.objects.filter(email="child-run@city.example").exists()
