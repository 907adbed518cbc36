"""A person's memberships are read with their roles, in the same one query
(network.models.read_roles), as plain (organisation id, role) pairs that the help desk's rule
filters on (HelpRequest.objects.visible_to); a membership given or taken away is seen by the
next request's fresh person."""

import pytest

from helpdesk.models import HelpRequest
from network.models import Membership, User
from tests.helpdesk.factories import HelpRequestFactory
from tests.network.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_memberships_come_with_the_roles_in_one_query(django_assert_num_queries):
    person = UserFactory()
    led = MembershipFactory(user=person, role=Membership.Role.LEAD).organisation
    joined = MembershipFactory(user=person).organisation
    MembershipFactory()  # someone else's
    fresh = User.objects.get(pk=person.pk)
    with django_assert_num_queries(1):
        assert fresh.is_coordinator is False and fresh.is_expert is False
        held = fresh.memberships_held
    assert sorted(held) == sorted([(led.pk, "lead"), (joined.pk, "member")])


def test_no_membership_is_an_empty_tuple():
    assert User.objects.get(pk=UserFactory().pk).memberships_held == ()


def test_the_rule_reads_them_as_of_each_request(client):
    city = OrganisationFactory()
    standard = HelpRequestFactory(organisation=city, sensitivity="standard")
    restricted = HelpRequestFactory(organisation=city, sensitivity="restricted")
    member = MembershipFactory(organisation=city).user

    def shown():
        return set(
            HelpRequest.objects.visible_to(User.objects.get(pk=member.pk)).values_list(
                "pk", flat=True
            )
        )

    assert shown() == {standard.pk}
    Membership.objects.filter(user=member).update(role=Membership.Role.LEAD)
    assert shown() == {standard.pk, restricted.pk}
    client.force_login(member)
    assert client.get(f"/en/help-desk/{restricted.public_id}/").status_code == 200
    Membership.objects.filter(user=member).delete()
    assert shown() == set()
    assert client.get(f"/en/help-desk/{standard.public_id}/").status_code == 404
    Membership.objects.create(user=member, organisation=city)
    assert shown() == {standard.pk}
    assert client.get(f"/en/help-desk/{standard.public_id}/").status_code == 200


def test_a_stray_role_reads_as_a_plain_membership_of_its_own_organisation():
    """Roles are validated when written (full_clean), not by the database: a value written
    behind the model's back leads nothing and names no other organisation."""
    person = UserFactory()
    stray = MembershipFactory(user=person)
    Membership.objects.filter(pk=stray.pk).update(role="x,99:lead")
    held = User.objects.get(pk=person.pk).memberships_held
    assert held == ((stray.organisation_id, "member"),)
