from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = _("People and places")
    default = True

    def ready(self):
        from . import checks, converters, storage_checks  # noqa: F401 (checks register)

        converters.register()  # <id:...> in every app's URLs
        post_migrate.connect(grant_roles, sender=self, dispatch_uid="network_roles")
        post_migrate.connect(ensure_schedules, sender=self, dispatch_uid="network_schedules")


def ensure_schedules(*, using="default", **kwargs):
    """The outbox's sweep (network.outbox), every minute."""
    from .outbox import ensure_schedules as ensure

    ensure(using=using)


def grant_roles(*, using="default", **kwargs):
    """Coordinators and experts work in the admin; coordinators keep the directory of
    organisations, memberships, experts and topics (people's accounts stay with admins)."""
    from .models import COORDINATORS_GROUP, EXPERTS_GROUP
    from .roles import grant, grant_admin_access, model_permissions

    grant_admin_access(COORDINATORS_GROUP, EXPERTS_GROUP, using=using)
    grant(
        COORDINATORS_GROUP,
        "network",
        model_permissions("organisation", "membership", "expertprofile", "topic"),
        using=using,
    )
    # The membership pipeline: coordinators read the steps and what cities wrote (the
    # steps are written by "Move to stage", which needs change_organisation).
    grant(
        COORDINATORS_GROUP, "network", ["view_pipelinestep", "view_interestexpression"], using=using
    )
    # Joining an organisation: coordinators verify domains, decide on requests to join
    # (change), and read invitations (leads send them on the site).
    grant(
        COORDINATORS_GROUP,
        "network",
        [
            *model_permissions("organisationdomain"),
            "view_joinrequest",
            "change_joinrequest",
            "view_invitation",
        ],
        using=using,
    )


class HubUsersConfig(WagtailUsersAppConfig):
    """Wagtail's user admin, with our user's full name, language and time zone."""

    user_viewset = "network.viewsets.UserViewSet"
