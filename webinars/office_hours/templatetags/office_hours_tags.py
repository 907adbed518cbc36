from django import template

from ..picker import picker_context

register = template.Library()


@register.simple_tag(takes_context=True)
def slot_picker(context, page):
    """The programme page's experts, filters and week of open slots (office_hours.picker),
    rendered once for everyone who asks the same question."""
    return picker_context(page, context["request"])["picker"]
