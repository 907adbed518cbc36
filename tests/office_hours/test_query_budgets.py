"""The slot picker costs the same number of queries for 1 or 50 experts and for 10 or
2,000 open slots (the slots are computed in Python from a fixed set of queries)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.network.factories import ExpertProfileFactory, MembershipFactory, TopicFactory
from webinars.models import WebinarIndexPage
from webinars.office_hours.models import (
    Availability,
    Booking,
    OfficeHoursExpert,
    OfficeHoursPage,
    WeeklyWindow,
)

pytestmark = pytest.mark.django_db

# The whole page with nothing kept (tests keep no fragments): the picker, the header's two
# menus (services, then the network; each a query and one for its pages; the footer reuses
# them) and the breadcrumb trail (one query for the page's ancestors). In production the
# menus and the trail are kept fragments and cost nothing.
BUDGET = 33


def programme(slug, experts: int, slots_per_day: int, topics):
    index = WebinarIndexPage.objects.get(locale__language_code="en")
    page = index.add_child(instance=OfficeHoursPage(title=f"Programme {slug}", slug=slug))
    for n in range(experts):
        expert = ExpertProfileFactory(time_zone=["America/Toronto", "America/Regina"][n % 2])
        expert.topics.set(topics)
        availability = Availability.objects.create(
            expert=expert,
            slot_minutes=30,
            buffer_minutes=0,
            min_notice_hours=0,
            horizon_days=28,
            meeting_url="https://meet.example.org/x",
        )
        end = datetime.time(9 + slots_per_day // 2, 30 * (slots_per_day % 2))
        WeeklyWindow.objects.bulk_create(
            WeeklyWindow(availability=availability, weekday=day, starts=datetime.time(9), ends=end)
            for day in range(7)
        )
        OfficeHoursExpert.objects.create(page=page, expert=expert)
    return page


def measure(client, page, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page.url, params)
    assert response.status_code == 200
    return len(queries), response.content.decode().count('<a class="slot" ')


def test_the_slot_picker_costs_the_same_for_1_or_50_experts_and_10_or_2000_slots(client):
    topics = [TopicFactory(), TopicFactory()]
    small = programme("small", experts=1, slots_per_day=2, topics=topics)
    big = programme("big", experts=50, slots_per_day=6, topics=topics)
    person = MembershipFactory().user
    client.force_login(person)
    # What each page keeps after its first visit (the chrome and the page's own fragments,
    # pages.cache) is kept before measuring: what is measured is the picker, worked out anew.
    far_week = (datetime.date.today() + datetime.timedelta(days=21)).isoformat()
    for page in (small, big):
        client.get(page.url, {"week": far_week})
    # A whole week of slots: in the current one, those earlier today are gone by the
    # afternoon (the counts below failed when the suite ran late in the day, UTC).
    whole_week = (datetime.date.today() + datetime.timedelta(days=7)).isoformat()
    small_queries, small_slots = measure(client, small, week=whole_week)
    # Bookings of the big programme's experts are part of what the picker reads.
    from webinars.office_hours.slots import open_slots

    experts = [row.expert for row in big.programme_experts.select_related("expert")]
    for slot in open_slots(type(experts[0]).objects.filter(pk__in=[e.pk for e in experts]))[::40]:
        Booking.objects.create(
            programme=big,
            expert_id=slot.expert_id,
            organisation=person.memberships.get().organisation,
            booked_by=person,
            starts_at=slot.starts_at,
            ends_at=slot.ends_at,
            questions="?",
            language="en",
            meeting_url="https://meet.example.org/x",
        )
    big_queries, big_slots = measure(client, big, week=whole_week)
    assert small_slots <= 14 and big_slots >= 1900
    assert big_queries == small_queries <= BUDGET
    # Filtered, and the current week: the same cost.
    filtered_queries, _ = measure(client, big, topic=topics[0].slug, language="en")
    assert filtered_queries == small_queries
    assert measure(client, big)[0] == small_queries
    assert Booking.objects.filter(programme=big).count() > 20
