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
        post_migrate.connect(grant_roles, sender=self, dispatch_uid="pages_roles")


def grant_roles(*, using="default", **kwargs):
    """Coordinators keep the site's navigation and footer (pages are the editors')."""
    from network.models import COORDINATORS_GROUP
    from network.roles import grant, model_permissions

    grant(COORDINATORS_GROUP, "pages", model_permissions("navigationmenu", "footertext", "contentlanguage"),
          using=using)  # fmt: skip
