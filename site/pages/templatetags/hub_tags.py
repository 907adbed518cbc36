from django import template
from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.models import Page, Site

from pages.models import FooterText, NavigationMenu, without_stand_ins
from pages.models.base import plain_text
from pages.text_search import WORD, Normaliser, language_of

register = template.Library()


def translated_page_urls(page: Page, request) -> dict[str, str]:
    """Language code -> URL of the page's live translation (or the alias standing in for
    it), falling back to that language's home page."""
    urls = {
        translation.locale.language_code: translation.get_url(request)
        for translation in page.get_translations(inclusive=True).live().select_related("locale")
    }
    missing = {code for code, _name in settings.LANGUAGES} - urls.keys()
    site = Site.find_for_request(request) if missing else None
    if site is not None:
        for home in (
            site.root_page.get_translations(inclusive=True)
            .live()
            .filter(locale__language_code__in=missing)
            .select_related("locale")
        ):
            urls[home.locale.language_code] = home.get_url(request)
    return urls


def _home_urls(request, codes) -> dict[str, str]:
    """Each language's home page on this site."""
    site = Site.find_for_request(request)
    if site is None:
        return {}
    return {
        home.locale.language_code: home.get_url(request)
        for home in site.root_page.get_translations(inclusive=True)
        .live()
        .filter(locale__language_code__in=codes)
        .select_related("locale")
    }


def _same_site(url: str) -> bool:
    return url.startswith("/") and not url.startswith(("//", "/\\")) and "\\" not in url


def view_urls(request) -> dict[str, str]:
    """Language code -> the view that answered this request, reversed in that language with
    the same arguments; {} when no view of ours answered (a 404, or a Wagtail page).

    Never built from the raw address: for `//evil.example/en/x` the request's path is not a
    path of this site, and translating it kept the other host."""
    match = getattr(request, "resolver_match", None)
    if match is None or not match.url_name or match.view_name == "wagtail_serve":
        return {}
    query = request.GET.copy()
    # An address carried along (?next=) stays only if it is one of ours.
    ours = {"allowed_hosts": {request.get_host()}, "require_https": request.is_secure()}
    if not all(
        url_has_allowed_host_and_scheme(value, **ours) and _same_site(value)
        for value in query.getlist(REDIRECT_FIELD_NAME)
    ):
        query.pop(REDIRECT_FIELD_NAME)
    suffix = f"?{query.urlencode(safe='/')}" if query else ""
    urls = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            try:
                path = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
            except NoReverseMatch:
                continue
        if _same_site(path):
            urls[code] = path + suffix
    return urls


@register.simple_tag(takes_context=True)
def language_links(context):
    """One link per language: the same page, or the same view with the same arguments, in
    that language; else that language's home page. Built from what answered the request,
    never from its raw path."""
    request = context["request"]
    page = context.get("page")
    current = (get_language() or settings.LANGUAGE_CODE)[:2]
    if isinstance(page, Page) and page.pk:
        urls = translated_page_urls(page, request)
    else:
        urls = view_urls(request)
    missing = [code for code, _name in settings.LANGUAGES if code not in urls]
    if missing:
        urls.update(_home_urls(request, missing))
    return [
        {"code": code, "name": name, "url": urls[code], "current": code == current}
        for code, name in settings.LANGUAGES
        if urls.get(code)
    ]


@register.simple_tag(takes_context=True)
def page_query(context, param, number):
    """This address's query string with one page number changed (a page with two paginated
    lists gives each its own parameter, e.g. convenings' `upcoming` and `page`)."""
    query = context["request"].GET.copy()
    query[param] = number
    return f"?{query.urlencode()}"


@register.simple_tag(takes_context=True)
def navigation_menu(context, slot):
    """A CMS menu in the active language, read once per request (the header and the footer
    both show the services and the network)."""
    request = context.get("request")
    kept = getattr(request, "_hub_menus", None) if request is not None else None
    key = (slot, get_language())
    if kept is not None and key in kept:
        return kept[key]
    menu = NavigationMenu.objects.filter(slot=slot).for_active_locale().first()
    if request is not None:
        if kept is None:
            kept = request._hub_menus = {}
        kept[key] = menu
    return menu


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
        without_stand_ins(page.get_translations(inclusive=True).live())
        .select_related("locale")
        .order_by("locale__language_code")
    )
    alternates = [(t.locale.language_code, t.get_full_url(request)) for t in translations]
    return alternates if len(alternates) > 1 else []


@register.simple_tag
def og_locale(language_code):
    return {"fr": "fr_CA"}.get(language_code, "en_CA")


EXCERPT_WORDS = 30


@register.filter
def excerpt(text, query=""):
    """A search result's excerpt: plain text (never the page's tags), about 30 words around
    the first word that matched the query, each such word marked with <mark>. A word matches
    as search matched it, by the active language's rules: « prevention » marks « prévention »
    and « villes » marks « ville » (pages.text_search)."""
    words = plain_text(str(text or "")).split(" ")
    if words == [""]:
        return ""
    normaliser = Normaliser(language_of(get_language()))
    wanted = set(normaliser.tokens(str(query or "")))

    def matches(word):
        return any(token in wanted for token in normaliser.tokens(word))

    start = 0
    if wanted:
        first = next((i for i, word in enumerate(words) if matches(word)), 0)
        start = max(0, min(first - 5, len(words) - EXCERPT_WORDS))
    shown = " ".join(words[start : start + EXCERPT_WORDS])
    parts, last = [], 0
    for match in WORD.finditer(shown) if wanted else ():
        if matches(match.group(0)):
            parts += [escape(shown[last : match.start()]), f"<mark>{escape(match.group(0))}</mark>"]
            last = match.end()
    parts.append(escape(shown[last:]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if start + EXCERPT_WORDS < len(words) else ""
    return mark_safe(prefix + "".join(parts) + suffix)  # every part escaped; only <mark> added


@register.simple_tag(takes_context=True)
def page_breadcrumbs(context, page):
    """The trail to a page: its ancestors from the language's home page down to its parent,
    as {"title", "url"} (the home page under the name visitors know it by)."""
    request = context.get("request")
    ancestors = (
        page.get_ancestors()
        .filter(depth__gte=2)
        .only("id", "title", "url_path", "depth", "locale_id")
    )
    crumbs = []
    for ancestor in ancestors:
        title = _("Home") if ancestor.depth == 2 else ancestor.title
        crumbs.append({"title": title, "url": ancestor.get_url(request)})
    return crumbs


@register.simple_tag
def trail(*steps):
    """A breadcrumb trail for a view that is not a page: home, then (title, url) pairs given
    flat, `{% trail _("Help desk") list_url as crumbs %}`."""
    home = {"title": _("Home"), "url": f"/{get_language() or settings.LANGUAGE_CODE}/"}
    pairs = zip(steps[::2], steps[1::2], strict=True)
    return [home] + [{"title": title, "url": url} for title, url in pairs]
