from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class WebinarsConfig(AppConfig):
    name = "webinars"
    verbose_name = _("Webinars")

    def ready(self):
        from wagtail.signals import page_published

        from .signals import announce_time_change
        from .tasks import ensure_schedules

        post_migrate.connect(ensure_schedules, sender=self, dispatch_uid="webinars_schedules")
        page_published.connect(announce_time_change, dispatch_uid="webinars_time_change")
