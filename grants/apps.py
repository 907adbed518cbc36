from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class GrantsConfig(AppConfig):
    name = "grants"
    verbose_name = _("Grants")

    def ready(self):
        post_migrate.connect(grant_roles, sender=self, dispatch_uid="grants_roles")
        from .tasks import ensure_schedules

        post_migrate.connect(ensure_schedules, sender=self, dispatch_uid="grants_schedules")


def grant_roles(*, using="default", **kwargs):
    """Coordinators run calls, reviews and grants; reviewers reach the admin for their
    assignments only (what they see is decided by Review.objects.visible_to)."""
    from network.models import COORDINATORS_GROUP
    from network.roles import grant, grant_admin_access, model_permissions

    from .models import REVIEWERS_GROUP

    grant(
        COORDINATORS_GROUP,
        "grants",
        model_permissions("grant", "payment", "report", "applicantprofile")
        + ["view_application", "change_application", "view_review", "add_review"],
        using=using,
    )
    grant(REVIEWERS_GROUP, "grants", ["view_review", "change_review"], using=using)
    grant_admin_access(REVIEWERS_GROUP, using=using)
