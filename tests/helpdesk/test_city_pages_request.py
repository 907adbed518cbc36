"""The city's request page: the request's own row read in one query, its thread, topics and
the names around it (organisation, who filed it, the expert: RequestFacts) kept in one cache
round trip until the request or a shown name is saved (helpdesk.thread_cache.
kept_request_parts), the empty message form drawn once per language; the same page as
before, for those who may see it only."""

from unittest import mock

import pytest
from django.core.cache import caches
from django.template.loader import render_to_string
from django.utils import translation
from wagtail.models import Locale

from helpdesk import services, thread_cache
from helpdesk.forms import MessageForm
from helpdesk.models import HelpRequest
from network.models import Membership, User
from tests.helpdesk.factories import HelpRequestFactory, MessageFactory
from tests.network.factories import (
    ExpertProfileFactory,
    MembershipFactory,
    TopicFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def topics():
    french = Locale.objects.get_or_create(language_code="fr")[0]
    hate = TopicFactory(name="Online hate")
    attacks = TopicFactory(name="Attacks on officials")
    TopicFactory(name="Haine en ligne", locale=french, translation_key=hate.translation_key)
    return attacks, hate


@pytest.fixture
def request_(topics):
    """A restricted request with two topics and a reply, filed by a city's lead."""
    found = HelpRequestFactory(sensitivity="restricted", topics=list(topics))
    Membership.objects.filter(user=found.requester).update(role=Membership.Role.LEAD)
    MessageFactory(request=found, author=UserFactory(full_name="Amara First"), body="Hello.")
    return found


def page(client, help_request, language="en"):
    response = client.get(f"/{language}/help-desk/{help_request.public_id}/")
    assert response.status_code == 200
    return response.content.decode()


def shown_topics(html):
    return html.split("<dt>Topics</dt><dd>")[1].split("</dd>")[0]


def test_the_topics_in_the_readers_language_kept_and_renamed_at_once(client, request_, topics):
    attacks, hate = topics
    client.force_login(request_.requester)
    assert shown_topics(page(client, request_)) == "Attacks on officials, Online hate"
    french = page(client, request_, "fr").split("<dt>Thèmes</dt><dd>")[1].split("</dd>")[0]
    assert french == "Attacks on officials, Haine en ligne"
    with mock.patch("helpdesk.views._topics_shown") as read:
        assert shown_topics(page(client, request_)) == "Attacks on officials, Online hate"
    read.assert_not_called()
    # A topic renamed (a snippet: a new page generation) shows at once.
    attacks.name = "Attacks on elected officials"
    attacks.save()
    assert shown_topics(page(client, request_)) == "Attacks on elected officials, Online hate"


def test_the_kept_parts_are_one_cache_round_trip(client, request_):
    client.force_login(request_.requester)
    page(client, request_)
    cache = caches["pages"]
    with (
        mock.patch.object(cache, "get_many", wraps=cache.get_many) as many,
        mock.patch.object(cache, "set", wraps=cache.set) as kept,
    ):
        assert "Hello." in page(client, request_)
    ours = [call for call in many.call_args_list if thread_cache.NAMES_KEY in call.args[0]]
    assert len(ours) == 1 and len(ours[0].args[0]) == 2  # the names counter, the page's parts
    assert not [call for call in kept.call_args_list if "helpdesk" in str(call.args[0])]


def test_a_kept_page_costs_the_request_and_the_audit_row(
    client, request_, django_assert_max_num_queries
):
    client.force_login(request_.requester)
    page(client, request_)
    # session, person, roles; the request's own row; the audit row
    with django_assert_max_num_queries(5) as captured:
        page(client, request_)
    reads = [q["sql"] for q in captured.captured_queries if '"helpdesk_helprequest"' in q["sql"]]
    assert len(reads) == 1 and "JOIN" not in reads[0]  # no organisation, person or expert
    HelpRequest.objects.filter(pk=request_.pk).update(sensitivity="standard")
    with django_assert_max_num_queries(4):  # nothing recorded for a standard request
        page(client, request_)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_empty_form_is_the_components_and_a_refused_one_is_drawn(client, request_, language):
    client.force_login(request_.requester)
    shown = page(client, request_, language)
    with translation.override(language):
        empty = render_to_string("components/form.html", {"form": MessageForm()})
    assert 'name="body"' in empty and empty in shown
    response = client.post(
        f"/{language}/help-desk/{request_.public_id}/", {"action": "message", "body": "  "}
    )
    refused = response.content.decode()
    assert response.status_code == 200 and empty not in refused
    with translation.override(language):
        assert str(MessageForm.base_fields["body"].label) in refused
        assert "error-summary" in refused


def test_with_newest_message_counts_notes_and_is_none_without_messages(topics):
    quiet = HelpRequestFactory()
    busy = HelpRequestFactory()
    MessageFactory(request=busy)
    note = MessageFactory(request=busy, internal=True)
    MessageFactory(request=quiet).delete()
    found = dict(
        HelpRequest.objects.filter(pk__in=[quiet.pk, busy.pk])
        .with_newest_message()
        .values_list("pk", "newest_message")
    )
    assert found == {quiet.pk: None, busy.pk: note.pk}


def test_a_member_never_sees_a_restricted_request_kept_for_its_lead(client, request_):
    client.force_login(request_.requester)
    assert "Hello." in page(client, request_)
    member = MembershipFactory(organisation=request_.organisation).user
    client.force_login(member)
    response = client.get(f"/en/help-desk/{request_.public_id}/")
    assert response.status_code == 404 and "Hello." not in response.content.decode()


def facts(html):
    return html.split('<dl class="facts">')[1].split("</dl>")[0]


def test_the_names_around_the_request_are_kept_and_shown_anew_when_saved(client, request_):
    expert = ExpertProfileFactory(
        user=UserFactory(full_name="Amara Diallo"), role="Prevention lead", role_fr=""
    )
    client.force_login(request_.requester)
    request_.requester.full_name = "Dana Filer"
    request_.requester.save()
    first = facts(page(client, request_))
    assert request_.organisation.name in first and "Dana Filer" in first
    assert "Being assigned" in first
    # Assigned: the request is saved.
    coordinator = User.objects.get(email="coordinator@hub.example")
    services.reassign(request=request_, expert=expert, by=coordinator)
    request_.refresh_from_db()
    assigned = facts(page(client, request_))
    assert "Amara Diallo" in assigned and "Prevention lead" in assigned
    french = facts(page(client, request_, "fr"))
    assert '<span lang="en">Prevention lead</span>' in french
    # Each saved alone, without the request: the organisation, the expert's role, a name.
    request_.organisation.name = "Renamed City Hall"
    request_.organisation.save()
    assert "Renamed City Hall" in facts(page(client, request_))
    assert "Prevention lead" in facts(page(client, request_, "fr"))  # kept again
    expert.role_fr = "Responsable de la prévention"
    expert.save()
    assert "Responsable de la prévention" in facts(page(client, request_, "fr"))
    assert "Amara Diallo" in facts(page(client, request_))  # kept again
    expert.user.full_name = "Amara D. Diallo"
    expert.user.save()
    assert "Amara D. Diallo" in facts(page(client, request_))


def test_a_sign_in_keeps_the_kept_page(client, request_):
    client.force_login(request_.requester)
    page(client, request_)
    request_.organisation.save(update_fields=["name"])  # a name saved: read again
    with mock.patch.object(
        thread_cache.RequestFacts, "of", wraps=thread_cache.RequestFacts.of
    ) as read:
        page(client, request_)
        assert read.call_count == 1
        request_.requester.last_login = request_.requester.date_joined
        request_.requester.save(update_fields=["last_login"])
        page(client, request_)
        assert read.call_count == 1


def test_a_closed_experts_name_is_gone_from_the_facts(client, request_):
    expert = ExpertProfileFactory(user=UserFactory(full_name="Amara Diallo"))
    coordinator = User.objects.get(email="coordinator@hub.example")
    services.reassign(request=request_, expert=expert, by=coordinator)
    client.force_login(request_.requester)
    assert "Amara Diallo" in facts(page(client, request_))
    expert.user.closed_at = expert.user.date_joined
    expert.user.save(update_fields=["closed_at"])
    shown = facts(page(client, request_))
    assert "Amara Diallo" not in shown and "Former member" in shown


def test_every_message_the_city_sees_saves_the_request(request_):
    """What the kept page relies on: a message the city can see is posted with a save of
    the request (its `updated_at`), by the city or by the expert."""
    expert = ExpertProfileFactory()
    coordinator = User.objects.get(email="coordinator@hub.example")
    services.reassign(request=request_, expert=expert, by=coordinator)
    for author in (expert.user, request_.requester):
        request_.refresh_from_db()
        before = request_.updated_at
        services.post_message(request=request_, author=author, body="A reply.")
        request_.refresh_from_db()
        assert request_.updated_at > before
