"""The anonymous page cache (pages.cache): what it stores, what it never stores, and that an
editor's change shows at once."""

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse
from wagtail.models import Locale

from network.models import Organisation, User
from pages import cache as page_cache
from pages.models import FooterText, HomePage, ResourcePage

from .test_public_site import english, resource_form

HOME = "/en/"
HUB = "/en/resources/"
GUIDE = "/en/resources/guide-for-mayors/"


@pytest.fixture(autouse=True)
def cache_on(settings):
    settings.HUB_PAGE_CACHE_SECONDS = 300
    caches["pages"].clear()
    yield
    caches["pages"].clear()


def fetch(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200, (url, response.status_code)
    return response


def test_an_anonymous_page_is_stored_then_served_without_the_database(
    client, demo, django_assert_num_queries
):
    first = fetch(client, HOME)
    assert first["X-Hub-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = fetch(client, HOME)
    assert second["X-Hub-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    # The policy and the security headers are on the stored copy too.
    assert "script-src 'self'" in second["Content-Security-Policy"]
    assert second["X-Content-Type-Options"] == "nosniff"


def test_each_query_string_is_its_own_page(client, demo):
    everything = fetch(client, HUB)
    filtered = fetch(client, HUB, QUERY_STRING="theme=mapping")
    assert filtered["X-Hub-Cache"] == "miss"
    assert filtered.content != everything.content
    assert fetch(client, HUB, QUERY_STRING="theme=mapping")["X-Hub-Cache"] == "hit"
    assert fetch(client, HUB)["X-Hub-Cache"] == "hit"


def test_signed_in_people_get_their_own_page_never_a_stored_one(client, demo):
    fetch(client, HOME)  # stored for visitors
    client.force_login(User.objects.get(email="official.boise@hub.example"))
    response = fetch(client, HOME)
    assert "X-Hub-Cache" not in response
    assert b"official.boise@hub.example" in response.content or b"Sign out" in response.content
    assert "no-store" in response["Cache-Control"]
    client.logout()
    assert fetch(Client(), HOME)["X-Hub-Cache"] == "hit"  # and it did not replace theirs


def test_a_visitor_with_a_session_is_not_served_from_the_cache(client, demo):
    fetch(client, HOME)
    response = fetch(client, HOME, HTTP_COOKIE="sessionid=whatever")
    assert "X-Hub-Cache" not in response


def test_a_page_with_a_form_is_never_stored(client, demo):
    session = "/en/webinars/global-crises-local-impacts/when-a-conflict-abroad-divides-your-city/"
    first = fetch(client, session)
    assert b"csrfmiddlewaretoken" in first.content
    assert "X-Hub-Cache" not in first
    assert "no-store" in first["Cache-Control"]
    assert "X-Hub-Cache" not in fetch(client, session)


@pytest.mark.parametrize(
    "url", ["/en/webinars/office-hours/", "/en/academy/certificates/?code=nothing"]
)
def test_live_and_private_views_are_never_stored(client, demo, url):
    fetch(client, url)
    assert "X-Hub-Cache" not in fetch(client, url)


def test_redirects_and_missing_pages_are_not_stored(client, demo):
    assert client.get("/en/help-desk/").status_code == 302
    assert client.get("/en/no-such-page/").status_code == 404
    assert client.get("/en/no-such-page/").status_code == 404
    stored = [key for key in caches["pages"]._cache if "hub:page:" in key]  # locmem's store
    assert stored == []


def test_publishing_from_the_admin_shows_at_once(client, demo):
    page = english(ResourcePage, "guide-for-mayors")
    fetch(client, GUIDE)
    fetch(client, HUB)
    assert fetch(client, GUIDE)["X-Hub-Cache"] == "hit"

    editor = Client()
    editor.force_login(User.objects.get(email="admin@hub.example"))
    response = editor.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        resource_form(page, "Leading the response: the 2027 guide", "action-publish"),
    )
    assert response.status_code == 302
    guide = fetch(client, GUIDE)
    assert guide["X-Hub-Cache"] == "miss"
    assert b"Leading the response: the 2027 guide" in guide.content
    assert fetch(client, HUB)["X-Hub-Cache"] == "miss"  # the listings are rendered anew too


def test_unpublishing_and_moving_start_a_new_generation(client, demo):
    page = english(ResourcePage, "guide-for-mayors")
    fetch(client, GUIDE)
    page.unpublish()
    assert client.get(GUIDE).status_code == 404

    page.refresh_from_db()
    page.save_revision().publish()
    fetch(client, GUIDE)
    assert fetch(client, GUIDE)["X-Hub-Cache"] == "hit"
    page.refresh_from_db()
    page.move(english(HomePage, "home"), pos="last-child")
    moved = client.get(GUIDE)  # Wagtail leaves a redirect behind
    assert (moved.status_code, moved["Location"]) == (301, "/en/guide-for-mayors/")
    assert fetch(client, "/en/guide-for-mayors/")["X-Hub-Cache"] == "miss"


def test_changing_a_snippet_or_an_organisation_starts_a_new_generation(client, demo):
    fetch(client, HOME)
    footer = FooterText.objects.get(locale__language_code="en")
    footer.body = "<p>Run by the cities, for the cities.</p>"
    footer.save()
    home = fetch(client, HOME)
    assert home["X-Hub-Cache"] == "miss"
    assert b"Run by the cities, for the cities." in home.content

    cities = "/en/member-cities/"
    fetch(client, cities)
    Organisation.objects.create(
        name="Moncton", kind=Organisation.Kind.CITY, country="CA", region="CA-NB", is_member=True
    )
    directory = fetch(client, cities)
    assert directory["X-Hub-Cache"] == "miss"
    assert b"Moncton" in directory.content


def test_saving_a_draft_keeps_the_stored_pages(client, demo):
    page = english(ResourcePage, "guide-for-mayors")
    fetch(client, GUIDE)
    page.title = "A draft title"
    page.save_revision()
    guide = fetch(client, GUIDE)
    assert guide["X-Hub-Cache"] == "hit"
    assert b"A draft title" not in guide.content


def test_a_lost_generation_never_brings_old_pages_back(client, demo):
    fetch(client, HOME)
    caches["pages"].delete(page_cache.GENERATION_KEY)  # evicted, or Redis restarted
    assert fetch(client, HOME)["X-Hub-Cache"] == "miss"


def test_the_cache_can_be_turned_off(client, demo, settings):
    settings.HUB_PAGE_CACHE_SECONDS = 0
    fetch(client, HOME)
    assert "X-Hub-Cache" not in fetch(client, HOME)


# --- What every page repeats: navigation, footer, language links ---


@pytest.fixture
def fragments_on(settings):
    settings.HUB_FRAGMENT_CACHE_SECONDS = 3600


def test_the_site_chrome_is_rendered_once_per_generation(client, demo, fragments_on):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(User.objects.get(email="official.boise@hub.example"))
    with CaptureQueriesContext(connection) as first:
        fetch(client, "/en/about/")
    with CaptureQueriesContext(connection) as second:
        again = fetch(client, "/en/about/")
    assert len(second) <= len(first) - 5  # menus, their pages, the footer, the translations
    assert b'class="site-nav site-nav--services"' in again.content
    assert b'class="site-nav site-nav--network"' in again.content
    assert b'class="footer-nav"' in again.content
    assert b'hreflang="fr"' in again.content


def test_a_changed_footer_shows_at_once_also_to_signed_in_people(client, demo, fragments_on):
    client.force_login(User.objects.get(email="official.boise@hub.example"))
    fetch(client, "/en/about/")
    footer = FooterText.objects.get(locale__language_code="en")
    footer.body = "<p>Written by the member cities.</p>"
    footer.save()
    assert b"Written by the member cities." in fetch(client, "/en/about/").content


def test_language_links_follow_a_newly_published_translation(client, demo, fragments_on):
    roadmap = "/en/resources/ten-step-roadmap/"
    page = english(ResourcePage, "ten-step-roadmap")
    french = page.get_translation(Locale.objects.get(language_code="fr"))
    before = fetch(client, roadmap).content
    french.slug = "feuille-de-route-des-villes"
    french.save_revision().publish()
    after = fetch(client, roadmap).content
    assert b"/fr/ressources/feuille-de-route-des-villes/" in after
    assert b"feuille-de-route-des-villes" not in before
