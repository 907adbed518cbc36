"""Short texts a row keeps in English and in French (a cohort's name, an expert's role and
biography): transactional rows are not pages or snippets, so wagtail-localize does not
translate them, and each carries both versions itself.

The version shown is the reader's language where written, the English otherwise; it knows
its language, so that a template can mark English on a French page (`|lang_attr`).
"""

from django.conf import settings
from django.utils.translation import get_language


class Text(str):
    """A string that knows the language it is written in (`lang`)."""

    lang: str

    def __new__(cls, value: str, lang: str):
        text = super().__new__(cls, value)
        text.lang = lang
        return text


def reader_language(language: str | None = None) -> str:
    """The two-letter code of the given language, or of the active one."""
    return (language or get_language() or settings.LANGUAGE_CODE)[:2]


def pick(english: str, french: str, language: str | None = None) -> Text:
    """The French version for a French reader when there is one, else the English."""
    if reader_language(language) == "fr" and french.strip():
        return Text(french, "fr")
    return Text(english, settings.LANGUAGE_CODE)
