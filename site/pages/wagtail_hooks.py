from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import FooterText, NavigationMenu


class NavigationMenuViewSet(SnippetViewSet):
    model = NavigationMenu
    icon = "list-ul"
    list_display = ["__str__", "locale"]


class FooterTextViewSet(SnippetViewSet):
    model = FooterText
    icon = "doc-full"


class SiteChromeGroup(SnippetViewSetGroup):
    menu_label = _("Navigation")
    menu_icon = "list-ul"
    menu_order = 300
    items = (NavigationMenuViewSet, FooterTextViewSet)


register_snippet(SiteChromeGroup)
