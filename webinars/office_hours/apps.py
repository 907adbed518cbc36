from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class OfficeHoursConfig(AppConfig):
    """Office hours with experts: availability, computed slots, bookings, reminders and
    outcomes. Nested in webinars/ (both are the hub's live sessions) but its own app."""

    name = "webinars.office_hours"
    label = "office_hours"
    verbose_name = _("Office hours")

    def ready(self):
        from . import picker_cache
        from .tasks import ensure_schedules

        post_migrate.connect(ensure_schedules, sender=self, dispatch_uid="office_hours_schedules")
        post_migrate.connect(grant_roles, sender=self, dispatch_uid="office_hours_roles")
        picker_cache.connect_signals()


def grant_roles(*, using="default", **kwargs):
    """Experts keep their own office-hours availability; coordinators everyone's."""
    from network.models import COORDINATORS_GROUP, EXPERTS_GROUP
    from network.roles import grant

    own = ["add_availability", "change_availability", "view_availability"]
    grant(EXPERTS_GROUP, "office_hours", own, using=using)
    grant(COORDINATORS_GROUP, "office_hours", [*own, "delete_availability"], using=using)
