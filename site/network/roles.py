"""The roles every install has, and what feature apps grant them (post_migrate handlers).

Groups are created if missing, so a fresh deployment works without the demo loader; an
administrator may grant more by hand, and nothing here takes a permission away.
"""

from django.db import DEFAULT_DB_ALIAS

CRUD = ("add", "change", "delete", "view")


def grant(group_name: str, app_label: str, codenames, *, using: str = DEFAULT_DB_ALIAS) -> None:
    """Give a group these permissions of one app (creating the group if missing).

    The app's permissions are created first: on a new database post_migrate reaches the
    feature apps' handlers before django.contrib.auth's, which creates them."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    create_permissions(apps.get_app_config(app_label), verbosity=0, using=using)
    group = Group.objects.using(using).get_or_create(name=group_name)[0]
    group.permissions.add(
        *Permission.objects.using(using).filter(
            content_type__app_label=app_label, codename__in=list(codenames)
        )
    )


def model_permissions(*models: str, actions=CRUD) -> list[str]:
    """Codenames such as add_cohort, change_cohort, ... for these model names."""
    return [f"{action}_{model}" for model in models for action in actions]


def grant_admin_access(*group_names: str, using: str = DEFAULT_DB_ALIAS) -> None:
    for group_name in group_names:
        grant(group_name, "wagtailadmin", ["access_admin"], using=using)
