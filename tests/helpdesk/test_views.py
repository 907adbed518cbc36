"""The city's help-desk pages (helpdesk.views) and the experts' admin page
(helpdesk.admin_views): odd input never breaks them, and each person gets their side."""

import pytest

from helpdesk import services
from network.models import ExpertProfile, Membership, Topic
from tests.network.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def city_member(role=Membership.Role.MEMBER, organisation=None):
    organisation = organisation or OrganisationFactory(country="CA", region="CA-ON")
    return MembershipFactory(organisation=organisation, role=role).user


def file(user, **extra):
    fields = {
        "urgency": "urgent",
        "sensitivity": "standard",
        "summary": "Doxing",
        "details": "Address posted",
        "language": "en",
        **extra,
    }
    harassment = Topic.objects.get(locale__language_code="en", slug="harassment")
    return services.file_request(
        by=user, organisation=user.memberships.get().organisation, **fields, topics=[harassment]
    )


def test_odd_paging_values_on_the_request_page(client):
    official = city_member()
    request = file(official)
    client.force_login(official)
    for before in ["²", "-1", "9" * 30, "abc"]:
        assert (
            client.get(f"/en/help-desk/{request.public_id}/", {"before": before}).status_code == 200
        )


def test_an_expert_who_is_also_a_city_member_sees_the_city_side_only(client):
    official = city_member()
    request = file(official)
    other = ExpertProfile.objects.exclude(pk=request.assignee_id).order_by("pk").first()
    Membership.objects.create(user=other.user, organisation=official.memberships.get().organisation)
    services.post_message(request=request, author=request.assignee.user, body="NOTE", internal=True)
    client.force_login(other.user)
    assert client.get(f"/admin/help-desk/{request.public_id}/").status_code == 404
    page = client.get(f"/en/help-desk/{request.public_id}/")
    assert page.status_code == 200 and "NOTE" not in page.content.decode()
