"""Settings shared by every environment, safe for production on their own.

Every value that differs between machines is read from an environment variable here, and
each one is listed in the README's table. dev.py and test.py relax a few for a laptop;
production.py insists on the ones that must be set.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

SITE_DIR = Path(__file__).resolve().parent.parent.parent
BASE_DIR = SITE_DIR.parent
VAR_DIR = BASE_DIR / "var"


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# An empty key makes Django refuse to start, which is what we want when none is configured.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "network",
    "pages",
    "academy",
    "webinars",
    "webinars.office_hours",
    "helpdesk",
    "grants",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    # Promoted search results: editors put the right page first for a query ("help desk").
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "network.apps.HubUsersConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_q",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Django's own widget templates, for the form renderer below (it reads TEMPLATES).
    "django.forms",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "network.middleware.SecurityHeadersMiddleware",  # CSP; private answers are no-store
    "pages.cache.AnonymousPageCacheMiddleware",  # before sessions: a hit touches nothing
    "django.contrib.sessions.middleware.SessionMiddleware",
    "network.middleware.LocaleMiddleware",  # Django's, minus redirecting admin 404s
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "network.middleware.UserTimezoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "network.middleware.StaffSecondFactorMiddleware",  # staff: no page before the second factor
    "network.second_factor.EnrolmentGuardMiddleware",  # the first factor needs the emailed link
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "pages.route_cache.RouteCacheMiddleware",  # which page answers a path, per generation
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "pages.context_processors.fragments",  # the page cache's fragments
            ],
        },
    },
]

# Every form field renders through templates/forms/ (labels, fieldsets, help and errors tied
# to their control, an error summary): pages.forms.
FORM_RENDERER = "pages.forms.HubFormRenderer"

# --- Database ---
# A SQLite file under var/ unless DATABASE_URL names another (PostgreSQL in production).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# SQLite (the embedded default): a transaction takes the write lock when it begins, and
# waits up to 20 s for it. In SQLite's default mode two transactions that read, then write,
# fail at once with "database is locked" (two people booking one slot got a 500).
# PostgreSQL: no JIT compilation. Its planner turns the JIT on for queries it costs high,
# such as the reports' correlated counts, and compiling took 0.4 s for a query that then ran
# in 10 ms; the site's queries are short (docs/performance.md).
DATABASE_OPTIONS = {
    "django.db.backends.sqlite3": {"transaction_mode": "IMMEDIATE", "timeout": 20},
    "django.db.backends.postgresql": {"options": "-c jit=off"},
}
DATABASES["default"]["OPTIONS"] = DATABASE_OPTIONS.get(DATABASES["default"]["ENGINE"], {})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ---
# Shared by every process when REDIS_URL is set (rate limits, sessions and the page cache's
# invalidation depend on it); otherwise local memory, which is right for one process only.
# "pages" holds the page cache (pages.cache): whole public pages for anonymous visitors, and
# the fragments every visitor shares, apart from the rest so that pages never push
# rate-limit counters out. "nothing" keeps nothing (fragments turned off).
# HUB_PAGE_CACHE_SECONDS=0 turns whole pages off.
HUB_PAGE_CACHE_SECONDS = int(os.environ.get("HUB_PAGE_CACHE_SECONDS", "300"))
# The fragments every page repeats (navigation, footer, language links, page meta, opted-in
# page content), for everyone, kept until the generation ends; 0 keeps none.
HUB_FRAGMENT_CACHE_SECONDS = int(os.environ.get("HUB_FRAGMENT_CACHE_SECONDS", "3600"))
# HUB_ONE_PROCESS=true: one process serves everything (no second web worker, no separate
# task worker), so local memory is a shared cache; production refuses to start without
# REDIS_URL unless this says so (config.settings.production). It also says that files on
# this machine's disk reach every process (network.storage_checks).
HUB_ONE_PROCESS = env_bool("HUB_ONE_PROCESS", False)
_nothing = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
if os.environ.get("REDIS_URL"):
    _redis = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["REDIS_URL"],
    }
    CACHES = {
        "default": _redis,
        "pages": {**_redis, "KEY_PREFIX": "pages"},
        "sessions": {**_redis, "KEY_PREFIX": "sessions"},
        "nothing": _nothing,
    }
else:
    _locmem = "django.core.cache.backends.locmem.LocMemCache"
    CACHES = {
        "default": {"BACKEND": _locmem},
        "pages": {"BACKEND": _locmem, "LOCATION": "pages", "OPTIONS": {"MAX_ENTRIES": 2000}},
        "sessions": {"BACKEND": _locmem, "LOCATION": "sessions", "OPTIONS": {"MAX_ENTRIES": 5000}},
        "nothing": _nothing,
    }
# Sessions: read from the shared cache, written to the database as well (Django's cached_db),
# so a signed-in request reads no session row, and a session outlives the cache (evicted, or
# Redis restarted: read back from the database). A cache alias of their own ("sessions"):
# in local memory a store of their own, so sessions never push rate-limit counts out; in
# Redis only a key prefix, on the same server and memory as the rest (docs/deploy.md says
# how to size it). Only where every process shares the cache
# (REDIS_URL, or one process in all): with a cache per process, a session signed out or
# changed in one process would live on, stale, in another's memory.
SESSION_CACHE_ALIAS = "sessions"
if os.environ.get("REDIS_URL") or HUB_ONE_PROCESS:
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# --- People and accounts ---
AUTH_USER_MODEL = "network.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "network:dashboard"  # My hub; allauth honours ?next=
# The site's sign-in (throttle, second factor), through a view that also turns away
# signed-in people without admin access instead of looping (network.views.admin_login).
WAGTAILADMIN_LOGIN_URL = "admin_login"
# Private pages send visitors to the same sign-in, and Wagtail's second password-reset flow
# (outside allauth's rate limits) is closed.
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
WAGTAIL_PASSWORD_RESET_ENABLED = False

ACCOUNT_ADAPTER = "network.adapters.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "network.forms.SignupForm"
# allauth's forms in the site's words (labels, errors, no placeholders): network.account_forms.
ACCOUNT_FORMS = {
    name: f"network.account_forms.{form}"
    for name, form in [
        ("login", "LoginForm"),
        ("signup", "SignupForm"),
        ("reset_password", "ResetPasswordForm"),
        ("reset_password_from_key", "ResetPasswordKeyForm"),
        ("change_password", "ChangePasswordForm"),
        ("set_password", "SetPasswordForm"),
        ("add_email", "AddEmailForm"),
        ("reauthenticate", "ReauthenticateForm"),
    ]
}
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_UNIQUE_EMAIL = True
# Sign-up and password reset answer the same whether an address is known or not.
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
# Tell the owner by email when their password, addresses or second factors change
# (allauth's notifications, in their language through network.adapters.AccountAdapter).
ACCOUNT_EMAIL_NOTIFICATIONS = True
# Before a sensitive change (an email address, the second factor) people prove who they are
# again with their password or their authenticator; never by a code sent to their mailbox,
# which would let whoever holds the session and the mailbox remove the second factor. Login
# by code is off for the same reason. allauth 65.22 added the code pages: they answer 403.
ACCOUNT_REAUTHENTICATION_METHODS = ["password", "mfa"]
# Failed sign-ins are limited per address and per (account, address) pair: see
# network.adapters.AccountAdapter, which keys the second limit on both so that nobody can
# lock an official out from everywhere by failing on purpose.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "20/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
# Behind a proxy (docs/deploy.md "Behind a proxy"): how many proxies of ours append to
# X-Forwarded-For in front of the app; the visitor is that many entries from the right.
# 0 trusts no header and takes the connecting address (behind a proxy: everyone shares one).
HUB_TRUSTED_PROXY_COUNT = int(os.environ.get("HUB_TRUSTED_PROXY_COUNT", "0"))
# Or a header our proxy sets to the visitor's address alone (X-Real-IP); empty: none.
HUB_CLIENT_IP_HEADER = os.environ.get("HUB_CLIENT_IP_HEADER", "")
# allauth's sign-in limits and the hub's own (network.throttles) read the visitor from these.
ALLAUTH_TRUSTED_PROXY_COUNT = HUB_TRUSTED_PROXY_COUNT
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = HUB_CLIENT_IP_HEADER or None
# What one client, person, address or city may send in a time (network.throttles), in
# allauth's format "amount/period/per" (period s, m, h, d; per ip = the visitor's address,
# user = the account, key = an email address or an organisation). Each is far above what a
# real person does, in a crisis too, and far below a flood:
# Registering for webinars without signing in, per visitor address: a city hall's whole
# team behind one address registering after a colleague forwards the link is perhaps a
# dozen in ten minutes; signed-in people count on their own account instead.
HUB_RATE_WEBINAR_REGISTER_CLIENT = os.environ.get(
    "HUB_RATE_WEBINAR_REGISTER_CLIENT", "20/10m/ip,200/d/ip"
)
# ... per email address typed (from any visitor): one person registers for a few sessions.
HUB_RATE_WEBINAR_REGISTER_EMAIL = os.environ.get("HUB_RATE_WEBINAR_REGISTER_EMAIL", "10/h/key")
# Registering signed in, per account: a whole season of sessions one by one in an hour.
HUB_RATE_WEBINAR_REGISTER_MEMBER = os.environ.get("HUB_RATE_WEBINAR_REGISTER_MEMBER", "30/h/user")
# Filing help-desk requests, per official: in a bad hour an official files two or three.
HUB_RATE_HELPDESK_FILE_PERSON = os.environ.get(
    "HUB_RATE_HELPDESK_FILE_PERSON", "6/h/user,20/d/user"
)
# ... per city: several officials each filing in a crisis day stay well under this.
HUB_RATE_HELPDESK_FILE_ORGANISATION = os.environ.get(
    "HUB_RATE_HELPDESK_FILE_ORGANISATION", "30/d/key"
)
# ... per visitor address, whoever is signed in (one machine driving many accounts).
HUB_RATE_HELPDESK_FILE_CLIENT = os.environ.get("HUB_RATE_HELPDESK_FILE_CLIENT", "20/h/ip")
# Replying in a request, per person: a quick back-and-forth is a message a minute or two.
HUB_RATE_HELPDESK_REPLY_PERSON = os.environ.get("HUB_RATE_HELPDESK_REPLY_PERSON", "30/h/user")
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "North America Hub"
# Staff, editors, coordinators and experts pass a second factor before any page opens to
# them (network.middleware.StaffSecondFactorMiddleware); HUB_REQUIRE_ADMIN_MFA is its old name.
HUB_REQUIRE_STAFF_MFA = env_bool("HUB_REQUIRE_STAFF_MFA", env_bool("HUB_REQUIRE_ADMIN_MFA", True))
# The first second factor needs a one-time link emailed to the account's address
# (network.second_factor); how many minutes the link, and the permission it gives, last.
HUB_SECOND_FACTOR_LINK_MINUTES = int(os.environ.get("HUB_SECOND_FACTOR_LINK_MINUTES", "30"))

# --- Languages and time ---
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fr", "Français")]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = True
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True
HUB_DEFAULT_TIME_ZONE = "America/Toronto"

# The pattern library (/<lang>/patterns/): every component of the design system, for
# developers and designers. On in development settings only; elsewhere it answers 404.
HUB_PATTERN_LIBRARY = env_bool("HUB_PATTERN_LIBRARY", False)

# --- Static files and media ---
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Help-desk attachments: never under MEDIA_ROOT, served only by a view that checks access.
HUB_PRIVATE_MEDIA_ROOT = Path(os.environ.get("HUB_PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))
# ClamAV's daemon, which scans every upload before it is stored (network.virus_scan): a Unix
# socket (/run/clamav/clamd.ctl) or host:port. Empty scans nothing (docs/deploy.md).
HUB_CLAMD_ADDRESS = os.environ.get("HUB_CLAMD_ADDRESS", "")
# Seconds clamd has to answer; past them the upload is refused ("try again later").
HUB_CLAMD_TIMEOUT = float(os.environ.get("HUB_CLAMD_TIMEOUT", "20"))


# Files (docs/deploy.md, "Files"). "default" holds media, Wagtail images and documents;
# "private" holds help-desk attachments (and grant files), which have no URL and leave only
# through a view that checks access (network.file_storage). On one machine both are local
# folders (MEDIA_ROOT, HUB_PRIVATE_MEDIA_ROOT); with several web nodes both must be
# S3-compatible buckets, or a file uploaded through one node is missing on the others
# (network.storage_checks). Credentials come from the usual AWS_ACCESS_KEY_ID and
# AWS_SECRET_ACCESS_KEY (or an instance role); AWS_S3_ENDPOINT_URL names an S3-compatible
# server other than Amazon's.
def object_storages(
    public_bucket: str = "",
    private_bucket: str = "",
    *,
    endpoint_url: str = "",
    region_name: str = "",
    addressing_style: str = "",
    custom_domain: str = "",
    default_acl: str = "",
) -> dict:
    """The STORAGES entries for whichever buckets are named (none: an empty dict)."""
    from botocore.config import Config

    shared = {
        "endpoint_url": endpoint_url or None,
        "region_name": region_name or None,
        "addressing_style": addressing_style or None,
        # A file read back (a document through Wagtail's view, an attachment) is copied to a
        # temporary file first: in memory up to this size, on disk beyond it.
        "max_memory_size": 5 * 1024 * 1024,
        # A storage that does not answer fails in seconds, not a worker's whole timeout.
        "client_config": Config(
            connect_timeout=5, read_timeout=30, retries={"mode": "standard", "max_attempts": 3}
        ),
    }
    entries = {}
    if public_bucket:
        entries["default"] = {
            "BACKEND": "network.file_storage.PublicS3Storage",
            "OPTIONS": {
                **shared,
                "bucket_name": public_bucket,
                # Plain URLs that a page (and the page cache) can keep: the bucket's policy
                # makes images readable by anyone; documents go through Wagtail's view.
                "querystring_auth": False,
                "file_overwrite": False,
                "default_acl": default_acl or None,
                "custom_domain": custom_domain or None,
            },
        }
    if private_bucket:
        entries["private"] = {
            "BACKEND": "network.file_storage.PrivateS3Storage",
            "OPTIONS": {**shared, "bucket_name": private_bucket},
        }
    return entries


# HUB_ONE_MACHINE=true: every process (gunicorn workers, the qcluster) runs on this machine,
# so files on its disk reach all of them and no bucket is needed (HUB_ONE_PROCESS says so
# too). Otherwise `check --deploy` wants both buckets (network.storage_checks).
HUB_ONE_MACHINE = env_bool("HUB_ONE_MACHINE", False)
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
HUB_PRIVATE_BUCKET_NAME = os.environ.get("HUB_PRIVATE_BUCKET_NAME", "")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "network.file_storage.PrivateFileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    **object_storages(
        AWS_STORAGE_BUCKET_NAME,
        HUB_PRIVATE_BUCKET_NAME,
        endpoint_url=os.environ.get("AWS_S3_ENDPOINT_URL", ""),
        region_name=os.environ.get("AWS_S3_REGION_NAME", ""),
        addressing_style=os.environ.get("AWS_S3_ADDRESSING_STYLE", ""),
        custom_domain=os.environ.get("AWS_S3_CUSTOM_DOMAIN", ""),
        default_acl=os.environ.get("AWS_DEFAULT_ACL", ""),
    ),
}
# With the local default storage, Django itself serves these folders of MEDIA_ROOT under
# MEDIA_URL (network.views.media): Wagtail's images and renditions and the admin's avatars.
# Never documents/: they go through Wagtail's view, which applies privacy collections.
HUB_PUBLIC_MEDIA_FOLDERS = ("images", "original_images", "avatar_images")
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Email ---
# Mail always leaves through a django-q2 task queued after commit (network.mail); this is
# the backend that task hands it to.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "North America Hub <hub@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where calendar apps send Accept/Decline (the invitations' ORGANIZER, webinars.calendars);
# empty: the address in DEFAULT_FROM_EMAIL, which must then be a mailbox someone reads.
HUB_CALENDAR_REPLY_TO = os.environ.get("HUB_CALENDAR_REPLY_TO", "")

# --- Personal data (network.personal_data, docs/data-protection.md) ---
# A closed account's certificates: "keep" (still verifiable under the name they were issued
# to) or "revoke" (revoked, the name replaced by "Former member").
HUB_CLOSED_ACCOUNT_CERTIFICATES = os.environ.get("HUB_CLOSED_ACCOUNT_CERTIFICATES", "keep")
if HUB_CLOSED_ACCOUNT_CERTIFICATES not in ("keep", "revoke"):
    raise ImproperlyConfigured("HUB_CLOSED_ACCOUNT_CERTIFICATES must be 'keep' or 'revoke'.")
# Closed help-desk requests are deleted (conversation, files, audit trail) this many months
# after they were closed, by a daily task (helpdesk.tasks.apply_retention); 0 keeps them.
HUB_HELPDESK_RETENTION_MONTHS = int(os.environ.get("HUB_HELPDESK_RETENTION_MONTHS", "24"))

# An at-risk request's page to the person on call is escalated to the next one on the rota
# (then to the coordinators) after this many minutes without an acknowledgement.
HUB_ON_CALL_ACKNOWLEDGE_MINUTES = int(os.environ.get("HUB_ON_CALL_ACKNOWLEDGE_MINUTES", "10"))

# --- Background tasks (django-q2, ORM broker) ---
# Bounded retries, a timeout below the retry delay, and no replay of missed schedules:
# django-q2's defaults retry forever and catch up every missed run at once.
Q_CLUSTER = {
    "name": "hub",
    "orm": "default",
    "workers": int(os.environ.get("Q_WORKERS", "2")),
    "timeout": 90,
    "retry": 120,
    "max_attempts": 3,
    "catch_up": False,
    "ack_failures": True,
    "save_limit": 500,
    "poll": 0.5,
    "label": "Tasks",
}
# Wagtail's own background work (django-tasks) runs in the request; it is small.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Each feature app adds its demo content to `manage.py load_demo` through one function here,
# so that pages (which owns the command) never imports a feature app.
HUB_DEMO_LOADERS = [
    "academy.demo.load",
    "webinars.demo.load",
    "webinars.demo.load_audience",
    "webinars.office_hours.demo.load",
    "helpdesk.demo.load",
    "network.pipeline_demo.load",
    "network.joining_demo.load",
    "grants.demo.load",
]

# --- Wagtail ---
WAGTAIL_SITE_NAME = "North America Hub"
WAGTAILADMIN_BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000")
# The site's own name for its limits (network.adapters): the host of BASE_URL, the same on
# every node and whatever Host header a request carries. allauth would key its per-account
# sign-in limit on the request's Host (no django.contrib.sites here), so another port or
# another allowed name gave fresh guesses.
HUB_SITE_IDENTITY = (urlsplit(WAGTAILADMIN_BASE_URL).hostname or "").lower()
# Wagtail's database backend (SQLite FTS5 or PostgreSQL full text) reading each page in its
# own language, the same way on both databases (pages.search_backends, docs/search.md).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "pages.search_backends"}}
# Recordings are documents: video (.mp4, .webm) and WebVTT captions (.vtt) beside the office
# files. The limit is a long recording's; webinars.uploads keeps 20 MB for other documents
# and 5 MB for captions, and refuses a file whose content is not what its name says.
WAGTAILDOCS_EXTENSIONS = [
    *["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"],
    *["mp4", "webm", "vtt"],
]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 2 * 1024 * 1024 * 1024
WAGTAILDOCS_DOCUMENT_FORM_BASE = "webinars.uploads.DocumentForm"
# Documents always go through Wagtail's view, on a bucket too (its default there would be a
# redirect to the object's URL): privacy collections keep working, and a document's address
# on the site stays the same whatever the storage (docs/deploy.md, "Files").
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILEMBEDS_RESPONSIVE_HTML = True

# --- Security ---
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# HSTS on every answer over HTTPS (browsers ignore it over plain HTTP, as on a laptop).
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_HTTPONLY = True
# Wagtail's preview panel shows the page in a same-origin iframe.
X_FRAME_OPTIONS = "SAMEORIGIN"
# Avatars in the admin would otherwise come from Gravatar, telling it who uses the admin,
# and the dashboard would ask releases.wagtail.org for news: neither leaves the site.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

# Content-Security-Policy (django-csp, network.middleware.SecurityHeadersMiddleware). The
# public site runs no inline script or style: everything comes from /static/. Recordings
# play in YouTube's privacy-enhanced or Vimeo's player. CSP_EXTRA_SOURCES adds origins (a
# CDN or object storage for media) to images, media and fonts.
_extra = env_list("CSP_EXTRA_SOURCES")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *_extra],
        "media-src": ["'self'", *_extra],
        "font-src": ["'self'", *_extra],
        "connect-src": ["'self'"],
        "frame-src": ["https://www.youtube-nocookie.com", "https://player.vimeo.com"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
}
# The Wagtail admin only: its templates and widgets (the rich-text editor, choosers, the
# preview panel, the page explorer) write inline <style> and style="" attributes and a few
# inline scripts, and it previews embeds and images from blob: URLs. Everything else of the
# public policy (frame-ancestors, form-action, object-src, base-uri) stays.
HUB_ADMIN_CSP_REPLACE = {
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:", *_extra],
    "frame-src": ["'self'", "https://www.youtube-nocookie.com", "https://player.vimeo.com"],
}

# Permissions-Policy on every response (network.middleware.SecurityHeadersMiddleware): the
# browser features the site never uses are off for it and anything it frames; the recording
# players (the same two as frame-src) may go full screen, play protected media and float.
# Only features Chromium and Firefox know: an unknown name is a console warning.
_PLAYERS = ['"https://www.youtube-nocookie.com"', '"https://player.vimeo.com"']
PERMISSIONS_POLICY = {
    **dict.fromkeys(
        [
            "accelerometer",
            "autoplay",
            "browsing-topics",
            "camera",
            "display-capture",
            "geolocation",
            "gyroscope",
            "hid",
            "idle-detection",
            "local-fonts",
            "magnetometer",
            "microphone",
            "midi",
            "payment",
            "screen-wake-lock",
            "serial",
            "usb",
            "xr-spatial-tracking",
        ],
        [],
    ),
    "encrypted-media": ["self", *_PLAYERS],
    "fullscreen": ["self", *_PLAYERS],
    "picture-in-picture": ["self", *_PLAYERS],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django_q": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}
