"""Deployment checks of the public site (`manage.py check --deploy`)."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.caches, deploy=True)
def page_cache_is_shared(app_configs, **kwargs):
    """The anonymous page cache (pages.cache) in local memory is one process's own: an
    editor's publish would reach the other processes only when their copies expire."""
    backend = settings.CACHES["pages"]["BACKEND"]
    if settings.HUB_PAGE_CACHE_SECONDS > 0 and backend.endswith("LocMemCache"):
        return [
            checks.Warning(
                "The anonymous page cache is in each process's own memory.",
                hint="Set REDIS_URL so that every process sees an editor's change at once "
                "(docs/deploy.md), or HUB_PAGE_CACHE_SECONDS=0 to turn the cache off.",
                id="pages.W001",
            )
        ]
    return []
