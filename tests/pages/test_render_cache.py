"""What is kept for everyone, signed in or not, when no whole page can be: Wagtail's routing
(pages.route_cache), and the fragments of the page cache's second part through Wagtail's
`{% wagtailcache %}` / `{% wagtailpagecache %}`: the site chrome, a page's meta tags and
trail and, for page types that opt in, its content (SitePage.content_cache). Each goes by
the generation of the page cache, so an editor's change, a page made private, or a moved
page shows at once."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction, get_page_models

from network.models import User
from pages.models import HomePage, ResourcePage, SitePage
from tests.network.factories import UserFactory

from .test_public_site import PAGES, add_resources, english, get, result_count

HOME = "/en/"
GUIDE = "/en/resources/guide-for-mayors/"
HUB = "/en/resources/"
OFFICIAL = "official.boise@hub.example"


@pytest.fixture(autouse=True)
def fragments_on(settings):
    """The production defaults for fragments; the whole-page cache off, as for anyone
    signed in."""
    settings.HUB_FRAGMENT_CACHE_SECONDS = 3600
    settings.HUB_PAGE_CACHE_SECONDS = 0
    caches["pages"].clear()
    yield
    caches["pages"].clear()


def fetch(client, url, status=200, **extra):
    response = client.get(url, **extra)
    assert response.status_code == status, (url, response.status_code)
    return response


def queries(client, url, **extra):
    with CaptureQueriesContext(connection) as captured:
        response = fetch(client, url, **extra)
    return response, captured


# --- Routing ---


def test_a_known_route_costs_no_query_and_answers_the_same(client, demo):
    first, cold = queries(client, HOME)
    second, warm = queries(client, HOME)
    assert second.content == first.content
    assert len(warm) == 0, [q["sql"][:80] for q in warm]  # the page as published is kept
    assert len(cold) > 5


def test_a_saved_draft_does_not_reach_the_public_page(client, demo):
    fetch(client, GUIDE)
    page = english(ResourcePage, "guide-for-mayors")
    published = page.title
    page.title = "A draft nobody should see yet"
    page.save_revision()
    response = fetch(client, GUIDE)
    assert published.encode() in response.content
    assert b"A draft nobody should see yet" not in response.content
    page.refresh_from_db()
    page.get_latest_revision().publish()
    assert b"A draft nobody should see yet" in fetch(client, GUIDE).content


def test_a_page_created_live_by_code_is_listed_at_once(client, demo):
    """Not published through Wagtail (a loader, a migration): still a new generation."""
    before = result_count(get(client, HUB))
    add_resources(1)
    assert result_count(get(client, HUB)) == before + 1


def test_a_private_page_is_read_and_checked_on_every_request(client, demo):
    """Only pages without a view restriction are kept whole; a private one is read, with
    its restrictions, every time."""
    page = english(ResourcePage, "guide-for-mayors")
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    client.force_login(User.objects.get(email=OFFICIAL))
    fetch(client, GUIDE)
    _response, warm = queries(client, GUIDE)
    tables = " ".join(q["sql"] for q in warm)
    assert "wagtailcore_pageviewrestriction" in tables and "pages_resourcepage" in tables


@pytest.mark.django_db
def test_a_change_starts_another_generation_when_it_commits(django_capture_on_commit_callbacks):
    """What a request read before the change committed, and kept, is dropped at commit."""
    from pages import cache as page_cache

    before = page_cache.generation()
    with django_capture_on_commit_callbacks(execute=True):
        page_cache.invalidate()
        during = page_cache.generation()
    assert before != during != page_cache.generation()


def test_only_the_route_cache_writes_wagtails_private_request_attributes():
    """`request._wagtail_site` and its like are Wagtail's business; the route cache is the
    one place that sets them (measured: docs/performance.md), and it stays the only one."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    written = re.compile(r"\._wagtail_\w+\s*=[^=]")
    writers = [
        str(path.relative_to(root))
        for folder in ("site", "academy", "webinars", "helpdesk", "grants")
        if (root / folder).is_dir()
        for path in (root / folder).rglob("*.py")
        if written.search(path.read_text())
    ]
    assert writers == ["site/pages/route_cache.py"]


def test_the_route_cache_serves_signed_in_people_their_own_header(client, demo):
    fetch(client, GUIDE)  # kept by a visitor
    client.force_login(User.objects.get(email=OFFICIAL))
    page = fetch(client, GUIDE)
    assert b"My learning" in page.content and b"Sign in" not in page.content
    assert b"Leading the response" in page.content or b"guide" in page.content.lower()


def test_an_unpublished_page_is_gone_at_once_and_back_when_republished(client, demo):
    fetch(client, GUIDE)
    page = english(ResourcePage, "guide-for-mayors")
    page.unpublish()
    fetch(client, GUIDE, status=404)
    page.refresh_from_db()
    page.save_revision().publish()
    fetch(client, GUIDE)


def test_a_moved_page_answers_at_its_new_address(client, demo):
    fetch(client, GUIDE)
    page = english(ResourcePage, "guide-for-mayors")
    page.move(english(HomePage, "home"), pos="last-child")
    assert fetch(client, GUIDE, status=301)["Location"] == "/en/guide-for-mayors/"
    fetch(client, "/en/guide-for-mayors/")


def test_a_page_made_private_is_private_at_once(client, demo, settings):
    """Making a page private saves only a restriction, with nothing published: the kept
    route (and the whole-page cache) must not go on serving it to visitors."""
    settings.HUB_PAGE_CACHE_SECONDS = 300
    fetch(client, GUIDE)
    fetch(client, GUIDE)  # served from what was kept
    page = english(ResourcePage, "guide-for-mayors")
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    response = fetch(client, GUIDE, status=302)
    assert "/accounts/login/" in response["Location"]


def test_a_routable_page_keeps_its_sub_views(client, demo):
    feed = "/en/stories/feed/"
    first = fetch(client, feed)
    second, warm = queries(client, feed)
    assert second["Content-Type"].startswith(first["Content-Type"].split(";")[0])
    assert second.content == first.content
    assert b"<rss" in second.content
    missing = "/en/stories/no-such-view/"
    fetch(client, missing, status=404)
    fetch(client, missing, status=404)


def test_routes_are_kept_per_language(client, demo):
    english_home = fetch(client, HOME)
    french_home = fetch(client, "/fr/")
    assert b'lang="fr"' in french_home.content and french_home.content != english_home.content
    assert fetch(client, "/fr/").content == french_home.content


def test_nothing_is_kept_when_fragments_are_off(client, demo, settings):
    settings.HUB_FRAGMENT_CACHE_SECONDS = 0
    fetch(client, HOME)
    _, warm = queries(client, HOME)
    assert len(warm) > 5


# --- Content ---


def test_the_opted_in_page_types_are_the_ones_checked_here():
    """Opting a page type in is a decision about its template; this list is reviewed."""
    opted_in = {m.__name__ for m in get_page_models() if getattr(m, "content_cache", False)}
    assert opted_in == {
        "HomePage",
        "StandardPage",
        "ResourceHubPage",
        "ResourcePage",
        "NewsPage",
        "EventPage",
        "CityDirectoryPage",
        "WebinarIndexPage",  # keyed by time zone and minute too
        "AcademyIndexPage",
    }


@pytest.mark.parametrize(
    "url",
    [pytest.param(url, id=f"{kind}-{url[1:3]}") for kind, *urls in PAGES for url in urls],
)
def test_kept_content_carries_no_form_token_and_is_served_to_everyone(client, demo, url):
    """Every public page type in both languages, signed in: a page whose content is kept
    must not keep anyone's form token, and the second answer is the same page."""
    client.force_login(User.objects.get(email=OFFICIAL))
    first = fetch(client, url)
    second = fetch(client, url)
    page = first.context.get("page") if first.context else None
    kept = isinstance(page, SitePage) and page.content_cache
    main = second.content.split(b"<main", 1)[1].split(b"</main>", 1)[0]
    if kept:
        assert b"csrfmiddlewaretoken" not in main
        assert second.context.get("kept_content") is not None
    assert main == first.content.split(b"<main", 1)[1].split(b"</main>", 1)[0]


def test_kept_content_skips_the_pages_own_queries(client, demo):
    fetch(client, "/en/member-cities/")
    response, warm = queries(client, "/en/member-cities/")
    assert b"Boise" in response.content
    assert len(warm) == 0


def test_each_address_keeps_its_own_content(client, demo):
    everything = fetch(client, HUB)
    filtered = fetch(client, HUB, QUERY_STRING="theme=mapping")
    assert filtered.content != everything.content
    assert fetch(client, HUB, QUERY_STRING="theme=mapping").content == filtered.content
    assert fetch(client, HUB).content == everything.content


def test_published_changes_show_at_once_to_everyone(client, demo):
    client.force_login(User.objects.get(email=OFFICIAL))
    fetch(client, GUIDE)
    page = english(ResourcePage, "guide-for-mayors")
    page.summary = "Revised for the 2027 municipal elections."
    page.save_revision().publish()
    assert b"Revised for the 2027 municipal elections." in fetch(client, GUIDE).content


def test_a_preview_is_never_kept(client, demo):
    """An editor's preview shows the draft; visitors must never see it afterwards."""
    page = english(ResourcePage, "guide-for-mayors")
    fetch(client, GUIDE)
    page.title = "An unpublished draft title"
    page.summary = "An unpublished draft summary."
    preview = page.make_preview_request()
    preview.render()
    assert b"An unpublished draft title" in preview.content
    public = fetch(client, GUIDE).content
    assert b"An unpublished draft" not in public
    caches["pages"].clear()  # and nothing of the preview is kept for later either
    fetch(client, GUIDE)
    assert b"An unpublished draft" not in fetch(client, GUIDE).content


def test_a_stand_in_keeps_its_notice(client, demo):
    """A French page that shows the English original says so, also from kept content."""
    url = "/fr/ressources/cartographie-globale-et-inclusive/"
    first = fetch(client, url)
    assert fetch(client, url).content == first.content


# --- Parts of pages that show the visitor's own state ---

COURSE = "/en/prevention-academy-us/city-led-prevention/"
LEARNER = "official.boise@hub.example"  # enrolled, 5 of 11 lessons done (academy tests)
RECORDING = "/en/webinars/global-crises-local-impacts/urban-design-for-violence-prevention/"


def outline(response) -> str:
    return response.content.decode().split('id="outline-heading"', 1)[1].split("</section>")[0]


def test_a_learner_never_gets_the_outline_kept_for_visitors(client, demo):
    visitor = outline(fetch(client, COURSE))
    assert outline(fetch(client, COURSE)) == visitor  # kept, and the same
    assert "completed" not in visitor
    client.force_login(User.objects.get(email=LEARNER))
    mine = fetch(client, COURSE)
    assert 'value="45"' in mine.content.decode()  # their progress bar
    assert outline(mine).count("completed") == 5  # their own ticks, not the kept outline
    assert outline(fetch(client, COURSE)).count("completed") == 5


def test_a_signed_in_official_who_has_not_started_gets_the_kept_outline_and_own_forms(client, demo):
    fetch(client, COURSE)  # kept by a visitor
    client.force_login(UserFactory())  # no enrolment, no progress
    course, warm = queries(client, COURSE)
    page = course.content.decode()
    assert "Sign in to enrol" not in page  # the enrolment panel is theirs, rendered anew
    assert not [q["sql"][:300] for q in warm if "academy_lessonpage" in q["sql"]]  # kept


def test_a_course_preview_is_never_kept(client, demo):
    from academy.models import CoursePage

    course = CoursePage.objects.get(locale__language_code="en", slug="city-led-prevention")
    course.title = "A draft course title"
    preview = course.make_preview_request()
    preview.render()
    assert b"A draft course title" in preview.content
    assert b"A draft course title" not in fetch(client, COURSE).content


def test_the_transcript_search_is_kept_per_address(client, demo):
    everything = fetch(client, RECORDING).content.decode()
    lighting = fetch(client, RECORDING, QUERY_STRING="q=lighting").content.decode()
    assert "1 passage mentions “lighting”." in lighting and "Squares and parks" not in lighting
    assert "Squares and parks" in fetch(client, RECORDING).content.decode()
    assert fetch(client, RECORDING).content.decode() == everything


def test_the_webinar_listing_is_kept_per_time_zone(client, demo):
    from webinars.models import WebinarIndexPage

    index = WebinarIndexPage.objects.get(locale__language_code="en").url
    visitor = fetch(client, index).content.decode()
    official = User.objects.get(email="official.edmonton@hub.example")
    official.time_zone = "Asia/Tokyo"
    official.save()
    client.force_login(official)
    theirs = fetch(client, index).content.decode()
    main = theirs.split("<main", 1)[1]
    assert main != visitor.split("<main", 1)[1]
    assert "JST" in main or "GMT+9" in main or "+09" in main


def test_the_webinar_listing_is_kept_a_minute_at_most(rf, demo, monkeypatch):
    """Which sessions are upcoming changes with the clock: a new minute, a new listing."""
    import time

    from django.contrib.auth.models import AnonymousUser

    from webinars.models import WebinarIndexPage

    index = WebinarIndexPage.objects.get(locale__language_code="en")
    request = rf.get(index.url)
    request.user = AnonymousUser()

    def key_at(seconds):
        monkeypatch.setattr(time, "time", lambda: seconds)
        return index.content_fragment(request)["key"]

    assert key_at(6000.0) == key_at(6059.9) != key_at(6060.0)


def test_a_live_page_saved_whole_by_code_shows_at_once(client, demo):
    """wagtail-localize's translation sync, for one, saves the live row without publishing."""
    fetch(client, GUIDE)
    page = english(ResourcePage, "guide-for-mayors")
    page.title = "Leading the response, revised by a sync"
    page.save()
    assert b"Leading the response, revised by a sync" in fetch(client, GUIDE).content


def test_a_migrate_starts_a_new_generation(demo):
    from django.core.management.sql import emit_post_migrate_signal

    from pages import cache as page_cache

    before = page_cache.generation()
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert page_cache.generation() != before


class Kept:
    """Something kept by code that a later deploy removes."""


def test_an_entry_kept_by_older_code_is_a_miss_not_an_error(demo, monkeypatch):
    import sys

    from pages import cache as page_cache

    generation, _nothing = page_cache.read_kept("hub:test:old")
    page_cache.keep("hub:test:old", generation, Kept(), 60)
    monkeypatch.delattr(sys.modules[__name__], "Kept")
    assert page_cache.read_kept("hub:test:old") == (generation, None)


class KeptToo:
    """Something kept by code that a later deploy removes, through pages.cache.shared."""


def test_a_shared_entry_kept_by_older_code_is_built_anew(demo, monkeypatch):
    import sys

    from pages import cache as page_cache

    assert isinstance(page_cache.shared("test-old", [], KeptToo, 60), KeptToo)
    monkeypatch.delattr(sys.modules[__name__], "KeptToo")
    assert page_cache.shared("test-old", [], lambda: "built anew", 60) == "built anew"


def test_a_french_session_takes_the_new_time_at_once(client, demo):
    """The translations' rows follow the original's time by a queryset update, which
    starts a new generation itself (webinars.signals)."""
    import datetime

    from django.utils import timezone
    from wagtail.models import Locale

    from webinars.models import WebinarPage

    session = WebinarPage.objects.get(
        locale__language_code="en", slug="faith-communities-as-partners"
    )
    french = session.get_translation(Locale.objects.get(language_code="fr"))
    url = french.url
    fetch(client, url)
    session.starts_at = timezone.now().replace(microsecond=0, second=0) + datetime.timedelta(
        days=40
    )
    session.save_revision().publish()
    response = fetch(client, url)
    assert response.context["page"].starts_at == session.starts_at


def test_a_new_cohort_shows_to_visitors_at_once(client, demo):
    """Visitors' list of a course's cohorts is kept; a cohort added starts a new
    generation (pages.cache.SHOWN_ON_PUBLIC_PAGES)."""
    import datetime

    from django.utils import timezone

    from academy.models import Cohort, CoursePage

    assert b"Autumn evening cohort" not in fetch(client, COURSE).content
    Cohort.objects.create(
        course=CoursePage.objects.get(locale__language_code="en", slug="city-led-prevention"),
        name="Autumn evening cohort",
        starts_on=timezone.localdate() + datetime.timedelta(days=20),
    )
    assert b"Autumn evening cohort" in fetch(client, COURSE).content


# --- The generation, read once a request ---


class GenerationReads:
    """Counts how often the pages cache is asked for the generation."""

    def __init__(self, monkeypatch):
        from pages import cache as page_cache

        self.count = 0
        self.within_many = False
        cache = caches["pages"]
        get, get_many = cache.get, cache.get_many

        def counting_get(key, *args, **kwargs):
            # (Local memory's get_many calls get for each key: one read, counted there.)
            self.count += key == page_cache.GENERATION_KEY and not self.within_many
            return get(key, *args, **kwargs)

        def counting_get_many(keys, *args, **kwargs):
            self.count += page_cache.GENERATION_KEY in keys
            self.within_many = True
            try:
                return get_many(keys, *args, **kwargs)
            finally:
                self.within_many = False

        monkeypatch.setattr(cache, "get", counting_get)
        monkeypatch.setattr(cache, "get_many", counting_get_many)


@pytest.mark.parametrize("url", [HOME, GUIDE, HUB])
def test_a_request_reads_the_generation_once(client, demo, monkeypatch, url):
    fetch(client, url)  # routes and fragments kept
    reads = GenerationReads(monkeypatch)
    fetch(client, url)
    # The route, the page's content, the chrome's fragments: one read for all of them
    # (each was a read of the shared cache, a round trip to Redis in production).
    assert reads.count == 1


def test_a_signed_in_request_reads_the_generation_once(client, demo, monkeypatch):
    client.force_login(User.objects.get(email=OFFICIAL))
    fetch(client, HOME)
    reads = GenerationReads(monkeypatch)
    fetch(client, HOME)
    assert reads.count == 1


@pytest.mark.django_db
def test_a_change_within_a_request_is_read_afresh():
    """What the request remembers goes with the generation it moves on: content rendered
    after a publish in the same request is kept under the new generation."""
    from pages import cache as page_cache

    scope = page_cache._request_generation.set({})
    try:
        before = page_cache.generation()
        assert page_cache.generation() == before  # remembered
        page_cache.invalidate()
        assert page_cache.generation() != before
    finally:
        page_cache._request_generation.reset(scope)


@pytest.mark.django_db
def test_nothing_is_remembered_outside_a_request():
    from pages import cache as page_cache

    first = page_cache.generation()
    page_cache.advance(page_cache.GENERATION_KEY)
    assert page_cache.generation() != first
