"""The city's request page offers the assigned expert's next office-hours slot. Finding it
reads the expert's whole calendar, so the answer is kept for everyone as the picker is
(office_hours.picker_cache.kept_answer): a minute at most, and until a booking or an
availability changes. Booking it from the page reads it afresh."""

from unittest import mock

import pytest

from helpdesk.models import Event
from tests.helpdesk.test_services import city_member, file
from webinars.office_hours import services as office_hours
from webinars.office_hours.models import Booking

pytestmark = pytest.mark.django_db


def offered(client, url):
    page = client.get(url).content.decode()
    assert "Book this call" in page  # Amara holds office hours
    return page.split("next office-hours slot is ")[1].split(".</p>")[0]


def test_the_next_slot_is_kept_and_moves_on_when_it_is_booked(
    client, django_capture_on_commit_callbacks
):
    official = city_member()
    request = file(official)
    client.force_login(official)
    url = f"/en/help-desk/{request.public_id}/"
    with mock.patch.object(office_hours, "open_slots", wraps=office_hours.open_slots) as read:
        first = offered(client, url)
        assert offered(client, url) == first
        assert read.call_count == 1
        # Booked from the page: read afresh, and the offer moves on to the next slot.
        with django_capture_on_commit_callbacks(execute=True):  # the version moves on
            response = client.post(url, {"action": "book_call"})
        assert response.status_code == 302
        reads_to_book = read.call_count - 1
        assert reads_to_book >= 1
        later = offered(client, url)
    assert Event.objects.filter(request=request, kind="call_booked").exists()
    assert Booking.objects.filter(organisation=official.memberships.get().organisation).exists()
    assert later != first and read.call_count == 1 + reads_to_book + 1


def test_nothing_open_is_kept_too(client):
    official = city_member()
    request = file(official)
    client.force_login(official)
    url = f"/en/help-desk/{request.public_id}/"
    with mock.patch.object(office_hours, "open_slots", return_value=[]) as read:
        for _ in range(2):
            assert "Book this call" not in client.get(url).content.decode()
    assert read.call_count == 1
