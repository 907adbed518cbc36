from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AcademyConfig(AppConfig):
    name = "academy"
    verbose_name = _("Prevention Academies")

    def ready(self):
        from . import learner_cache, report_counts
        from .tasks import ensure_schedules

        # A learner's kept pages are forgotten when their learning changes, and the
        # reports' kept counts when anyone's does.
        learner_cache.connect_signals()
        report_counts.connect_signals()

        # After every migrate (and flush), the academy's django-q2 schedules exist.
        post_migrate.connect(ensure_schedules, sender=self, dispatch_uid="academy_schedules")
        post_migrate.connect(grant_roles, sender=self, dispatch_uid="academy_roles")


def grant_roles(*, using="default", **kwargs):
    """Coordinators run the cohorts and see who is enrolled. Certificates are issued by
    courses; coordinators look them up and revoke them."""
    from network.models import COORDINATORS_GROUP
    from network.roles import grant, model_permissions

    grant(
        COORDINATORS_GROUP,
        "academy",
        [
            *model_permissions("cohort", "invitation"),
            "view_enrolment",
            "view_certificate",
            "change_certificate",
        ],
        using=using,
    )
