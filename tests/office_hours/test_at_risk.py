"""A call for a help-desk request where someone is at risk now: the assigned expert's first
free moments with the minimum notice waived (never in the past, never over another booking),
only for an at-risk request the person sees and books for; otherwise plain words."""

import datetime
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.models import ModelLogEntry

from network.models import EXPERTS_GROUP
from tests.helpdesk.factories import HelpRequestFactory
from tests.network.factories import ExpertProfileFactory, MembershipFactory
from tests.office_hours.factories import AvailabilityFactory
from tests.office_hours.test_office_hours import member
from webinars.office_hours import at_risk, services
from webinars.office_hours.models import Booking, OfficeHoursExpert, TimeAway
from webinars.office_hours.slots import expert_slots

UTC = datetime.UTC
ALL_DAY = [(day, datetime.time(0), datetime.time(23, 30)) for day in range(7)]


def at_risk_url(help_request) -> str:
    return f"/en/office-hours/at-risk/{help_request.public_id}/"


@pytest.fixture
def on_call(programme):
    """An expert on the programme who keeps a day's notice, with windows all day long."""
    profile = ExpertProfileFactory(
        user__full_name="Sam On-Call", time_zone="America/Toronto", languages=["en", "fr"]
    )
    profile.user.groups.add(Group.objects.get(name=EXPERTS_GROUP))
    AvailabilityFactory(expert=profile, min_notice_hours=24, windows=ALL_DAY)
    OfficeHoursExpert.objects.create(page=programme, expert=profile)
    return profile


@pytest.fixture
def city(on_call):
    """A city official and their at-risk request, assigned to the expert on call."""
    official = member(time_zone="America/Toronto")
    request = HelpRequestFactory(
        organisation=official.memberships.get().organisation,
        requester=official,
        urgency="at_risk",
        assignee=on_call,
    )
    return SimpleNamespace(official=official, request=request)


# --- The arithmetic, without a database ---


def test_a_waived_notice_offers_slots_inside_it_but_never_in_the_past():
    now = datetime.datetime(2026, 3, 10, 14, 7, tzinfo=UTC)  # 10:07 in Toronto
    availability = SimpleNamespace(
        time_zone="America/Toronto",
        slot_minutes=30,
        buffer_minutes=10,
        min_notice_hours=24,
        horizon_days=28,
        expert_id=1,
    )
    windows = [SimpleNamespace(weekday=1, starts=datetime.time(9), ends=datetime.time(17))]
    busy = [(datetime.datetime(2026, 3, 10, 14, 50, tzinfo=UTC), now.replace(hour=15, minute=20))]

    def slots(**notice):
        return expert_slots(
            availability=availability,
            windows=windows,
            away=[],
            busy=busy,
            now=now,
            end=now + datetime.timedelta(hours=24),
            **notice,
        )

    assert slots() == []  # a day's notice leaves nothing today
    waived = slots(notice=datetime.timedelta(minutes=5))
    assert waived and all(slot.starts_at >= now + datetime.timedelta(minutes=5) for slot in waived)
    # The buffer around the 10:50 booking still holds: no slot from 10:10 to 11:30 overlaps.
    assert all(
        slot.ends_at + datetime.timedelta(minutes=10) <= busy[0][0]
        or slot.starts_at >= busy[0][1] + datetime.timedelta(minutes=10)
        for slot in waived
    )
    assert (
        waived[0].starts_at.astimezone(datetime.timezone(datetime.timedelta(hours=-4))).hour == 11
    )
    # A negative notice never reaches into the past.
    assert all(slot.starts_at >= now for slot in slots(notice=datetime.timedelta(hours=-3)))


# --- The page and the service ---


@pytest.mark.django_db
def test_the_city_books_the_first_free_moment_inside_the_notice(client, city, on_call):
    client.force_login(city.official)
    page = client.get(at_risk_url(city.request))
    html = page.content.decode()
    assert page.status_code == 200 and "Book a call now" in html
    now = timezone.now()
    moments = at_risk.soonest(on_call.pk, now=now)
    assert moments and moments[0].starts_at < now + datetime.timedelta(hours=24)
    assert moments[0].starts_at >= now + at_risk.LEAD
    assert moments[0].key in html and "Eastern Time (Toronto)" in html
    response = client.post(at_risk_url(city.request), {"slot": moments[0].key, "language": "fr"})
    booking = Booking.objects.get(expert=on_call)
    assert response.status_code == 302 and str(booking.public_id) in response["Location"]
    assert booking.starts_at == moments[0].starts_at
    assert booking.organisation == city.request.organisation and booking.language == "fr"
    assert city.request.reference in booking.questions
    entry = ModelLogEntry.objects.get(object_id=str(booking.pk), action="office_hours.booking.book")
    assert entry.data["notice_waived_for"] == city.request.reference
    # The moment is taken now: the page offers the next one, never the same again.
    html = client.get(at_risk_url(city.request)).content.decode()
    assert moments[0].key not in html
    again = client.post(at_risk_url(city.request), {"slot": moments[0].key, "language": "en"})
    assert again.status_code in (302, 409)  # the same person twice gets their booking back
    assert Booking.objects.filter(expert=on_call).count() == 1


@pytest.mark.django_db
def test_another_citys_request_answers_404(client, city):
    client.force_login(member())
    assert client.get(at_risk_url(city.request)).status_code == 404
    key = at_risk.soonest(city.request.assignee_id, now=timezone.now())[0].key
    response = client.post(at_risk_url(city.request), {"slot": key, "language": "en"})
    assert response.status_code == 404
    assert not Booking.objects.filter(expert=city.request.assignee).exists()
    # The service refuses it too, whoever calls it.
    with pytest.raises(ValidationError):
        services.book_at_risk_call(
            help_request=city.request,
            starts_at=datetime.datetime.fromtimestamp(int(key.split("-")[1]), tz=UTC),
            user=member(),
            language="en",
        )


@pytest.mark.django_db
def test_a_request_not_at_risk_is_refused_with_words_that_say_what_to_do(client, city, on_call):
    city.request.urgency = "urgent"
    city.request.save()
    client.force_login(city.official)
    html = client.get(at_risk_url(city.request)).content.decode()
    assert "Short-notice calls are for requests where someone is at risk now" in html
    key = at_risk.soonest(on_call.pk, now=timezone.now())[0].key
    response = client.post(at_risk_url(city.request), {"slot": key, "language": "en"})
    assert response.status_code == 403
    assert "Only a request where someone is at risk now" in response.content.decode()
    assert not Booking.objects.filter(expert=on_call).exists()


@pytest.mark.django_db
def test_a_crafted_booking_inside_the_notice_is_refused(client, city, on_call, programme):
    """The ordinary booking form keeps the notice, whatever the slot posted."""
    client.force_login(city.official)
    key = at_risk.soonest(on_call.pk, now=timezone.now())[0].key
    response = client.post(
        f"/en/office-hours/{programme.pk}/book/",
        {
            "slot": key,
            "organisation": city.request.organisation_id,
            "questions": "Now, please",
            "language": "en",
            "at_risk": "1",
            "request": str(city.request.public_id),
        },
    )
    assert response.status_code == 409
    assert "too soon" in response.content.decode()
    assert not Booking.objects.filter(expert=on_call).exists()


@pytest.mark.django_db
def test_with_no_moment_soon_enough_the_city_is_told_what_to_do(client, city, on_call):
    today = timezone.localdate()
    TimeAway.objects.create(
        availability=on_call.availability,
        first_day=today - datetime.timedelta(days=1),
        last_day=today + datetime.timedelta(days=3),
    )
    client.force_login(city.official)
    html = client.get(at_risk_url(city.request)).content.decode()
    assert "Sam On-Call has no free moment in the next 24 hours" in html
    assert "call 911" in html and f"/help-desk/{city.request.public_id}/" in html.replace("/en", "")


@pytest.mark.django_db
def test_a_restricted_requests_call_names_nothing_of_it(client, city, on_call):
    city.request.sensitivity = "restricted"
    city.request.save()
    client.force_login(city.official)
    key = at_risk.soonest(on_call.pk, now=timezone.now())[0].key
    client.post(at_risk_url(city.request), {"slot": key, "language": "en"})
    booking = Booking.objects.get(expert=on_call)
    assert city.request.reference not in booking.questions and booking.topic is None


@pytest.mark.django_db
def test_an_at_risk_call_is_not_refused_for_the_organisations_routine_bookings(
    client, city, on_call, programme
):
    programme.max_upcoming_per_organisation = 1
    programme.save()
    colleague = MembershipFactory(organisation=city.request.organisation).user
    first = at_risk.soonest(on_call.pk, now=timezone.now() + datetime.timedelta(days=2))[0]
    services.book(
        programme=programme,
        expert_id=on_call.pk,
        starts_at=first.starts_at,
        organisation=city.request.organisation,
        user=colleague,
        questions="Routine",
        language="en",
    )
    client.force_login(city.official)
    key = at_risk.soonest(on_call.pk, now=timezone.now())[0].key
    assert (
        client.post(at_risk_url(city.request), {"slot": key, "language": "en"}).status_code == 302
    )
