"""Help-desk flows: filing, routing, claiming, the conversation, statuses and the paused
clock, reopening, rating, booking a call, and the pages that carry them."""

import datetime
import inspect
import re
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone
from wagtail.models import ModelLogEntry

from helpdesk import escalation, services
from helpdesk.models import Attachment, Event, HelpRequest, Message, Presence
from network.models import ExpertProfile, Membership, Organisation, Topic, User
from tests.network.factories import MembershipFactory, OrganisationFactory
from tests.utils import requires_postgres

pytestmark = pytest.mark.django_db

Status = HelpRequest.Status


def city_member(role=Membership.Role.MEMBER, **org):
    org.setdefault("country", "CA")
    org.setdefault("region", "CA-AB")
    organisation = OrganisationFactory(kind=Organisation.Kind.CITY, **org)
    return MembershipFactory(organisation=organisation, role=role).user


def data(**extra):
    return {
        "urgency": "urgent",
        "sensitivity": "standard",
        "summary": "Threats after a vote",
        "details": "The mayor received threats.",
        "language": "en",
        **extra,
    }


def harassment():
    return Topic.objects.get(locale__language_code="en", slug="harassment")


def file(user, *, topics=None, **extra):
    organisation = user.memberships.get().organisation
    return services.file_request(
        by=user,
        organisation=organisation,
        **data(**extra),
        topics=[harassment()] if topics is None else topics,
    )


def test_filing_routes_to_the_matching_expert_and_says_why(django_capture_on_commit_callbacks):
    official = city_member()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        request = file(official)
    assert re.fullmatch(r"HD-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}", request.reference)
    assert request.assignee.user.email == "expert.amara@hub.example"  # harassment, Canada, EN
    assert request.status == Status.ASSIGNED
    reasons = services.routing.describe(request.routing_reasons)
    assert any("topics" in r for r in reasons) and any("Canada" in r or "CA" in r for r in reasons)
    assert request.first_response_due > request.created_at
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([official.email, "expert.amara@hub.example"])
    for message in mail.outbox:
        assert request.reference in message.subject
        assert "Threats after a vote" not in message.body + message.subject
        assert "mayor received threats" not in message.body
    assert list(request.events.values_list("kind", flat=True)) == ["filed", "routed"]


def test_no_match_goes_to_the_coordinators_queue(django_capture_on_commit_callbacks):
    official = city_member(country="US", region="US-ID")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        request = file(official, language="fr")  # no US expert works in French
    assert request.assignee is None and request.status == Status.NEW
    assert request.routing_reasons[0]["code"] == "no_match"
    assert "coordinator@hub.example" in {m.to[0] for m in mail.outbox}


def test_only_members_of_a_city_file_requests():
    community = MembershipFactory(organisation__kind=Organisation.Kind.COMMUNITY).user
    with pytest.raises(ValidationError, match="city governments"):
        services.file_request(
            by=community, organisation=community.memberships.get().organisation, **data()
        )
    official = city_member()
    with pytest.raises(ValidationError, match="belong to"):
        services.file_request(by=official, organisation=OrganisationFactory(), **data())


def test_the_conversation_first_response_waiting_pause_and_resume():
    official = city_member()
    request = file(official)
    expert = request.assignee.user
    start = request.created_at
    services.post_message(
        request=request,
        author=expert,
        body="Internal: looks linked",
        internal=True,
        now=start + datetime.timedelta(minutes=5),
    )
    request.refresh_from_db()
    assert request.first_response_at is None  # a note is not a response
    with pytest.raises(PermissionDenied):
        services.post_message(request=request, author=official, body="x", internal=True)
    answered = start + datetime.timedelta(minutes=30)
    services.post_message(request=request, author=expert, body="First advice", now=answered)
    request.refresh_from_db()
    assert (request.first_response_at, request.status) == (answered, Status.IN_PROGRESS)
    due = request.resolution_due
    paused = answered + datetime.timedelta(hours=1)
    services.set_status(request=request, status=Status.WAITING, by=expert, now=paused)
    resumed = paused + datetime.timedelta(days=3)
    services.post_message(request=request, author=official, body="Here is the draft", now=resumed)
    request.refresh_from_db()
    assert request.status == Status.IN_PROGRESS and request.waiting_since is None
    assert request.resolution_due > due  # the paused time does not count


def test_resolve_rate_and_reopen_within_fourteen_days():
    official = city_member()
    request = file(official)
    expert = request.assignee.user
    with pytest.raises(ValidationError):
        services.rate(request=request, by=official, rating=3)
    resolved = timezone.now()
    services.set_status(request=request, status=Status.RESOLVED, by=expert, now=resolved)
    services.rate(request=request, by=official, rating=3)
    request.refresh_from_db()
    assert request.rating == 3
    with pytest.raises(ValidationError, match="14 days"):
        services.reopen(request=request, by=official, now=resolved + datetime.timedelta(days=15))
    services.reopen(request=request, by=official, now=resolved + datetime.timedelta(days=13))
    request.refresh_from_db()
    assert request.status == Status.IN_PROGRESS and request.resolved_at is None
    with pytest.raises(PermissionDenied):
        services.reopen(request=request, by=expert)


def test_claims_leave_one_assignee_and_coordinators_override():
    official = city_member(country="US", region="US-ID")
    request = file(official, language="fr")
    coordinator = User.objects.get(email="coordinator@hub.example")
    dana = ExpertProfile.objects.get(user__email="expert.dana@hub.example")
    luc = ExpertProfile.objects.get(user__email="expert.luc@hub.example")
    services.claim(request=request, expert=dana, by=coordinator)
    with pytest.raises(ValidationError, match="Dana Whitfield has just taken"):
        services.claim(request=request, expert=luc, by=coordinator)
    with pytest.raises(PermissionDenied):
        services.reassign(request=request, expert=luc, by=dana.user)
    services.reassign(request=request, expert=luc, by=coordinator)
    request.refresh_from_db()
    assert request.assignee == luc
    assert services.routing.describe(request.routing_reasons)[-1].startswith("Assigned by")


@requires_postgres()
def test_simultaneous_claims_leave_exactly_one_assignee(transactional_db):
    from django.contrib.auth.models import Group

    from network.models import COORDINATORS_GROUP
    from tests.network.factories import ExpertProfileFactory, UserFactory

    coordinator = UserFactory(is_staff=True)
    coordinator.groups.add(Group.objects.get_or_create(name=COORDINATORS_GROUP)[0])
    experts = [ExpertProfileFactory() for _ in range(8)]  # English, Canada: no match below
    for _round in range(5):
        official = city_member(country="US", region="US-ID")
        request = file(official, language="fr", topics=[])
        assert request.assignee is None

        def attempt(expert, pk=request.pk):
            try:
                services.claim(
                    request=HelpRequest.objects.get(pk=pk),
                    expert=expert,
                    by=User.objects.get(pk=coordinator.pk),
                )
                return "won"
            except ValidationError:
                return "refused"
            finally:
                connection.close()

        with ThreadPoolExecutor(max_workers=len(experts)) as pool:
            outcomes = list(pool.map(attempt, experts))
        assert outcomes.count("won") == 1 and outcomes.count("refused") == len(experts) - 1
        assert Event.objects.filter(request=request, kind="claimed").count() == 1
        request.refresh_from_db()
        assert request.assignee_id in {e.pk for e in experts}


# --- Pages ---


def test_intake_form_keeps_what_was_typed_and_explains_errors(client):
    official = city_member()
    client.force_login(official)
    response = client.get("/en/help-desk/new/")
    assert (
        response.status_code == 200 and "If someone is in danger now" in response.content.decode()
    )
    organisation = official.memberships.get().organisation
    response = client.post(
        "/en/help-desk/new/",
        {
            "organisation": organisation.pk,
            "urgency": "urgent",
            "summary": "",
            "details": "Kept text",
            "country": "CA",
            "region": "US-ID",
            "language": "en",
            "sensitivity": "standard",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Write a one-sentence summary." in html
    assert "This province or state is not in the country you chose." in html
    assert "Kept text" in html
    assert HelpRequest.objects.filter(organisation=organisation).count() == 0


def test_at_risk_shows_the_emergency_guidance_on_the_form_again(client):
    official = city_member()
    client.force_login(official)
    response = client.post("/en/help-desk/new/", {"urgency": "at_risk", "summary": ""})
    assert 'class="emergency emergency--shown"' in response.content.decode()


def test_filing_through_the_page_and_the_thread_hides_internal_notes(client):
    official = city_member()
    client.force_login(official)
    organisation = official.memberships.get().organisation
    response = client.post(
        "/en/help-desk/new/",
        {
            "organisation": organisation.pk,
            "urgency": "routine",
            "summary": "Online harms",
            "details": "Trolls",
            "topics": [harassment().pk],
            "country": "CA",
            "region": "CA-AB",
            "language": "en",
            "sensitivity": "restricted",
        },
    )
    request = HelpRequest.objects.get(organisation=organisation)
    assert response.status_code == 302 and response["Location"].endswith(f"/{request.public_id}/")
    expert = request.assignee.user
    services.post_message(request=request, author=expert, body="SECRET NOTE", internal=True)
    services.post_message(request=request, author=expert, body="Public advice")
    page = client.get(response["Location"]).content.decode()
    assert "Public advice" in page and "SECRET NOTE" not in page
    assert "Book this call" in page  # Amara holds office hours
    response = client.post(response["Location"], {"action": "book_call"})
    assert response.status_code == 302 and "/office-hours/my/" in response["Location"]
    assert Event.objects.filter(request=request, kind="call_booked").exists()
    assert client.get("/fr/help-desk/").status_code == 200


def test_one_click_rating_and_reopen_on_the_page(client):
    official = city_member()
    request = file(official)
    services.set_status(request=request, status=Status.RESOLVED, by=request.assignee.user)
    client.force_login(official)
    url = f"/en/help-desk/{request.public_id}/"
    assert "Was this help useful?" in client.get(url).content.decode()
    client.post(url, {"action": "rate", "rating": "2"})
    request.refresh_from_db()
    assert request.rating == 2
    client.post(url, {"action": "reopen"})
    request.refresh_from_db()
    assert request.status == Status.IN_PROGRESS


def test_the_admin_warns_when_someone_else_is_replying(client):
    official = city_member()
    request = file(official)
    expert = request.assignee.user
    coordinator = User.objects.get(email="coordinator@hub.example")
    url = f"/admin/help-desk/{request.public_id}/"
    client.force_login(coordinator)
    client.get(url)
    client.force_login(expert)
    page = client.get(url).content.decode()
    assert "Casey Coordinator opened this request" in page
    seen = Message.objects.filter(request=request).count()
    services.post_message(request=request, author=coordinator, body="I answered by phone")
    response = client.post(url, {"action": "reply", "body": "My answer", "seen": seen})
    assert "Someone else wrote on this request while you were replying" in response.content.decode()
    assert not Message.objects.filter(request=request, body="My answer").exists()
    client.post(url, {"action": "reply", "body": "My answer", "seen": seen, "confirm": "True"})
    assert Message.objects.filter(request=request, body="My answer").exists()


def test_every_view_of_a_restricted_request_is_recorded(client):
    official = city_member(role=Membership.Role.LEAD)
    request = file(official, sensitivity="restricted")
    client.force_login(official)
    client.get(f"/en/help-desk/{request.public_id}/")
    client.force_login(request.assignee.user)
    client.get(f"/admin/help-desk/{request.public_id}/")
    viewers = list(request.events.filter(kind="viewed").values_list("actor__email", flat=True))
    assert viewers == [official.email, request.assignee.user.email]


def test_consulting_a_colleague_lets_them_read_and_answer(client):
    official = city_member()
    request = file(official)
    luc = ExpertProfile.objects.get(user__email="expert.luc@hub.example")
    client.force_login(luc.user)
    url = f"/admin/help-desk/{request.public_id}/"
    assert client.get(url).status_code == 404
    client.force_login(request.assignee.user)
    client.post(url, {"action": "consult", "consult-expert": luc.pk})
    assert request.consulted.filter(pk=luc.pk).exists()
    client.force_login(luc.user)
    assert client.get(url).status_code == 200
    client.post(url, {"action": "reply", "body": "A second opinion", "seen": 0})
    assert Message.objects.filter(request=request, author=luc.user).exists()


def test_the_export_lists_only_what_the_person_may_see_and_no_content(client):
    official = city_member()
    mine = file(official, summary="=HYPERLINK(secret)")
    client.force_login(mine.assignee.user)
    export = client.get("/admin/help-desk/report/?export=csv")
    body = b"".join(export.streaming_content if export.streaming else [export.content]).decode()
    assert mine.reference in body and "HYPERLINK" not in body
    others = HelpRequest.objects.exclude(assignee=mine.assignee).exclude(consulted=mine.assignee)
    assert others.exists() and not any(other.reference in body for other in others)
    client.force_login(official)
    assert client.get("/admin/help-desk/report/").status_code in (302, 403)


def test_long_conversations_show_the_latest_messages_and_page_back(client):
    official = city_member()
    request = file(official)
    expert = request.assignee.user
    start = timezone.now() - datetime.timedelta(days=1)
    Message.objects.bulk_create(
        Message(
            request=request,
            author=expert,
            body=f"Message number {n}.",
            created_at=start + datetime.timedelta(seconds=n),
        )
        for n in range(services.THREAD_PAGE + 20)
    )
    client.force_login(official)
    url = f"/en/help-desk/{request.public_id}/"
    page = client.get(url).content.decode()
    assert "Message number 119." in page and "Message number 19." not in page
    earlier = re.search(r'href="\?before=(\d+)#conversation"', page).group(1)
    older = client.get(url, {"before": earlier}).content.decode()
    assert "Message number 19." in older and "Message number 119." not in older
    assert "Earlier messages" not in older
    assert client.get(url, {"before": "x"}).status_code == 200


# --- The service contract ---

WRITES = [
    services.log_event,
    services.file_request,
    services.route_request,
    services.claim,
    services.reassign,
    services.consult,
    services.post_message,
    services.set_status,
    services.reopen,
    services.rate,
    services.record_view,
    services.record_download,
    services.mark_present,
    services.clear_presence,
    services.book_call,
    escalation.escalate_due,
    escalation.warn_first_response,
    escalation.warn_resolution,
    escalation.escalate,
]


@pytest.mark.parametrize("write", WRITES, ids=lambda write: write.__name__)
def test_every_write_takes_keyword_arguments_only(write):
    parameters = inspect.signature(write).parameters.values()
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in parameters), write
    with pytest.raises(TypeError):
        write(HelpRequest())


def test_filing_checks_the_request_and_says_what_to_fix():
    official = city_member()
    with pytest.raises(ValidationError) as error:
        file(official, summary="x" * 201)
    assert "summary" in error.value.message_dict
    with pytest.raises(ValidationError, match="not in the country you chose"):
        file(official, country="US", region="CA-AB")
    with pytest.raises(ValidationError) as error:
        file(official, urgency="whenever")
    assert "urgency" in error.value.message_dict
    assert not HelpRequest.objects.filter(requester=official).exists()


def test_filing_takes_the_place_of_the_organisation_unless_told(django_capture_on_commit_callbacks):
    official = city_member(country="CA", region="CA-AB")
    assert (file(official).country, file(official).region) == ("CA", "CA-AB")
    assert file(official, region="").region == ""  # the whole country


def test_emails_leave_only_when_the_transaction_commits(django_capture_on_commit_callbacks):
    official = city_member()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        file(official)
    assert mail.outbox == [] and callbacks


# --- The admin's history: every state change, with who did it ---


def history(request) -> list[tuple[str, int | None]]:
    entries = ModelLogEntry.objects.for_instance(request).order_by("pk")
    return list(entries.values_list("action", "user_id"))


def test_every_state_change_is_in_the_admins_history_with_who_did_it():
    official = city_member()
    request = file(official)
    expert = request.assignee.user
    coordinator = User.objects.get(email="coordinator@hub.example")
    luc = ExpertProfile.objects.get(user__email="expert.luc@hub.example")
    assert history(request) == [
        ("helpdesk.request.file", official.pk),
        ("helpdesk.request.route", None),  # the system routes
    ]
    services.consult(request=request, expert=luc, by=expert)
    services.post_message(request=request, author=expert, body="First advice")  # in progress
    services.set_status(request=request, status=Status.WAITING, by=expert)
    services.set_status(request=request, status=Status.RESOLVED, by=expert)
    services.rate(request=request, by=official, rating=3)
    services.reopen(request=request, by=official)
    services.reassign(request=request, expert=luc, by=coordinator)
    services.set_status(request=request, status=Status.CLOSED, by=coordinator)
    assert history(request)[2:] == [
        ("helpdesk.request.consult", expert.pk),
        ("helpdesk.request.status", expert.pk),
        ("helpdesk.request.status", expert.pk),
        ("helpdesk.request.resolve", expert.pk),
        ("helpdesk.request.rate", official.pk),
        ("helpdesk.request.status", official.pk),
        ("helpdesk.request.reopen", official.pk),
        ("helpdesk.request.reassign", coordinator.pk),
        ("helpdesk.request.close", coordinator.pk),
    ]
    # Each entry is also an Event of the request's own trail, and carries no content.
    entries = ModelLogEntry.objects.for_instance(request)
    assert entries.count() == request.events.count()
    for entry in entries:
        assert entry.label == request.reference
        assert "Threats" not in str(entry.data) and "mayor" not in str(entry.data)
    status = entries.filter(action="helpdesk.request.status").order_by("pk")[1]
    assert status.data == {"kind": "status", "previous": "in_progress", "status": "waiting"}


def test_the_coordinators_queue_and_a_claim_are_in_the_history():
    official = city_member(country="US", region="US-ID")
    request = file(official, language="fr")  # nobody: the coordinators' queue
    dana = ExpertProfile.objects.get(user__email="expert.dana@hub.example")
    services.claim(request=request, expert=dana, by=dana.user)
    assert history(request)[1:] == [
        ("helpdesk.request.queue", None),
        ("helpdesk.request.claim", dana.user_id),
    ]


def test_looking_and_downloading_are_recorded_but_change_no_state():
    official = city_member()
    request = file(official, sensitivity="restricted")
    before = history(request)
    services.record_view(request=request, by=official)
    services.record_download(
        request=request, attachment=Attachment(public_id=uuid.uuid4()), by=official
    )
    assert history(request) == before
    assert set(request.events.values_list("kind", flat=True)) >= {"viewed", "downloaded"}
    standard = file(official)
    assert services.record_view(request=standard, by=official) is None


def test_presence_is_one_row_per_person_and_request():
    official = city_member()
    request = file(official)
    expert = request.assignee.user
    services.mark_present(request=request, user=expert)
    services.mark_present(request=request, user=expert)
    assert Presence.objects.filter(request=request, user=expert).count() == 1
    services.clear_presence(request=request, user=expert)
    assert not Presence.objects.filter(request=request).exists()


# --- Reopening and the clock; a call from a request ---


def test_reopening_does_not_count_the_resolved_time_against_the_target():
    official = city_member()
    request = file(official)
    expert = request.assignee.user
    start = request.created_at
    services.post_message(
        request=request, author=expert, body="Advice", now=start + datetime.timedelta(minutes=10)
    )
    resolved = start + datetime.timedelta(hours=1)
    services.set_status(request=request, status=Status.RESOLVED, by=expert, now=resolved)
    request.refresh_from_db()
    due = request.resolution_due
    reopened = resolved + datetime.timedelta(days=12)
    services.reopen(request=request, by=official, now=reopened)
    request.refresh_from_db()
    assert request.resolution_due > due and request.resolution_due > reopened
    escalation.escalate_due(now=reopened + datetime.timedelta(minutes=5))
    request.refresh_from_db()
    assert request.breached_at is None


def test_a_call_booked_from_a_restricted_request_names_neither_it_nor_its_topic(client):
    lead = city_member(Membership.Role.LEAD)
    request = file(lead, sensitivity="restricted")
    booking = services.book_call(request=request, by=lead)
    assert booking.topic is None and request.reference not in booking.questions
    colleague = MembershipFactory(organisation=lead.memberships.get().organisation).user
    client.force_login(colleague)
    assert client.get(f"/en/help-desk/{request.public_id}/").status_code == 404
    page = client.get(f"/en/office-hours/my/{booking.public_id}/").content.decode()
    assert request.reference not in page and "harassment" not in page.lower()
