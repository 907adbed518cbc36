"""The city's request page keeps its drawn conversation for everyone who sees the request
(helpdesk.thread_cache.kept_request_parts) and draws it again when it changes: a new message
(from the page or the admin, each saving the request), a name shown in it, the reader's
language; another city never sees it."""

from unittest import mock

import pytest
from django.utils import timezone

from helpdesk import services, views
from helpdesk.models import Message
from network.models import Membership
from tests.helpdesk.factories import HelpRequestFactory, MessageFactory
from tests.network.factories import ExpertProfileFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def thread():
    expert = UserFactory(full_name="Amara First")
    request = HelpRequestFactory(
        sensitivity="restricted", assignee=ExpertProfileFactory(user=expert)
    )
    Membership.objects.filter(user=request.requester).update(role=Membership.Role.LEAD)
    MessageFactory(request=request, author=expert, body="First answer.")
    return request, expert


def page(client, request, language="en"):
    return client.get(f"/{language}/help-desk/{request.public_id}/").content.decode()


def test_a_new_message_is_shown_at_once(client, thread):
    request, expert = thread
    client.force_login(request.requester)
    assert "First answer." in page(client, request)
    # From the admin: the expert's reply (services.post_message saves the request with it).
    services.post_message(request=request, author=expert, body="Second answer.")
    assert "Second answer." in page(client, request)
    client.post(f"/en/help-desk/{request.public_id}/", {"action": "message", "body": "Thank you."})
    shown = page(client, request)
    assert "Second answer." in shown and "Thank you." in shown


def test_an_internal_note_is_never_kept_for_the_city(client, thread):
    request, expert = thread
    client.force_login(request.requester)
    page(client, request)
    services.post_message(request=request, author=expert, body="Note to self.", internal=True)
    request.refresh_from_db()
    request.save()  # the kept page is drawn again, from the thread as the city sees it
    with mock.patch("helpdesk.views.thread_html", wraps=views.thread_html) as drawn:
        shown = page(client, request)
    drawn.assert_called_once()
    assert "First answer." in shown and "Note to self." not in shown


def conversation(client, request):
    return page(client, request).split('class="thread"')[1]


def test_a_changed_or_closed_name_is_shown_at_once(client, thread):
    request, expert = thread
    client.force_login(request.requester)
    assert "Amara First" in conversation(client, request)
    expert.full_name = "Amara Second"
    expert.save()
    assert "Amara Second" in conversation(client, request)
    expert.closed_at = timezone.now()
    expert.save(update_fields=["closed_at"])
    shown = page(client, request)  # the thread and the facts (the assigned expert)
    assert "Amara Second" not in shown and shown.count("Former member") >= 2


def test_a_sign_in_does_not_forget_the_kept_threads(client, thread):
    request, expert = thread
    client.force_login(request.requester)
    page(client, request)
    Message.objects.filter(request=request).update(body="Changed behind the page's back.")
    expert.last_login = timezone.now()
    expert.save(update_fields=["last_login"])
    # Kept: the body read before (no message added, no name changed).
    assert "First answer." in page(client, request)


def test_each_language_and_zone_has_its_own(client, thread):
    request, _expert = thread
    client.force_login(request.requester)
    english = page(client, request)
    french = page(client, request, "fr")
    assert "Conversation" in english and "Conversation" in french
    assert english.count("p.m.") + english.count("a.m.") >= 1
    assert (
        " h" in french.split('class="thread"')[1]
        and "p.m." not in french.split('class="thread"')[1]
    )
    request.requester.time_zone = "America/Halifax"
    request.requester.save(update_fields=["time_zone"])
    halifax = page(client, request)
    assert halifax.split('class="thread"')[1] != english.split('class="thread"')[1]


def test_another_city_never_sees_a_kept_thread(client, thread):
    request, _expert = thread
    client.force_login(request.requester)
    assert "First answer." in page(client, request)
    other = MembershipFactory(role=Membership.Role.LEAD).user
    client.force_login(other)
    response = client.get(f"/en/help-desk/{request.public_id}/")
    assert response.status_code == 404
    assert "First answer." not in response.content.decode()


def test_a_page_parameter_that_is_not_an_id_reads_the_newest_page_kept_once(client, thread):
    """Any text in ?before= is the newest page, kept under it: not a new copy for each."""
    from django.core.cache import caches

    entries = caches["pages"]._cache  # local memory in the tests (config.settings.test)
    request, _expert = thread
    client.force_login(request.requester)
    page(client, request)
    before = len(entries)
    for n in range(5):
        shown = client.get(f"/en/help-desk/{request.public_id}/?before=junk{n}").content.decode()
        assert "First answer." in shown
    assert len(entries) == before
