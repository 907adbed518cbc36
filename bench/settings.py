"""Settings for the benchmarks: production's code paths on a database of their own.

DEBUG is off (debug mode keeps every query in memory and would skew the figures), mail goes
to memory, and the admin's second factor is off so the load tool can sign in. The database
is var/bench.sqlite3 unless BENCH_DATABASE_URL names another (`python -m bench` makes one
beside DATABASE_URL's), so a benchmark never writes into the development or demo database.
"""

import os

import dj_database_url

from config.settings.base import *  # noqa: F403
from config.settings.base import DATABASE_OPTIONS, VAR_DIR

DEBUG = False
SECRET_KEY = "bench-only-not-secret-6d1f0b7e2c9a4e8b5f3d1c7a9e2b4d6f8a0c2e4b"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
HUB_REQUIRE_STAFF_MFA = False
# One machine plays every registrant of the races (bench/race.py): the per-address limit
# (network.throttles) would turn them away after twenty.
HUB_RATE_WEBINAR_REGISTER_CLIENT = "100000/m/ip"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ROOT_URLCONF = "bench.urls"

# Only BENCH_DATABASE_URL (set by `python -m bench`): never the DATABASE_URL of the machine.
_url = os.environ.get("BENCH_DATABASE_URL")
DATABASES = {
    "default": dj_database_url.parse(
        _url or f"sqlite:///{VAR_DIR / 'bench.sqlite3'}", conn_max_age=600
    )
}
DATABASES["default"]["OPTIONS"] = DATABASE_OPTIONS.get(DATABASES["default"]["ENGINE"], {})

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = VAR_DIR / "bench-media"
HUB_PRIVATE_MEDIA_ROOT = VAR_DIR / "bench-private"
LOGGING = {**LOGGING, "root": {"handlers": ["console"], "level": "WARNING"}}  # noqa: F405
