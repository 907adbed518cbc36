"""Installs come from uv.lock: the lock matches pyproject.toml, the test environment is exactly
the lock's, and a range changed without re-locking stops `make install` with what to run."""

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
UV = ROOT / ".uv" / "bin" / "uv"


@pytest.fixture(scope="module")
def uv() -> Path:
    if not UV.exists():
        pytest.skip(f"{UV} is missing: make install bootstraps it")
    return UV


def run(*args, cwd=ROOT, **env):
    return subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env={**os.environ, "UV_OFFLINE": "1", **env},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_the_lock_matches_pyproject(uv):
    result = run(uv, "lock", "--check")
    assert result.returncode == 0, result.stderr


def test_the_uv_that_reads_the_lock_is_the_pinned_one(uv):
    pinned = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["uv"]["required-version"]
    version = run(uv, "--version").stdout.split()[1]
    assert pinned == f"=={version}"
    assert f"uv=={version} " in (ROOT / "requirements-uv.txt").read_text()


def test_this_environment_is_exactly_the_lock_with_the_tools(uv):
    if Path(sys.prefix).resolve() != (ROOT / ".venv").resolve():
        pytest.skip("not running in the project's .venv (make test-latest uses its own)")
    result = run(uv, "sync", "--locked", "--check")
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_range_changed_without_relocking_stops_make_install_with_what_to_run(uv, tmp_path):
    for name in ("Makefile", "pyproject.toml", "uv.lock", "requirements-uv.txt"):
        shutil.copy2(ROOT / name, tmp_path / name)
    (tmp_path / ".uv").symlink_to(ROOT / ".uv")
    pyproject = tmp_path / "pyproject.toml"
    text = pyproject.read_text()
    assert '"django-q2>=1.11,<1.12"' in text
    pyproject.write_text(text.replace('"django-q2>=1.11,<1.12"', '"django-q2>=1.10,<1.11"'))

    result = run("make", "install", cwd=tmp_path)

    assert result.returncode != 0
    assert "uv.lock does not match pyproject.toml" in result.stderr
    assert "make lock" in result.stderr and "make upgrade" in result.stderr
    assert not (tmp_path / ".venv").exists(), "nothing is installed from a stale lock"
