from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language
from wagtail.models import Locale, Page, Site

from pages.models import FooterText, NavigationMenu

register = template.Library()


def translated_page_url(page: Page, language_code: str, request) -> str | None:
    """The URL of a page's live translation (or the alias standing in for it)."""
    try:
        locale = Locale.objects.get_for_language(language_code)
    except Locale.DoesNotExist:
        return None
    translation = page.get_translation_or_none(locale)
    if translation is None or not translation.live:
        site = Site.find_for_request(request)
        home = site.root_page.get_translation_or_none(locale) if site else None
        translation = home if home is not None and home.live else None
    return translation.get_url(request) if translation is not None else None


@register.simple_tag(takes_context=True)
def language_links(context):
    """One link per language, each to the same page in that language."""
    request = context["request"]
    page = context.get("page")
    current = (get_language() or settings.LANGUAGE_CODE)[:2]
    links = []
    for code, name in settings.LANGUAGES:
        if isinstance(page, Page) and page.pk:
            url = translated_page_url(page, code, request)
        else:
            url = translate_url(request.get_full_path(), code)
        links.append({"code": code, "name": name, "url": url, "current": code == current})
    return [link for link in links if link["url"]]


@register.simple_tag
def navigation_menu(slot):
    return NavigationMenu.objects.filter(slot=slot).for_active_locale().first()


@register.simple_tag
def footer_text():
    return FooterText.objects.for_active_locale().first()


@register.simple_tag(takes_context=True)
def page_alternates(context, page):
    """(language, absolute URL) for each live, real translation of a page: hreflang links."""
    if not isinstance(page, Page) or not page.pk:
        return []
    request = context["request"]
    translations = (
        page.get_translations(inclusive=True)
        .live()
        .filter(alias_of__isnull=True)
        .select_related("locale")
        .order_by("locale__language_code")
    )
    alternates = [(t.locale.language_code, t.get_full_url(request)) for t in translations]
    return alternates if len(alternates) > 1 else []


@register.simple_tag
def og_locale(language_code):
    return {"fr": "fr_CA"}.get(language_code, "en_CA")
