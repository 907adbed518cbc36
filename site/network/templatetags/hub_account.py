"""What the account menu shows a signed-in person, without Django's whole permission set."""

from django import template

from network.middleware import has_admin_access

register = template.Library()


@register.filter
def admin_access(user) -> bool:
    """`{% if user|admin_access %}`: what `perms.wagtailadmin.access_admin` says, in one
    query shared with the second-factor gate (network.middleware.has_admin_access)."""
    return has_admin_access(user)


@register.simple_tag(takes_context=True)
def account_menu(context):
    """The account menu (components/account_menu.html) rendered once: the header shows it
    twice, beside the brand on wide screens and inside the menu on phones."""
    template = context.template.engine.get_template("components/account_menu.html")
    return template.render(context)
