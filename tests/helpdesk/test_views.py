"""Regressions from the review of office hours and the help desk."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from helpdesk import services, tasks
from helpdesk.models import HelpRequest, ResponseTarget
from network.models import COORDINATORS_GROUP, EXPERTS_GROUP, ExpertProfile, Membership, Topic
from tests.network.factories import MembershipFactory, OrganisationFactory
from webinars import booking as flow
from webinars.models import Booking, OfficeHoursPage
from webinars.slots import open_slots

pytestmark = pytest.mark.django_db

PAGE = "/en/webinars/office-hours/"


def city_member(role=Membership.Role.MEMBER, organisation=None):
    organisation = organisation or OrganisationFactory(country="CA", region="CA-ON")
    return MembershipFactory(organisation=organisation, role=role).user


def file(user, **extra):
    data = {"urgency": "urgent", "sensitivity": "standard", "summary": "Doxing",
            "details": "Address posted", "language": "en", **extra}  # fmt: skip
    harassment = Topic.objects.get(locale__language_code="en", slug="harassment")
    return services.file_request(user=user, organisation=user.memberships.get().organisation,
                                 data=data, topics=[harassment])  # fmt: skip


def test_a_call_booked_from_a_restricted_request_names_neither_it_nor_its_topic(client):
    lead = city_member(Membership.Role.LEAD)
    request = file(lead, sensitivity="restricted")
    booking = services.book_call(request=request, by=lead)
    assert booking.topic is None and request.reference not in booking.questions
    colleague = city_member(organisation=lead.memberships.get().organisation)
    client.force_login(colleague)
    assert client.get(f"/en/help-desk/{request.public_id}/").status_code == 404
    page = client.get(f"/en/webinars/my-office-hours/{booking.public_id}/").content.decode()
    assert request.reference not in page and "harassment" not in page.lower()


def test_reopening_does_not_count_the_resolved_time_against_the_target():
    official = city_member()
    request = file(official)
    expert = request.assignee.user
    start = request.created_at
    services.post_message(request=request, author=expert, body="Advice",
                          now=start + datetime.timedelta(minutes=10))  # fmt: skip
    resolved = start + datetime.timedelta(hours=1)
    services.set_status(
        request=request, status=HelpRequest.Status.RESOLVED, by=expert, now=resolved
    )
    request.refresh_from_db()
    due = request.resolution_due
    reopened = resolved + datetime.timedelta(days=12)
    services.reopen(request=request, by=official, now=reopened)
    request.refresh_from_db()
    assert request.resolution_due > due and request.resolution_due > reopened
    tasks.escalate(now=reopened + datetime.timedelta(minutes=5))
    request.refresh_from_db()
    assert request.breached_at is None


@pytest.mark.parametrize(
    "url",
    [
        PAGE + "?week=9999-12-31",
        PAGE + "?week=0001-01-01&zone=Nowhere",
        PAGE + "book/?slot=1-253402300000",
        PAGE + "book/?slot=1-99999999999",
        PAGE + "book/?slot=%C2%B2-1",
    ],
)
def test_odd_values_never_cause_a_server_error(client, url):
    client.force_login(city_member())
    assert client.get(url).status_code in (200, 302)


def test_odd_paging_values_on_booking_and_request_pages(client):
    official = city_member()
    request = file(official)
    client.force_login(official)
    for before in ["²", "-1", "9" * 30, "abc"]:
        assert (
            client.get(f"/en/help-desk/{request.public_id}/", {"before": before}).status_code == 200
        )
    programme = OfficeHoursPage.objects.get(locale__language_code="en", slug="office-hours")
    amara = ExpertProfile.objects.get(user__email="expert.amara@hub.example")
    slot = open_slots(ExpertProfile.objects.filter(pk=amara.pk),
                      start=timezone.now() + datetime.timedelta(days=3))[0]  # fmt: skip
    booking, _ = flow.book(programme=programme, expert_id=amara.pk, starts_at=slot.starts_at,
                           organisation=official.memberships.get().organisation, user=official,
                           questions="?", language="en")  # fmt: skip
    url = f"/en/webinars/my-office-hours/{booking.public_id}/"
    for week in ["9999-12-31", "0001-01-01", "x"]:
        assert client.get(url, {"week": week}).status_code == 200


def test_one_bad_filter_leaves_the_others_in_force(client):
    dana = ExpertProfile.objects.get(user__email="expert.dana@hub.example")
    html = client.get(PAGE, {"expert": dana.pk, "zone": "Nowhere"}).content.decode()
    import re

    assert set(re.findall(r"slot=(\d+)-\d+", html)) == {str(dana.pk)}


def test_the_link_stops_working_when_the_booker_leaves_the_organisation(client):
    official = city_member()
    programme = OfficeHoursPage.objects.get(locale__language_code="en", slug="office-hours")
    amara = ExpertProfile.objects.get(user__email="expert.amara@hub.example")
    slot = open_slots(ExpertProfile.objects.filter(pk=amara.pk),
                      start=timezone.now() + datetime.timedelta(days=3))[0]  # fmt: skip
    booking, _ = flow.book(programme=programme, expert_id=amara.pk, starts_at=slot.starts_at,
                           organisation=official.memberships.get().organisation, user=official,
                           questions="?", language="en")  # fmt: skip
    link = f"/en/webinars/my-office-hours/link/{flow.manage_token(booking)}/"
    assert client.get(link).status_code == 200
    official.memberships.all().delete()
    assert client.get(link).status_code == 404


def test_an_inactive_expert_cannot_be_booked():
    official = city_member()
    programme = OfficeHoursPage.objects.get(locale__language_code="en", slug="office-hours")
    amara = ExpertProfile.objects.get(user__email="expert.amara@hub.example")
    slot = open_slots(ExpertProfile.objects.filter(pk=amara.pk),
                      start=timezone.now() + datetime.timedelta(days=3))[0]  # fmt: skip
    ExpertProfile.objects.filter(pk=amara.pk).update(is_active=False)
    assert open_slots(ExpertProfile.objects.filter(pk=amara.pk)) == []
    with pytest.raises(Exception, match="does not hold office hours"):
        flow.book(programme=programme, expert_id=amara.pk, starts_at=slot.starts_at,
                  organisation=official.memberships.get().organisation, user=official,
                  questions="?", language="en")  # fmt: skip
    assert not Booking.objects.filter(booked_by=official).exists()


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


def test_admin_pages_show_times_in_the_persons_zone(client):
    held = Booking.objects.get(status=Booking.Status.HELD)  # Luc, America/Edmonton
    client.force_login(held.expert.user)
    page = client.get(f"/admin/office-hours/{held.pk}/").content.decode()
    assert "Mountain Time (Edmonton)" in page
    assert "UTC" not in page.split("main")[1][:4000]


def test_a_fresh_install_has_the_roles_and_the_targets():
    assert (
        Group.objects.get(name=EXPERTS_GROUP)
        .permissions.filter(codename="change_availability")
        .exists()
    )
    assert (
        Group.objects.get(name=COORDINATORS_GROUP)
        .permissions.filter(codename="change_responsetarget")
        .exists()
    )
    assert set(ResponseTarget.objects.values_list("urgency", flat=True)) == {
        "at_risk", "urgent", "routine"}  # fmt: skip
