"""Webinar pages (webinars.models.pages): revisions keep the flows' bookkeeping, a session's
translations share its time, the admin reads times in the session's zone, and the pages'
forms post to their named URLs. Page models import no views, forms or listings."""

import ast
import datetime
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from wagtail.models import Locale

import webinars
from network.models import User
from tests.webinars.factories import (
    RegistrationFactory,
    WebinarSeriesFactory,
    WebinarSessionFactory,
    register_url,
    subscribe_url,
)
from webinars.models import Registration, WebinarPage

pytestmark = pytest.mark.django_db


def test_publishing_an_old_revision_keeps_what_the_flows_recorded(
    django_capture_on_commit_callbacks,
):
    session = WebinarPage.objects.get(locale__language_code="en", slug="what-cities-can-do")
    RegistrationFactory(session=session, email="w@town.example")
    session.recording_url = "https://vimeo.com/76979871"
    with django_capture_on_commit_callbacks(execute=True):
        session.save_revision().publish()
    assert len(mail.outbox) == 1
    live = WebinarPage.objects.get(pk=session.pk)
    edited = live.get_latest_revision_as_object()  # what the admin's edit view starts from
    edited.summary = "A typo fixed."
    with django_capture_on_commit_callbacks(execute=True):
        edited.save_revision().publish()
    after = WebinarPage.objects.get(pk=session.pk)
    assert after.recording_announced_at == live.recording_announced_at is not None
    assert after.resource_id == live.resource_id is not None
    assert len(mail.outbox) == 1  # the recording email went once


def test_a_coordinator_sees_only_their_own_place_on_a_session_page(client):
    session = WebinarSessionFactory()
    RegistrationFactory(session=session, email="p1@town.example")
    client.force_login(User.objects.get(email="coordinator@hub.example"))
    page = client.get(session.url).content.decode()
    assert "p1@town.example" not in page and "/webinars/registrations/" not in page
    assert "You are registered for this session." not in page


def test_translations_take_the_originals_time_as_it_is_published():
    session = WebinarPage.objects.get(
        locale__language_code="en", slug="faith-communities-as-partners"
    )
    french = session.get_translation_or_none(Locale.objects.get(language_code="fr"))
    assert french is not None
    session.starts_at += datetime.timedelta(hours=2)
    session.capacity = 7
    session.save_revision().publish()  # no task needed: the same save
    french = WebinarPage.objects.get(pk=french.pk)
    assert (french.starts_at, french.capacity) == (session.starts_at, 7)


def test_the_admin_shows_and_reads_the_start_in_the_sessions_zone(client):
    import zoneinfo

    session = WebinarSessionFactory(
        time_zone="America/Regina",
        starts_at=datetime.datetime(2027, 3, 15, 13, 0, tzinfo=zoneinfo.ZoneInfo("America/Regina")),
    )
    client.force_login(User.objects.get(email="admin@hub.example"))
    html = client.get(f"/admin/pages/{session.pk}/edit/").content.decode()
    assert 'value="2027-03-15 13:00"' in html  # Regina's wall clock, not UTC (19:00)


# --- The forms post to named URLs ---


def form_action(html: str, button: str) -> str:
    soup = BeautifulSoup(html, "html.parser")
    (form,) = [f for f in soup.select("form[method=post]") if button in f.get_text()]
    return form["action"]


def test_a_session_pages_form_posts_to_webinars_register(client):
    session = WebinarSessionFactory()
    assert form_action(client.get(session.url).content.decode(), "Register") == (
        register_url(session)
    )
    assert client.get(session.url + "register/").status_code == 404  # no page route any more


def test_the_french_page_posts_for_itself_and_the_place_is_the_originals(client):
    session = WebinarPage.objects.get(
        locale__language_code="en", slug="when-a-conflict-abroad-divides-your-city"
    )
    french = session.get_translation(Locale.objects.get(language_code="fr"))
    html = client.get(french.url).content.decode()
    assert form_action(html, "inscri") == register_url(french)


def test_a_series_pages_form_posts_to_webinars_subscribe(client):
    series = WebinarSeriesFactory()
    WebinarSessionFactory(parent=series)
    html = client.get(series.url).content.decode()
    assert form_action(html, "Register for the series") == subscribe_url(series)


def test_a_page_shows_the_form_again_with_what_to_correct(client):
    session = WebinarSessionFactory()
    response = client.post(register_url(session), {"full_name": "Ann", "email": "nope"})
    assert response.status_code == 200
    assert response.templates[0].name == "webinars/webinar_page.html"
    html = response.content.decode()
    assert "Enter a valid email address." in html and 'value="Ann"' in html
    assert form_action(html, "Register") == register_url(session)
    assert not Registration.objects.filter(session=session).exists()


def test_only_live_public_pages_take_registrations(client):
    session = WebinarSessionFactory()
    session.unpublish()
    assert client.post(register_url(session), {}).status_code == 404
    assert client.get(register_url(session)).status_code == 405  # POST only


def _webinars_imports() -> dict[str, set[str]]:
    """Every module of webinars (office hours apart) and the webinars modules it imports,
    at the top or inside a function."""
    root = Path(webinars.__file__).parent
    graph = {}
    for path in root.rglob("*.py"):
        parts = path.relative_to(root.parent).with_suffix("").parts
        if "office_hours" in parts or "migrations" in parts:
            continue
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        package = ".".join(parts[:-1])
        found = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    base = ".".join(
                        package.split(".")[: len(package.split(".")) - node.level + 1]
                        + ([node.module] if node.module else [])
                    )
                if base.startswith("webinars"):
                    found.add(base)
                    found.update(f"{base}.{alias.name}" for alias in node.names)
            elif isinstance(node, ast.Import):
                found.update(a.name for a in node.names if a.name.startswith("webinars"))
        graph[name] = found
    return {name: {m for m in found if m in graph and m != name} for name, found in graph.items()}


def test_page_models_import_no_views_forms_or_listings():
    graph = _webinars_imports()
    for name in ("webinars.models.pages", "webinars.models.registrations"):
        assert not graph[name] - {
            "webinars.calendars",
            "webinars.player",
            "webinars.models.registrations",
        }, graph[name]


def test_webinars_has_no_import_circle():
    graph = _webinars_imports()

    def reaches(start, seen):
        for module in graph[start]:
            if module == name:
                return True
            if module not in seen:
                seen.add(module)
                if reaches(module, seen):
                    return True
        return False

    for name in graph:
        # A package's __init__ importing its own modules is not a circle.
        inside = {m for m in graph[name] if m.startswith(name + ".")}
        graph_without = graph[name] - inside
        assert not any(module == name or reaches(module, {module}) for module in graph_without), (
            f"{name} is part of an import circle"
        )
