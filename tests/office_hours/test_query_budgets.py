"""The slot picker costs the same number of queries for 1 or 50 experts and for 10 or
2,000 open slots (the slots are computed in Python from a fixed set of queries)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.network.factories import ExpertProfileFactory, MembershipFactory, TopicFactory
from tests.office_hours.factories import AvailabilityFactory
from tests.office_hours.factories import programme as programme_page
from webinars.office_hours.models import Booking

pytestmark = pytest.mark.django_db

# The whole page for a signed-in person, once the page's kept fragments (the menus, the
# breadcrumb trail: pages.cache) are there from an earlier visit: routing, the session, and
# the picker worked out anew (its experts, topics, windows, time away and bookings).
BUDGET = 33


def programme(slug, experts: int, slots_per_day: int, topics):
    """A programme whose experts are open every day from 9:00 for `slots_per_day` slots."""
    ends = datetime.time(9 + slots_per_day // 2, 30 * (slots_per_day % 2))
    profiles = []
    for n in range(experts):
        expert = ExpertProfileFactory(time_zone=["America/Toronto", "America/Regina"][n % 2])
        expert.topics.set(topics)
        AvailabilityFactory(
            expert=expert, windows=[(day, datetime.time(9), ends) for day in range(7)]
        )
        profiles.append(expert)
    return programme_page(slug, experts=profiles)


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
