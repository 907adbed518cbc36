"""Escalation (helpdesk.escalation), called directly and through the scheduled task, run with
the clock moved: a warning to the assigned expert
before the first-response deadline, then on breach a backup expert and the coordinators, as
internal events only; the clock stops while the request waits on the city.

Moments are in January 2026, long before the demo requests (filed relative to the real
clock), so only the requests filed here fall due. Toronto is UTC-5 in January."""

import datetime
from types import SimpleNamespace

import pytest
from django.core import mail
from wagtail.models import ModelLogEntry

from helpdesk import escalation, services, tasks
from helpdesk.models import Event, HelpRequest, OnCallShift, ResponseTarget
from network.models import COORDINATORS_GROUP, User
from tests.helpdesk.factories import HelpRequestFactory
from tests.network.factories import (
    ExpertProfileFactory,
    MembershipFactory,
    OrganisationFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

Status = HelpRequest.Status
UTC = datetime.UTC
SUMMARY = "Councillor doxed outside the Lakehead arena"
DETAILS = "Her address was posted by the Northern Front channel; details xq-7731."


def utc(*args):
    return datetime.datetime(*args, tzinfo=UTC)


# Monday 12 January 2026, 10:00 in Toronto. Urgent: first response due Tuesday 10:00
# (8 business hours), resolution Monday 19 January 10:00 (5 business days).
MONDAY_10 = utc(2026, 1, 12, 15)
TUESDAY_10 = utc(2026, 1, 13, 15)
NEXT_MONDAY_10 = utc(2026, 1, 19, 15)


@pytest.fixture
def desk():
    # At-risk requests page the on-call rota (tests/helpdesk/test_on_call.py); without one
    # they are routed by the rule, as here.
    OnCallShift.objects.all().delete()
    topic = TopicFactory(name="Arena safety")
    city = OrganisationFactory(name="Thunder Bay", country="CA", region="CA-ON")
    official = MembershipFactory(
        organisation=city, user__email="official@thunderbay.example", user__full_name="Pat Kim"
    ).user
    # The assignee advises on Ontario itself (regional beats country-wide); the backup on all
    # of Canada. Nobody else knows the topic.
    assignee = ExpertProfileFactory(user__email="first@experts.example", jurisdictions=["CA-ON"])
    backup = ExpertProfileFactory(user__email="backup@experts.example", jurisdictions=["CA"])
    for expert in (assignee, backup):
        expert.topics.set([topic])
    coordinators = set(
        User.objects.filter(groups__name=COORDINATORS_GROUP, is_active=True).values_list(
            "email", flat=True
        )
    )
    assert "coordinator@hub.example" in coordinators
    return SimpleNamespace(
        topic=topic,
        city=city,
        official=official,
        assignee=assignee,
        backup=backup,
        coordinators=coordinators,
    )


def file(desk, at, urgency="urgent", topics=None):
    request = services.file_request(
        by=desk.official,
        organisation=desk.city,
        language="en",
        urgency=urgency,
        sensitivity="standard",
        summary=SUMMARY,
        details=DETAILS,
        topics=[desk.topic] if topics is None else topics,
        now=at,
    )
    request.refresh_from_db()
    return request


def run(at, capture):
    mail.outbox.clear()
    with capture(execute=True):
        return tasks.escalate(now=at)


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def city_emails(desk):
    return {desk.official.email, *desk.city.memberships.values_list("user__email", flat=True)}


def events(request, kind):
    return list(request.events.filter(kind=kind))


NOTHING = {"warned": 0, "escalated": 0}
WARNED = {"warned": 1, "escalated": 0}
ESCALATED = {"warned": 0, "escalated": 1}


# --- Deadlines when filed ---


@pytest.mark.parametrize(
    ("urgency", "filed", "first", "resolution"),
    [
        # Saturday 02:00 -> 03:00 the same night, and 24 hours later.
        ("at_risk", utc(2026, 1, 17, 7), utc(2026, 1, 17, 8), utc(2026, 1, 18, 7)),
        # Friday 15:00 -> Monday 15:00; five business days -> Friday 23 January 15:00.
        ("urgent", utc(2026, 1, 16, 20), utc(2026, 1, 19, 20), utc(2026, 1, 23, 20)),
        ("urgent", MONDAY_10, TUESDAY_10, NEXT_MONDAY_10),
        # Wednesday 10:00 -> 3 business days: Monday 10:00; 10 business days: Wed 28th 10:00.
        ("routine", utc(2026, 1, 14, 15), utc(2026, 1, 19, 15), utc(2026, 1, 28, 15)),
    ],
)
def test_deadlines_when_filed(desk, urgency, filed, first, resolution):
    request = file(desk, filed, urgency)
    assert request.created_at == filed
    assert request.first_response_due == first
    assert request.resolution_due == resolution
    assert request.assignee == desk.assignee
    assert request.status == Status.ASSIGNED


# --- The warning ---


def test_the_assignee_is_warned_once_before_the_deadline(desk, django_capture_on_commit_callbacks):
    request = file(desk, MONDAY_10)
    capture = django_capture_on_commit_callbacks
    assert run(MONDAY_10, capture) == NOTHING
    assert run(utc(2026, 1, 13, 14, 29), capture) == NOTHING  # 31 minutes before
    assert mail.outbox == []
    assert run(utc(2026, 1, 13, 14, 30), capture) == WARNED  # 30 minutes before (the default)
    assert recipients() == ["first@experts.example"]
    request.refresh_from_db()
    assert request.warned_at == utc(2026, 1, 13, 14, 30)
    (warning,) = events(request, Event.Kind.WARNED)
    assert warning.detail == {"due": TUESDAY_10.isoformat()}
    assert run(utc(2026, 1, 13, 14, 45), capture) == NOTHING
    assert run(utc(2026, 1, 13, 14, 59), capture) == NOTHING
    assert mail.outbox == []
    assert len(events(request, Event.Kind.WARNED)) == 1
    assert events(request, Event.Kind.ESCALATED) == []


def test_the_warning_follows_the_target_warning_minutes(desk, django_capture_on_commit_callbacks):
    ResponseTarget.objects.filter(urgency="urgent").update(warning_minutes=120)
    file(desk, MONDAY_10)
    capture = django_capture_on_commit_callbacks
    assert run(utc(2026, 1, 13, 12, 59), capture) == NOTHING
    assert run(utc(2026, 1, 13, 13, 0), capture) == WARNED  # two hours before
    assert recipients() == ["first@experts.example"]


def test_the_coordinators_are_warned_before_an_unassigned_request_is_late(
    desk, django_capture_on_commit_callbacks
):
    request = file(desk, MONDAY_10, topics=[TopicFactory(name="Nobody knows this")])
    assert request.assignee is None and request.status == Status.NEW
    capture = django_capture_on_commit_callbacks
    assert run(utc(2026, 1, 13, 14, 29), capture) == NOTHING
    assert run(utc(2026, 1, 13, 14, 30), capture) == WARNED
    assert recipients() == sorted(desk.coordinators)
    assert not set(recipients()) & city_emails(desk)
    (warning,) = events(request, Event.Kind.WARNED)
    assert warning.detail == {"due": TUESDAY_10.isoformat()}
    assert run(utc(2026, 1, 13, 14, 45), capture) == NOTHING  # once


# --- The breach ---


def test_on_breach_a_backup_and_the_coordinators_are_told_not_the_city(
    desk, django_capture_on_commit_callbacks
):
    request = file(desk, MONDAY_10)
    capture = django_capture_on_commit_callbacks
    assert run(utc(2026, 1, 13, 14, 30), capture) == WARNED
    assert run(TUESDAY_10, capture) == ESCALATED  # at the deadline itself
    request.refresh_from_db()
    assert request.breached_at == TUESDAY_10
    assert request.assignee == desk.assignee  # the assignee keeps it
    assert list(request.consulted.all()) == [desk.backup]
    assert request.status == Status.ASSIGNED
    (escalated,) = events(request, Event.Kind.ESCALATED)
    assert escalated.detail == {"backup": desk.backup.pk, "missed": "first_response"}
    assert escalated.actor is None
    assert recipients() == sorted({"backup@experts.example", *desk.coordinators})
    assert "first@experts.example" not in recipients()
    assert not set(recipients()) & city_emails(desk)
    assert request.messages.count() == 0  # an internal event, not a message
    # The backup can now open the request.
    assert HelpRequest.objects.visible_to(desk.backup.user).filter(pk=request.pk).exists()


def test_running_twice_changes_nothing(desk, django_capture_on_commit_callbacks):
    request = file(desk, MONDAY_10)
    capture = django_capture_on_commit_callbacks
    assert run(utc(2026, 1, 13, 15, 5), capture) == ESCALATED  # missed the warning window
    request.refresh_from_db()
    state = (request.breached_at, request.warned_at, list(request.consulted.all()))
    count = request.events.count()
    for at in (utc(2026, 1, 13, 15, 5), utc(2026, 1, 13, 15, 10), utc(2026, 1, 16, 12)):
        assert run(at, capture) == NOTHING
        assert mail.outbox == []
    request.refresh_from_db()
    assert (request.breached_at, request.warned_at, list(request.consulted.all())) == state
    assert request.events.count() == count
    assert request.warned_at is None  # no warning after the deadline
    # The resolution target (five business days: the next Monday at 10:00), missed too,
    # escalates once more, and only once.
    assert run(NEXT_MONDAY_10, capture) == ESCALATED
    assert run(utc(2026, 2, 1), capture) == NOTHING
    missed = [e.detail["missed"] for e in events(request, Event.Kind.ESCALATED)]
    assert missed == ["first_response", "resolution"]


def test_one_minute_before_the_deadline_is_not_a_breach(desk, django_capture_on_commit_callbacks):
    file(desk, MONDAY_10)
    assert run(utc(2026, 1, 13, 14, 59), django_capture_on_commit_callbacks) == WARNED
    assert run(utc(2026, 1, 13, 14, 59, 59), django_capture_on_commit_callbacks) == NOTHING


def test_the_coordinators_queue_breach_tells_the_coordinators(
    desk, django_capture_on_commit_callbacks
):
    request = file(desk, MONDAY_10, topics=[TopicFactory(name="Nobody knows this")])
    assert run(TUESDAY_10, django_capture_on_commit_callbacks) == ESCALATED
    assert recipients() == sorted(desk.coordinators)
    (escalated,) = events(request, Event.Kind.ESCALATED)
    assert escalated.detail == {"backup": None, "missed": "first_response"}
    assert request.consulted.count() == 0


def test_no_backup_left_still_tells_the_coordinators(desk, django_capture_on_commit_callbacks):
    desk.backup.is_active = False
    desk.backup.save()
    request = file(desk, MONDAY_10)
    assert run(TUESDAY_10, django_capture_on_commit_callbacks) == ESCALATED
    assert recipients() == sorted(desk.coordinators)
    assert request.consulted.count() == 0


# --- The first response ---


def test_a_first_response_stops_the_first_response_escalation(
    desk, django_capture_on_commit_callbacks
):
    request = file(desk, MONDAY_10)
    capture = django_capture_on_commit_callbacks
    services.post_message(
        request=request,
        author=desk.assignee.user,
        body="Call me at noon.",
        now=utc(2026, 1, 12, 16),
    )
    request.refresh_from_db()
    assert request.first_response_at == utc(2026, 1, 12, 16)
    assert request.status == Status.IN_PROGRESS
    for at in (utc(2026, 1, 13, 14, 45), TUESDAY_10, utc(2026, 1, 16, 21)):
        assert run(at, capture) == NOTHING
    # The resolution target still holds: Monday 19 January 10:00, with a warning to the
    # expert shortly before (once).
    assert run(utc(2026, 1, 19, 14, 29), capture) == NOTHING
    assert run(utc(2026, 1, 19, 14, 59), capture) == {"warned": 1, "escalated": 0}
    assert recipients() == [desk.assignee.user.email]
    assert run(utc(2026, 1, 19, 14, 59, 30), capture) == NOTHING
    assert run(NEXT_MONDAY_10, capture) == ESCALATED
    (escalated,) = events(request, Event.Kind.ESCALATED)
    assert escalated.detail == {"backup": desk.backup.pk, "missed": "resolution"}
    assert not set(recipients()) & city_emails(desk)


def test_an_internal_note_is_not_a_first_response(desk, django_capture_on_commit_callbacks):
    request = file(desk, MONDAY_10)
    services.post_message(
        request=request,
        author=desk.assignee.user,
        body="Looking into it.",
        internal=True,
        now=utc(2026, 1, 12, 16),
    )
    request.refresh_from_db()
    assert request.first_response_at is None
    assert run(TUESDAY_10, django_capture_on_commit_callbacks) == ESCALATED
    (escalated,) = events(request, Event.Kind.ESCALATED)
    assert escalated.detail["missed"] == "first_response"


def test_the_city_writing_is_not_a_first_response(desk, django_capture_on_commit_callbacks):
    request = file(desk, MONDAY_10)
    services.post_message(
        request=request, author=desk.official, body="Any news?", now=utc(2026, 1, 13, 14)
    )
    request.refresh_from_db()
    assert request.first_response_at is None
    assert run(TUESDAY_10, django_capture_on_commit_callbacks) == ESCALATED
    assert not set(recipients()) & city_emails(desk)


def test_a_resolved_request_is_not_escalated(desk, django_capture_on_commit_callbacks):
    request = file(desk, MONDAY_10)
    services.set_status(
        request=request, status=Status.RESOLVED, by=desk.assignee.user, now=utc(2026, 1, 12, 17)
    )
    for at in (utc(2026, 1, 13, 14, 45), TUESDAY_10, utc(2026, 3, 1)):
        assert run(at, django_capture_on_commit_callbacks) == NOTHING


# --- The clock stops while waiting on the city ---


def test_waiting_on_the_city_stops_the_clock_and_resuming_moves_the_deadlines(
    desk, django_capture_on_commit_callbacks
):
    request = file(desk, MONDAY_10)
    capture = django_capture_on_commit_callbacks
    # Monday 11:00: the expert asks the city something (7 business hours were left).
    services.set_status(
        request=request, status=Status.WAITING, by=desk.assignee.user, now=utc(2026, 1, 12, 16)
    )
    request.refresh_from_db()
    assert request.waiting_since == utc(2026, 1, 12, 16)
    for at in (utc(2026, 1, 13, 14, 45), TUESDAY_10, utc(2026, 1, 14, 15)):
        assert run(at, capture) == NOTHING
        assert mail.outbox == []
    # Wednesday 11:00: the city answers and the clock starts again. Paused: Monday 11-17,
    # Tuesday 9-17, Wednesday 9-11 = 16 business hours.
    services.post_message(
        request=request, author=desk.official, body="Here is the agenda.", now=utc(2026, 1, 14, 16)
    )
    request.refresh_from_db()
    assert request.status == Status.IN_PROGRESS
    assert request.waiting_since is None
    assert request.first_response_due == utc(2026, 1, 15, 15)  # Thursday 10:00
    assert request.resolution_due == utc(2026, 1, 21, 15)  # Wednesday 21 January 10:00
    assert run(utc(2026, 1, 15, 14, 29), capture) == NOTHING
    assert run(utc(2026, 1, 15, 14, 30), capture) == WARNED
    assert recipients() == ["first@experts.example"]
    assert run(utc(2026, 1, 15, 14, 59), capture) == NOTHING
    assert run(utc(2026, 1, 15, 15), capture) == ESCALATED
    assert not set(recipients()) & city_emails(desk)


def test_a_long_wait_on_the_city_is_never_escalated(desk, django_capture_on_commit_callbacks):
    request = file(desk, MONDAY_10)
    services.set_status(
        request=request, status=Status.WAITING, by=desk.assignee.user, now=utc(2026, 1, 12, 16)
    )
    for at in (TUESDAY_10, NEXT_MONDAY_10, utc(2026, 3, 1)):
        assert run(at, django_capture_on_commit_callbacks) == NOTHING
    request.refresh_from_db()
    assert request.breached_at is None and request.warned_at is None


def test_at_risk_pause_moves_the_deadline_by_real_time(desk, django_capture_on_commit_callbacks):
    # Saturday 02:00 -> due 03:00. Waiting 02:10 -> 02:40: due 03:30.
    request = file(desk, utc(2026, 1, 17, 7), "at_risk")
    services.set_status(
        request=request, status=Status.WAITING, by=desk.assignee.user, now=utc(2026, 1, 17, 7, 10)
    )
    assert run(utc(2026, 1, 17, 7, 35), django_capture_on_commit_callbacks) == NOTHING
    services.post_message(
        request=request, author=desk.official, body="Back.", now=utc(2026, 1, 17, 7, 40)
    )
    request.refresh_from_db()
    assert request.first_response_due == utc(2026, 1, 17, 8, 30)
    assert request.resolution_due == utc(2026, 1, 18, 7, 30)
    assert run(utc(2026, 1, 17, 8, 29), django_capture_on_commit_callbacks) == WARNED
    assert run(utc(2026, 1, 17, 8, 30), django_capture_on_commit_callbacks) == ESCALATED


# --- Around the clock vs business hours ---


def test_at_risk_escalates_in_the_night_on_a_saturday(desk, django_capture_on_commit_callbacks):
    request = file(desk, utc(2026, 1, 17, 7), "at_risk")  # Saturday 02:00
    capture = django_capture_on_commit_callbacks
    assert request.first_response_due == utc(2026, 1, 17, 8)  # 03:00
    assert run(utc(2026, 1, 17, 7, 29), capture) == NOTHING
    assert run(utc(2026, 1, 17, 7, 30), capture) == WARNED
    assert run(utc(2026, 1, 17, 8), capture) == ESCALATED
    request.refresh_from_db()
    assert request.breached_at == utc(2026, 1, 17, 8)


def test_urgent_waits_for_business_hours_over_the_weekend(desk, django_capture_on_commit_callbacks):
    file(desk, utc(2026, 1, 16, 20))  # Friday 15:00 -> due Monday 15:00
    capture = django_capture_on_commit_callbacks
    for at in (
        utc(2026, 1, 17, 4),
        utc(2026, 1, 17, 20),
        utc(2026, 1, 18, 20),
        utc(2026, 1, 19, 14),
    ):
        assert run(at, capture) == NOTHING
    assert run(utc(2026, 1, 19, 19, 30), capture) == WARNED
    assert run(utc(2026, 1, 19, 20), capture) == ESCALATED


# --- Emails say nothing of the request ---


def test_every_email_carries_only_the_reference_and_a_link(
    desk, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    sent = []
    mail.outbox.clear()
    with capture(execute=True):
        request = file(desk, MONDAY_10)
    sent += mail.outbox
    for at in (utc(2026, 1, 13, 14, 30), TUESDAY_10):
        run(at, capture)
        sent += mail.outbox
    mail.outbox.clear()
    with capture(execute=True):
        services.post_message(
            request=request,
            author=desk.backup.user,
            body="Secret advice: move her to the cabin.",
            now=utc(2026, 1, 13, 16),
        )
        services.post_message(
            request=request,
            author=desk.official,
            body="Secret reply: she is at the cabin.",
            now=utc(2026, 1, 13, 17),
        )
    sent += mail.outbox
    kinds = {(m.to[0], m.subject.split(" ")[0]) for m in sent}
    assert ("official@thunderbay.example", "Help-desk") in kinds  # filed
    assert any(to == "first@experts.example" for to, _ in kinds)  # routed, warned
    assert any(to == "backup@experts.example" for to, _ in kinds)  # escalated
    assert any(to in desk.coordinators for to, _ in kinds)  # escalated
    assert len(sent) >= 6
    secrets = [SUMMARY, DETAILS, "Lakehead", "xq-7731", "Northern Front", "cabin", "Arena safety"]
    for message in sent:
        texts = [message.subject, message.body, *(alt[0] for alt in message.alternatives)]
        for text in texts:
            for secret in secrets:
                assert secret not in text, (message.to, secret)
        assert request.reference in message.subject or request.reference in message.body
        assert f"/help-desk/{request.public_id}/" in message.body
        assert "http://testserver/" in message.body


# --- Time travel reaches every decision ---


def test_the_backup_is_chosen_on_the_date_of_the_run(desk, django_capture_on_commit_callbacks):
    # Another country-wide expert, away until the end of January 2026: on 13 January the
    # backup must be the one who is in.
    away = desk.backup
    away.away_until = datetime.date(2026, 1, 31)
    away.save()
    present = ExpertProfileFactory(user__email="present@experts.example", jurisdictions=["CA"])
    present.topics.set([desk.topic])
    request = file(desk, MONDAY_10)
    assert run(TUESDAY_10, django_capture_on_commit_callbacks) == ESCALATED
    assert list(request.consulted.all()) == [present]


def test_filing_routes_on_the_date_it_is_filed(desk):
    desk.assignee.away_until = datetime.date(2026, 1, 31)
    desk.assignee.save()
    request = file(desk, MONDAY_10)
    assert request.assignee == desk.backup
    assert request.assigned_at == MONDAY_10


# --- The service, called directly, one request at a time ---


@pytest.fixture
def late(desk):
    """An urgent request held by the assignee, its first response due at Tuesday 10:00."""
    return HelpRequestFactory(
        organisation=desk.city,
        requester=desk.official,
        assignee=desk.assignee,
        created_at=MONDAY_10,
        first_response_due=TUESDAY_10,
        resolution_due=NEXT_MONDAY_10,
        topics=[desk.topic],
    )


def test_a_first_response_warning_is_given_once_and_only_when_due(
    late, desk, django_capture_on_commit_callbacks
):
    early = TUESDAY_10 - datetime.timedelta(hours=2)
    assert escalation.warn_first_response(request_id=late.pk, now=early) is False
    soon = TUESDAY_10 - datetime.timedelta(minutes=10)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert escalation.warn_first_response(request_id=late.pk, now=soon) is True
    assert recipients() == ["first@experts.example"]
    assert escalation.warn_first_response(request_id=late.pk, now=soon) is False
    late.refresh_from_db()
    assert late.warned_at == soon
    (warned,) = events(late, Event.Kind.WARNED)
    assert warned.detail == {"due": TUESDAY_10.isoformat()} and warned.actor is None
    # A warning is a notice, not a change of state: the admin's history does not list it.
    assert not ModelLogEntry.objects.for_instance(late).exists()


def test_a_resolution_warning_goes_to_the_assignee_once(late, django_capture_on_commit_callbacks):
    soon = NEXT_MONDAY_10 - datetime.timedelta(minutes=5)
    assert (
        escalation.warn_resolution(request_id=late.pk, now=soon - datetime.timedelta(days=1))
        is False
    )
    assert escalation.warn_resolution(request_id=late.pk, now=soon) is True
    assert escalation.warn_resolution(request_id=late.pk, now=soon) is False
    (warned,) = events(late, Event.Kind.WARNED)
    assert warned.detail["target"] == "resolution"


def test_escalating_consults_a_backup_logs_it_and_is_safe_to_run_twice(
    late, desk, django_capture_on_commit_callbacks
):
    assert (
        escalation.escalate(request_id=late.pk, now=TUESDAY_10 - datetime.timedelta(minutes=1))
        is False
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert escalation.escalate(request_id=late.pk, now=TUESDAY_10) is True
    with django_capture_on_commit_callbacks(execute=True):
        assert escalation.escalate(request_id=late.pk, now=TUESDAY_10) is False
    late.refresh_from_db()
    assert late.breached_at == TUESDAY_10 and late.resolution_breached_at is None
    assert list(late.consulted.all()) == [desk.backup]
    assert set(recipients()) == {"backup@experts.example", *desk.coordinators}
    (escalated,) = events(late, Event.Kind.ESCALATED)
    assert escalated.detail == {"backup": desk.backup.pk, "missed": "first_response"}
    (entry,) = ModelLogEntry.objects.for_instance(late)
    assert entry.action == "helpdesk.request.escalate" and entry.user is None
    assert entry.label == late.reference


def test_a_request_waiting_on_the_city_or_resolved_is_never_escalated(late):
    for status in (Status.WAITING, Status.RESOLVED, Status.CLOSED):
        HelpRequest.objects.filter(pk=late.pk).update(status=status)
        assert escalation.escalate(request_id=late.pk, now=NEXT_MONDAY_10) is False
        assert escalation.warn_first_response(request_id=late.pk, now=TUESDAY_10) is False
    assert not late.events.exists()


def test_the_backup_leaves_out_everyone_already_on_the_request(late, desk):
    assert escalation.backup_for(late, now=TUESDAY_10) == desk.backup
    late.consulted.add(desk.backup)
    assert escalation.backup_for(late, now=TUESDAY_10) is None  # nobody else knows the topic
