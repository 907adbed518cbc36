"""On call for "someone is at risk now": an at-risk request goes to the person the rota has
on call at that instant, pages them and tells the coordinators at once (the tasks run, the
emails read from the outbox); nobody acknowledging pages the next person, then the
coordinators (the scheduled task run with the clock moved); acknowledging gives one owner;
the admin shows a banner on every page until someone acknowledges; routing reads office
hours' dates away.

Moments are in January 2026 (Toronto UTC-5, Edmonton UTC-7), long before the demo's
requests, and the demo's rota is replaced by each test's own."""

import datetime
import threading
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from wagtail.models import ModelLogEntry

from helpdesk import routing, services, tasks
from helpdesk.models import HelpRequest, OnCallAlert, OnCallShift
from network.models import COORDINATORS_GROUP, EXPERTS_GROUP, User
from tests import demo_snapshot
from tests.helpdesk.factories import OnCallShiftFactory
from tests.network.factories import ExpertProfileFactory, MembershipFactory, OrganisationFactory
from tests.office_hours.factories import AvailabilityFactory
from tests.utils import requires_postgres
from webinars.office_hours.models import TimeAway

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
SUMMARY = "Councillor followed home from the arena"
DETAILS = "A man waited outside her house; plate xq-7731."
WEDNESDAY_3AM = datetime.datetime(2026, 1, 14, 8, tzinfo=UTC)  # 3:00 in Toronto
MINUTE = datetime.timedelta(minutes=1)


def at(minutes: int) -> datetime.datetime:
    return WEDNESDAY_3AM + minutes * MINUTE


@pytest.fixture
def desk():
    OnCallShift.objects.all().delete()  # the demo's rota: each test sets its own
    city = OrganisationFactory(name="Thunder Bay", country="CA", region="CA-ON")
    official = MembershipFactory(
        organisation=city, user__email="official@thunderbay.example", user__full_name="Pat Kim"
    ).user
    day = ExpertProfileFactory(
        user__email="day@experts.example", user__full_name="Dee Day", time_zone="America/Toronto"
    )
    night = ExpertProfileFactory(
        user__email="night@experts.example",
        user__full_name="Nat Night",
        time_zone="America/Edmonton",
    )
    backup = ExpertProfileFactory(
        user__email="backup@experts.example",
        user__full_name="Bo Backup",
        time_zone="America/Vancouver",
    )
    experts = Group.objects.get(name=EXPERTS_GROUP)  # the admin, as the demo's experts
    experts.user_set.add(day.user, night.user, backup.user)
    coordinator = User.objects.get(email="coordinator@hub.example")
    # Days in Toronto; nights from Edmonton (16:00-6:00 there is 18:00-8:00 in Toronto);
    # a backup around the clock; the coordinator as last resort.
    OnCallShiftFactory(
        person=day.user, weekdays=[0, 1, 2, 3, 4], starts=datetime.time(8), ends=datetime.time(18)
    )
    OnCallShiftFactory(
        person=night.user,
        starts=datetime.time(16),
        ends=datetime.time(6),
        time_zone="America/Edmonton",
    )
    OnCallShiftFactory(person=backup.user, level=2, time_zone="America/Vancouver")
    OnCallShiftFactory(person=coordinator, level=3)
    coordinators = set(
        User.objects.filter(groups__name=COORDINATORS_GROUP, is_active=True).values_list(
            "email", flat=True
        )
    )
    return SimpleNamespace(
        city=city,
        official=official,
        day=day,
        night=night,
        backup=backup,
        coordinator=coordinator,
        coordinators=coordinators,
    )


def file(desk, now, urgency="at_risk"):
    return services.file_request(
        by=desk.official,
        organisation=desk.city,
        language="en",
        urgency=urgency,
        sensitivity="restricted",
        summary=SUMMARY,
        details=DETAILS,
        now=now,
    )


def sent(since: int = 0) -> dict[str, list[str]]:
    """Subjects by recipient, of the emails sent since `since`."""
    found = {}
    for message in mail.outbox[since:]:
        for address in message.to:
            found.setdefault(address, []).append(message.subject)
    return found


def assert_no_content(since: int = 0):
    for message in mail.outbox[since:]:
        body = message.body + "".join(str(part[0]) for part in message.alternatives)
        assert SUMMARY not in body and "xq-7731" not in body


# --- Paging the person on call ---


def test_3am_toronto_goes_to_the_person_on_call_and_pages_them_and_the_coordinators(
    desk, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = file(desk, WEDNESDAY_3AM)
    request.refresh_from_db()
    assert request.assignee == desk.night  # 1:00 in Edmonton, on the night shift
    assert request.routing_reasons[0]["code"] == "on_call"
    alert = OnCallAlert.objects.get(request=request)
    assert alert.current == desk.night.user and alert.paged == [desk.night.user.pk]
    assert alert.paged_at == WEDNESDAY_3AM and not alert.nobody_on_call

    # The emails went out within the same run: the person on call, the coordinators.
    emails = sent()
    assert emails["night@experts.example"] == [
        f"On call: someone is at risk now — request {request.reference}"
    ]
    for address in desk.coordinators:
        assert f"Someone is at risk now — request {request.reference}" in emails[address]
    assert "day@experts.example" not in emails and "backup@experts.example" not in emails
    paging = next(m for m in mail.outbox if m.to == ["night@experts.example"])
    assert "within 10 minutes" in paging.body
    assert f"/admin/help-desk/{request.public_id}/" in paging.body
    coordinator_email = next(m for m in mail.outbox if m.to == ["coordinator@hub.example"])
    assert "Nat Night is on call and has been paged" in coordinator_email.body
    assert_no_content()
    assert ModelLogEntry.objects.filter(
        object_id=str(request.pk), action="helpdesk.request.page"
    ).exists()


def test_in_the_day_the_day_shift_has_it(desk):
    request = file(desk, datetime.datetime(2026, 1, 14, 15, tzinfo=UTC))  # 10:00 Toronto
    assert request.assignee == desk.day


def test_an_on_call_expert_who_is_away_is_skipped(desk):
    desk.night.away_until = datetime.date(2026, 1, 20)
    desk.night.save()
    request = file(desk, WEDNESDAY_3AM)
    assert request.assignee == desk.backup


def test_an_on_call_expert_away_in_office_hours_is_skipped(desk):
    availability = AvailabilityFactory(expert=desk.night)
    TimeAway.objects.create(
        availability=availability,
        first_day=datetime.date(2026, 1, 14),
        last_day=datetime.date(2026, 1, 14),  # 1:00 on Wednesday the 14th in Edmonton
    )
    request = file(desk, WEDNESDAY_3AM)
    assert request.assignee == desk.backup


def test_nobody_on_call_alerts_the_coordinators_at_once_and_the_request_says_so(
    desk, django_capture_on_commit_callbacks
):
    OnCallShift.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        request = file(desk, WEDNESDAY_3AM)
    alert = OnCallAlert.objects.get(request=request)
    assert alert.nobody_on_call and alert.current is None
    assert request.routing_reasons[0]["code"] == "nobody_on_call"
    assert routing.describe(request.routing_reasons)[0].startswith("Nobody was on call")
    emails = sent()
    for address in desk.coordinators:
        assert (
            f"Nobody on call: someone is at risk now — request {request.reference}"
            in (emails[address])
        )
    assert_no_content()


def test_other_urgencies_are_routed_as_before(desk):
    request = file(desk, WEDNESDAY_3AM, urgency="urgent")
    assert not OnCallAlert.objects.filter(request=request).exists()


# --- Nobody acknowledges: the next person, then the coordinators ---


def test_unacknowledged_pages_the_next_on_call_then_the_coordinators(
    desk, django_capture_on_commit_callbacks
):
    request = file(desk, WEDNESDAY_3AM)
    assert tasks.page_on_call(now=at(9)) == 0  # not yet
    before = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.page_on_call(now=at(10)) == 1
        assert tasks.page_on_call(now=at(10)) == 0  # safe twice
    alert = OnCallAlert.objects.get(request=request)
    assert alert.current == desk.backup.user and alert.paged_at == at(10)
    assert alert.paged == [desk.night.user.pk, desk.backup.user.pk]
    assert desk.backup in request.consulted.all()  # so they can open it
    assert sent(before) == {
        "backup@experts.example": [f"On call: someone is at risk now — request {request.reference}"]
    }

    # The backup does not answer either: the coordinator on the rota, then nobody is left.
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.page_on_call(now=at(20)) == 1
    alert.refresh_from_db()
    assert alert.current == desk.coordinator
    before = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.page_on_call(now=at(30)) == 1
        assert tasks.page_on_call(now=at(45)) == 0
    alert.refresh_from_db()
    assert alert.coordinators_escalated_at == at(30) and not alert.is_acknowledged
    for address in desk.coordinators:
        assert sent(before)[address] == [
            f"Not acknowledged: someone is at risk now — request {request.reference}"
        ]
    assert_no_content()


def test_an_answer_counts_as_handled_no_more_paging(desk):
    request = file(desk, WEDNESDAY_3AM)
    services.post_message(request=request, author=desk.night.user, body="On it.", now=at(5))
    assert tasks.page_on_call(now=at(15)) == 0


# --- Acknowledging ---


def test_acknowledging_stops_the_paging_and_is_logged(desk):
    request = file(desk, WEDNESDAY_3AM)
    alert = services.acknowledge(request=request, by=desk.night.user, now=at(3))
    assert alert.acknowledged_by == desk.night.user and alert.acknowledged_at == at(3)
    assert tasks.page_on_call(now=at(30)) == 0
    assert ModelLogEntry.objects.filter(
        object_id=str(request.pk), action="helpdesk.request.acknowledge", user=desk.night.user
    ).exists()
    # Twice by the same person: nothing changes; by someone else: told who has it.
    services.acknowledge(request=request, by=desk.night.user, now=at(4))
    with pytest.raises(ValidationError, match="Nat Night has already acknowledged"):
        services.acknowledge(request=request, by=desk.coordinator, now=at(5))


def test_the_backup_acknowledging_takes_the_request(desk):
    request = file(desk, WEDNESDAY_3AM)
    tasks.page_on_call(now=at(10))
    services.acknowledge(request=request, by=desk.backup.user, now=at(12))
    request.refresh_from_db()
    assert request.assignee == desk.backup
    assert request.routing_reasons[-1]["code"] == "acknowledged"


def test_someone_never_paged_cannot_acknowledge(desk):
    request = file(desk, WEDNESDAY_3AM)
    with pytest.raises(PermissionDenied):
        services.acknowledge(request=request, by=desk.day.user, now=at(1))


def test_the_acknowledge_url_and_the_banner_on_every_admin_page(desk):
    request = file(desk, WEDNESDAY_3AM)
    coordinator, night, day = Client(), Client(), Client()
    coordinator.force_login(desk.coordinator)
    night.force_login(desk.night.user)
    day.force_login(desk.day.user)
    banner = "Someone is at risk now: 1 request not acknowledged"
    for client in (coordinator, night):
        for url in ("/admin/", "/admin/help-desk/", "/admin/on-call-rota/"):
            page = client.get(url)
            assert page.status_code == 200, url
            assert banner in page.text and request.reference in page.text, url
    assert banner not in day.get("/admin/").text  # not paged, not theirs

    url = f"/admin/on-call/{request.public_id}/acknowledge/"
    assert day.post(url).status_code == 404  # cannot see the request
    assert night.get(url).status_code == 405
    answer = night.post(url, {"next": "https://evil.example/"})
    assert answer.status_code == 302
    assert answer["Location"] == f"/admin/help-desk/{request.public_id}/"
    assert OnCallAlert.objects.get(request=request).acknowledged_by == desk.night.user
    assert banner not in coordinator.get("/admin/").text
    # The request page's properties (helpdesk/admin/_on_call.html) say who acknowledged.
    properties = render_to_string(
        "helpdesk/admin/_on_call.html",
        {"help_request": HelpRequest.objects.get(pk=request.pk), "zone": "America/Toronto"},
    )
    assert "Acknowledged by Nat Night" in properties and "<form" not in properties


@requires_postgres()
def test_two_acknowledging_at_once_give_one_owner(transactional_db):
    """Both paged people press Acknowledge at the same moment, each from its own
    connection: one wins, the other is told who has it (the conditional UPDATE)."""
    demo_snapshot.restore()
    OnCallShift.objects.all().delete()
    city = OrganisationFactory(name="Thunder Bay", country="CA", region="CA-ON")
    official = MembershipFactory(organisation=city).user
    first, second = ExpertProfileFactory(), ExpertProfileFactory()
    OnCallShiftFactory(person=first.user)
    OnCallShiftFactory(person=second.user, level=2)
    request = services.file_request(
        by=official,
        organisation=city,
        language="en",
        urgency="at_risk",
        sensitivity="standard",
        summary=SUMMARY,
        details=DETAILS,
        now=WEDNESDAY_3AM,
    )
    tasks.page_on_call(now=at(10))  # both are paged now
    results, barrier = {}, threading.Barrier(2, timeout=30)

    def press(user):
        try:
            barrier.wait()
            services.acknowledge(request=request, by=user, now=at(11))
            results[user.pk] = "won"
        except ValidationError:
            results[user.pk] = "refused"
        finally:
            connection.close()

    threads = [threading.Thread(target=press, args=(e.user,)) for e in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results.values()) == ["refused", "won"]
    alert = OnCallAlert.objects.get(request=request)
    winner = next(pk for pk, result in results.items() if result == "won")
    assert alert.acknowledged_by_id == winner
    assert HelpRequest.objects.get(pk=request.pk).assignee.user_id == winner


# --- Routing reads office hours' dates away ---


def test_routing_skips_an_expert_away_in_office_hours(desk):
    need = routing.Need(country="CA", region="CA-ON", language="en")
    availability = AvailabilityFactory(expert=desk.day)
    TimeAway.objects.create(
        availability=availability,
        first_day=datetime.date(2026, 1, 10),
        last_day=datetime.date(2026, 3, 10),  # 60 days away
    )
    candidates = {c.expert_id: c for c in routing.candidates_for(need, now=WEDNESDAY_3AM)}
    assert candidates[desk.day.pk].away
    assert not candidates[desk.night.pk].away
    later = datetime.datetime(2026, 3, 11, 15, tzinfo=UTC)
    candidates = {c.expert_id: c for c in routing.candidates_for(need, now=later)}
    assert not candidates[desk.day.pk].away
    # away_until still counts
    desk.night.away_until = datetime.date(2026, 1, 14)
    desk.night.save()
    candidates = {c.expert_id: c for c in routing.candidates_for(need, now=WEDNESDAY_3AM)}
    assert candidates[desk.night.pk].away


def test_routing_reads_time_away_on_the_experts_own_date(desk):
    """Time away is in the expert's own dates: at 1:00 on the 14th in Toronto it is still
    22:00 on the 13th in Vancouver, so a day away on the 13th counts there only."""
    need = routing.Need(country="CA", language="en")
    for expert in (desk.day, desk.backup):
        TimeAway.objects.create(
            availability=AvailabilityFactory(expert=expert),
            first_day=datetime.date(2026, 1, 13),
            last_day=datetime.date(2026, 1, 13),
        )
    late = datetime.datetime(2026, 1, 14, 4, tzinfo=UTC)  # 23:00 Toronto, 20:00 Vancouver
    candidates = {c.expert_id: c for c in routing.candidates_for(need, now=late)}
    assert candidates[desk.day.pk].away and candidates[desk.backup.pk].away
    early = datetime.datetime(2026, 1, 14, 6, tzinfo=UTC)  # 1:00 Toronto, 22:00 Vancouver
    candidates = {c.expert_id: c for c in routing.candidates_for(need, now=early)}
    assert not candidates[desk.day.pk].away and candidates[desk.backup.pk].away


# --- The rota in the admin ---


def test_coordinators_edit_the_rota_experts_read_it_others_do_not(desk):
    coordinator, expert, official = Client(), Client(), Client()
    coordinator.force_login(desk.coordinator)
    expert.force_login(desk.day.user)
    official.force_login(desk.official)
    listing = coordinator.get("/admin/on-call-rota/")
    assert listing.status_code == 200
    assert "Nat Night" in listing.text and "On call now" in listing.text
    answer = coordinator.post(
        "/admin/on-call-rota/new/",
        {
            "person": desk.day.user.pk,
            "level": 2,
            "weekdays": ["5", "6"],
            "starts": "09:00",
            "ends": "17:00",
            "time_zone": "America/St_Johns",
            "first_day": "",
            "last_day": "",
            "note": "",
        },
    )
    assert answer.status_code == 302, answer.text[:2000]
    made = OnCallShift.objects.get(person=desk.day.user, level=2)
    assert made.weekdays == [5, 6] and made.time_zone == "America/St_Johns"
    assert expert.get("/admin/on-call-rota/").status_code == 200
    assert expert.get("/admin/on-call-rota/new/").status_code in (302, 403)
    assert expert.get(f"/admin/on-call-rota/edit/{made.pk}/").status_code in (302, 403)
    assert official.get("/admin/on-call-rota/").status_code in (302, 403)


def test_the_last_resort_is_a_coordinator(desk):
    shift = OnCallShift(
        person=desk.day.user,
        level=3,
        weekdays=[0],
        starts=datetime.time(9),
        ends=datetime.time(17),
        time_zone="America/Toronto",
    )
    with pytest.raises(ValidationError, match="The last resort is a coordinator"):
        shift.full_clean()
