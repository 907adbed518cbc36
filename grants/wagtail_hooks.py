"""One "Grants" menu in the admin, holding the reviewing side's views (admin_reviews) and
the grants side's (admin_grants). Each module (and apply_hooks, the applicant side's log
actions) registers its own hooks (log actions, URLs)
when imported here, and lists its menu's viewsets in VIEWSETS."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup

from . import admin_grants, admin_reviews, apply_hooks  # noqa: F401 (apply_hooks: log actions)


class GrantsGroup(ViewSetGroup):
    menu_label = _("Grants")
    menu_icon = "tag"
    menu_order = 260
    items = (*admin_reviews.VIEWSETS, *admin_grants.VIEWSETS)


@hooks.register("register_admin_viewset")
def register_grants_viewsets():
    if GrantsGroup.items:
        return GrantsGroup()
    return []
