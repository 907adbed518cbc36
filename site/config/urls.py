import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from network import views as network_views
from network.views import media as media_views
from pages import views as page_views

urlpatterns = [
    path("admin/login/", network_views.admin_login, name="admin_login"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Images on the local disk (one machine without a bucket); 404 with a bucket.
    re_path(
        rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.+)$",
        media_views.media,
        name="media",
    ),
    path("healthz", page_views.health, name="health"),
    path("sitemap.xml", page_views.sitemap_index, name="sitemap_index"),
    path("robots.txt", page_views.robots, name="robots"),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()

# Everything a visitor reads lives under /en/ or /fr/; Wagtail's catch-all comes last.
urlpatterns += i18n_patterns(
    path("", include("network.urls")),  # my/ (My hub) and accounts/profile/
    path("accounts/", include("allauth.urls")),
    path("academy/", include("academy.urls")),
    path("webinars/", include("webinars.urls")),
    path("office-hours/", include("webinars.office_hours.urls")),
    path("help-desk/", include("helpdesk.urls")),
    path("grants/", include("grants.urls")),
    path("search/", page_views.search, name="search"),
    path("patterns/", page_views.pattern_library, name="pattern_library"),
    path("sitemap.xml", page_views.sitemap, name="sitemap"),
    # Before Wagtail's own: its password-only sign-in would skip the second factor.
    path("_util/login/", network_views.frontend_login, name="frontend_login"),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

handler404 = "pages.views.page_not_found"
handler500 = "pages.views.server_error"
