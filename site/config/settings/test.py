"""The test suite: SQLite file or PostgreSQL (DATABASE_URL), tasks run in-process."""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import BASE_DIR, HUB_DEMO_LOADERS, env_bool

DEBUG = False
SECRET_KEY = "test-only-not-secret-3c1e5a7b9d2f4a6c8e0b1d3f5a7c9e1b3d5f7a9c"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
HUB_REQUIRE_STAFF_MFA = env_bool("HUB_REQUIRE_STAFF_MFA", env_bool("HUB_REQUIRE_ADMIN_MFA", False))


def _own_folder(prefix: str) -> Path:
    """A folder of this test run's own, removed when the run ends."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


# Real files (Wagtail serves documents from disk), in a folder of this test run's own.
MEDIA_ROOT = _own_folder("hub-test-media-")
HUB_PRIVATE_MEDIA_ROOT = _own_folder("hub-test-private-")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "network.file_storage.PrivateFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# A file, not memory, for SQLite: the qcluster integration test and the browser tests reach
# the test database from another process or thread. Each run has a file of its own: when two
# runs in one checkout shared var/test.sqlite3, the second one's set-up deleted the first
# one's database under it, and every browser test after that failed to flush it ("attempt
# to write a readonly database"). HUB_TEST_DB names a file instead (to keep and inspect it).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.environ.get("HUB_TEST_DB") or str(_own_folder("hub-test-db-") / "test.sqlite3")
    }
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405

# Tasks run in the test process through django-q2's real code path, unless a test starts a
# qcluster of its own (HUB_TASKS_SYNC=0).
Q_CLUSTER = {**Q_CLUSTER, "sync": env_bool("HUB_TASKS_SYNC", True), "poll": 0.1}  # noqa: F405
WAGTAILADMIN_BASE_URL = "http://testserver"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "tests" / "templates"]  # noqa: F405
# The page cache (pages.cache) as in production, whole pages and fragments, so that tests run
# the path production runs. A rolled-back transaction sends no signal, so every test starts
# from an empty page cache (tests/conftest.py).
# Static files straight from the source folders, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# The suite's tests reuse the demo's past sessions as blank ones (moved to next week with one
# seat, or given a first recording): they start without the demo's past audience, which
# tests/webinars/test_attendance_demo.py loads for itself.
HUB_DEMO_LOADERS = [name for name in HUB_DEMO_LOADERS if name != "webinars.demo.load_audience"]
