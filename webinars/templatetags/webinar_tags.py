"""The registration form on session and series pages: the page model builds no form."""

from django import template

from webinars.forms import RegistrationForm

register = template.Library()


@register.simple_tag(takes_context=True)
def registration_form(context):
    """The form the view bound (shown again with the person's errors), or a new one filled
    in for the signed-in person."""
    return context.get("form") or RegistrationForm(user=context["request"].user)
