"""What office hours set up after every migration: experts keep their own availability."""

import pytest
from django.contrib.auth.models import Group

from network.models import EXPERTS_GROUP

pytestmark = pytest.mark.django_db


def test_a_fresh_install_lets_experts_change_their_availability():
    experts = Group.objects.get(name=EXPERTS_GROUP)
    assert experts.permissions.filter(codename="change_availability").exists()
