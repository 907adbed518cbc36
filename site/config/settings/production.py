"""Production: refuses to start unless the secret key, hosts and database are configured."""

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

DEBUG = False
HUB_REQUIRE_ADMIN_MFA = True

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# The admin preview needs same-origin framing (base.X_FRAME_OPTIONS); every other page is
# served with SAMEORIGIN too, which still refuses framing by other sites.
SILENCED_SYSTEM_CHECKS = ["security.W019"]

if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    # Media and documents on S3-compatible storage (django-storages, see docs/deploy.md).
    STORAGES = {
        **STORAGES,  # noqa: F405
        "default": {"BACKEND": "storages.backends.s3.S3Storage"},
    }
