"""The experts' and coordinators' workspace: the queue (saved views, next-deadline order,
tags, filters), the request page's properties, the admin home panels and the site's help-desk
link for staff (helpdesk.workspace, helpdesk.filters, helpdesk.admin_views,
helpdesk.admin_panels)."""

import datetime

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from helpdesk import admin_panels, workspace
from helpdesk.models import HelpRequest
from network.models import ExpertProfile, Organisation, User
from tests.helpdesk.factories import HelpRequestFactory

NOW = datetime.datetime(2026, 3, 10, 15, 0, tzinfo=datetime.UTC)
HOUR = datetime.timedelta(hours=1)
Status = HelpRequest.Status


# --- The next deadline, in plain values ---


def deadline(**fields):
    values = {
        "status": Status.IN_PROGRESS,
        "waiting_since": None,
        "first_response_at": None,
        "first_response_due": NOW + HOUR,
        "resolution_due": NOW + 24 * HOUR,
        **fields,
    }
    return workspace.next_deadline(**values)


def test_the_next_deadline_is_the_first_response_until_someone_answers_then_the_resolution():
    assert deadline() == NOW + HOUR
    assert deadline(first_response_at=NOW) == NOW + 24 * HOUR


def test_a_request_waiting_on_the_city_or_closed_has_no_running_deadline():
    assert deadline(waiting_since=NOW) is None
    assert deadline(status=Status.RESOLVED) is None
    assert deadline(status=Status.CLOSED) is None


@pytest.mark.parametrize(
    ("due", "waiting", "state"),
    [
        (NOW - HOUR, False, "late"),
        (NOW, False, "late"),
        (NOW + HOUR, False, "soon"),
        (NOW + 4 * HOUR, False, "soon"),
        (NOW + 5 * HOUR, False, "running"),
        (None, True, "paused"),
        (None, False, ""),
    ],
)
def test_deadline_states(due, waiting, state):
    assert workspace.deadline_state(due, now=NOW, waiting=waiting) == state


# --- With a database ---


@pytest.fixture
def people(db):
    return {
        "coordinator": User.objects.get(email="coordinator@hub.example"),
        "amara": ExpertProfile.objects.get(user__email="expert.amara@hub.example"),
        "luc": ExpertProfile.objects.get(user__email="expert.luc@hub.example"),
        "editor": User.objects.get(email="editor@hub.example"),
        "official": User.objects.get(email="official.edmonton@hub.example"),
    }


@pytest.fixture
def desk(people):
    """Four of Amara's requests with different deadlines, one of Luc's, one unassigned."""
    now = timezone.now()
    edmonton = Organisation.objects.get(name="Edmonton")

    def make(summary, **fields):
        created = fields.pop("created_at", now - 2 * HOUR)
        return HelpRequestFactory(
            organisation=edmonton,
            requester=people["official"],
            summary=summary,
            created_at=created,
            **fields,
        )

    amara, luc = people["amara"], people["luc"]
    return {
        "late": make("Late one", assignee=amara, first_response_due=now - HOUR),
        "soon": make("Soon one", assignee=amara, urgency="at_risk", first_response_due=now + HOUR),
        "later": make(
            "Later one",
            assignee=amara,
            first_response_at=now - HOUR,
            first_response_due=now - HOUR,
            resolution_due=now + 48 * HOUR,
        ),
        "waiting": make(
            "Waiting one",
            assignee=amara,
            status=Status.WAITING,
            waiting_since=now - HOUR,
            first_response_due=now - 3 * HOUR,
        ),
        "closed": make(
            "Closed one", assignee=amara, status=Status.CLOSED, first_response_due=now - 9 * HOUR
        ),
        "luc": make("Luc one", assignee=luc, first_response_due=now - 5 * HOUR),
        "nobody": make("Nobody one", first_response_due=now + 30 * HOUR),
    }


def listed(response, desk) -> list[str]:
    """The desk's requests in the order the page lists them."""
    text = response.content.decode()
    found = [(text.find(r.reference), key) for key, r in desk.items() if r.reference in text]
    return [key for _position, key in sorted(found)]


def test_the_sql_next_deadline_agrees_with_the_plain_one(desk):
    annotated = workspace.with_deadlines(
        HelpRequest.objects.filter(pk__in=[r.pk for r in desk.values()])
    )
    for item in annotated:
        assert item.next_due == workspace.state_of(item, now=timezone.now())[0], item.summary


def test_an_expert_lands_on_their_own_open_requests_the_next_deadline_first(client, desk, people):
    client.force_login(people["amara"].user)
    response = client.get("/admin/help-desk/")
    assert response.status_code == 200
    # late first, then due soon, then later; paused (waiting) after every running deadline
    assert listed(response, desk) == ["late", "soon", "later", "waiting"]


def test_saved_views(client, desk, people):
    client.force_login(people["coordinator"])
    assert listed(client.get("/admin/help-desk/?view=late"), desk) == ["luc", "late"]
    assert listed(client.get("/admin/help-desk/?view=soon"), desk) == ["soon"]
    assert listed(client.get("/admin/help-desk/?view=unassigned"), desk) == ["nobody"]
    everything = listed(client.get("/admin/help-desk/?view=all"), desk)
    assert set(everything) == set(desk) and everything[-1] in ("waiting", "closed")
    # the coordinator's default: every open request
    assert "closed" not in listed(client.get("/admin/help-desk/"), desk)


def test_the_quick_links_carry_their_counts_and_mark_the_current_view(client, desk, people):
    client.force_login(people["amara"].user)
    text = client.get("/admin/help-desk/?view=late").content.decode()
    assert 'href="/admin/help-desk/?view=late" title="The next deadline has passed" ' in text
    assert 'aria-current="page">Late <span class="hd-count">1</span>' in text
    assert "?view=unassigned" not in text  # the coordinators' queue is theirs


def test_sorting_by_a_column(client, desk, people):
    client.force_login(people["amara"].user)
    order = listed(client.get("/admin/help-desk/?ordering=-created_at&view=all"), desk)
    assert len(order) == 5
    assert listed(client.get("/admin/help-desk/?ordering=-next_due"), desk)[0] == "later"


def test_tags_for_urgency_late_and_due_soon(client, desk, people):
    client.force_login(people["amara"].user)
    text = client.get("/admin/help-desk/").content.decode()
    assert "w-status hd-tag--danger" in text and "Someone is at risk now" in text
    assert ">\n        Late\n" in text or "Late" in text
    assert "Breaching soon" in text
    assert "Paused: waiting on the city" in text


def test_filters_status_urgency_expert_and_region(client, desk, people):
    client.force_login(people["coordinator"])
    assert listed(client.get("/admin/help-desk/?urgency=at_risk"), desk) == ["soon"]
    luc = people["luc"].pk
    assert listed(client.get(f"/admin/help-desk/?expert={luc}"), desk) == ["luc"]
    assert listed(client.get("/admin/help-desk/?status=waiting"), desk) == ["waiting"]
    assert listed(client.get("/admin/help-desk/?region=US-ID"), desk) == []
    assert len(listed(client.get("/admin/help-desk/?region=CA"), desk)) == 6
    # the region list: only the places requests come from, grouped by country
    text = client.get("/admin/help-desk/").content.decode()
    assert '<optgroup label="Canada">' in text and "Alberta" in text
    assert "Nunavut" not in text


def test_an_expert_never_filters_their_way_to_another_s_request(client, desk, people):
    client.force_login(people["amara"].user)
    for query in ["?view=unassigned", "?view=all", f"?expert={people['luc'].pk}", "?view=nope"]:
        text = client.get(f"/admin/help-desk/{query}").content.decode()
        assert desk["luc"].reference not in text and desk["nobody"].reference not in text
    assert client.get(f"/admin/help-desk/{desk['luc'].public_id}/").status_code == 404


def test_the_results_fragment_for_the_filter_panel(client, desk, people):
    client.force_login(people["amara"].user)
    response = client.get("/admin/help-desk/results/?view=late")
    assert response.status_code == 200
    assert listed(response, desk) == ["late"]
    assert "<html" not in response.content.decode()


def test_the_request_page_shows_the_properties_beside_the_thread(client, desk, people):
    client.force_login(people["amara"].user)
    text = client.get(f"/admin/help-desk/{desk['late'].public_id}/").content.decode()
    assert 'class="hd-layout"' in text and "<aside" in text
    assert "Times are in Eastern Time (Toronto)." in text
    assert "Why this expert" in text or desk["late"].routing_reasons == []
    assert "hd-tag--danger" in text  # the first response is late
    french = client.get(f"/admin/help-desk/{desk['soon'].public_id}/", HTTP_ACCEPT_LANGUAGE="fr")
    assert french.status_code == 200


def test_the_queue_costs_the_same_for_few_or_many_requests(client, desk, people):
    client.force_login(people["coordinator"])
    client.get("/admin/help-desk/?view=all")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/admin/help-desk/?view=all").status_code == 200
        return len(queries)

    few = count()
    for n in range(30):
        HelpRequestFactory(summary=f"More {n}", assignee=people["luc"] if n % 2 else None)
    assert count() == few


# --- Home panels ---


def home_panels(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return [type(p).__name__ for p in admin_panels.panels_for(request)]


def test_the_panels_by_role(people):
    assert home_panels(people["amara"].user) == ["ExpertRequestsPanel"]
    assert home_panels(people["coordinator"]) == ["CoordinatorQueuePanel"]
    assert home_panels(people["editor"]) == []
    assert home_panels(people["official"]) == []


def test_the_expert_s_panel_on_the_admin_home(client, desk, people):
    client.force_login(people["amara"].user)
    text = client.get("/admin/").content.decode()
    assert "Your open requests" in text and "Your next office hours" in text
    assert text.index(desk["late"].summary) < text.index(desk["soon"].summary)
    assert desk["luc"].summary not in text
    assert 'href="/admin/help-desk/?view=late"' in text


def test_the_coordinator_s_panel_on_the_admin_home(client, desk, people):
    client.force_login(people["coordinator"])
    text = client.get("/admin/").content.decode()
    assert "Help desk: needs a coordinator" in text
    assert desk["nobody"].summary in text and desk["luc"].summary in text
    assert 'href="/admin/help-desk/?view=unassigned"' in text


def test_nobody_else_gets_a_help_desk_panel(client, people):
    client.force_login(people["editor"])
    text = client.get("/admin/").content.decode()
    assert "Your open requests" not in text and "needs a coordinator" not in text


@pytest.mark.parametrize("who", ["amara", "coordinator"])
def test_the_panels_cost_the_same_for_few_or_many_requests(client, desk, people, who):
    user = people[who].user if who == "amara" else people[who]
    client.force_login(user)
    client.get("/admin/")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/admin/").status_code == 200
        return len(queries)

    few = count()
    for n in range(20):
        HelpRequestFactory(
            summary=f"More {n}",
            assignee=people["amara"] if n % 2 else None,
            first_response_due=timezone.now() - HOUR,
        )
    assert count() == few


# --- The site's help-desk link ---


def test_an_expert_without_a_city_is_led_to_their_queue(client, people):
    client.force_login(people["amara"].user)
    response = client.get("/en/help-desk/")
    assert response.status_code == 302 and response["Location"] == "/admin/help-desk/"


def test_an_official_keeps_the_city_side(client, people):
    client.force_login(people["official"])
    response = client.get("/en/help-desk/")
    assert response.status_code == 200
    assert "not linked to a city" not in response.content.decode()
