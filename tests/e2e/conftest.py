"""Browser journeys: Playwright driving Debian's Chromium against a live server."""

import os
from pathlib import Path

import pytest

from tests import demo_snapshot

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# between steps are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
# Without these, Chromium reaches for Google's services, which this network refuses.
CHROMIUM_FLAGS = [
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not CHROMIUM.exists():
        pytest.skip(f"browser test: {CHROMIUM} is missing (apt-get install chromium)")
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": CHROMIUM_FLAGS,
    }


@pytest.fixture(autouse=True)
def production_page_cache(settings):
    """The journeys run the cached path production runs: whole pages for visitors and the
    shared fragments (pages.cache), with production's timeouts (config.settings.test keeps
    them); a run with the page cache turned off is refused rather than passed."""
    assert settings.HUB_PAGE_CACHE_SECONDS > 0, "browser journeys need the page cache on"
    assert settings.HUB_FRAGMENT_CACHE_SECONDS > 0, "browser journeys need the fragments on"


@pytest.fixture
def demo_site(live_server):
    demo_snapshot.restore()


@pytest.fixture(autouse=True)
def no_content_security_policy_violations(request):
    """Every browser journey doubles as a check of the Content-Security-Policy: a script,
    style, frame or request the policy refuses fails the test that met it."""
    if "page" not in request.fixturenames:
        yield
        return
    page = request.getfixturevalue("page")
    refused = []

    def listen(message):
        if "Content Security Policy" in message.text:
            refused.append(f"{page.url}: {message.text}")

    page.on("console", listen)
    yield
    assert refused == []
