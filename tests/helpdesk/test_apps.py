"""What the help desk sets up after every migration (helpdesk.apps.grant_roles)."""

import pytest
from django.contrib.auth.models import Group

from helpdesk.models import ResponseTarget
from network.models import COORDINATORS_GROUP

pytestmark = pytest.mark.django_db


def test_a_fresh_install_has_the_coordinators_role_and_the_targets():
    granted = set(
        Group.objects.get(name=COORDINATORS_GROUP).permissions.values_list("codename", flat=True)
    )
    # view_helprequest: the requests' entries in the admin's history (Wagtail shows a
    # model's log entries to those with a permission on it).
    assert {"change_responsetarget", "view_helprequest"} <= granted
    assert set(ResponseTarget.objects.values_list("urgency", flat=True)) == {
        "at_risk",
        "urgent",
        "routine",
    }
