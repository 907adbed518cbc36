"""Office-hours bookings under real concurrency (PostgreSQL row locks), over HTTP, and the
database constraints that keep bookings of one expert apart even without the service."""

import datetime
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core import mail
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.utils import timezone

from network.models import ExpertProfile
from tests import demo_snapshot
from tests.network.factories import MembershipFactory, OrganisationFactory
from tests.utils import requires_postgres
from webinars.office_hours.models import Booking, OfficeHoursPage
from webinars.office_hours.slots import open_slots

TAKEN = "Sorry, this slot was just taken. Please pick another one."
DANA = "expert.dana@hub.example"  # Tue–Fri 9–11 Boise, 30 min + 10: about 45 open slots


def programme() -> OfficeHoursPage:
    return OfficeHoursPage.objects.get(locale__language_code="en", slug="office-hours")


def expert(email=DANA) -> ExpertProfile:
    return ExpertProfile.objects.get(user__email=email)


def slots_of(profile: ExpertProfile, count: int):
    """Open slots at least two days ahead, so that the 24-hour change cut-off never
    stands in the way of a cancellation during the test."""
    start = timezone.now() + datetime.timedelta(days=2)
    found = open_slots(ExpertProfile.objects.filter(pk=profile.pk), start=start)
    assert len(found) >= count, f"the demo expert has {len(found)} open slots, {count} needed"
    return found[:count]


def members(count: int) -> list:
    """People who each belong to an organisation of their own (so the per-organisation
    cap is never what refuses them), each with a signed-in client."""
    people = [MembershipFactory(organisation=OrganisationFactory()) for _ in range(count)]
    for membership in people:
        membership.client = Client()
        membership.client.force_login(membership.user)
    return people


def booking_form(slot, membership) -> dict:
    return {
        "slot": slot.key,
        "organisation": str(membership.organisation_id),
        "questions": f"How do we prepare, {membership.organisation.name}?",
        "language": "en",
    }


def answer(response):
    return response.status_code, response.headers.get("Location", ""), response.text


def post(client, url, data):
    """One request from its own thread, with its own database connection, closed after."""
    try:
        return answer(client.post(url, data))
    finally:
        connection.close()


def all_at_once(jobs, *, retry=False):
    """Send (client, url, data) requests each from its own thread, all released together.
    With retry, a refused request is sent once more (someone trying again a moment later).
    A view that fails raises here with its traceback (the test client re-raises), so a
    server error fails the test."""
    barrier = threading.Barrier(len(jobs), timeout=60)

    def run(job):
        try:
            barrier.wait()
            answers = [answer(job[0].post(job[1], job[2]))]
            if retry and answers[0][0] != 302:
                answers.append(answer(job[0].post(job[1], job[2])))
            return answers
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        return list(pool.map(run, jobs))


def booking_url(booking: Booking) -> str:
    return f"/en/office-hours/my/{booking.public_id}/"


def assert_no_overlap(profile: ExpertProfile) -> None:
    active = list(Booking.objects.active().filter(expert=profile).order_by("starts_at"))
    for first, second in zip(active, active[1:], strict=False):
        assert first.ends_at <= second.starts_at, f"{first} overlaps {second}"


@pytest.fixture
def office_hours(transactional_db):
    demo_snapshot.restore()
    return programme()


# --- Over HTTP, many people at once ---


@requires_postgres()
def test_fifty_people_booking_one_slot_get_one_booking_and_clean_refusals(office_hours):
    """20 rounds, each 50 people of 50 organisations clicking the same slot at once."""
    profile = expert()
    url = f"/en/office-hours/{office_hours.pk}/book/"
    people = members(70)  # winners sit out the next rounds: 50 contenders every round
    winners = set()
    sent_before = len(mail.outbox)
    for slot in slots_of(profile, 20):
        contenders = [m for m in people if m.user_id not in winners][:50]
        answers = all_at_once([(m.client, url, booking_form(slot, m)) for m in contenders])

        booked = Booking.objects.active().filter(expert=profile, starts_at=slot.starts_at)
        assert booked.count() == 1
        booking = booked.get()
        statuses = [status for ((status, _location, _text),) in answers]
        assert statuses.count(302) == 1, statuses
        assert set(statuses) == {302, 409}, statuses  # never a 500, never the form again
        for membership, ((status, location, text),) in zip(contenders, answers, strict=True):
            if status == 302:
                assert location == booking_url(booking)
                assert booking.booked_by_id == membership.user_id
                assert booking.organisation_id == membership.organisation_id
                winners.add(membership.user_id)
            else:
                assert TAKEN in text
    assert len(winners) == 20
    assert_no_overlap(profile)
    # Only the bookings were confirmed by email, to the booker and the expert; no one refused.
    recipients = sorted(address for message in mail.outbox[sent_before:] for address in message.to)
    emails = {m.user_id: m.user.email for m in people}
    assert recipients == sorted([emails[pk] for pk in winners] + [DANA] * 20)


@requires_postgres()
def test_cancellations_racing_rebookings_never_leave_two_active_bookings(office_hours):
    """The holder cancels while others try to book the very slot, and try again when
    refused; six rounds."""
    profile = expert()
    url = f"/en/office-hours/{office_hours.pk}/book/"
    holder, *people = members(21)
    winners = set()
    rebooked = 0
    for slot in slots_of(profile, 6):
        status, location, _text = post(holder.client, url, booking_form(slot, holder))
        assert status == 302
        held = Booking.objects.get(expert=profile, starts_at=slot.starts_at, status="confirmed")
        assert location == booking_url(held)
        contenders = [m for m in people if m.user_id not in winners][:15]
        jobs = [(m.client, url, booking_form(slot, m)) for m in contenders]
        middle = len(jobs) // 2
        jobs.insert(middle, (holder.client, booking_url(held), {"action": "cancel"}))
        answers = all_at_once(jobs, retry=True)

        held.refresh_from_db()
        assert held.status == Booking.Status.CANCELLED
        assert held.cancelled_by == Booking.CancelledBy.ORGANISATION
        assert answers[middle] == [(302, booking_url(held), "")]  # the cancellation
        statuses = [status for attempts in answers for status, _location, _text in attempts]
        assert set(statuses) <= {302, 409}, statuses
        active = list(Booking.objects.active().filter(expert=profile, starts_at=slot.starts_at))
        assert len(active) <= 1
        booked = [
            attempt
            for job, attempts in zip(jobs, answers, strict=True)
            if job[1] == url
            for attempt in attempts
            if attempt[0] == 302
        ]
        if active:
            rebooked += 1
            assert active[0].booked_by_id != holder.user_id
            assert [location for _status, location, _text in booked] == [booking_url(active[0])]
            winners.add(active[0].booked_by_id)
        else:
            assert booked == []
        for attempts in answers:
            for status, _location, text in attempts:
                assert status != 409 or TAKEN in text
        assert_no_overlap(profile)
    assert rebooked, "the slot never went to anyone else: the race was not run"


# --- A double click ---


@requires_postgres()
def test_a_double_click_books_once(office_hours):
    """The same person sends the same booking twice at once (two tabs, or a double click
    that beat the button's disabling): one booking, and both answers lead to it."""
    profile = expert()
    url = f"/en/office-hours/{office_hours.pk}/book/"
    (membership,) = members(1)
    other_tab = Client()
    other_tab.force_login(membership.user)
    for slot in slots_of(profile, 5):
        data = booking_form(slot, membership)
        answers = all_at_once([(membership.client, url, data), (other_tab, url, data)])
        booking = Booking.objects.get(expert=profile, starts_at=slot.starts_at)
        assert [status for ((status, _location, _text),) in answers] == [302, 302]
        assert {location for ((_status, location, _text),) in answers} == {booking_url(booking)}
        # Cancelled, so that the organisation's cap of two never refuses the next round.
        Booking.objects.filter(pk=booking.pk).update(
            status="cancelled", cancelled_at=timezone.now()
        )


def test_sending_the_same_booking_again_redirects_to_it(demo):
    """The second answer to the same booking sent twice is the first booking, not 'taken'."""
    profile = expert()
    (membership,) = members(1)
    slot = slots_of(profile, 1)[0]
    url = f"/en/office-hours/{programme().pk}/book/"
    first = membership.client.post(url, booking_form(slot, membership))
    again = membership.client.post(url, booking_form(slot, membership))
    booking = Booking.objects.get(expert=profile, starts_at=slot.starts_at)
    assert first.status_code == 302
    assert first.headers["Location"] == booking_url(booking)
    assert again.status_code == 302
    assert again.headers["Location"] == booking_url(booking)
    assert Booking.objects.filter(expert=profile, starts_at=slot.starts_at).count() == 1


# --- The constraints themselves, without the service ---


def make_booking(profile, starts_at, *, minutes=30, **extra) -> Booking:
    membership = MembershipFactory(organisation=OrganisationFactory())
    return Booking.objects.create(
        programme=programme(),
        expert=profile,
        organisation=membership.organisation,
        booked_by=membership.user,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(minutes=minutes),
        questions="Where do we start?",
        language="en",
        meeting_url="https://meet.example.org/room",
        **extra,
    )


# A time no demo booking is near: two months ahead, on the hour (fixed once, so that a test
# running across the hour keeps its times).
FAR_AHEAD = (timezone.now() + datetime.timedelta(days=60)).replace(
    minute=0, second=0, microsecond=0
)


def far_ahead(hours=0, minutes=0) -> datetime.datetime:
    return FAR_AHEAD + datetime.timedelta(hours=hours, minutes=minutes)


def cancelled() -> dict:
    return {"status": Booking.Status.CANCELLED, "cancelled_at": timezone.now()}


def test_one_active_booking_per_expert_and_start(demo):
    profile = expert()
    make_booking(profile, far_ahead())
    with pytest.raises(IntegrityError), transaction.atomic():
        make_booking(profile, far_ahead())
    with pytest.raises(IntegrityError), transaction.atomic():
        make_booking(profile, far_ahead(), minutes=60, status=Booking.Status.HELD)
    make_booking(profile, far_ahead(), **cancelled())  # a cancelled one may share the time
    make_booking(profile, far_ahead(), **cancelled())
    make_booking(expert("expert.amara@hub.example"), far_ahead())  # another expert may
    assert Booking.objects.active().filter(starts_at=far_ahead()).count() == 2


@requires_postgres()
def test_active_bookings_of_one_expert_never_overlap_on_postgresql(demo):
    profile = expert()
    make_booking(profile, far_ahead(), minutes=60)
    with pytest.raises(IntegrityError, match="booking_no_overlap"), transaction.atomic():
        make_booking(profile, far_ahead(minutes=30))  # starts inside
    with pytest.raises(IntegrityError, match="booking_no_overlap"), transaction.atomic():
        make_booking(profile, far_ahead(minutes=-15))  # ends inside
    with pytest.raises(IntegrityError, match="booking_no_overlap"), transaction.atomic():
        make_booking(profile, far_ahead(minutes=-30), minutes=120)  # covers it
    with pytest.raises(IntegrityError, match="booking_no_overlap"), transaction.atomic():
        make_booking(profile, far_ahead(minutes=10), status=Booking.Status.NO_SHOW)
    make_booking(profile, far_ahead(minutes=30), **cancelled())  # cancelled: allowed
    make_booking(profile, far_ahead(hours=1))  # starts as the first ends: allowed
    make_booking(profile, far_ahead(minutes=-30))  # ends as the first starts: allowed
    make_booking(expert("expert.amara@hub.example"), far_ahead(minutes=30))  # another expert
    cancelled_one = Booking.objects.get(expert=profile, starts_at=far_ahead(minutes=30))
    with pytest.raises(IntegrityError, match="booking_no_overlap"), transaction.atomic():
        Booking.objects.filter(pk=cancelled_one.pk).update(status="confirmed", cancelled_at=None)
    assert (
        Booking.objects.active().filter(expert=profile, starts_at__gte=far_ahead(-1)).count() == 3
    )
