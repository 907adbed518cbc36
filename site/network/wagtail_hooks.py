from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .viewsets import NetworkViewSetGroup, TopicViewSet

register_snippet(TopicViewSet)


@hooks.register("register_admin_viewset")
def register_network_viewsets():
    return NetworkViewSetGroup()
