from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class HelpdeskConfig(AppConfig):
    # Our own package; never install the unrelated django-helpdesk distribution, which
    # shares the import name.
    name = "helpdesk"
    verbose_name = _("Help desk")

    def ready(self):
        from .tasks import ensure_schedules

        post_migrate.connect(ensure_schedules, sender=self, dispatch_uid="helpdesk_schedules")
        post_migrate.connect(grant_roles, sender=self, dispatch_uid="helpdesk_roles")
        post_save.connect(
            names_changed, sender=settings.AUTH_USER_MODEL, dispatch_uid="helpdesk_names"
        )


# What a kept thread shows of a person (User.get_full_name).
SHOWN = {"full_name", "email", "closed_at"}


def names_changed(*, created=False, update_fields=None, **kwargs):
    """A person saved with their name, address or closure: the kept threads forget theirs
    (helpdesk.thread_cache.kept_request_parts). A sign-in (last_login only) changes nothing shown, and a
    new account has written nothing yet."""
    if created:
        return
    if update_fields is None or SHOWN & set(update_fields):
        from .thread_cache import forget_names

        forget_names()


def grant_roles(*, using="default", **kwargs):
    """Coordinators edit the response targets, which exist (with the defaults) everywhere,
    and read the requests' entries in the admin's history (Wagtail shows a model's log
    entries to those with a permission on it; they see every request anyway)."""
    from network.models import COORDINATORS_GROUP
    from network.roles import grant

    from .models import ResponseTarget
    from .targets import DEFAULTS

    for urgency, (first, resolution, business) in DEFAULTS.items():
        ResponseTarget.objects.using(using).get_or_create(
            urgency=urgency,
            defaults={
                "first_response_minutes": first,
                "resolution_minutes": resolution,
                "business_hours": business,
            },
        )
    grant(
        COORDINATORS_GROUP,
        "helpdesk",
        ["view_responsetarget", "change_responsetarget", "view_helprequest"],
        using=using,
    )
