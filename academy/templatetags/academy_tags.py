from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """mapping[key], or an empty tuple when the mapping or the key is missing."""
    if not mapping:
        return ()
    return mapping.get(key, ())
