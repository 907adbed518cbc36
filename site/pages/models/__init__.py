from .base import (
    FooterText,
    NavigationMenu,
    SitePage,
    SnippetForLocaleQuerySet,
    without_stand_ins,
)
from .directory import CityDirectoryPage
from .events import EventIndexPage, EventPage
from .home import HomePage, StandardPage
from .news import NewsIndexPage, NewsPage
from .resources import ContentLanguage, ResourceDocument, ResourceHubPage, ResourcePage

__all__ = [
    "CityDirectoryPage",
    "ContentLanguage",
    "EventIndexPage",
    "EventPage",
    "FooterText",
    "HomePage",
    "NavigationMenu",
    "NewsIndexPage",
    "NewsPage",
    "ResourceDocument",
    "ResourceHubPage",
    "ResourcePage",
    "SitePage",
    "SnippetForLocaleQuerySet",
    "StandardPage",
    "without_stand_ins",
]
