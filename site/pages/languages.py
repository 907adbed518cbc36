"""Which language the words of a page are in, so that `lang` marks every part in another one.

A stand-in (an alias, or an alias wagtail-localize has converted for a translation nobody has
published yet) shows its original's content: the default language's (docs/i18n.md). Every
other page shows its own locale's. Templates ask through `{% load hub_lang %}`.
"""

from django.conf import settings
from django.utils.translation import get_language
from wagtail.models import Locale, Site


def _base(code: str | None) -> str:
    return (code or settings.LANGUAGE_CODE).split("-")[0].lower()


def is_stand_in(page, *, thorough: bool = False) -> bool:
    """Whether `page` shows another page's content. Cheap unless `thorough`: an alias is
    known from its row; a converted stand-in only once its live revision is loaded (the page
    being served, or a listing that selects `live_revision`)."""
    if getattr(page, "alias_of_id", None):
        return True
    # On the class: hasattr() on the instance would compute the property (a query per card).
    if page.pk is None or not hasattr(type(page), "is_stand_in"):
        return False  # a page being created shows its own words
    if thorough or "is_stand_in" in page.__dict__:
        return page.is_stand_in
    if "live_revision" in page._state.fields_cache:
        return page.is_stand_in
    return False


def content_language(page, *, thorough: bool = False, locale_codes: dict | None = None) -> str:
    """The language code of what `page` shows ("en", "fr").

    locale_codes: a {locale id: language code} dict to fill and reuse, so that a listing of
    many pages costs at most one query for all of them.
    """
    if is_stand_in(page, thorough=thorough):
        return _base(settings.LANGUAGE_CODE)
    if "locale" in page._state.fields_cache:
        return _base(page.locale.language_code)
    # The language of the home page the page sits under: Wagtail keeps these (for URLs) in
    # the cache, so a listing asks the database nothing.
    url_path = getattr(page, "url_path", "") or ""
    for root in Site.get_site_root_paths():
        if url_path.startswith(root.root_path):
            return _base(root.language_code)
    codes = locale_codes if locale_codes is not None else {}
    if page.locale_id not in codes:
        codes.update(Locale.objects.values_list("pk", "language_code"))
    return _base(codes.get(page.locale_id))


def foreign_language(page, *, thorough: bool = False, locale_codes: dict | None = None):
    """The language of `page`'s content if it is not the reader's (the active language),
    else None."""
    if page is None or not hasattr(page, "locale_id"):
        return None
    language = content_language(page, thorough=thorough, locale_codes=locale_codes)
    return language if language != _base(get_language()) else None
