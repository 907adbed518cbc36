"""The office-hours bookings listing in the admin: Wagtail's filter panel (when, status,
expert, organisation, dates), sortable columns, upcoming first; an expert sees their own,
coordinators everyone's; the same number of queries for 1 booking or 40."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.users.models import UserProfile

from network.models import COORDINATORS_GROUP, ExpertProfile
from tests.network.factories import UserFactory
from tests.office_hours.test_office_hours import book, free, member
from webinars.office_hours.models import Booking

pytestmark = pytest.mark.django_db

LISTING = "/admin/office-hours/"


@pytest.fixture
def coordinator(client):
    user = UserFactory(is_staff=True, time_zone="America/Toronto")
    user.groups.add(Group.objects.get(name=COORDINATORS_GROUP))
    client.force_login(user)
    return user


def rows(html: str) -> list[str]:
    """The listing's rows, as text."""
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0] if "<tbody>" in html else ""
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip() for row in body.split("<tr")[1:]
    ]


def test_upcoming_bookings_come_first_soonest_first(client, coordinator, programme, expert):
    later, _ = book(programme, expert, member(), slot=free(expert, days=5))
    sooner, _ = book(programme, expert, member(), slot=free(expert, days=2))
    html = client.get(LISTING).content.decode()
    listed = [int(pk) for pk in re.findall(r'href="/admin/office-hours/(\d+)/"', html)]
    assert listed.index(sooner.pk) < listed.index(later.pk)
    assert not any(b.ends_at <= timezone.now() for b in Booking.objects.filter(pk__in=listed))
    # Sorted the other way by its column, and the past newest first.
    html = client.get(LISTING, {"ordering": "-starts_at"}).content.decode()
    listed = [int(pk) for pk in re.findall(r'href="/admin/office-hours/(\d+)/"', html)]
    assert listed.index(later.pk) < listed.index(sooner.pk)
    past = client.get(LISTING, {"when": "past"}).content.decode()
    starts = [
        Booking.objects.get(pk=pk).starts_at
        for pk in re.findall(r'href="/admin/office-hours/(\d+)/"', past)
    ]
    assert starts and starts == sorted(starts, reverse=True)
    assert all(start < timezone.now() for start in starts)


def test_the_filters_narrow_the_list(client, coordinator, programme, expert):
    one, two = member(), member()
    first, _ = book(programme, expert, one, slot=free(expert, days=2))
    second, _ = book(programme, expert, two, slot=free(expert, days=4))
    by_org = client.get(LISTING, {"organisation": first.organisation_id}).content.decode()
    assert f"/admin/office-hours/{first.pk}/" in by_org
    assert f"/admin/office-hours/{second.pk}/" not in by_org
    assert "History of" in by_org  # an organisation's history, with the notes' columns
    by_expert = client.get(LISTING, {"expert": expert.pk, "when": ""}).content.decode()
    assert {int(pk) for pk in re.findall(r'href="/admin/office-hours/(\d+)/"', by_expert)} == {
        first.pk,
        second.pk,
    }
    cancelled = client.get(LISTING, {"status": "cancelled", "when": ""}).content.decode()
    assert f"/admin/office-hours/{first.pk}/" not in cancelled
    # The date range reads days on the viewer's clock (Toronto), both days included.
    day = timezone.localtime(second.starts_at, datetime.UTC).astimezone(
        __import__("zoneinfo").ZoneInfo("America/Toronto")
    )
    dated = client.get(
        LISTING, {"dates_after": day.date().isoformat(), "dates_before": day.date().isoformat()}
    ).content.decode()
    assert f"/admin/office-hours/{second.pk}/" in dated
    assert f"/admin/office-hours/{first.pk}/" not in dated
    # The panel is Wagtail's, and the results answer on their own (the panel's updates).
    assert 'data-controller="w-drilldown"' in client.get(LISTING).content.decode()
    results = client.get(LISTING + "results/", {"expert": expert.pk})
    assert (
        results.status_code == 200
        and f"/admin/office-hours/{first.pk}/" in results.content.decode()
    )


def test_an_expert_sees_only_their_own_and_chooses_no_expert(client, programme, expert):
    mine, _ = book(programme, expert, member(), slot=free(expert))
    luc = ExpertProfile.objects.get(user__email="expert.luc@hub.example")
    client.force_login(luc.user)
    html = client.get(LISTING, {"when": ""}).content.decode()
    assert f"/admin/office-hours/{mine.pk}/" not in html
    assert 'name="expert"' not in html  # their bookings are theirs
    # Asking for another expert's bookings or organisation shows none of them.
    html = client.get(LISTING, {"when": "", "expert": expert.pk}).content.decode()
    assert f"/admin/office-hours/{mine.pk}/" not in html
    html = client.get(LISTING, {"when": "", "organisation": mine.organisation_id}).content.decode()
    assert f"/admin/office-hours/{mine.pk}/" not in html
    assert client.get(f"/admin/office-hours/{mine.pk}/").status_code == 404
    # An organisation's member never reaches the admin listing.
    client.force_login(mine.booked_by)
    assert client.get(LISTING).status_code in (302, 403)


def test_times_are_in_the_viewers_zone_named_once(client, coordinator, programme, expert):
    booking, _ = book(programme, expert, member(), slot=free(expert))
    html = client.get(LISTING).content.decode()
    assert "When (Eastern Time (Toronto))" in html
    assert booking.organisation.name in html
    profile = UserProfile.get_for_user(coordinator)
    profile.preferred_language = "fr"
    profile.save()
    html = client.get(LISTING).content.decode()
    assert "Quand (heure de l’Est (Toronto))" in html


def test_the_listing_costs_the_same_for_one_booking_or_forty(
    client, coordinator, programme, expert, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    book(programme, expert, member(), slot=free(expert))
    with CaptureQueriesContext(connection) as one:
        assert client.get(LISTING, {"when": ""}).status_code == 200
    for index in range(40):  # forty organisations, each with its one booking
        book(programme, expert, member(), slot=free(expert, days=1 + index % 20, index=index // 20))
    with django_assert_max_num_queries(len(one)):
        assert client.get(LISTING, {"when": ""}).status_code == 200
