from django import template
from django.utils.html import format_html

from network.bilingual import reader_language

register = template.Library()


@register.filter
def lang_attr(text):
    """` lang="en"` when a text (network.bilingual.Text) is not in the page's language."""
    lang = getattr(text, "lang", "")
    if lang and lang != reader_language():
        return format_html(' lang="{}"', lang)
    return ""


@register.filter
def lang_span(text):
    """A text wrapped in `<span lang="en">` when it is not in the page's language, for a
    text inside a sentence (a cohort's name in “Enrol in …”)."""
    lang = getattr(text, "lang", "")
    if lang and lang != reader_language():
        return format_html('<span lang="{}">{}</span>', lang, text)
    return text
