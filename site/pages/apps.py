from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = _("Site pages")

    def ready(self):
        from pages import cache, checks  # noqa: F401 (registers the deployment checks)
        from pages.tasks import ensure_schedules

        cache.connect_signals()
        post_migrate.connect(ensure_schedules, sender=self, dispatch_uid="pages_schedules")
