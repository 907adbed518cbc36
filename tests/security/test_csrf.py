"""CSRF and safe methods (issue 8, security sweep).

1. Every URL pattern refuses a POST without a CSRF token (403) and writes nothing, as a
   person allowed to use it: ours with the real objects of the access walk, Wagtail's own
   admin with a superuser and stand-in arguments.
2. A view the access map does not mark as taking a POST writes nothing when it gets one
   (with a valid token), so the map's `post` marks are complete.
3. No GET changes data: every page of the access walk, as a person allowed to see it,
   runs no INSERT, UPDATE or DELETE, except the writes in `GET_WRITES_ALLOWED`, each of
   which says why it is legitimate.
"""

import re

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.security.access_map import access_for, rule_for, url_entries
from tests.security.test_access_map import (
    ALLOWED,
    all_cases,
    build_world,
    dummy_url,
)

pytestmark = pytest.mark.django_db

WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+[`"]?(\w+)', re.IGNORECASE)

# Writes a request may make whatever its method: the session row (Django saves it when
# messages, allauth's state or the language change).
ALWAYS_ALLOWED = {"django_session"}

# Writes a GET may make, and why each is legitimate.
GET_WRITES_ALLOWED = {
    # The help desk's audit trail: every view of a restricted request and every download of
    # a file is recorded (who looked, when); DESIGN.md, helpdesk.services.record_view/log.
    ("helpdesk:request", "helpdesk_event"),
    ("helpdesk:attachment", "helpdesk_event"),
    ("helpdesk_admin:request", "helpdesk_event"),
    # "Who else is looking at this request": the expert's page keeps a presence row so two
    # experts do not answer at once (helpdesk.admin_views.RequestView.others_here).
    ("helpdesk_admin:request", "helpdesk_presence"),
    # My calendar notes when a calendar app last read the address (shown on the profile), at
    # most once an hour (network.calendar_feed.mark_read).
    ("network:calendar-feed", "network_calendarfeed"),
}


def writes(queries) -> list[str]:
    """The tables written to, other than the session."""
    found = []
    for query in queries:
        match = WRITE.match(query["sql"])
        if match and match.group(1) not in ALWAYS_ALLOWED:
            found.append(match.group(1))
    return found


def _rows(rows) -> str:
    return "\n".join("  " + " | ".join(str(cell) for cell in row) for row in rows)


def clients(world, *, enforce_csrf: bool) -> dict[str, Client]:
    found = {"anonymous": Client(enforce_csrf_checks=enforce_csrf)}
    for role in world["people"]:  # every signed-in role, the grants walk's too
        found[role] = Client(enforce_csrf_checks=enforce_csrf)
        found[role].force_login(world["people"][role])
    return found


def allowed_roles(case) -> list[str]:
    return [role for role in case.roles if case.expected[role] in ALLOWED]


def _post_data(case) -> dict:
    """What a form would send: the case's own data, or a plausible action."""
    return case.data or {"action": "message", "body": "CSRF sweep", "slot": "x"}


# Views that take a POST without a CSRF token, and why that is safe.
CSRF_EXEMPT = {
    # RFC 8058 one-click unsubscribe: mail providers POST from their servers, with no
    # cookie; the signed link names the one address and kind it may stop.
    "network:unsubscribe",
}


# --- 1. No POST without a token ---


def test_every_pattern_refuses_a_post_without_a_csrf_token_and_writes_nothing(demo):
    world = build_world()
    signed = clients(world, enforce_csrf=True)
    accepted, wrote, posted = [], [], set()
    for case in all_cases(world):
        allowed = allowed_roles(case) or ["superuser"]
        # Someone allowed, signed in if anyone signed in is (a POST of a visitor too).
        role = next((r for r in allowed if r != "anonymous"), allowed[0])
        with transaction.atomic(), CaptureQueriesContext(connection) as queries:
            response = signed[role].post(case.url, _post_data(case))
            transaction.set_rollback(True)
        posted.add(case.key)
        if case.key in CSRF_EXEMPT:
            continue
        if response.status_code != 403:
            accepted.append((case.key, case.label, role, response.status_code))
        if writes(queries.captured_queries):
            wrote.append((case.key, case.label, role, writes(queries.captured_queries)))
    # Wagtail's own admin (and allauth's, Wagtail's public forms), with stand-in arguments.
    for entry in url_entries():
        if entry.key in posted:
            continue
        url = dummy_url(entry) if entry.route.startswith("admin/") else _other_url(entry)
        if url is None:
            continue
        with transaction.atomic(), CaptureQueriesContext(connection) as queries:
            response = signed["superuser"].post(url, {"title": "CSRF sweep"})
            transaction.set_rollback(True)
        posted.add(entry.key)
        if response.status_code != 403:
            accepted.append((entry.key, url, "superuser", response.status_code))
        if writes(queries.captured_queries):
            wrote.append((entry.key, url, "superuser", writes(queries.captured_queries)))
    unposted = sorted({e.key for e in url_entries()} - posted - {"admin/test404/", "admin/^.*/$"})
    assert unposted == []
    assert accepted == [], "POSTs without a CSRF token that were not refused:\n" + _rows(accepted)
    assert wrote == [], "POSTs without a CSRF token that wrote:\n" + _rows(wrote)


def _other_url(entry) -> str | None:
    """Stand-in URLs for the few patterns outside the admin that no access case covers."""
    return {
        "wagtailcore_login": "/en/_util/login/",
        "wagtailcore_authenticate_with_password": "/en/_util/authenticate_with_password/1/3/",
        "wagtaildocs_authenticate_with_password": "/documents/authenticate_with_password/1/",
    }.get(entry.key)


# --- 2. The map's POST marks are complete ---


def test_a_view_not_marked_as_taking_a_post_writes_nothing_when_it_gets_one(demo):
    world = build_world()
    normal = clients(world, enforce_csrf=False)
    wrote = []
    for case in all_cases(world):
        access = access_for(_entry(case.key))
        if access.post:
            continue
        for role in allowed_roles(case):
            with transaction.atomic(), CaptureQueriesContext(connection) as queries:
                normal[role].post(case.url, _post_data(case))
                transaction.set_rollback(True)
            found = [
                t
                for t in writes(queries.captured_queries)
                if (case.key, t) not in GET_WRITES_ALLOWED
            ]
            if found:
                wrote.append((case.key, case.label, role, found))
    assert wrote == [], "views that write on a POST but are not marked post=True in the map:\n" + (
        _rows(wrote)
    )


def _entry(key):
    for entry in url_entries():
        if entry.key == key:
            return entry
    raise AssertionError(f"{key} is not a URL pattern")


# --- 3. No GET changes data ---


def test_no_get_changes_data(demo):
    world = build_world()
    normal = clients(world, enforce_csrf=False)
    wrote, pages = [], 0
    for case in all_cases(world):
        if case.method != "get":
            continue
        allowed = allowed_roles(case)
        # A visitor if visitors may, and the first signed-in person who may.
        chosen = [r for r in allowed if r == "anonymous"][:1]
        chosen += [r for r in allowed if r != "anonymous"][:1]
        for role in chosen:
            with transaction.atomic(), CaptureQueriesContext(connection) as queries:
                response = normal[role].get(case.url, case.data)
                transaction.set_rollback(True)
            pages += 1
            assert response.status_code < 500, (case.label, role)
            found = [
                t
                for t in writes(queries.captured_queries)
                if (case.key, t) not in GET_WRITES_ALLOWED
            ]
            if found:
                wrote.append((case.key, case.label, role, found))
    assert pages > 150
    assert wrote == [], "GETs that changed data:\n" + _rows(wrote)


def test_the_allowlist_names_real_entries():
    keys = {e.key for e in url_entries()}
    for key, _table in GET_WRITES_ALLOWED:
        assert key in keys and rule_for(key), key
