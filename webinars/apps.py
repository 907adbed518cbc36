from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class WebinarsConfig(AppConfig):
    name = "webinars"
    verbose_name = _("Webinars")

    def ready(self):
        from wagtail.signals import page_published, page_unpublished

        from .signals import (
            announce_time_change,
            cancel_when_unpublished,
            fill_free_seats,
            publish_recording,
            register_series_subscribers,
        )
        from .tasks import ensure_schedules

        post_migrate.connect(ensure_schedules, sender=self, dispatch_uid="webinars_schedules")
        post_migrate.connect(grant_roles, sender=self, dispatch_uid="webinars_roles")
        page_published.connect(announce_time_change, dispatch_uid="webinars_time_change")
        page_published.connect(publish_recording, dispatch_uid="webinars_recording")
        page_published.connect(register_series_subscribers, dispatch_uid="webinars_series")
        page_published.connect(fill_free_seats, dispatch_uid="webinars_in_step")
        page_unpublished.connect(cancel_when_unpublished, dispatch_uid="webinars_withdrawn")


def grant_roles(*, using="default", **kwargs):
    """Coordinators look registrations up; seats change only through the site's flows."""
    from network.models import COORDINATORS_GROUP
    from network.roles import grant

    seats = ["view_registration", "view_seriessubscription"]
    grant(COORDINATORS_GROUP, "webinars", seats, using=using)
