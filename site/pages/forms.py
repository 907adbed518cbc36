"""The site's one way to render a form field (templates/forms/): Django's form and field
templates, looked up in the project's template directories."""

from django import forms
from django.forms.renderers import TemplatesSetting


class HubFormRenderer(TemplatesSetting):
    """`{{ form }}` and `{{ field.as_field_group }}` render through templates/forms/: labels
    beside checkboxes and radios, groups as fieldsets, help and errors tied to the control,
    and an error summary at the top of a form that failed."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"


def field_kind(field: forms.BoundField) -> str:
    """How a field is laid out: "check" (one checkbox, label after it), "choices" (radios or
    checkboxes in a fieldset), "group" (another widget of several controls) or "single"."""
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        return "check"
    if isinstance(widget, forms.RadioSelect):  # CheckboxSelectMultiple is one too
        return "choices"
    if widget.use_fieldset:
        return "group"
    return "single"


def control_id(field: forms.BoundField) -> str:
    """The id of the control an error summary's link should focus: a group's first input."""
    kind = field_kind(field)
    if kind == "choices":
        first = next(iter(field.subwidgets), None)
        return first.id_for_label if first is not None else field.auto_id
    if kind == "group":
        return field.field.widget.id_for_label(field.auto_id) or f"{field.auto_id}_0"
    return field.id_for_label or field.auto_id


def error_summary(form: forms.BaseForm) -> list[dict]:
    """What a failed form's error summary lists, in the form's order: each field's errors,
    linked to its control; errors of the whole form (and of hidden fields) unlinked."""
    if not form.is_bound or not form.errors:
        return []
    items = [{"message": error, "href": ""} for error in form.non_field_errors()]
    for field in form.hidden_fields():
        items += [{"message": error, "href": ""} for error in field.errors]
    for field in form.visible_fields():
        items += [{"message": error, "href": f"#{control_id(field)}"} for error in field.errors]
    return items
