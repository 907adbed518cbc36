"""Office hours: booking rules, rescheduling, cancelling, outcomes, emails with calendar
files, reminders, privacy between organisations and experts, and the pages people use."""

import datetime
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone
from icalendar import Calendar

from network.models import COORDINATORS_GROUP, EXPERTS_GROUP, Membership
from tests.network.factories import (
    ExpertProfileFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.office_hours.factories import AvailabilityFactory
from webinars.office_hours import services
from webinars.office_hours.models import (
    Availability,
    Booking,
    BookingReminder,
    OfficeHoursExpert,
    OfficeHoursPage,
)
from webinars.office_hours.slots import open_slots
from webinars.office_hours.tasks import send_booking_reminders

pytestmark = pytest.mark.django_db

PAGE = "/en/webinars/office-hours/"


@pytest.fixture
def programme():
    return OfficeHoursPage.objects.get(locale__language_code="en", slug="office-hours")


@pytest.fixture
def expert(programme):
    """An expert in Toronto, open every day 9:00-17:00, 30-minute slots, an hour's notice."""
    from django.contrib.auth.models import Group

    profile = ExpertProfileFactory(
        user__full_name="Robin Expert",
        user__time_zone="America/Toronto",
        time_zone="America/Toronto",
        languages=["en", "fr"],
    )
    profile.user.groups.add(Group.objects.get(name=EXPERTS_GROUP))
    profile.user.is_staff = True
    profile.user.save()
    AvailabilityFactory(
        expert=profile, min_notice_hours=1, meeting_url="https://meet.example.org/robin"
    )
    OfficeHoursExpert.objects.create(page=programme, expert=profile)
    return profile


def member(organisation=None, role=Membership.Role.MEMBER, **user):
    organisation = organisation or OrganisationFactory()
    user.setdefault("time_zone", "America/Boise")
    return MembershipFactory(
        organisation=organisation,
        role=role,
        user__verified=True,
        **{f"user__{k}": v for k, v in user.items()},
    ).user


def free(expert, days=2, index=0):
    start = timezone.now() + datetime.timedelta(days=days)
    return open_slots(type(expert).objects.filter(pk=expert.pk), start=start)[index]


def book(programme, expert, user, slot=None, **extra):
    slot = slot or free(expert)
    return services.book(
        programme=programme,
        expert_id=expert.pk,
        starts_at=slot.starts_at,
        organisation=user.memberships.first().organisation,
        user=user,
        questions="How do we support a councillor who was doxed?",
        language="en",
        **extra,
    )


def book_path(programme) -> str:
    """Where a programme's booking form posts (office_hours:book)."""
    return f"/en/office-hours/{programme.pk}/book/"


def ics(message):
    # The invitation is the message's text/calendar alternative (its method in the type).
    ((content, mimetype),) = [a for a in message.alternatives if a[1].startswith("text/calendar")]
    return Calendar.from_ical(content), mimetype


# --- Booking ---


def test_booking_tells_both_sides_with_the_invitation_and_the_meeting_link(
    programme, expert, django_capture_on_commit_callbacks
):
    booker = member(full_name="Ada Official")
    slot = free(expert)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        booking, created = book(programme, expert, booker, slot=slot)
    assert created and booking.status == Booking.Status.CONFIRMED
    assert (booking.starts_at, booking.ends_at) == (slot.starts_at, slot.ends_at)
    assert booking.meeting_url == "https://meet.example.org/robin"
    to_booker, to_expert = sorted(mail.outbox, key=lambda m: m.to != [booker.email])
    assert to_expert.to == [expert.user.email]
    for message in (to_booker, to_expert):
        calendar, mimetype = ics(message)
        assert "method=REQUEST" in mimetype
        event = calendar.walk("VEVENT")[0]
        assert event.decoded("dtstart") == slot.starts_at
        assert str(event["uid"]) == f"office-hours-{booking.public_id}@hub"
        assert "https://meet.example.org/robin" in message.body
    # The booker's time is theirs (Boise), the expert's is theirs (Toronto).
    boise = timezone.localtime(slot.starts_at, datetime.timezone(datetime.timedelta(hours=-7)))
    assert boise.strftime("%-I") in to_booker.subject or "MST" in to_booker.body
    assert booking.organisation.name in to_expert.body
    assert "/office-hours/link/" in to_booker.body
    assert "/admin/office-hours/" in to_expert.body


def test_the_same_booking_sent_twice_books_once(programme, expert):
    booker = member()
    slot = free(expert)
    first, created = book(programme, expert, booker, slot=slot)
    again, created_again = book(programme, expert, booker, slot=slot)
    assert created and not created_again and again.pk == first.pk
    assert Booking.objects.filter(expert=expert).count() == 1


def test_a_taken_slot_is_refused_as_just_taken(programme, expert):
    slot = free(expert)
    book(programme, expert, member(), slot=slot)
    with pytest.raises(services.SlotTaken):
        book(programme, expert, member(), slot=slot)


def test_minimum_notice_and_booking_window_are_enforced(programme, expert):
    booker = member()
    soon = timezone.now().replace(second=0, microsecond=0) + datetime.timedelta(minutes=20)
    with pytest.raises(ValidationError, match="too soon"):
        services.book(
            programme=programme,
            expert_id=expert.pk,
            starts_at=soon,
            organisation=booker.memberships.first().organisation,
            user=booker,
            questions="?",
            language="en",
        )
    far = timezone.now() + datetime.timedelta(days=40)
    with pytest.raises(ValidationError, match="too far ahead"):
        services.book(
            programme=programme,
            expert_id=expert.pk,
            starts_at=far,
            organisation=booker.memberships.first().organisation,
            user=booker,
            questions="?",
            language="en",
        )


def test_an_organisation_holds_at_most_its_share_of_upcoming_bookings(programme, expert):
    first = member()
    organisation = first.memberships.first().organisation
    second = member(organisation)
    book(programme, expert, first, slot=free(expert, index=0))
    book(programme, expert, second, slot=free(expert, index=1))
    with pytest.raises(ValidationError, match="gets a turn"):
        book(programme, expert, first, slot=free(expert, index=2))
    # Another organisation still books.
    assert book(programme, expert, member(), slot=free(expert, index=2))[1]


def test_only_members_book_for_their_organisation_and_only_programme_experts(programme, expert):
    booker = member()
    stranger_org = OrganisationFactory()
    slot = free(expert)
    with pytest.raises(ValidationError, match="belong to"):
        services.book(
            programme=programme,
            expert_id=expert.pk,
            starts_at=slot.starts_at,
            organisation=stranger_org,
            user=booker,
            questions="?",
            language="en",
        )
    outsider = ExpertProfileFactory()
    with pytest.raises(ValidationError, match="this programme"):
        services.book(
            programme=programme,
            expert_id=outsider.pk,
            starts_at=slot.starts_at,
            organisation=booker.memberships.first().organisation,
            user=booker,
            questions="?",
            language="en",
        )


def test_time_away_and_a_closed_availability_remove_slots(programme, expert):
    from webinars.office_hours.models import TimeAway

    slot = free(expert)
    zone_day = timezone.localtime(
        slot.starts_at, __import__("zoneinfo").ZoneInfo("America/Toronto")
    )
    TimeAway.objects.create(
        availability=expert.availability, first_day=zone_day.date(), last_day=zone_day.date()
    )
    with pytest.raises(services.SlotTaken):
        book(programme, expert, member(), slot=slot)
    Availability.objects.filter(pk=expert.availability.pk).update(is_open=False)
    assert open_slots(type(expert).objects.filter(pk=expert.pk)) == []


# --- Changing a booking ---


def test_rescheduling_moves_the_same_event_and_replans_reminders(
    programme, expert, django_capture_on_commit_callbacks
):
    # The demo content's bookings lie at times relative to when it was loaded: on some
    # hours of the day one of them fell due with this one and was counted.
    Booking.objects.update(status=Booking.Status.CANCELLED)
    booker = member()
    booking, _ = book(programme, expert, booker, slot=free(expert, days=1, index=0))
    send_booking_reminders(now=booking.starts_at - datetime.timedelta(minutes=30))
    assert BookingReminder.objects.filter(booking=booking).count() == 1
    target = free(expert, days=3, index=2)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        moved = services.reschedule(booking=booking, starts_at=target.starts_at)
    assert (moved.starts_at, moved.sequence) == (target.starts_at, 1)
    assert len(mail.outbox) == 2
    event = ics(mail.outbox[0])[0].walk("VEVENT")[0]
    assert event["sequence"] == 1 and event.decoded("dtstart") == target.starts_at
    assert "Before:" in mail.outbox[0].body or "Avant" in mail.outbox[0].body
    # The old slot is open again; the reminders are due again for the new time.
    assert any(
        s.starts_at == booking.starts_at
        for s in open_slots(type(expert).objects.filter(pk=expert.pk))
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_booking_reminders(now=target.starts_at - datetime.timedelta(minutes=30)) == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted([booker.email, expert.user.email])


def test_reminders_go_once_to_both_sides_and_never_for_a_cancelled_booking(
    programme, expert, django_capture_on_commit_callbacks
):
    kept, _ = book(programme, expert, member(), slot=free(expert, days=2, index=0))
    dropped, _ = book(programme, expert, member(), slot=free(expert, days=2, index=1))
    services.cancel(booking=dropped)
    day_before = kept.starts_at - datetime.timedelta(hours=20)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_booking_reminders(now=day_before) == 1
        assert send_booking_reminders(now=day_before) == 0  # safe to run twice
    assert len(mail.outbox) == 2 and all("Reminder" in m.subject for m in mail.outbox)
    hour_before = kept.starts_at - datetime.timedelta(minutes=50)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_booking_reminders(now=hour_before) == 1
    assert not BookingReminder.objects.filter(booking=dropped).exists()


def test_the_organisation_cancels_until_the_cutoff_and_the_slot_comes_back(
    programme, expert, django_capture_on_commit_callbacks
):
    # The first open slot is at most 17 hours away (daily 9:00-17:00 Toronto, an hour's
    # notice), so always inside the 24-hour cut-off, whatever the time the test runs.
    soon, _ = book(programme, expert, member(), slot=free(expert, days=0))
    with pytest.raises(ValidationError, match="24 hours"):
        services.cancel(booking=soon)
    later, _ = book(programme, expert, member(), slot=free(expert, days=3))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(booking=later, reason="Council meeting moved")
    later.refresh_from_db()
    assert later.status == Booking.Status.CANCELLED and later.cancelled_by == "organisation"
    assert len(mail.outbox) == 2
    assert all("method=CANCEL" in ics(m)[1] for m in mail.outbox)
    assert any(
        s.starts_at == later.starts_at
        for s in open_slots(type(expert).objects.filter(pk=expert.pk))
    )
    with pytest.raises(ValidationError):
        services.reschedule(booking=later, starts_at=free(expert, days=4).starts_at)


def test_the_expert_cancels_with_a_reason_up_to_the_start(
    programme, expert, django_capture_on_commit_callbacks
):
    booking, _ = book(programme, expert, member(), slot=free(expert, days=0.5))
    with pytest.raises(ValidationError, match="why"):
        services.cancel(booking=booking, by_expert=True, reason=" ")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(booking=booking, by_expert=True, reason="I am unwell")
    to_booker = next(m for m in mail.outbox if m.to == [booking.booked_by.email])
    assert "I am unwell" in to_booker.body and "had to cancel" in to_booker.body


def test_outcome_is_recorded_after_the_start_only(programme, expert):
    booking, _ = book(programme, expert, member(), slot=free(expert))
    with pytest.raises(ValidationError, match="once the session has started"):
        services.record_outcome(booking=booking, status="held")
    later = booking.ends_at + datetime.timedelta(minutes=5)
    services.record_outcome(
        booking=booking,
        status="held",
        notes="Tense council",
        follow_ups="Read the guide",
        now=later,
    )
    booking.refresh_from_db()
    assert (booking.status, booking.expert_notes, booking.follow_ups) == (
        "held",
        "Tense council",
        "Read the guide",
    )


# --- Pages ---


def test_the_programme_page_lists_experts_and_slots_in_the_viewers_zone(client, programme, expert):
    response = client.get(PAGE)
    assert response.status_code == 200
    assert b"Robin Expert" in response.content
    # Visitors see the hub's zone; a chosen zone shows that zone's offsets, named in words;
    # the booking form names the expert's own time beside it.
    response = client.get(PAGE, {"expert": expert.pk, "zone": "America/St_Johns"})
    html = response.content.decode()
    offsets = set(re.findall(r'datetime="[^"]+([+-]\d\d:\d\d)"', html))
    assert offsets and offsets <= {"-03:30", "-02:30"}
    assert "Times in Newfoundland Time (St. John’s)" in html
    client.force_login(member())
    book_url = re.search(r'href="([^"]+/book/\?slot=[^"]+)"', html)[1].replace("&amp;", "&")
    form = client.get(book_url).content.decode()
    assert "For the expert: " in form and "Eastern Time (Toronto)." in form
    assert client.get("/fr/webinaires/permanences/").status_code == 200


def test_filters_narrow_the_slots(client, programme, expert):
    only_robin = client.get(PAGE, {"expert": expert.pk}).content.decode()
    keys = set(re.findall(r"slot=(\d+)-\d+", only_robin))
    assert keys == {str(expert.pk)}
    french = client.get(PAGE, {"language": "fr"}).content.decode()
    slot_experts = set(re.findall(r"slot=(\d+)-\d+", french))
    dana = expert.__class__.objects.get(user__email="expert.dana@hub.example")
    assert str(expert.pk) in slot_experts and str(dana.pk) not in slot_experts  # English only


def test_booking_through_the_pages(client, programme, expert, django_capture_on_commit_callbacks):
    booker = member()
    slot = free(expert)
    book_url = f"{book_path(programme)}?slot={slot.key}"
    assert client.get(book_url).status_code == 302  # sign in first
    client.force_login(booker)
    response = client.get(book_url)
    assert response.status_code == 200 and b"Book this slot" in response.content
    organisation = booker.memberships.first().organisation
    data = {"slot": slot.key, "organisation": organisation.pk, "questions": "", "language": "fr"}
    response = client.post(f"{book_path(programme)}", data)
    assert response.status_code == 200
    assert "Tell the expert what you would like to discuss." in response.content.decode()
    data["questions"] = "Our council is split after a resolution."
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{book_path(programme)}", data)
    booking = Booking.objects.get(expert=expert)
    assert response.status_code == 302
    assert response["Location"] == f"/en/office-hours/my/{booking.public_id}/"
    page = client.get(response["Location"]).content.decode()
    assert "Our council is split" in page and "https://meet.example.org/robin" in page
    assert booking.language == "fr"
    # Someone else takes the slot a moment later: a clear refusal with the nearest slots.
    other = member()
    client.force_login(other)
    response = client.post(
        f"{book_path(programme)}",
        {
            "slot": slot.key,
            "organisation": other.memberships.first().organisation.pk,
            "questions": "Help",
            "language": "en",
        },
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "just taken" in html and html.count('class="slot"') == 5
    assert slot.key not in html.split("nearest open slots")[1]


def test_a_person_without_an_organisation_is_told_how_to_get_one(client, programme, expert):
    client.force_login(UserFactory())
    response = client.get(f"{book_path(programme)}?slot={free(expert).key}")
    assert "not linked to one yet" in response.content.decode()


def test_odd_slot_values_go_back_to_the_list(client, programme, expert):
    client.force_login(member())
    for odd in ["", "x", "999999-1", f"{expert.pk}-abc", f"{expert.pk}-99999999999999"]:
        response = client.get(f"{book_path(programme)}", {"slot": odd})
        assert response.status_code in (302, 200)
        assert response.status_code != 500


def test_the_booker_reschedules_and_cancels_from_their_page(client, programme, expert):
    booker = member()
    booking, _ = book(programme, expert, booker, slot=free(expert, days=2))
    client.force_login(booker)
    url = f"/en/office-hours/my/{booking.public_id}/"
    # The week holding the day after next week: every slot in it starts at least two days
    # from now, well past the 24-hour limit on changes (this week's could all be inside it
    # late on a Saturday).
    week = (timezone.localdate() + datetime.timedelta(days=8)).isoformat()
    page = client.get(url, {"week": week}).content.decode()
    keys = re.findall(r'name="slot" value="([^"]+)"', page)
    assert keys and booking.starts_at.timestamp() not in [int(k.split("-")[1]) for k in keys]
    response = client.post(url, {"action": "reschedule", "slot": keys[-1]})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert int(booking.starts_at.timestamp()) == int(keys[-1].split("-")[1])
    assert client.post(url, {"action": "reschedule", "slot": "1-2"}).status_code == 200
    client.post(url, {"action": "cancel", "reason": ""})
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert "Cancelled" in client.get("/en/office-hours/my/").content.decode()


def test_the_signed_link_works_without_signing_in_and_a_tampered_one_does_not(
    client, programme, expert
):
    booking, _ = book(programme, expert, member(), slot=free(expert, days=2))
    token = services.manage_token(booking)
    assert client.get(f"/en/office-hours/link/{token}/").status_code == 200
    assert client.get(f"/en/office-hours/link/{token}x/").status_code == 404
    client.post(f"/en/office-hours/link/{token}/", {"action": "cancel"})
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED


# --- Privacy ---


def test_another_organisation_gets_a_404_and_sees_none_of_it(client, programme, expert):
    booker = member()
    booking, _ = book(programme, expert, booker, slot=free(expert))
    services.record_outcome(
        booking=booking,
        status="held",
        notes="SECRET-NOTE",
        follow_ups="Shared follow-up",
        now=booking.ends_at,
    )
    # A plain member of the same organisation sees the booking and the follow-ups, never
    # the expert's private notes; they cannot change someone else's booking.
    colleague = member(booker.memberships.first().organisation)
    client.force_login(colleague)
    page = client.get(f"/en/office-hours/my/{booking.public_id}/").content.decode()
    assert "Shared follow-up" in page and "SECRET-NOTE" not in page
    stranger = member()
    client.force_login(stranger)
    assert client.get(f"/en/office-hours/my/{booking.public_id}/").status_code == 404
    assert (
        client.post(f"/en/office-hours/my/{booking.public_id}/", {"action": "cancel"}).status_code
        == 404
    )
    listing = client.get("/en/office-hours/my/").content.decode()
    assert str(booking.public_id) not in listing
    assert Booking.objects.visible_to(stranger).count() == 0


def test_a_member_who_did_not_book_cannot_change_it_but_a_lead_can(client, programme, expert):
    booker = member()
    organisation = booker.memberships.first().organisation
    booking, _ = book(programme, expert, booker, slot=free(expert, days=3))
    url = f"/en/office-hours/my/{booking.public_id}/"
    client.force_login(member(organisation))
    assert client.post(url, {"action": "cancel"}).status_code == 404
    client.force_login(member(organisation, role=Membership.Role.LEAD))
    client.post(url, {"action": "cancel"})
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED


def test_experts_see_only_their_own_bookings_and_availability_in_the_admin(
    client, programme, expert
):
    booking, _ = book(programme, expert, member(), slot=free(expert))
    luc = expert.__class__.objects.get(user__email="expert.luc@hub.example")
    client.force_login(luc.user)
    assert client.get(f"/admin/office-hours/{booking.pk}/").status_code == 404
    listing = client.get("/admin/office-hours/?when=").content.decode()
    assert "Robin Expert" not in listing and "Edmonton" in listing  # Luc's own (held) booking
    assert client.get(f"/admin/availability/edit/{expert.availability.pk}/").status_code == 404
    assert client.get(f"/admin/availability/edit/{luc.availability.pk}/").status_code == 200
    index = client.get("/admin/availability/").content.decode()
    assert "Robin Expert" not in index and "Luc Tremblay" in index
    # The expert of the booking acts on it.
    client.force_login(expert.user)
    response = client.post(f"/admin/office-hours/{booking.pk}/", {"action": "cancel", "reason": ""})
    assert "Please tell the organisation why you cancel." in response.content.decode()
    client.post(f"/admin/office-hours/{booking.pk}/", {"action": "cancel", "reason": "Ill"})
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED and booking.cancelled_by == "expert"


def test_coordinators_see_an_organisations_history_with_the_notes(client):
    from django.contrib.auth.models import Group

    held = Booking.objects.get(status=Booking.Status.HELD)
    coordinator = UserFactory(is_staff=True)
    coordinator.groups.add(Group.objects.get(name=COORDINATORS_GROUP))
    client.force_login(coordinator)
    html = client.get(
        "/admin/office-hours/", {"when": "", "organisation": held.organisation_id}
    ).content.decode()
    assert "History of Edmonton" in html and "steering group" in html
    table = html.split("<tbody>")[1]
    assert "Boise Neighbours Together" not in table and "Brampton" not in table
    page = client.get(f"/admin/office-hours/{held.pk}/").content.decode()
    assert "steering group" in page
    # An organisation member never reaches the admin pages.
    client.force_login(held.booked_by)
    assert client.get(f"/admin/office-hours/{held.pk}/").status_code in (302, 403)


def test_an_expert_edits_their_weekly_windows_in_the_admin_and_slots_follow(client):
    availability = Availability.objects.get(expert__user__email="expert.luc@hub.example")
    client.force_login(availability.expert.user)
    windows = list(availability.windows.order_by("sort_order", "pk"))
    away = list(availability.time_away.all())
    data = {
        "expert": availability.expert_id,
        "slot_minutes": 45,
        "buffer_minutes": 15,
        "min_notice_hours": 24,
        "horizon_days": 28,
        "meeting_url": "https://meet.example.org/luc",
        "is_open": "on",
        "windows-TOTAL_FORMS": len(windows) + 1,
        "windows-INITIAL_FORMS": len(windows),
        "windows-MIN_NUM_FORMS": 0,
        "windows-MAX_NUM_FORMS": 1000,
        "time_away-TOTAL_FORMS": len(away),
        "time_away-INITIAL_FORMS": len(away),
        "time_away-MIN_NUM_FORMS": 0,
        "time_away-MAX_NUM_FORMS": 1000,
    }
    for n, window in enumerate(windows):
        data.update(
            {
                f"windows-{n}-id": window.pk,
                f"windows-{n}-weekday": window.weekday,
                f"windows-{n}-starts": window.starts.strftime("%H:%M"),
                f"windows-{n}-ends": window.ends.strftime("%H:%M"),
                f"windows-{n}-ORDER": n + 1,
            }
        )
    for n, period in enumerate(away):
        data.update(
            {
                f"time_away-{n}-id": period.pk,
                f"time_away-{n}-first_day": period.first_day,
                f"time_away-{n}-last_day": period.last_day,
                f"time_away-{n}-note": "",
                f"time_away-{n}-ORDER": n + 1,
            }
        )
    new = len(windows)
    # A window that ends before it starts is refused with a message; nothing is saved.
    data.update(
        {
            f"windows-{new}-weekday": 4,
            f"windows-{new}-starts": "11:00",
            f"windows-{new}-ends": "09:00",
            f"windows-{new}-ORDER": new + 1,
        }
    )
    url = f"/admin/availability/edit/{availability.pk}/"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "A window ends after it starts." in response.content.decode()
    assert availability.windows.count() == len(windows)
    data[f"windows-{new}-ends"] = "12:30"
    response = client.post(url, data)
    assert response.status_code == 302
    assert availability.windows.filter(weekday=4).exists()
    fridays = [
        s
        for s in open_slots(type(availability.expert).objects.filter(pk=availability.expert_id))
        if s.starts_at.astimezone(__import__("zoneinfo").ZoneInfo("America/Edmonton")).weekday()
        == 4
    ]
    assert fridays and all(
        s.starts_at.astimezone(__import__("zoneinfo").ZoneInfo("America/Edmonton")).hour in (11, 12)
        for s in fridays
    )
    # Another expert cannot be chosen.
    other = type(availability.expert).objects.get(user__email="expert.dana@hub.example")
    response = client.post(url, {**data, "expert": other.pk})
    assert response.status_code == 200
    availability.refresh_from_db()
    assert availability.expert.user.email == "expert.luc@hub.example"
