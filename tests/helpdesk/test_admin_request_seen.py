"""The admin request page's reply form carries the newest message's id (`seen`), read with
the request itself (HelpRequest.objects.with_newest_message): what the "someone else wrote
meanwhile" warning compares with. Internal notes count; a request without messages says 0."""

import html.parser

import pytest

from helpdesk import services
from helpdesk.models import Message
from network.models import User
from tests.helpdesk.test_services import city_member, file

pytestmark = pytest.mark.django_db


class Seen(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.values = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("name") == "seen":
            self.values.append(attrs.get("value"))


def seen_on_page(client, help_request) -> list:
    response = client.get(f"/admin/help-desk/{help_request.public_id}/")
    assert response.status_code == 200
    parser = Seen()
    parser.feed(response.content.decode())
    return parser.values


def test_the_reply_form_carries_the_newest_message_id_internal_notes_included(client):
    help_request = file(city_member())
    coordinator = User.objects.get(email="coordinator@hub.example")
    client.force_login(coordinator)
    Message.objects.filter(request=help_request).delete()
    assert seen_on_page(client, help_request) == ["0"]

    services.post_message(request=help_request, author=coordinator, body="Public answer")
    note = Message.objects.create(
        request=help_request, author=coordinator, body="Between us", internal=True
    )
    assert seen_on_page(client, help_request) == [str(note.pk)]
