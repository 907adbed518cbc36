"""`lang` on every part of a page in another language than the reader's (pages.languages).

`<h3{% content_lang page %}>{{ page.title }}</h3>` writes ` lang="en"` when the page's content
is English and the reader's language French (an alias card on /fr/), and nothing otherwise.
Only the page's own words take it: French labels, dates and buttons around them stay French.
`{% foreign_language_name page %}` says it in words on a card (« en anglais »).
"""

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language, get_language_info, gettext

from pages.languages import foreign_language

register = template.Library()


def _foreign(context, page) -> str | None:
    request = getattr(context, "request", None) or context.get("request")
    # A preview shows the draft, in the page's own language, even where the live page is
    # still a stand-in. The page being served is checked thoroughly (one query), cards in a
    # listing cheaply.
    previewing = getattr(request, "is_preview", False)
    thorough = page is not None and page is context.get("page") and not previewing
    codes = getattr(request, "_hub_locale_codes", None)
    if request is not None and codes is None:
        codes = request._hub_locale_codes = {}
    return foreign_language(page, thorough=thorough, locale_codes=codes)


@register.simple_tag(takes_context=True)
def content_lang(context, page) -> str:
    """` lang="en"` when `page`'s content is not in the reader's language, else ""."""
    language = _foreign(context, page)
    return format_html(' lang="{}"', language) if language else ""


@register.simple_tag(takes_context=True)
def foreign_language_name(context, page) -> str:
    """« en anglais » when `page`'s content is not in the reader's language, else "": a card
    says so in words, for those who do not hear `lang`."""
    language = _foreign(context, page)
    if not language:
        return ""
    name = str(get_language_info(language)["name_translated"])
    # Django's names start with a capital (for menus); French writes « en anglais ».
    if (get_language() or "").startswith("fr"):
        name = name.lower()
    return gettext("in %(language)s") % {"language": name}
