"""What a template needs to keep a fragment for everyone (pages.cache, its second part)."""

from django.conf import settings
from django.utils.functional import cached_property

from pages import cache as page_cache


class Fragments:
    """`{% wagtailcache fragments.seconds "footer" LANGUAGE_CODE fragments.generation
    using=fragments.cache %}`: the generation is read only when a template asks for it, and
    with fragments turned off (HUB_FRAGMENT_CACHE_SECONDS=0) nothing is read or kept."""

    def __init__(self):
        self.seconds = settings.HUB_FRAGMENT_CACHE_SECONDS
        self.cache = "pages" if self.seconds > 0 else page_cache.NOTHING_KEPT

    @cached_property
    def generation(self) -> int:
        return page_cache.generation() if self.seconds > 0 else 0


def fragments(request):
    return {"fragments": Fragments()}
