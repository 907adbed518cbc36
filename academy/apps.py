from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AcademyConfig(AppConfig):
    name = "academy"
    verbose_name = _("Prevention Academies")

    def ready(self):
        from .tasks import ensure_schedules

        # After every migrate (and flush), the academy's django-q2 schedules exist.
        post_migrate.connect(ensure_schedules, sender=self, dispatch_uid="academy_schedules")
