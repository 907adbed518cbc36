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
        for label in SHOWN:
            post_save.connect(names_changed, sender=label, dispatch_uid=f"helpdesk_names_{label}")


# What the city's kept request pages show (helpdesk.thread_cache.kept_request_parts) of a
# person (User.get_full_name) and of an assigned expert. (An organisation saved starts a new
# page generation, under which everything is kept: pages.cache.SHOWN_ON_PUBLIC_PAGES.)
SHOWN = {
    settings.AUTH_USER_MODEL: {"full_name", "email", "closed_at"},
    "network.ExpertProfile": {"role", "role_fr"},
}


def names_changed(*, sender, created=False, update_fields=None, **kwargs):
    """A person or an expert's profile saved with what a kept request page shows of it: the
    kept pages forget theirs. A sign-in (last_login only) changes nothing shown, and a new
    account or profile is on no request yet."""
    if created:
        return
    if update_fields is None or SHOWN[sender._meta.label] & set(update_fields):
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
