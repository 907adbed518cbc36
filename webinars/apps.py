from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class WebinarsConfig(AppConfig):
    name = "webinars"
    verbose_name = _("Webinars")

    def ready(self):
        from wagtail.signals import page_published

        from .signals import (
            announce_time_change,
            keep_translations_in_step,
            publish_recording,
            register_series_subscribers,
        )
        from .tasks import ensure_schedules

        post_migrate.connect(ensure_schedules, sender=self, dispatch_uid="webinars_schedules")
        page_published.connect(announce_time_change, dispatch_uid="webinars_time_change")
        page_published.connect(publish_recording, dispatch_uid="webinars_recording")
        page_published.connect(register_series_subscribers, dispatch_uid="webinars_series")
        page_published.connect(keep_translations_in_step, dispatch_uid="webinars_in_step")
