from wagtail import hooks

from . import (
    dashboard,  # noqa: F401  (registers My hub's panels)
    personal_data,  # noqa: F401  (a person's data: export, closing)
)
from . import organisation_report as _report  # noqa: F401  (a lead's activity page)


@hooks.register("register_admin_urls")
def register_helpdesk_urls():
    from .admin_views import admin_urls

    return admin_urls()


def _menu_item(position):
    def hook():
        from .admin_views import menu_items

        return menu_items()[position]

    return hook


for _position in range(2):
    hooks.register("register_admin_menu_item", _menu_item(_position))


@hooks.register("register_admin_viewset")
def register_response_targets():
    from .admin_views import ResponseTargetViewSet

    return ResponseTargetViewSet()
