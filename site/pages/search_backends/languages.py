"""Which language's rules index an object and read a query (both backends use them)."""

from django.utils import translation
from wagtail.models import Locale, TranslatableMixin

from pages.text_search import SIMPLE, TextLanguage, language_of


def languages_of(objs) -> dict[str, TextLanguage]:
    """Each object's search language by primary key (as the index keys it): its locale's
    for translatable content, SIMPLE for the rest (images, documents)."""
    locale_ids = {obj.locale_id for obj in objs if isinstance(obj, TranslatableMixin)}
    codes = dict(Locale.objects.filter(pk__in=locale_ids).values_list("pk", "language_code"))
    return {
        str(obj.pk): language_of(codes.get(obj.locale_id))
        if isinstance(obj, TranslatableMixin)
        else SIMPLE
        for obj in objs
    }


def query_language(model) -> TextLanguage:
    """Translatable content is searched in the active language (the visitor's, or the
    editor's in the admin); anything else with the language-neutral rules it was indexed with."""
    if issubclass(model, TranslatableMixin):
        return language_of(translation.get_language())
    return SIMPLE
