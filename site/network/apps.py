from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = _("People and places")
    default = True


class HubUsersConfig(WagtailUsersAppConfig):
    """Wagtail's user admin, with our user's full name, language and time zone."""

    user_viewset = "network.viewsets.UserViewSet"
