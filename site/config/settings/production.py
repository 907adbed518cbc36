"""Production: refuses to start unless the secret key, hosts, database and shared cache are
configured."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool

_missing = [
    name for name in ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL") if not os.environ.get(name)
]
if _missing:
    raise ImproperlyConfigured(
        "Production settings need these environment variables: " + ", ".join(_missing)
    )

# Rate limits, one-time links and the page cache's generations must be seen by every
# process: in local memory each gunicorn worker and each task worker keeps its own
# (a limit counted per process, a publish seen by one process). Only a deployment that is
# one process in all says so with HUB_ONE_PROCESS=true (docs/deploy.md, "Shared cache").
if not os.environ.get("REDIS_URL") and not env_bool("HUB_ONE_PROCESS", False):
    raise ImproperlyConfigured(
        "Production settings need REDIS_URL (e.g. redis://127.0.0.1:6379/0): every web and "
        "task process must share one cache for rate limits, one-time links and the page "
        "cache. Set HUB_ONE_PROCESS=true instead only if a single process serves the site "
        "and runs its tasks."
    )

DEBUG = False
HUB_REQUIRE_STAFF_MFA = True  # whatever the environment says

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
# Cookie names a browser holds to their promise (docs/deploy.md, "Cookies"): "__Host-" cookies
# are accepted over HTTPS only, for this host alone, on every path, so a neighbouring
# subdomain can neither read nor plant them. COOKIE_DOMAIN (e.g. ".hub.example.org") shares
# them with subdomains instead, under "__Secure-" names (HTTPS only, any domain).
COOKIE_DOMAIN = os.environ.get("COOKIE_DOMAIN", "") or None
_cookie_prefix = "__Secure-" if COOKIE_DOMAIN else "__Host-"
SESSION_COOKIE_NAME = f"{_cookie_prefix}sessionid"
CSRF_COOKIE_NAME = f"{_cookie_prefix}csrftoken"
LANGUAGE_COOKIE_NAME = f"{_cookie_prefix}django_language"
SESSION_COOKIE_DOMAIN = CSRF_COOKIE_DOMAIN = LANGUAGE_COOKIE_DOMAIN = COOKIE_DOMAIN
SESSION_COOKIE_PATH = CSRF_COOKIE_PATH = LANGUAGE_COOKIE_PATH = "/"
# The admin preview needs same-origin framing (base.X_FRAME_OPTIONS); every other page is
# served with SAMEORIGIN too, which still refuses framing by other sites.
SILENCED_SYSTEM_CHECKS = ["security.W019"]

# Media, documents and private files: local folders, or the buckets named by
# AWS_STORAGE_BUCKET_NAME and HUB_PRIVATE_BUCKET_NAME (base.py). With several nodes both
# buckets are needed: `check --deploy` says so unless HUB_ONE_MACHINE (or HUB_ONE_PROCESS)
# is true (network.storage_checks).
