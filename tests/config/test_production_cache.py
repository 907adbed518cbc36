"""Production refuses to start without a shared cache (issue 23, finding 2): in local memory
every gunicorn worker and task worker keeps its own rate-limit counts, one-time links and
page-cache generations. REDIS_URL, or HUB_ONE_PROCESS=true for a site that is one process."""

import pytest

from tests.config.test_settings import STRONG_KEY, run

PROBE = """
import django
django.setup()
from django.conf import settings
for name in ("default", "pages", "sessions"):
    print(name, settings.CACHES[name]["BACKEND"], settings.CACHES[name].get("LOCATION", ""))
"""


def start(tmp_path, **env):
    return run(
        ["-c", f"import sys; sys.path.insert(0, 'site'); exec({PROBE!r})"],
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="hub.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        **env,
    )


def caches(result) -> dict[str, list[str]]:
    assert result.returncode == 0, result.stderr[-3000:]
    return {line.split()[0]: line.split()[1:] for line in result.stdout.splitlines()}


@pytest.mark.parametrize("one_process", ["", "false", "0", "no"])
def test_without_redis_production_refuses_to_start_and_says_why(tmp_path, one_process):
    result = start(tmp_path, REDIS_URL="", HUB_ONE_PROCESS=one_process)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "Production settings need REDIS_URL" in result.stderr
    assert "HUB_ONE_PROCESS=true" in result.stderr


def test_manage_py_refuses_too(tmp_path):
    result = run(
        ["manage.py", "check"],
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="hub.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        REDIS_URL="",
        HUB_ONE_PROCESS="",
    )
    assert result.returncode != 0
    assert "Production settings need REDIS_URL" in result.stderr


def test_with_redis_every_cache_is_redis(tmp_path):
    found = caches(start(tmp_path, REDIS_URL="redis://redis.internal:6379/2", HUB_ONE_PROCESS=""))
    redis = "django.core.cache.backends.redis.RedisCache"
    assert found == {
        "default": [redis, "redis://redis.internal:6379/2"],
        "pages": [redis, "redis://redis.internal:6379/2"],
        "sessions": [redis, "redis://redis.internal:6379/2"],
    }


def test_a_site_that_is_one_process_starts_with_local_memory(tmp_path):
    found = caches(start(tmp_path, REDIS_URL="", HUB_ONE_PROCESS="true"))
    assert found["default"] == ["django.core.cache.backends.locmem.LocMemCache"]
    assert found["pages"] == ["django.core.cache.backends.locmem.LocMemCache", "pages"]


def test_redis_wins_over_one_process(tmp_path):
    found = caches(start(tmp_path, REDIS_URL="redis://127.0.0.1:6379/0", HUB_ONE_PROCESS="true"))
    assert found["default"][0] == "django.core.cache.backends.redis.RedisCache"
