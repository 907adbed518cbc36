"""The page cache, in two parts that share one generation counter.

1. Whole public pages for visitors who are not signed in (AnonymousPageCacheMiddleware). A
   visitor without a session reads the same page as every other visitor, so the rendered
   response is kept and served again without touching the database, the templates or the
   session. What is cached is narrow on purpose, and decided twice:

   - before the view, from the request alone: a GET with no session or messages cookie;
   - after the view, from what it did: a 200 from a public view (a Wagtail page that has
     not opted out with `cache_anonymous = False`, search, sitemaps, robots.txt), for a
     visitor who is still anonymous, whose page used no CSRF token (any form that posts),
     set no cookie and did not mark itself private.

   Signed-in people, private views (the academy, webinar registrations, office hours, the
   help desk, accounts, the admin) and pages with a form are therefore never stored.

2. Fragments every visitor shares, signed in or not: Wagtail's `{% wagtailcache %}` /
   `{% wagtailpagecache %}` in the templates (the menus, the footer, a page's meta tags
   and trail, a page's content for page types that opt in: SitePage.content_cache), with
   `fragments.seconds`, `fragments.generation` and `using=fragments.cache` from
   pages.context_processors. A preview renders them anew and keeps nothing.

Invalidation is by generation: a stored page carries the generation it was rendered in, and
every fragment varies on it; publishing, unpublishing, moving or deleting a page, a live page
saved whole by code, changing a page's view restrictions, or changing a snippet, a site
setting, an image, a document, an organisation or (academy) a cohort, starts a new
generation, so everything older is ignored; so does every migrate. Whole pages also expire
after HUB_PAGE_CACHE_SECONDS (which bounds pages that change with time, such as "upcoming"
lists), fragments after HUB_FRAGMENT_CACHE_SECONDS. The generation lives in the "pages"
cache: local memory in one process by default, Redis (REDIS_URL) when several processes
serve the site, so that one editor's publish reaches all of them (docs/performance.md).
"""

import contextvars
import functools
import hashlib
import pickle
import time

from django.conf import settings
from django.core.cache import caches
from django.core.cache.utils import make_template_fragment_key
from django.db import transaction
from django.db.models.signals import post_delete, post_migrate, post_save
from django.http import HttpResponse
from django.utils.translation import get_language

GENERATION_KEY = "hub:pages:generation"
# The cache alias that keeps nothing (Django's dummy cache): fragments when they are off.
NOTHING_KEPT = "nothing"
# What unpickling an entry kept by older code can raise.
UNREADABLE = (pickle.UnpicklingError, AttributeError, ImportError, TypeError, EOFError)
# Views whose anonymous answers are public; a Wagtail page also needs its serve hook's
# blessing (pages.wagtail_hooks.mark_page_cacheable).
CACHEABLE_VIEWS = {"search", "sitemap", "sitemap_index", "robots"}
WAGTAIL_SERVE = "wagtail_serve"
# Response headers that belong to one response, not to the page.
UNSTORED_HEADERS = {"set-cookie", "date", "x-hub-cache"}


# The generation as the request being served first read it (AnonymousPageCacheMiddleware
# opens the scope for every request): one cache read a request instead of one for each of
# its readers (the route, the page's content, the fragments, a kept picker). Moving the
# generation on (advance) forgets it, so a request that publishes reads the new one. Outside
# a request (tasks, the shell) nothing is remembered.
_request_generation: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "hub_request_generation", default=None
)


def _remember(value: int) -> int:
    memo = _request_generation.get()
    if memo is not None:
        memo["value"] = value
    return value


def page_cache():
    return caches["pages"]


def invalidate(**kwargs) -> None:
    """Start a new generation: every page stored before is ignored from now on.

    One starts at once, and another when the change commits (at once outside a
    transaction): a request that read the data before the change committed may have kept
    what it rendered under the first, and the second drops it. Takes any keyword arguments
    so that it can be connected to any signal directly."""
    advance_now_and_on_commit(GENERATION_KEY)


def stamp(key: str) -> int:
    """The current value of a counter kept in this cache: the generation, or a feature's
    own version of what it keeps (office_hours.picker_cache)."""
    cache = page_cache()
    return cache.get(key) or _start(cache, key)


def advance(key: str) -> None:
    """Move a counter on, so that everything kept under its older values is ignored."""
    cache = page_cache()
    if key == GENERATION_KEY:
        memo = _request_generation.get()
        if memo is not None:
            memo.pop("value", None)
    try:
        cache.incr(key)
    except ValueError:  # not there yet (a fresh cache, or it was evicted)
        _start(cache, key)


def advance_now_and_on_commit(key: str) -> None:
    """Move a counter on at once and again when the change commits (at once outside a
    transaction): a request that read the data before the commit may have kept what it
    saw under the first value, and the second drops it."""
    advance(key)
    transaction.on_commit(lambda: advance(key))


def _start(cache, key: str) -> int:
    """A counter from the clock: if the number is ever lost, the next one cannot repeat an
    older one, so nothing kept before comes back."""
    cache.add(key, time.time_ns(), timeout=None)
    return cache.get(key)


def personal_key(name: str, person_id) -> str:
    """The key of one person's counter for a feature (personal_stamp)."""
    return f"hub:{name}:person:{person_id}"


def personal_stamp(name: str, person_id) -> int:
    """A person's own counter for what a feature keeps for them alone (their rendered
    pages, say): what is kept varies on it, so moving it on forgets it all."""
    return stamp(personal_key(name, person_id))


def advance_personal(name: str, person_id) -> None:
    """Move a person's counter on at once and again when the change commits (at once
    outside a transaction), as invalidate() does for the generation: what a request kept
    from data read before the commit is dropped too."""
    advance_now_and_on_commit(personal_key(name, person_id))


def generation() -> int:
    """The current generation: every fragment kept for everyone varies on it
    (`fragments.generation` in templates, pages.context_processors). Read once a request."""
    memo = _request_generation.get()
    if memo is not None and "value" in memo:
        return memo["value"]
    return _remember(stamp(GENERATION_KEY))


def read_kept(key: str) -> tuple[int, object]:
    """The current generation, and what was kept under `key` in it (None if nothing): one
    cache read, for the route cache (pages.route_cache), which needs both at once; pass the
    generation on to keep()."""
    cache = page_cache()
    try:
        found = cache.get_many([GENERATION_KEY, key])
    except UNREADABLE:  # kept by code since deployed away (a page type renamed): a miss
        found = {GENERATION_KEY: cache.get(GENERATION_KEY)}
    generation = _remember(found.get(GENERATION_KEY) or _start(cache, GENERATION_KEY))
    entry = found.get(key)
    return generation, (entry[1] if entry is not None and entry[0] == generation else None)


def keep(key: str, generation: int, value, seconds: int) -> None:
    """Keep `value` under `key` for the generation it was built in (read_kept's)."""
    page_cache().set(key, (generation, value), seconds)


def shared(name: str, parts: list, build, seconds: int):
    """What `build()` returns, kept for everyone in this generation under a name, the
    active language and `parts` (everything else it depends on): for code that keeps what a
    template fragment cannot (office_hours.picker_cache). The caller decides whether to keep at
    all (not in previews)."""
    vary = "|".join(str(part) for part in [generation(), get_language(), *parts])
    key = make_template_fragment_key(name, [vary])
    cache = page_cache()
    try:
        value = cache.get(key)
    except UNREADABLE:  # kept by code since deployed away (a class renamed): a miss
        value = None
    if value is None:
        value = build()
        cache.set(key, value, seconds)
    return value


def _key(request) -> str:
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return f"hub:page:{request.get_host()}:{digest}"


def _anonymous_request(request) -> bool:
    return (
        request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


class AnonymousPageCacheMiddleware:
    """Serve and store whole public pages for anonymous visitors (module docstring).

    Sits before the session middleware, so a hit costs two cache reads and nothing else.
    Responses carry `X-Hub-Cache: hit` or `miss` (only on pages that may be cached)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        scope = _request_generation.set({})  # the generation, read once for this request
        try:
            return self._serve(request)
        finally:
            _request_generation.reset(scope)

    def _serve(self, request):
        seconds = settings.HUB_PAGE_CACHE_SECONDS
        if seconds <= 0 or not _anonymous_request(request):
            return self.get_response(request)

        key = _key(request)
        cache = page_cache()
        found = cache.get_many([GENERATION_KEY, key])
        generation = _remember(found.get(GENERATION_KEY) or _start(cache, GENERATION_KEY))
        entry = found.get(key)
        if entry is not None and entry[0] == generation:
            _, status, headers, content = entry
            response = HttpResponse(content, status=status, headers=headers)
            response["X-Hub-Cache"] = "hit"
            return response

        response = self.get_response(request)
        if self._may_store(request, response):
            headers = [
                (name, value)
                for name, value in response.items()
                if name.lower() not in UNSTORED_HEADERS
            ]
            cache.set(key, (generation, response.status_code, headers, response.content), seconds)
            response["X-Hub-Cache"] = "miss"
        return response

    @staticmethod
    def _may_store(request, response) -> bool:
        match = request.resolver_match
        if match is None or response.status_code != 200 or response.streaming:
            return False
        if match.url_name == WAGTAIL_SERVE:
            if not getattr(request, "hub_page_cacheable", False):
                return False
        elif match.url_name not in CACHEABLE_VIEWS:
            return False
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return False
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or response.cookies:
            return False
        cache_control = response.get("Cache-Control", "")
        return not any(word in cache_control for word in ("private", "no-store", "no-cache"))


# --- What starts a new generation ---

# Besides pages, snippets, site settings, images and documents (found at run time), the
# models whose rows public pages show directly.
SHOWN_ON_PUBLIC_PAGES = {
    "network.organisation",
    # A course page shows its cohorts open for enrolment (a lazy label: pages imports no
    # feature app).
    "academy.cohort",
    # The help desk's Get help page says its response targets, which coordinators change.
    "helpdesk.responsetarget",
    "wagtailcore.site",
    "wagtailcore.locale",
    # Making a page private saves a restriction without publishing anything.
    "wagtailcore.pageviewrestriction",
}


@functools.cache
def _shown_on_public_pages() -> frozenset:
    from django.apps import apps
    from wagtail.contrib.settings.registry import registry
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.snippets.models import get_snippet_models

    models = {apps.get_model(label) for label in SHOWN_ON_PUBLIC_PAGES}
    models.update(get_snippet_models(), registry, [get_image_model(), get_document_model()])
    return frozenset(models)


def _on_row_change(sender, instance, **kwargs):
    from wagtail.models import Page

    if isinstance(instance, Page):
        # Wagtail's bookkeeping of drafts and locks names the fields it writes and changes
        # nothing public; publishing, unpublishing and moving have signals of their own. A
        # live page saved whole (created or written by code, such as wagtail-localize's
        # translation sync), turned from an alias into a page of its own, or deleted,
        # changes what visitors see at once.
        deleted = kwargs.get("signal") is post_delete
        fields = kwargs.get("update_fields")
        if instance.live and (deleted or not fields or "alias_of_id" in fields):
            invalidate()
        return
    if sender in _shown_on_public_pages() and not _bookkeeping(kwargs.get("update_fields")):
        invalidate()


def _bookkeeping(update_fields) -> bool:
    """Wagtail fills in a document's or an image's size and hash the first time it is read:
    a save that changes only those changes nothing a visitor sees."""
    return bool(update_fields) and set(update_fields) <= {"file_size", "file_hash"}


def connect_signals() -> None:
    from wagtail.signals import page_published, page_unpublished, post_page_move

    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(invalidate, dispatch_uid=f"hub-page-cache-{signal!r}")
    for signal in (post_save, post_delete):
        signal.connect(_on_row_change, dispatch_uid=f"hub-page-cache-rows-{id(signal)}")
    # Migrations change rows and code without signals (a data migration uses historical
    # models): what was kept before a deploy's migrate is not served after it.
    post_migrate.connect(invalidate, dispatch_uid="hub-page-cache-migrate")
