"""The moderation panel in wagtail-localize's translation editor (pages.translations)."""

from django import template

from pages.translations import moderation_for

register = template.Library()


@register.simple_tag
def translation_moderation(page, user):
    """A pages.translations.Moderation, or None when the page has no translation."""
    return moderation_for(page, user) if page is not None and page.pk else None
