"""`lang` on every part of a page in another language than the reader's (pages.languages).

`<h3{% content_lang page %}>{{ page.title }}</h3>` writes ` lang="en"` when the page's content
is English and the reader's language French (an alias card on /fr/), and nothing otherwise.
Only the page's own words take it: French labels, dates and buttons around them stay French.
"""

from django import template
from django.utils.html import format_html

from pages.languages import foreign_language

register = template.Library()


@register.simple_tag(takes_context=True)
def content_lang(context, page) -> str:
    """` lang="en"` when `page`'s content is not in the reader's language, else ""."""
    # The page being served is checked thoroughly (one query); cards in a listing cheaply.
    request = getattr(context, "request", None) or context.get("request")
    # A preview shows the draft, in the page's own language, even where the live page is
    # still a stand-in.
    previewing = getattr(request, "is_preview", False)
    thorough = page is not None and page is context.get("page") and not previewing
    codes = getattr(request, "_hub_locale_codes", None)
    if request is not None and codes is None:
        codes = request._hub_locale_codes = {}
    language = foreign_language(page, thorough=thorough, locale_codes=codes)
    return format_html(' lang="{}"', language) if language else ""
