"""Messages a page shows where the eye is, beside what they are about, instead of at the top.

A view marks such a message with `extra_tags="inline <place>"` (for example
`"inline registration"`); the page asks for `messages|inline:"registration"` where it wants
it, and the site-wide list at the top of the main content (`messages|not_inline`) leaves it out.
"""

from django import template

register = template.Library()


def _tags(message) -> set[str]:
    return set((message.extra_tags or "").split())


@register.filter
def inline(messages, place: str) -> list:
    return [message for message in messages if {"inline", place} <= _tags(message)]


@register.filter
def not_inline(messages) -> list:
    return [message for message in messages if "inline" not in _tags(message)]
