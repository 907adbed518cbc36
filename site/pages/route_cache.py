"""A cache of Wagtail's routing: which page, and which of its sub-views, answers a path.

Wagtail finds the page for a path by reading the site, the active locale, the site's root
page in that locale, one page per segment of the path, the page itself and its view
restrictions: 6 to 10 queries on every request before the page does anything. Which page
answers a path changes only when pages, sites or view restrictions change, and each of those
starts a new generation of the page cache (pages.cache). So the answer is kept per
generation, keyed by host, language and path: the site, the page as published, what is left
of the path for a routable page's sub-view, and whether any view restriction applies. A
request that finds it reads nothing before the page's own view runs.

The page as published changes when it is published, unpublished, moved or saved whole, and
each of those starts a new generation (pages.cache). Saving a draft changes only Wagtail's
bookkeeping of drafts (draft title, latest revision), which the public page does not show.
Code that writes a page's row with a queryset's update() must start a new generation itself
(pages.cache.invalidate) if visitors see what it writes (webinars.signals does).

This serves everyone, signed in or not: it says which page answers, never what the page
shows, which the page still decides on every request. A page with a view restriction is not
kept: it is read, and its restrictions read and checked, on every request as before; only
"no restriction" is kept. HUB_FRAGMENT_CACHE_SECONDS bounds an entry's life (0 turns this
off).

It is the one place that writes Wagtail's private request attributes, and it stays because
it was measured (issue 20, docs/performance.md): without it Wagtail's 5 to 10 routing
queries made a public page 4 to 5 times dearer and the uncached pages missed their target.
"""

import hashlib

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.utils.translation import get_language
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page
from wagtail.url_routing import RouteResult
from wagtail.views import serve

from pages.cache import keep, read_kept

ROUTE_PREFIX = "hub:route:"


def _key(request, path: str) -> str:
    where = f"{request._get_raw_host()}|{request.get_port()}|{get_language()}|{path}"
    return ROUTE_PREFIX + hashlib.sha256(where.encode()).hexdigest()[:32]


def prime(request, path: str) -> None:
    """Set Wagtail's per-request routing answers (`request._wagtail_site` and
    `request._wagtail_route_for_request`) from the cache, or route and keep the answer."""
    seconds = settings.HUB_FRAGMENT_CACHE_SECONDS
    if seconds <= 0 or hasattr(request, "_wagtail_route_for_request"):
        return
    key = _key(request, path)
    generation, entry = read_kept(key)
    if entry is not None and _use(request, entry):
        return

    route = Page.route_for_request(request, path)  # Wagtail keeps it on the request
    if route is None:
        return
    kept = _entry(request, route, path)
    if kept is not None:
        keep(key, generation, kept, seconds)


def _entry(request, route, path: str):
    """What to keep of a route: (site, content type id, page id, rest of the path,
    restricted, the page itself unless restricted), or None for a route this module cannot
    replay."""
    page, site = route.page, request._wagtail_site
    components = [component for component in path.split("/") if component]
    rest = components[page.depth - site.root_page.depth :]
    if not isinstance(page, RoutablePageMixin) and (rest or route.args or route.kwargs):
        return None
    restrictions = list(page.get_view_restrictions())
    page.locale  # noqa: B018 (read now, so that the kept page carries it)
    kept_page = None if restrictions else page
    page.hub_view_restrictions = restrictions  # Wagtail's check on this request reads them
    return site, page.content_type_id, page.pk, rest, bool(restrictions), kept_page


def _use(request, entry) -> bool:
    """Replay a kept route on this request; False if it no longer holds (Wagtail routes)."""
    site, content_type_id, page_id, rest, restricted, page = entry
    if page is None:  # a restricted page: read on every request
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        page = model.objects.select_related("locale").filter(pk=page_id).first() if model else None
    if page is None or not page.live:
        return False
    if isinstance(page, RoutablePageMixin):
        try:
            match = page.resolve_subpage("/" + "".join(f"{part}/" for part in rest))
        except Http404:
            return False
        request.routable_resolver_match = match
        view, args, kwargs = match
        route = RouteResult(page, args=(view, args, kwargs))
    elif rest:
        return False
    else:
        route = RouteResult(page)
    if not restricted:
        page.hub_view_restrictions = ()  # read by SitePage.get_view_restrictions
    request._wagtail_site = site
    request._wagtail_route_for_request = route
    return True


class RouteCacheMiddleware:
    """Prime Wagtail's routing from the cache before its serve view runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is serve:
            path = view_kwargs.get("path", view_args[0] if view_args else "")
            prime(request, path)
