"""Office-hours pages: odd input never breaks them, one bad filter leaves the others in
force, a booking's link works only for the organisation's people, and the admin shows
times in the person's zone."""

import datetime
import re

import pytest
from django.utils import timezone

from network.models import ExpertProfile, Membership
from tests.network.factories import MembershipFactory, OrganisationFactory
from webinars.office_hours import services as booking_services
from webinars.office_hours.models import Booking, OfficeHoursPage
from webinars.office_hours.slots import open_slots

pytestmark = pytest.mark.django_db

PAGE = "/en/webinars/office-hours/"


def city_member(role=Membership.Role.MEMBER, organisation=None):
    organisation = organisation or OrganisationFactory(country="CA", region="CA-ON")
    return MembershipFactory(organisation=organisation, role=role).user


def booked_by(official):
    programme = OfficeHoursPage.objects.get(locale__language_code="en", slug="office-hours")
    amara = ExpertProfile.objects.get(user__email="expert.amara@hub.example")
    slot = open_slots(
        ExpertProfile.objects.filter(pk=amara.pk),
        start=timezone.now() + datetime.timedelta(days=3),
    )[0]
    booking, _ = booking_services.book(
        programme=programme,
        expert_id=amara.pk,
        starts_at=slot.starts_at,
        organisation=official.memberships.get().organisation,
        user=official,
        questions="?",
        language="en",
    )
    return booking


@pytest.mark.parametrize(
    "url",
    [
        PAGE + "?week=9999-12-31",
        PAGE + "?week=0001-01-01&zone=Nowhere",
        "BOOK?slot=1-253402300000",
        "BOOK?slot=1-99999999999",
        "BOOK?slot=%C2%B2-1",
    ],
)
def test_odd_values_never_cause_a_server_error(client, url):
    programme = OfficeHoursPage.objects.get(locale__language_code="en", slug="office-hours")
    url = url.replace("BOOK", f"/en/office-hours/{programme.pk}/book/")  # office_hours:book
    client.force_login(city_member())
    assert client.get(url).status_code in (200, 302)


def test_odd_week_values_on_a_booking_page(client):
    official = city_member()
    booking = booked_by(official)
    client.force_login(official)
    url = f"/en/office-hours/my/{booking.public_id}/"
    for week in ["9999-12-31", "0001-01-01", "x"]:
        assert client.get(url, {"week": week}).status_code == 200


def test_one_bad_filter_leaves_the_others_in_force(client):
    dana = ExpertProfile.objects.get(user__email="expert.dana@hub.example")
    html = client.get(PAGE, {"expert": dana.pk, "zone": "Nowhere"}).content.decode()
    assert set(re.findall(r"slot=(\d+)-\d+", html)) == {str(dana.pk)}


def test_the_link_stops_working_when_the_booker_leaves_the_organisation(client):
    official = city_member()
    booking = booked_by(official)
    link = f"/en/office-hours/link/{booking_services.manage_token(booking)}/"
    assert client.get(link).status_code == 200
    official.memberships.all().delete()
    assert client.get(link).status_code == 404


def test_admin_pages_show_times_in_the_persons_zone(client):
    held = Booking.objects.get(status=Booking.Status.HELD)  # Luc, America/Edmonton
    client.force_login(held.expert.user)
    page = client.get(f"/admin/office-hours/{held.pk}/").content.decode()
    assert "Mountain Time (Edmonton)" in page
    assert "UTC" not in page.split("main")[1][:4000]


def test_a_private_programme_books_only_for_those_its_privacy_lets_in(client):
    """office_hours:book keeps the page's own privacy (as Wagtail's serve does): a programme
    for one group answers 404 to a member outside it, and books for one inside it."""
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    programme = OfficeHoursPage.objects.get(locale__language_code="en", slug="office-hours")
    workshop = Group.objects.create(name="Workshop cities")
    restriction = PageViewRestriction.objects.create(
        page=programme, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(workshop)
    official = MembershipFactory(organisation=OrganisationFactory()).user
    client.force_login(official)
    url = f"/en/office-hours/{programme.pk}/book/"
    assert client.get(url, {"slot": "1-1"}).status_code == 404
    official.groups.add(workshop)
    assert client.get(url, {"slot": "1-1"}).status_code in (200, 302)  # on to the form
