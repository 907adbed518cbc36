"""The roles every install has, and what feature apps grant them (post_migrate handlers).

Groups are created if missing, so a fresh deployment works without the demo loader; an
administrator may grant more by hand, and nothing here takes a permission away.
"""

from django.db import DEFAULT_DB_ALIAS


def grant(group_name: str, app_label: str, codenames, *, using: str = DEFAULT_DB_ALIAS) -> None:
    from django.contrib.auth.models import Group, Permission

    group = Group.objects.using(using).get_or_create(name=group_name)[0]
    group.permissions.add(
        *Permission.objects.using(using).filter(
            content_type__app_label=app_label, codename__in=list(codenames)
        )
    )
