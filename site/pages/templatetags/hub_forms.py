"""The form field templates' helpers (templates/forms/): `{{ field|field_kind }}` and
`{% error_summary form as items %}`, both from pages.forms."""

from django import template

from pages import forms

register = template.Library()

register.filter("field_kind", forms.field_kind)


@register.simple_tag
def error_summary(form) -> list[dict]:
    return forms.error_summary(form)
