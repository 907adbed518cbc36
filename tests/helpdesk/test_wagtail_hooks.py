"""The help desk's admin hooks: its state changes are named in the admin's history, in
English and in French, and coordinators find them there."""

import pytest
from django.utils import translation
from wagtail.log_actions import registry
from wagtail.models import ModelLogEntry

from helpdesk import services
from tests.helpdesk.factories import HelpRequestFactory

pytestmark = pytest.mark.django_db

ACTIONS = [*services.LOG_ACTIONS.values(), *services.STATUS_ACTIONS.values()]


@pytest.mark.parametrize("action", ACTIONS)
def test_every_logged_action_has_a_label_in_both_languages(action):
    assert registry.action_exists(action)
    english = str(registry.get_action_label(action))
    with translation.override("fr"):
        french = str(registry.get_action_label(action))
    assert english != french, action
    assert "demande d’assistance" in french


def test_a_status_change_reads_as_its_new_status():
    request = HelpRequestFactory()
    entry = services.log_event(
        request=request, kind="status", detail={"previous": "assigned", "status": "waiting"}
    )
    assert entry.kind == "status"
    (logged,) = ModelLogEntry.objects.for_instance(request)
    formatter = registry.get_formatter(logged)
    assert formatter.format_message(logged) == "Status changed to Waiting on the city"
    with translation.override("fr"):
        assert formatter.format_message(logged) == "Statut modifié : En attente de la ville"


def test_coordinators_read_the_requests_history_in_the_admin(client):
    from network.models import User

    request = HelpRequestFactory()
    services.log_event(request=request, kind="reopened", by=request.requester)
    client.force_login(User.objects.get(email="coordinator@hub.example"))
    page = client.get("/admin/reports/site-history/").content.decode()
    assert request.reference in page and "Reopened" in page
