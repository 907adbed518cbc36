"""The help desk's access matrix (issue 7, quality): two cities x every role x every
help-desk URL. An expected table says who may do what; every cell is requested for real and
both "unexpected access" and "unexpected denial" must be 0. Another city's id answers 404;
every view of a restricted request records who looked; emails carry no content.

Cities: the demo's Edmonton (the requesting city) and Boise (the other city). Each cell
runs in its own savepoint, so one person's reply or reopening never changes what the next
person finds.
"""

import datetime

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.utils import timezone

from helpdesk.models import Attachment, Event, HelpRequest, Message
from network.models import ExpertProfile, Membership, Organisation, User
from tests.network.factories import MembershipFactory

pytestmark = pytest.mark.django_db

Status = HelpRequest.Status

ROLES = [
    "anonymous",
    "requester",  # filed the request (a plain member of Edmonton)
    "lead",  # a lead of Edmonton (the demo's official.edmonton)
    "member",  # another plain member of Edmonton
    "other_city",  # a member of Boise (the demo's official.boise)
    "other_city_lead",  # a lead of Boise
    "assignee",  # the assigned expert (Amara)
    "consulted",  # an expert consulted on it (Luc)
    "other_expert",  # an expert not on it (Noor)
    "coordinator",
    "editor",  # Wagtail Editors group, staff
    "superuser",
]
EXPERT_SIDE = {"assignee", "consulted", "coordinator", "superuser"}
COORDINATORS = {"coordinator", "superuser"}
WORKSPACE = {"assignee", "consulted", "other_expert", "coordinator", "superuser"}


# --- The world ---


def _file(request, message, name, content, by):
    attachment = Attachment(
        request=request,
        message=message,
        name=name,
        content_type="text/plain",
        size=len(content),
        uploaded_by=by,
    )
    attachment.file.save(name, ContentFile(content), save=False)
    attachment.save()
    return attachment


def _request(*, organisation, requester, sensitivity, assignee, consulted, summary):
    now = timezone.now()
    request = HelpRequest.objects.create(
        organisation=organisation,
        requester=requester,
        country=organisation.country,
        region=organisation.region,
        language="en",
        urgency="urgent",
        sensitivity=sensitivity,
        summary=summary,
        details=f"Details of: {summary}",
        status=Status.IN_PROGRESS,
        assignee=assignee,
        assigned_at=now,
        first_response_due=now + datetime.timedelta(hours=8),
        resolution_due=now + datetime.timedelta(days=3),
    )
    if consulted:
        request.consulted.add(consulted)
    files = {"file": _file(request, None, "filed.txt", f"filed {summary}".encode(), requester)}
    reply = Message.objects.create(request=request, author=assignee.user, body="Public reply.")
    files["reply_file"] = _file(
        request, reply, "reply.txt", f"reply {summary}".encode(), assignee.user
    )
    note = Message.objects.create(
        request=request, author=assignee.user, body=f"INTERNAL NOTE on {summary}", internal=True
    )
    files["internal_file"] = _file(
        request, note, "note.txt", f"note {summary}".encode(), assignee.user
    )
    request.files = files
    return request


@pytest.fixture
def world(demo):
    edmonton = Organisation.objects.get(name="Edmonton")
    boise = Organisation.objects.get(name="Boise")
    by_email = {u.email: u for u in User.objects.filter(email__endswith="@hub.example")}
    expert = {
        e.user.email.split("@")[0].split(".")[1]: e
        for e in ExpertProfile.objects.select_related("user")
    }
    people = {
        "requester": MembershipFactory(organisation=edmonton, role=Membership.Role.MEMBER).user,
        "lead": by_email["official.edmonton@hub.example"],
        "member": MembershipFactory(organisation=edmonton, role=Membership.Role.MEMBER).user,
        "other_city": by_email["official.boise@hub.example"],
        "other_city_lead": MembershipFactory(organisation=boise, role=Membership.Role.LEAD).user,
        "assignee": expert["amara"].user,
        "consulted": expert["luc"].user,
        "other_expert": expert["noor"].user,
        "coordinator": by_email["coordinator@hub.example"],
        "editor": by_email["editor@hub.example"],
        "superuser": by_email["admin@hub.example"],
    }
    assert Membership.objects.get(user=people["lead"], organisation=edmonton).role == "lead"
    assert people["editor"].is_staff and not people["editor"].is_coordinator
    assert not ExpertProfile.objects.filter(user=people["editor"]).exists()
    requests = {
        "standard": _request(
            organisation=edmonton,
            requester=people["requester"],
            sensitivity="standard",
            assignee=expert["amara"],
            consulted=expert["luc"],
            summary="Standard matrix request about hostile meetings",
        ),
        "restricted": _request(
            organisation=edmonton,
            requester=people["requester"],
            sensitivity="restricted",
            assignee=expert["amara"],
            consulted=expert["luc"],
            summary="Restricted matrix request about a doxed councillor",
        ),
        "boise": _request(
            organisation=boise,
            requester=people["other_city"],
            sensitivity="standard",
            assignee=expert["dana"],
            consulted=None,
            summary="Boise matrix request about threatening voicemails",
        ),
    }
    return {"people": people, "requests": requests, "experts": expert}


def client_for(world, role) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(world["people"][role])
    return client


# --- Who may: the expected table ---


def city_side(role, kind) -> bool:
    """The city's side of a request: requester and leads always; other members of the
    organisation for standard requests only. The Boise request belongs to Boise's people."""
    if kind == "boise":
        return role in ("other_city", "other_city_lead")
    return role in ("requester", "lead") or (role == "member" and kind == "standard")


def expert_side(role, kind) -> bool:
    if kind == "boise":
        return role in COORDINATORS
    return role in EXPERT_SIDE


def sees(role, kind) -> bool:
    return city_side(role, kind) or expert_side(role, kind)


REQUEST_ACTIONS = {
    # action: who may (role, kind) -> bool
    "city_get": city_side,  # experts and coordinators work in the admin: 404 there
    "city_message": city_side,
    "city_reopen": city_side,
    "city_rate": city_side,
    "city_book_call": city_side,
    "download_file": sees,
    "download_reply_file": sees,
    "download_internal_file": expert_side,  # never the city
    "admin_get": expert_side,
    "admin_reply": expert_side,
    "admin_internal_note": expert_side,
    "admin_status": expert_side,
    "admin_assign": lambda role, kind: role in COORDINATORS,
    "admin_claim": lambda role, kind: role in COORDINATORS,
}
GLOBAL_ACTIONS = {
    "city_list": lambda role: role != "anonymous",
    "admin_queue": lambda role: role in WORKSPACE,
    "admin_queue_all": lambda role: role in WORKSPACE,
    "admin_metrics": lambda role: role in COORDINATORS,
}


# --- Doing it, and saying whether it was allowed ---


def _denied(response) -> bool:
    if response.status_code in (403, 404):
        return True
    if response.status_code == 302:
        location = response["Location"]
        # A visitor at the help desk is shown the public Get help page instead of the list.
        return "login" in location or location.rstrip("/") in ("/admin", "/en/get-help")
    return False


def _downloaded(response, attachment) -> bool:
    if response.status_code != 200:
        return False
    with attachment.file.open("rb") as stored:
        return b"".join(response.streaming_content) == stored.read()


def run_request_action(client, world, role, kind, action) -> tuple[bool, object]:
    """Do one action; returns (allowed, response). 'Allowed' means it took effect."""
    request = world["requests"][kind]
    city = f"/en/help-desk/{request.public_id}/"
    admin = f"/admin/help-desk/{request.public_id}/"
    last = request.messages.order_by("-pk").values_list("pk", flat=True).first()
    if action in ("city_reopen", "city_rate"):
        HelpRequest.objects.filter(pk=request.pk).update(
            status=Status.RESOLVED, resolved_at=timezone.now() - datetime.timedelta(days=1)
        )
    if action == "city_get":
        response = client.get(city)
        return response.status_code == 200 and request.reference in response.text, response
    if action == "city_message":
        body = f"City message from {role}"
        response = client.post(city, {"action": "message", "body": body})
        return Message.objects.filter(request=request, body=body).exists(), response
    if action == "city_reopen":
        response = client.post(city, {"action": "reopen"})
        return HelpRequest.objects.get(pk=request.pk).status == Status.IN_PROGRESS, response
    if action == "city_rate":
        response = client.post(city, {"action": "rate", "rating": "3"})
        return HelpRequest.objects.get(pk=request.pk).rating == 3, response
    if action == "city_book_call":
        response = client.post(city, {"action": "book_call"})
        # Booked (off to the booking) or told there is no slot (back to the request).
        reached = response.status_code == 302 and (
            response["Location"] == city or "/office-hours/" in response["Location"]
        )
        return reached, response
    if action.startswith("download_"):
        attachment = request.files[action.removeprefix("download_")]
        response = client.get(f"{city}files/{attachment.public_id}/")
        return _downloaded(response, attachment), response
    if action == "admin_get":
        response = client.get(admin)
        return response.status_code == 200 and request.reference in response.text, response
    if action in ("admin_reply", "admin_internal_note"):
        body = f"Admin {action} from {role}"
        data = {"action": "reply", "body": body, "seen": last, "confirm": "True"}
        if action == "admin_internal_note":
            data["internal"] = "on"
        response = client.post(admin, data)
        made = Message.objects.filter(
            request=request, body=body, internal=action == "admin_internal_note"
        )
        return made.exists(), response
    if action == "admin_status":
        response = client.post(admin, {"action": "status", "status": Status.WAITING})
        return HelpRequest.objects.get(pk=request.pk).status == Status.WAITING, response
    if action == "admin_assign":
        noor = world["experts"]["noor"]
        response = client.post(admin, {"action": "assign", "expert": noor.pk})
        return HelpRequest.objects.get(pk=request.pk).assignee_id == noor.pk, response
    if action == "admin_claim":
        response = client.post(admin, {"action": "claim", "expert": request.assignee_id})
        return Event.objects.filter(request=request, kind=Event.Kind.CLAIMED).exists(), response
    raise AssertionError(action)


def run_global_action(client, action) -> tuple[bool, object]:
    url = {
        "city_list": "/en/help-desk/",
        "admin_queue": "/admin/help-desk/",
        "admin_queue_all": "/admin/help-desk/?view=all",
        "admin_metrics": "/admin/help-desk/metrics/",
    }[action]
    response = client.get(url)
    if action == "city_list" and response.status_code == 302:
        # An expert or coordinator with no city is led to their queue in the workspace.
        return response["Location"] == "/admin/help-desk/", response
    return response.status_code == 200, response


def test_the_access_matrix_has_no_unexpected_access_and_no_unexpected_denial(world):
    unexpected_access, unexpected_denial, unclear = [], [], []

    def record(cell, expected, allowed, response):
        if allowed and not expected:
            unexpected_access.append((cell, response.status_code))
        elif expected and not allowed:
            unexpected_denial.append((cell, response.status_code))
        elif not allowed and not _denied(response):
            unclear.append((cell, response.status_code))  # neither done nor refused

    cells = 0
    for role in ROLES:
        for kind in world["requests"]:
            for action, may in REQUEST_ACTIONS.items():
                with transaction.atomic():
                    client = client_for(world, role)
                    allowed, response = run_request_action(client, world, role, kind, action)
                    record((role, kind, action), may(role, kind), allowed, response)
                    transaction.set_rollback(True)
                cells += 1
        for action, may in GLOBAL_ACTIONS.items():
            with transaction.atomic():
                allowed, response = run_global_action(client_for(world, role), action)
                record((role, action), may(role), allowed, response)
                transaction.set_rollback(True)
            cells += 1
    assert cells == len(ROLES) * (3 * len(REQUEST_ACTIONS) + len(GLOBAL_ACTIONS))
    assert unexpected_access == [], "unexpected access"
    assert unexpected_denial == [], "unexpected denial"
    assert unclear == []


# --- Lists and listings show only what the person may see ---


def _listed(world, content) -> set[str]:
    return {
        kind
        for kind, r in world["requests"].items()
        if r.reference in content or r.summary in content
    }


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anonymous"])
def test_the_city_list_shows_only_the_person_s_own_organisation_s_visible_requests(world, role):
    response = client_for(world, role).get("/en/help-desk/")
    expected = {kind for kind in world["requests"] if city_side(role, kind)}
    if role in WORKSPACE and not expected:
        # no city, no request of theirs: the site's help desk leads to the workspace queue
        assert response.status_code == 302 and response["Location"] == "/admin/help-desk/"
        return
    assert response.status_code == 200
    assert _listed(world, response.text) == expected
    if role in ("requester", "lead", "member"):
        # and nothing of another city's, demo requests included
        for boise in HelpRequest.objects.filter(organisation__name="Boise"):
            assert boise.reference not in response.text


@pytest.mark.parametrize("role", sorted(WORKSPACE))
@pytest.mark.parametrize(
    "query",
    [
        "",
        "?view=all",
        "?view=open",
        "?view=unassigned",
        "?view=all&status=in_progress",
        "?view=all&late=on",
    ],
)
def test_the_admin_queue_never_lists_what_the_person_may_not_see(world, role, query):
    response = client_for(world, role).get(f"/admin/help-desk/{query}")
    assert response.status_code == 200
    listed = _listed(world, response.text)
    assert listed <= {kind for kind in world["requests"] if expert_side(role, kind)}
    if query in ("", "?view=all", "?view=all&status=in_progress"):
        assert listed == {kind for kind in world["requests"] if expert_side(role, kind)}
    user = world["people"][role]
    for hidden in HelpRequest.objects.exclude(pk__in=HelpRequest.objects.visible_to(user)):
        assert hidden.reference not in response.text


@pytest.mark.parametrize("role", ROLES)
def test_searches_histories_and_admin_pages_never_show_a_request(world, role):
    client = client_for(world, role)
    for url in [
        "/admin/pages/search/?q=matrix",
        "/admin/pages/search/?q=doxed+councillor",
        "/admin/",
        "/admin/reports/site-history/",
        "/admin/responsetarget/",
        "/en/search/?q=matrix+request",
        "/en/search/?q=doxed+councillor",
        "/fr/search/?q=doxed",
    ]:
        response = client.get(url)
        assert response.status_code in (200, 302, 403, 404), url
        for kind, request in world["requests"].items():
            if expert_side(role, kind) and url.startswith("/admin/"):
                continue  # may see it anyway; what matters is nobody else does
            assert request.reference not in response.text, (url, kind)
            assert request.summary not in response.text, (url, kind)


def test_a_city_official_who_opens_an_admin_link_is_refused_without_a_redirect_loop(world):
    client = client_for(world, "lead")
    response = client.get(
        f"/admin/help-desk/{world['requests']['restricted'].public_id}/", follow=True
    )  # a RedirectCycleError here means the browser shows "too many redirects"
    assert world["requests"]["restricted"].summary not in response.text


# --- Another city's id, another request's file ---


@pytest.mark.parametrize("role", ["other_city", "other_city_lead"])
def test_another_city_s_request_answers_404(world, role):
    client = client_for(world, role)
    for kind in ("standard", "restricted"):
        request = world["requests"][kind]
        base = f"/en/help-desk/{request.public_id}/"
        assert client.get(base).status_code == 404
        assert client.get(f"/fr/help-desk/{request.public_id}/").status_code == 404
        for action in ("message", "reopen", "rate", "book_call"):
            assert client.post(base, {"action": action, "body": "x"}).status_code == 404
        for attachment in request.files.values():
            assert client.get(f"{base}files/{attachment.public_id}/").status_code == 404
    assert not Message.objects.filter(body="x").exists()


def test_edmonton_people_get_404_for_boise_and_a_file_never_crosses_requests(world):
    boise = world["requests"]["boise"]
    for role in ("requester", "lead", "member"):
        client = client_for(world, role)
        assert client.get(f"/en/help-desk/{boise.public_id}/").status_code == 404
    client = client_for(world, "requester")
    standard = world["requests"]["standard"]
    stray = boise.files["file"]
    assert (
        client.get(f"/en/help-desk/{standard.public_id}/files/{stray.public_id}/").status_code
        == 404
    )
    # An expert on the standard request cannot reach Boise's file through it either.
    expert = client_for(world, "assignee")
    assert (
        expert.get(f"/en/help-desk/{standard.public_id}/files/{stray.public_id}/").status_code
        == 404
    )
    assert expert.get(f"/admin/help-desk/{boise.public_id}/").status_code == 404


def test_the_city_never_sees_internal_notes(world):
    for role in ("requester", "lead"):
        page = client_for(world, role).get(
            f"/en/help-desk/{world['requests']['restricted'].public_id}/"
        )
        assert page.status_code == 200
        assert "INTERNAL NOTE" not in page.text
        assert (
            str(world["requests"]["restricted"].files["internal_file"].public_id) not in page.text
        )
        assert "Public reply." in page.text


# --- The audit trail of views ---


def _views(request):
    return list(
        Event.objects.filter(request=request, kind=Event.Kind.VIEWED).values_list(
            "actor_id", flat=True
        )
    )


def test_every_view_of_a_restricted_request_records_who_looked(world):
    restricted = world["requests"]["restricted"]
    standard = world["requests"]["standard"]
    for role in ROLES:
        user = world["people"].get(role)
        for kind, page in [("city", "/en/help-desk/"), ("admin", "/admin/help-desk/")]:
            may = (
                city_side(role, "restricted") if kind == "city" else expert_side(role, "restricted")
            )
            before = _views(restricted)
            response = client_for(world, role).get(f"{page}{restricted.public_id}/")
            after = _views(restricted)
            if may:
                assert response.status_code == 200, (role, kind)
                assert after == before + [user.pk], (role, kind)
            else:
                assert response.status_code != 200, (role, kind)
            # A standard request's views are not logged.
            client_for(world, role).get(f"{page}{standard.public_id}/")
            assert _views(standard) == []
    # Twice is two records.
    client = client_for(world, "lead")
    client.get(f"/en/help-desk/{restricted.public_id}/")
    client.get(f"/en/help-desk/{restricted.public_id}/")
    assert _views(restricted)[-2:] == [world["people"]["lead"].pk] * 2


# --- Emails say only that there is something new ---


def _assert_no_content(messages, *secrets):
    assert messages, "an email was expected"
    for message in messages:
        texts = [message.subject, message.body] + [
            content for content, _type in getattr(message, "alternatives", [])
        ]
        for text in texts:
            for secret in secrets:
                assert secret not in text, (message.subject, secret)


def test_emails_after_filing_and_replying_carry_no_content(
    world, django_capture_on_commit_callbacks
):
    lead = world["people"]["lead"]
    client = client_for(world, "lead")
    summary = "Confidential summary: the councillor's address is 12 Birch Lane"
    details = "Confidential details: her children attend Ridgeview School."
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/en/help-desk/new/",
            {
                "organisation": Organisation.objects.get(name="Edmonton").pk,
                "urgency": "at_risk",
                "summary": summary,
                "details": details,
                "country": "CA",
                "region": "CA-AB",
                "language": "en",
                "sensitivity": "restricted",
            },
        )
    assert response.status_code == 302, response.text[:2000]
    filed = HelpRequest.objects.get(summary=summary)
    _assert_no_content(mail.outbox, summary, details, "Birch Lane", "Ridgeview")
    assert any(lead.email in m.to for m in mail.outbox)
    assert all(filed.reference in m.subject + m.body for m in mail.outbox)

    # The city replies: the expert (or the coordinators) hear, without the words.
    filed.refresh_from_db()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/en/help-desk/{filed.public_id}/",
            {"action": "message", "body": "Secret reply: she moved to 4 Oak Road"},
        )
    _assert_no_content(mail.outbox, "Oak Road", summary, details)

    # The expert replies in the admin: the city hears, without the words.
    if filed.assignee_id is None:
        filed.assignee = world["experts"]["amara"]
        filed.save(update_fields=["assignee"])
    expert = Client()
    expert.force_login(filed.assignee.user)
    last = filed.messages.order_by("-pk").values_list("pk", flat=True).first()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = expert.post(
            f"/admin/help-desk/{filed.public_id}/",
            {
                "action": "reply",
                "body": "Expert advice: call the Oak Road precinct",
                "seen": last,
                "confirm": "True",
            },
        )
    assert response.status_code == 302
    _assert_no_content(mail.outbox, "Oak Road", "precinct", summary, details)
    assert [m.to for m in mail.outbox] == [[lead.email]]

    # An internal note tells nobody at the city.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        expert.post(
            f"/admin/help-desk/{filed.public_id}/",
            {
                "action": "reply",
                "body": "Internal: check the precinct",
                "internal": "on",
                "seen": last + 10,
                "confirm": "True",
            },
        )
    assert not any(lead.email in m.to for m in mail.outbox)
    assert Message.objects.filter(request=filed, internal=True).exists()


def test_every_page_report_and_export_starts_from_visible_to():
    """Views, admin views, My hub's panel, a lead's activity page and a person's data read
    requests only through `HelpRequest.objects.visible_to(user)` (the services, the clock
    and retention act for the system, not for a reader)."""
    import pathlib
    import re

    import helpdesk

    root = pathlib.Path(helpdesk.__file__).parent
    readers = [
        "views.py",
        "admin_views.py",
        "dashboard.py",
        "organisation_report.py",
        "personal_data.py",
    ]
    for name in readers:
        source = (root / name).read_text()
        assert "HelpRequest.objects.visible_to(" in source, name
        others = re.findall(r"HelpRequest\.objects\.(?!visible_to\b)\w+", source)
        assert others == [], (name, others)
