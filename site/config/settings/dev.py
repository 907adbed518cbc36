"""A laptop: debug pages, mail printed to the console, demo logins without a second factor."""

import os

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret-9f3b2c1d8e7a6b5c4d3e2f1a0b9c8d7e6f")
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# The demo logins have no second factor; production settings always require one.
HUB_REQUIRE_STAFF_MFA = env_bool("HUB_REQUIRE_STAFF_MFA", env_bool("HUB_REQUIRE_ADMIN_MFA", False))
HUB_PATTERN_LIBRARY = env_bool("HUB_PATTERN_LIBRARY", True)
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Static files straight from the source folders, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
