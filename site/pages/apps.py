from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = _("Site pages")

    def ready(self):
        from pages import cache, checks  # noqa: F401 (registers the deployment checks)
        from pages.reports import guard_wagtail_exports
        from pages.tasks import ensure_schedules

        cache.connect_signals()
        guard_wagtail_exports()
        post_migrate.connect(ensure_schedules, sender=self, dispatch_uid="pages_schedules")
        post_migrate.connect(grant_roles, sender=self, dispatch_uid="pages_roles")
        post_migrate.connect(rebuild_search_index, sender=self, dispatch_uid="pages_search_index")


def grant_roles(*, using="default", **kwargs):
    """Coordinators keep the site's navigation and footer (pages are the editors')."""
    from network.models import COORDINATORS_GROUP
    from network.roles import grant, model_permissions

    grant(COORDINATORS_GROUP, "pages", model_permissions("navigationmenu", "footertext", "contentlanguage"),
          using=using)  # fmt: skip


def rebuild_search_index(*, plan=None, **kwargs):
    """After a migration that changes how words are indexed (one marked
    `rebuilds_search_index`, such as pages.0006), every entry is written again: an entry
    keeps the words it was written with, and searches would no longer match them."""
    if any(
        getattr(migration, "rebuilds_search_index", False) and not backwards
        for migration, backwards in plan or []
    ):
        from django.core.management import call_command

        call_command("update_index", verbosity=0)
