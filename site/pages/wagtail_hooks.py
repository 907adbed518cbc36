from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import FooterText, NavigationMenu
from .translation_views import submit_translation_view


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


@hooks.register("before_serve_page")
def mark_page_cacheable(page, request, serve_args, serve_kwargs):
    """Tell the anonymous page cache (pages.cache) that this page may be stored: public
    pages may, unless their class says `cache_anonymous = False` (live data, such as open
    office-hours slots)."""
    request.hub_page_cacheable = getattr(page, "cache_anonymous", True)


@hooks.register("register_admin_urls")
def register_translation_moderation_url():
    """The translation editor's "Submit for moderation" (pages.translations)."""
    return [
        path(
            "translations/<int:page_id>/submit/",
            submit_translation_view,
            name="pages_translation_submit",
        )
    ]
