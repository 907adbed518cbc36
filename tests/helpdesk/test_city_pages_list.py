"""The city's list of requests keeps its drawn rows under the rows visible_to read
(helpdesk.thread_cache.kept_list_rows): every change to what a row shows reads other rows,
so it is drawn again at once, whoever wrote it and however; people who read other rows
(another city, a member who may not see a restricted request) never get them."""

from unittest import mock

import pytest
from django.urls import reverse

from helpdesk import services, thread_cache
from helpdesk.models import HelpRequest
from network.models import Membership
from tests.helpdesk.factories import HelpRequestFactory
from tests.network.factories import ExpertProfileFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def city():
    """A city's lead, a member, and two requests the lead filed: a standard and a
    restricted one."""
    lead = MembershipFactory(role=Membership.Role.LEAD)
    member = MembershipFactory(organisation=lead.organisation)
    standard = HelpRequestFactory(
        organisation=lead.organisation, requester=lead.user, summary="Posters at city hall"
    )
    restricted = HelpRequestFactory(
        organisation=lead.organisation,
        requester=lead.user,
        summary="Threats to the mayor",
        sensitivity="restricted",
    )
    return lead.user, member.user, standard, restricted


def listing(client, person, language="en"):
    if client.session.get("_auth_user_id") != str(person.pk):
        client.force_login(person)
    response = client.get(f"/{language}/help-desk/")
    assert response.status_code == 200
    return response.content.decode()


def row(page, help_request):
    """The row of a request in the list, or None."""
    for found in page.split("<tr>")[1:]:
        if help_request.reference in found:
            return found.split("</tr>")[0]
    return None


def test_a_kept_list_is_not_drawn_again(client, city):
    lead, _member, standard, _restricted = city
    first = listing(client, lead)
    with mock.patch.object(thread_cache, "list_rows", wraps=thread_cache.list_rows) as drawn:
        again = listing(client, lead)
    assert drawn.call_count == 0
    assert row(again, standard) == row(first, standard)
    assert again.split("<tbody>")[1] == first.split("<tbody>")[1]


def test_a_new_request_is_listed_at_once(client, city):
    lead, _member, standard, _restricted = city
    listing(client, lead)
    filed = services.file_request(
        by=lead,
        organisation=standard.organisation,
        urgency="routine",
        sensitivity="standard",
        language="en",
        summary="Graffiti on the library",
        details="Overnight.",
    )
    assert "Graffiti on the library" in row(listing(client, lead), filed)


def test_a_status_change_is_shown_at_once(client, city):
    lead, _member, standard, _restricted = city
    expert = ExpertProfileFactory()
    standard.assignee = expert
    standard.status = HelpRequest.Status.ASSIGNED
    standard.save()
    assert "Assigned" in row(listing(client, lead), standard)
    services.set_status(request=standard, status=HelpRequest.Status.WAITING, by=expert.user)
    assert "Waiting on the city" in row(listing(client, lead), standard)


def test_an_urgency_change_and_an_edit_are_shown_at_once(client, city):
    lead, _member, standard, _restricted = city
    assert "Urgent" in row(listing(client, lead), standard)
    standard.urgency = "at_risk"
    standard.save()
    assert "Someone is at risk now" in row(listing(client, lead), standard)
    standard.summary = "Posters at city hall and the library"
    standard.save(update_fields=["summary"])  # updated_at not written: the row still differs
    assert "Posters at city hall and the library" in row(listing(client, lead), standard)
    # Even a write that bypasses save() and its signals.
    HelpRequest.objects.filter(pk=standard.pk).update(status=HelpRequest.Status.RESOLVED)
    assert "Resolved" in row(listing(client, lead), standard)


def test_a_request_gone_is_gone_from_the_list(client, city):
    lead, _member, standard, _restricted = city
    assert row(listing(client, lead), standard) is not None
    standard.delete()
    assert row(listing(client, lead), standard) is None


def test_a_member_never_gets_the_leads_rows_of_a_restricted_request(client, city):
    lead, member, standard, restricted = city
    shown = listing(client, lead)
    assert row(shown, restricted) is not None and row(shown, standard) is not None
    shown = listing(client, member)
    assert row(shown, standard) is not None
    assert row(shown, restricted) is None and "Threats to the mayor" not in shown
    # A lead no more: the restricted request leaves their list at once.
    Membership.objects.filter(user=lead).update(role=Membership.Role.MEMBER)
    restricted.requester = UserFactory()
    restricted.save()
    assert "Threats to the mayor" not in listing(client, lead)


def test_another_city_never_gets_the_rows(client, city):
    lead, _member, _standard, _restricted = city
    listing(client, lead)
    other = MembershipFactory(role=Membership.Role.LEAD).user
    shown = listing(client, other)
    assert "Posters at city hall" not in shown and "Threats to the mayor" not in shown
    assert "No request yet." in shown
    # With rows of its own, its list is drawn from them, never the first city's.
    theirs = HelpRequestFactory(
        organisation=other.memberships.get().organisation, requester=other, summary="Graffiti"
    )
    shown = listing(client, other)
    assert row(shown, theirs) is not None
    assert "Posters at city hall" not in shown and "Threats to the mayor" not in shown


def test_each_language_and_zone_has_its_own(client, city):
    lead, _member, standard, _restricted = city
    english = row(listing(client, lead), standard)
    french = row(listing(client, lead, "fr"), standard)
    assert "/en/help-desk/" in english and "Urgent" in english
    assert "/fr/help-desk/" in french and "Urgente" in french and "Référence" in french
    lead.time_zone = "Asia/Tokyo"
    lead.save(update_fields=["time_zone"])
    tokyo = row(listing(client, lead), standard)
    assert tokyo.split("<time")[1] != english.split("<time")[1]
    assert tokyo.split("<time")[0] == english.split("<time")[0]


def test_a_citys_list_asks_for_the_persons_organisations_only_without_a_request(
    client, city, django_assert_max_num_queries
):
    lead, _member, _standard, _restricted = city
    listing(client, lead)
    with django_assert_max_num_queries(4):  # session, person, roles; the rows
        assert client.get("/en/help-desk/").status_code == 200
    newcomer = MembershipFactory().user
    assert "No request yet." in listing(client, newcomer)
    with django_assert_max_num_queries(5):  # and whether they belong to a city
        shown = client.get("/en/help-desk/").content.decode()
    assert reverse("helpdesk:new") in shown


def test_only_a_citys_people_may_file(client, city):
    lead, _member, _standard, _restricted = city
    assert reverse("helpdesk:new") in listing(client, lead)
    community = MembershipFactory(organisation__kind="community").user
    shown = listing(client, community)
    assert "Your account is not linked to a city yet." in shown
    assert reverse("helpdesk:new") not in shown and "No request yet." in shown
