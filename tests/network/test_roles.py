"""The roles work on a new install: migrate grants them, not the demo loader."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from network.models import COORDINATORS_GROUP, EXPERTS_GROUP

COORDINATORS_NEED = {
    "wagtailadmin.access_admin",
    "network.change_organisation",
    "network.view_expertprofile",
    "network.add_topic",
    "pages.change_navigationmenu",
    "pages.change_footertext",
    "academy.change_cohort",
    "academy.add_invitation",
    "academy.view_enrolment",
    "academy.change_certificate",
    "webinars.view_registration",
    "webinars.view_seriessubscription",
    "office_hours.change_availability",
    "helpdesk.change_responsetarget",
}


def permissions(group):
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}


@pytest.mark.django_db
def test_migrate_grants_every_role_its_permissions_from_nothing():
    Group.objects.filter(name__in=[COORDINATORS_GROUP, EXPERTS_GROUP]).delete()
    call_command("migrate", verbosity=0)
    coordinators = Group.objects.get(name=COORDINATORS_GROUP)
    assert COORDINATORS_NEED <= permissions(coordinators)
    assert "network.change_user" not in permissions(coordinators)  # accounts stay with admins
    experts = Group.objects.get(name=EXPERTS_GROUP)
    assert {"wagtailadmin.access_admin", "office_hours.change_availability"} <= permissions(experts)
    assert "webinars.view_registration" not in permissions(experts)
