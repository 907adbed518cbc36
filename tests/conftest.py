"""Fixtures shared by the whole suite, and the CI rule that a skipped test is a failure."""

import os

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.utils import translation

from tests.utils import POSTGRES_REASON

ON_CI = os.environ.get("CI") == "true"
_skipped: list[tuple[str, str]] = []


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every database test starts from the demo content, loaded once through the real
    command; each test's changes roll back. Transactional tests (browser, worker) run last
    and load it again when they need it (tests.demo_snapshot.restore: the command, or a
    fresh copy of its last load), since they empty the database when they finish."""
    with django_db_blocker.unblock(), open(os.devnull, "w") as devnull:
        call_command("load_demo", stdout=devnull)


@pytest.fixture(autouse=True)
def _english_between_tests():
    """A request to /fr/ leaves French active in the thread (LocaleMiddleware activates the
    request's language and Django's test client does not put it back): each test starts in
    the default language, whatever ran before it."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_caches():
    """The page cache is on, as in production (config.settings.test): each test starts with
    nothing kept, since a rolled-back transaction starts no new generation. The default cache
    holds the rate-limit counts (network.throttles, allauth): one test's sign-ins,
    registrations or filings never count against the next one's visitor."""
    for name in ("pages", "default"):
        caches[name].clear()
    yield
    for name in ("pages", "default"):
        caches[name].clear()


@pytest.fixture
def demo(db):
    """Says that a test reads the demo content (loaded for every database test)."""


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Tests that empty the database (browser, worker) run after all the others.

    pytest-django orders them last, but pytest then regroups tests that share a
    session-scoped parameter (Playwright's browser name); put them back at the end.
    """

    def empties_the_database(item):
        marker = item.get_closest_marker("django_db")
        return "live_server" in getattr(item, "fixturenames", ()) or bool(
            marker and marker.kwargs.get("transaction")
        )

    items.sort(key=empties_the_database)


def pytest_runtest_logreport(report):
    if report.skipped:
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        _skipped.append((report.nodeid, reason))


def pytest_sessionfinish(session, exitstatus):
    """With CI=true, a skipped browser or PostgreSQL test fails the run.

    The one skip allowed is a PostgreSQL-only test on the SQLite run: CI runs the suite
    again on PostgreSQL, where it must not skip.
    """
    if not ON_CI:
        return
    on_postgres = connection.vendor == "postgresql"
    bad = [
        (nodeid, reason)
        for nodeid, reason in _skipped
        if on_postgres or POSTGRES_REASON not in reason
    ]
    if bad:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter:
            reporter.write_line("CI=true and these tests were skipped:", red=True)
            for nodeid, reason in bad:
                reporter.write_line(f"  {nodeid}: {reason}", red=True)
        session.exitstatus = 1
