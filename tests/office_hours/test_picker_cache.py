"""The slot picker's list of open slots is kept for everyone who asks the same question
(office_hours.picker_cache), and every change that opens or closes a slot shows at once: a booking
made or cancelled, an expert's availability, time away or account."""

import datetime
import re

import pytest
from django.core.cache import caches
from django.db import connection
from django.http import QueryDict
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from webinars.office_hours import picker_cache, services
from webinars.office_hours.models import OfficeHoursPage
from webinars.office_hours.slots import parse_key

from . import test_office_hours as office_hours
from .test_office_hours import PAGE, book, member

pytestmark = pytest.mark.django_db

FRENCH_PAGE = "/fr/webinaires/permanences/"

programme = office_hours.programme  # the demo programme, and an expert open every day
expert = office_hours.expert


@pytest.fixture(autouse=True)
def fragments_on(settings):
    """The production default for what every visitor shares; no whole-page cache."""
    settings.HUB_FRAGMENT_CACHE_SECONDS = 3600
    settings.HUB_PAGE_CACHE_SECONDS = 0
    caches["pages"].clear()
    yield
    caches["pages"].clear()


def next_week() -> str:
    """A whole week of slots (in the current one, the slots earlier today are gone) that
    starts two days from now at the soonest, whatever the weekday: a week starts on a
    Monday, and a booking can be cancelled until 24 hours before it (a week asked for a
    week from a Sunday began the next morning)."""
    return (datetime.date.today() + datetime.timedelta(days=8)).isoformat()


def slots_of(client, expert, url=PAGE, **params):
    """The slot keys the picker offers for this expert next week, and the queries it ran."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"week": next_week(), "expert": expert.pk, **params})
    assert response.status_code == 200
    html = response.content.decode()
    return re.findall(r"\?slot=(\d+-\d+)", html), [q["sql"] for q in queries], html


def reads_slots(queries) -> bool:
    return any("webinars_weeklywindow" in sql or "webinars_booking" in sql for sql in queries)


def test_the_second_visitor_gets_the_same_picker_without_computing_it(client, expert):
    first, cold, first_html = slots_of(client, expert)
    second, warm, second_html = slots_of(client, expert)
    assert first and second == first and second_html == first_html
    assert reads_slots(cold) and not reads_slots(warm)
    # Kept whole: no expert, availability or booking is read again, only the page itself.
    tables = ("webinars_availability", "webinars_booking", "network_expertprofile", "network_topic")
    assert not [sql for sql in warm if any(table in sql for table in tables)]


def test_other_parameters_do_not_travel_on_in_a_kept_picker(client, expert):
    _slots, _queries, html = slots_of(client, expert, utm_source="newsletter")
    assert "newsletter" not in html.split('id="slots"')[1]
    _slots, queries, html = slots_of(client, expert)
    assert not reads_slots(queries)  # the same question: the picker kept above


def test_signed_in_people_in_the_same_zone_share_the_list(client, expert, settings):
    person = member(time_zone=settings.HUB_DEFAULT_TIME_ZONE)  # a new organisation: a new
    visitor, _cold, _html = slots_of(client, expert)  # generation (pages.cache), so first
    client.force_login(person)
    signed_in, warm, html = slots_of(client, expert)
    assert signed_in == visitor and not reads_slots(warm)
    assert "My organisation’s office hours" in html  # the page around it is their own


def test_a_booked_slot_is_gone_for_everyone_at_once(
    client, programme, expert, django_capture_on_commit_callbacks
):
    before, _queries, _html = slots_of(client, expert)
    expert_id, starts_at = parse_key(before[0])
    with django_capture_on_commit_callbacks(execute=True):
        booking, created = book(programme, expert, member(), slot=_slot(expert, starts_at))
    assert created
    after, queries, _html = slots_of(client, expert)
    assert before[0] not in after and after == before[1:]
    assert reads_slots(queries)

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(booking=booking, reason="The council meeting moved.")
    again, _queries, _html = slots_of(client, expert)
    assert again == before


def test_a_change_to_availability_or_time_away_shows_at_once(
    client, expert, django_capture_on_commit_callbacks
):
    before, _queries, _html = slots_of(client, expert)
    assert before
    availability = expert.availability
    with django_capture_on_commit_callbacks(execute=True):
        availability.windows.filter(weekday__in=range(1, 7)).delete()
    fewer, _queries, _html = slots_of(client, expert)
    assert 0 < len(fewer) < len(before) and set(fewer) < set(before)

    with django_capture_on_commit_callbacks(execute=True):
        expert.away_until = datetime.date.today() + datetime.timedelta(days=30)
        expert.save()
    none, _queries, html = slots_of(client, expert)
    assert none == [] and "No open slot this week" in html


def test_an_expert_whose_account_is_closed_leaves_the_list_at_once(
    client, expert, django_capture_on_commit_callbacks
):
    mine = f"{expert.pk}-"
    assert any(key.startswith(mine) for key in slots_of(client, expert)[0])
    with django_capture_on_commit_callbacks(execute=True):
        expert.user.is_active = False
        expert.user.save()
    assert not any(key.startswith(mine) for key in slots_of(client, expert)[0])


def test_a_change_is_not_seen_before_it_commits(django_capture_on_commit_callbacks):
    """A list read while a booking is being written must not be kept as the new version."""
    first = picker_cache.version()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        picker_cache.bump()
    assert picker_cache.version() == first
    for callback in callbacks:
        callback()
    assert picker_cache.version() != first


def test_signing_in_starts_no_new_version(client, expert, django_capture_on_commit_callbacks):
    first = picker_cache.version()
    with django_capture_on_commit_callbacks(execute=True):
        client.force_login(expert.user)
        expert.user.save(update_fields=["last_login"])
    assert picker_cache.version() == first


def test_lists_are_kept_per_zone_and_per_language(client, expert):
    toronto, _queries, html = slots_of(client, expert, zone="America/Toronto")
    vancouver, queries, vancouver_html = slots_of(client, expert, zone="America/Vancouver")
    assert vancouver == toronto and reads_slots(queries)  # the same slots, shown anew
    assert "zone=America/Vancouver" in vancouver_html and "zone=America/Toronto" in html
    assert _first_time(html) != _first_time(vancouver_html)

    french, queries, french_html = slots_of(client, expert, url=FRENCH_PAGE)
    assert french == toronto and reads_slots(queries)
    french_page = OfficeHoursPage.objects.get(locale__language_code="fr")
    assert f"/fr/office-hours/{french_page.pk}/book/" in french_html


def test_an_unknown_zone_shows_the_default_zone_and_is_not_passed_on(client, expert):
    default, _queries, _html = slots_of(client, expert)
    odd, _queries, html = slots_of(client, expert, zone="Mars/Olympus_Mons")
    assert odd == default
    links = re.findall(r'href="([^"]*\?slot=[^"]*)"', html)
    assert links and not any("Mars" in link or "zone=" in link for link in links)


def test_the_list_is_built_again_each_minute(client, expert, monkeypatch):
    slots_of(client, expert)
    now = picker_cache.time.time()
    monkeypatch.setattr(picker_cache.time, "time", lambda: now + picker_cache.MINUTE)
    _slots, queries, _html = slots_of(client, expert)
    assert reads_slots(queries)


@pytest.mark.parametrize("case", ["preview", "fragments off"])
def test_nothing_is_kept_for_a_preview_or_with_fragments_off(case, settings):
    request = RequestFactory().get(PAGE)
    if case == "preview":
        request.is_preview = True
    else:
        settings.HUB_FRAGMENT_CACHE_SECONDS = 0
    built = []

    def build():
        built.append(1)
        return {"html": "<p>slots</p>", "count": 1}

    for _ in range(2):
        assert picker_cache.kept(request, ["same"], QueryDict(), build)["count"] == 1
    assert len(built) == 2


def _slot(expert, starts_at):
    from webinars.office_hours.slots import open_slots

    (slot,) = [
        s
        for s in open_slots(type(expert).objects.filter(pk=expert.pk), start=starts_at)
        if s.starts_at == starts_at
    ]
    return slot


def _first_time(html: str) -> str:
    """The first slot's start, as the page writes it (the day headings hold dates only)."""
    return re.search(r'<time class="slot__time" datetime="([^"]+)"', html).group(1)


def test_an_expert_s_new_topic_shows_at_once(client, expert, django_capture_on_commit_callbacks):
    from tests.network.factories import TopicFactory

    topic = TopicFactory(name="Protecting election workers")
    _slots, _queries, html = slots_of(client, expert)
    assert "Protecting election workers" not in html
    with django_capture_on_commit_callbacks(execute=True):
        expert.topics.add(topic)
    _slots, _queries, html = slots_of(client, expert)
    assert "Protecting election workers" in html


def test_other_parameters_alone_leave_the_filters_as_they_would_be(client, expert, settings):
    """A shared link with a tracking parameter must not be kept as a picker whose zone
    filter lost its value."""
    _slots, _queries, plain = slots_of(client, expert)
    with CaptureQueriesContext(connection):
        tracked = client.get(PAGE, {"utm_source": "newsletter"}).content.decode()
    bare = client.get(PAGE).content.decode()
    for html in (plain, tracked, bare):
        zones = html.split('name="zone"')[1].split("</select>")[0]
        selected = re.search(r'<option value="([^"]+)"[^>]* selected', zones)
        assert selected.group(1) == settings.HUB_DEFAULT_TIME_ZONE


def test_an_odd_question_is_answered_but_not_kept(client, expert):
    odd = "9" * 200
    for _ in range(2):
        _slots, queries, _html = slots_of(client, expert, topic=odd)
        assert reads_slots(queries)


def test_only_an_expert_s_account_starts_a_new_version(expert, django_capture_on_commit_callbacks):
    first = picker_cache.version()
    someone = member()
    with django_capture_on_commit_callbacks(execute=True):
        someone.full_name = "Someone Else"
        someone.save()
    assert picker_cache.version() == first
    with django_capture_on_commit_callbacks(execute=True):
        expert.user.full_name = "Robin Expert-Tremblay"
        expert.user.save()
    assert picker_cache.version() != first
