from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class HelpdeskConfig(AppConfig):
    # Our own package; never install the unrelated django-helpdesk distribution, which
    # shares the import name.
    name = "helpdesk"
    verbose_name = _("Help desk")

    def ready(self):
        from .tasks import ensure_schedules

        post_migrate.connect(ensure_schedules, sender=self, dispatch_uid="helpdesk_schedules")
