"""Hostile input to every public form (issue 8, security sweep), by property-based testing.

Hypothesis sends odd and hostile values to every form a visitor, a city official or an
organisation member fills: any unicode with control characters and NUL, very long strings,
SQL and HTML/JS injection, text where a number, a date or a choice is expected, missing and
duplicated fields, huge numbers, odd dates, wrong and tampered tokens. Every example checks:

- the answer is never a server error (status < 500);
- an answer that says no (a 4xx, the form again with its errors, or a redirect carrying an
  error message) wrote nothing: no INSERT, UPDATE or DELETE reached a table other than
  the session's (queries are captured, so examples never compare totals);
- input that is invalid by construction (a required field missing or blank, a NUL byte in a
  text field, a value outside a choice list, a wrong token) is always answered no.

Valid input may write. Each example runs in a savepoint that is rolled back afterwards, so
examples are independent even though the database only rolls back per test. Run it on
PostgreSQL too: NUL bytes reach it as a 500 where SQLite stores them.

HUB_FUZZ_EXAMPLES scales the number of examples per form (default 25).
"""

import datetime
import html
import io
import os
import re
import string
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import quote, urlencode

import pytest
from django.conf import settings as django_settings
from django.contrib import messages
from django.contrib.messages import get_messages
from django.core.cache import caches
from django.db import connection, transaction
from django.forms import BaseForm
from django.test import Client
from django.test.utils import CaptureQueriesContext, ContextList
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from academy import services as academy
from academy.models import Cohort, CoursePage, LessonPage
from helpdesk.models import HelpRequest
from network.choices import TIME_ZONES
from network.models import EXPERTS_GROUP, Organisation, User
from tests.network.factories import ExpertProfileFactory, UserFactory
from webinars import registration as registration_flow
from webinars.models import WebinarPage, WebinarSeriesPage
from webinars.office_hours import services as booking_services
from webinars.office_hours.models import (
    Availability,
    OfficeHoursExpert,
    OfficeHoursPage,
    WeeklyWindow,
)
from webinars.office_hours.slots import open_slots

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("HUB_FUZZ_EXAMPLES", "25"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)

BOISE_MEMBER = "official.boise@hub.example"  # a plain member of the city of Boise
COMMUNITY_LEAD = "community@hub.example"  # lead of a community organisation, not a city
SERIES = "/en/webinars/global-crises-local-impacts/"
SESSION = SERIES + "urban-design-for-violence-prevention/"  # has a recording and transcript
OFFICE_HOURS = "/en/webinars/office-hours/"


def subscribe_url() -> str:
    """Where the demo series' "register for every session" form posts (webinars:subscribe)."""
    series = WebinarSeriesPage.objects.get(
        locale__language_code="en", slug="global-crises-local-impacts"
    )
    return reverse("webinars:subscribe", args=[series.pk])


def book_url() -> str:
    """The demo programme's booking form (office_hours:book)."""
    programme = OfficeHoursPage.objects.get(locale__language_code="en", slug="office-hours")
    return f"/en/office-hours/{programme.pk}/book/"


PASSWORD = "Correct-horse-battery-9!"
ZONES = [value for value, _label in TIME_ZONES]


# --- Odd and hostile values ---

HOSTILE = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x00" * 8,
    "%00",
    "\r\nBcc: victim@evil.example",
    "\t\n\r\x0b\x0c",
    "\u202eevil\u202c",
    "\ufeff\u200b\u2028\u2029",
    "\ufffe\uffff",
    "🙂👩🏽‍💻🏳️‍🌈",
    "ＡＢＣ１２３",
    "İıǅß",
    "' OR '1'='1",
    "1' OR 1=1 --",
    "'; DROP TABLE network_user; --",
    '" OR ""="',
    "1; SELECT pg_sleep(5) --",
    "1) UNION SELECT password FROM network_user --",
    "%' AND 1=1 --",
    "\\",
    "\\x00",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "</textarea><svg/onload=alert(1)>",
    "{{ 7*7 }}",
    "{% debug %}",
    "${7*7}",
    "../../../../etc/passwd",
    "NaN",
    "Infinity",
    "-0",
    "1e400",
    "0x7fffffff",
    "-1",
    "0",
    "²",  # str.isdigit() says yes, int() says no
    "١٢",  # Arabic-Indic digits: isdigit() and int() both accept them
    "1_000",
    " 7 ",
    "9" * 30,
    str(2**63),
    str(-(2**63) - 1),
    "null",
    "None",
    "True",
    "[]",
    "{}",
    "2026-02-30",
    "0000-00-00",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "2026-13-45T25:61:61",
    "24:00",
    "1970-01-01T00:00:00Z",
    "2026-11-01T02:30:00-05:00",
]

ODD_CHARACTERS = (
    st.characters(max_codepoint=0x20)
    | st.sampled_from("\x7f\x85\xa0\u2028\u2029\u200b\u200d\u202e\ufeff\ufffd\ufffe\uffff")
    | st.characters(min_codepoint=0x10000, exclude_categories=["Cs"])
)
ODD_DATES = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.datetimes().map(lambda d: d.isoformat()),
    st.builds(
        lambda y, m, d: f"{y}-{m:02d}-{d:02d}",
        st.integers(-10, 12000),
        st.integers(0, 99),
        st.integers(0, 99),
    ),
)
LONG = st.builds(
    lambda piece, count: piece * count,
    st.sampled_from(["x", "é", "🙂", "\x00", "'", "<b>", "a b "]),
    st.integers(300, 30_000),
)
ODD = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=40),  # any unicode (but surrogates), NUL and controls included
    st.text(ODD_CHARACTERS, min_size=1, max_size=12),
    st.integers(-(2**80), 2**80).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    ODD_DATES,
    LONG,
)


class _Missing:
    def __repr__(self):
        return "MISSING"


MISSING = _Missing()


def field(good=None):
    """One form field: left out, a good value, an odd one, or sent several times."""
    good = good if good is not None else ODD
    value = st.one_of(good, ODD)
    return st.one_of(st.just(MISSING), good, good, ODD, st.lists(value, min_size=2, max_size=3))


def form(fields: dict, extra=True):
    """A dict of form data (absent fields dropped), sometimes with stray fields too."""
    strays = (
        st.dictionaries(
            st.text(string.ascii_letters + "_[]-.", min_size=1, max_size=12), ODD, max_size=2
        )
        if extra
        else st.just({})
    )
    return st.builds(
        lambda data, stray: {**stray, **{k: v for k, v in data.items() if v is not MISSING}},
        st.fixed_dictionaries(fields),
        strays,
    )


def last(data: dict, name: str):
    """What a form reads for a single-valued field (the last value sent), or None."""
    value = data.get(name)
    if isinstance(value, list):
        value = value[-1] if value else None
    return None if value is None else str(value)


def blank(data: dict, name: str) -> bool:
    """A required text field that is missing, blank or has a NUL byte: always an error."""
    value = last(data, name)
    return value is None or not value.strip() or "\x00" in value


def not_in(data: dict, name: str, choices) -> bool:
    value = last(data, name)
    return value is None or value not in {str(choice) for choice in choices}


# --- Sending a request and judging the answer ---

WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+["`]?(\w+)', re.IGNORECASE)
NOT_DATA = {"django_session"}


class _RollBack(Exception):
    pass


@contextmanager
def one_example():
    """A savepoint per example, rolled back: the next example finds the same world."""
    try:
        with transaction.atomic():
            yield
            raise _RollBack
    except _RollBack:
        pass


def _form_errors(response) -> bool:
    contexts = response.context
    if contexts is None:
        return False
    if not isinstance(contexts, ContextList):
        contexts = [contexts]
    for context in contexts:
        values = context.flatten().values() if hasattr(context, "flatten") else ()
        for value in values:
            if isinstance(value, BaseForm) and value.is_bound and value.errors:
                return True
    return False


@dataclass
class Outcome:
    response: object
    writes: list[str]
    description: str
    sent_nothing: bool = False

    @property
    def status(self) -> int:
        return self.response.status_code

    @property
    def error_messages(self) -> list[str]:
        request = getattr(self.response, "wsgi_request", None)
        if request is None or not hasattr(request, "_messages"):
            return []
        # Only this request's: send() drops the messages cookie before each request.
        return [str(m) for m in get_messages(request) if m.level >= messages.ERROR]

    @property
    def refused(self) -> bool:
        """The answer says no: a 4xx, the form again with errors, or an error message."""
        return (
            self.status >= 400
            or bool(self.error_messages)
            or (self.status == 200 and _form_errors(self.response))
        )


def send(client, method: str, url: str, data=None, *, urlencoded=False, **extra) -> Outcome:
    """One request, with every cache emptied first (rate limits, whole-page cache) so the
    view itself answers, and the tables it wrote to."""
    for alias in django_settings.CACHES:
        caches[alias].clear()
    client.cookies.pop("messages", None)
    kwargs = dict(extra)
    if urlencoded and method == "post":
        data = urlencode(data or {}, doseq=True)
        kwargs["content_type"] = "application/x-www-form-urlencoded"
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, data, **kwargs)
    writes = sorted(
        {
            match.group(1)
            for query in queries.captured_queries
            if (match := WRITE.match(query["sql"])) and match.group(1) not in NOT_DATA
        }
    )
    shown = repr(data)[:400]
    request = response.wsgi_request
    sent_nothing = method == "post" and not request.POST and not request.FILES
    return Outcome(response, writes, f"{method.upper()} {url[:300]} {shown}", sent_nothing)


def check(outcome: Outcome, *, invalid: bool = False, may_write_on_refusal=()) -> Outcome:
    assert outcome.status < 500, f"server error {outcome.status} on {outcome.description}"
    if invalid and not (outcome.sent_nothing and outcome.status == 200 and not outcome.writes):
        # (An empty POST may just show the form again, like a GET: `Form(request.POST or None)`.)
        assert outcome.refused, (
            f"invalid input accepted ({outcome.status}, wrote {outcome.writes}): "
            f"{outcome.description}"
        )
    if outcome.refused:
        wrote = set(outcome.writes) - set(may_write_on_refusal)
        assert not wrote, (
            f"refused ({outcome.status}, {outcome.error_messages}) but wrote {sorted(wrote)}: "
            f"{outcome.description}"
        )
    return outcome


def check_read_only(outcome: Outcome, *, statuses=(200, 301, 302, 404)) -> Outcome:
    """A GET form (search, filters): never a server error, never a write."""
    assert outcome.status < 500, f"server error {outcome.status} on {outcome.description}"
    assert outcome.status in statuses, f"{outcome.status} on {outcome.description}"
    assert not outcome.writes, f"a GET wrote {outcome.writes}: {outcome.description}"
    return outcome


def encodings():
    return st.booleans()


# --- The world ---


@pytest.fixture
def boise_member():
    return User.objects.get(email=BOISE_MEMBER)


@pytest.fixture
def learner():
    return UserFactory()


@pytest.fixture
def learner_client(learner):
    client = Client()
    client.force_login(learner)
    return client


@pytest.fixture
def member_client(boise_member):
    client = Client()
    client.force_login(boise_member)
    return client


@pytest.fixture
def upcoming_session():
    page = WebinarPage.objects.get(locale__language_code="en", slug="city-university-collaboration")
    page.starts_at = timezone.now().replace(microsecond=0) + datetime.timedelta(days=5)
    page.capacity = 100
    page.save_revision().publish()
    return WebinarPage.objects.get(pk=page.pk)


@pytest.fixture
def programme():
    return OfficeHoursPage.objects.get(locale__language_code="en", slug="office-hours")


@pytest.fixture
def expert(programme):
    """An expert of the programme, open every day 9:00-17:00 Toronto time."""
    from django.contrib.auth.models import Group

    profile = ExpertProfileFactory(
        user__time_zone="America/Toronto", time_zone="America/Toronto", languages=["en", "fr"]
    )
    profile.user.groups.add(Group.objects.get(name=EXPERTS_GROUP))
    availability = Availability.objects.create(
        expert=profile,
        slot_minutes=30,
        buffer_minutes=0,
        min_notice_hours=1,
        horizon_days=28,
        meeting_url="https://meet.example.org/fuzz",
    )
    for day in range(7):
        WeeklyWindow.objects.create(
            availability=availability, weekday=day, starts=datetime.time(9), ends=datetime.time(17)
        )
    OfficeHoursExpert.objects.create(page=programme, expert=profile)
    return profile


@pytest.fixture
def slot_keys(expert):
    start = timezone.now() + datetime.timedelta(days=2)
    slots = open_slots(type(expert).objects.filter(pk=expert.pk), start=start)
    return [slot.key for slot in slots[:6]]


# --- Accounts: sign-up, sign-in, password reset, profile ---


def fresh_email():
    return st.uuids().map(lambda u: f"fuzz-{u.hex[:12]}@example.org")


@FUZZ
@given(
    data=form(
        {
            "email": field(fresh_email() | st.just(BOISE_MEMBER) | st.just("Fuzz@Example.ORG")),
            "password1": field(st.just(PASSWORD)),
            "password2": field(st.just(PASSWORD)),
            "full_name": field(st.sampled_from(["Ada Lovelace", "Zoë O'Brien-Ngũgĩ"])),
            "time_zone": field(st.sampled_from(ZONES)),
        }
    ),
    urlencoded=encodings(),
)
def test_sign_up(data, urlencoded):
    invalid = (
        any(blank(data, name) for name in ("email", "password1", "password2", "full_name"))
        or last(data, "password1") != last(data, "password2")
        or not_in(data, "time_zone", ZONES)
    )
    with one_example():
        outcome = send(Client(), "post", "/en/accounts/signup/", data, urlencoded=urlencoded)
        check(outcome, invalid=invalid)


@FUZZ
@given(
    data=form(
        {
            "login": field(st.sampled_from([BOISE_MEMBER, "nobody@example.org"])),
            "password": field(st.sampled_from(["hub-demo-2026", "wrong"])),
            "remember": field(st.sampled_from(["on", ""])),
        }
    ),
    urlencoded=encodings(),
)
def test_sign_in(data, urlencoded):
    invalid = blank(data, "login") or blank(data, "password")
    with one_example():
        outcome = send(Client(), "post", "/en/accounts/login/", data, urlencoded=urlencoded)
        check(outcome, invalid=invalid)
        if outcome.status == 200:
            assert outcome.refused  # a failed sign-in says why


@FUZZ
@given(
    data=form({"email": field(st.sampled_from([BOISE_MEMBER, "nobody@example.org"]))}),
    urlencoded=encodings(),
)
def test_password_reset(data, urlencoded):
    with one_example():
        outcome = send(
            Client(), "post", "/en/accounts/password/reset/", data, urlencoded=urlencoded
        )
        check(outcome, invalid=blank(data, "email"))
        # Whether the address is known or not, asking for a reset link writes nothing but
        # the email to the address typed (the outbox: a link, or "no account here").
        assert set(outcome.writes) <= {"network_outboxemail"}, (
            f"wrote {outcome.writes}: {outcome.description}"
        )


@FUZZ
@given(
    data=form(
        {
            "full_name": field(st.sampled_from(["Robin Official", "Zoë Ngũgĩ"])),
            "language": field(st.sampled_from(["en", "fr"])),
            "time_zone": field(st.sampled_from(ZONES)),
        }
    ),
    urlencoded=encodings(),
)
def test_profile_edit(member_client, boise_member, data, urlencoded):
    invalid = (
        blank(data, "full_name")
        or not_in(data, "language", ["en", "fr"])
        or not_in(data, "time_zone", ZONES)
    )
    with one_example():
        outcome = send(member_client, "post", "/en/accounts/profile/", data, urlencoded=urlencoded)
        check(outcome, invalid=invalid)
        if not outcome.refused and not outcome.sent_nothing:
            assert outcome.status == 302
            stored = User.objects.get(pk=boise_member.pk)
            assert "\x00" not in stored.full_name and stored.time_zone in ZONES


# --- GET forms: search, filters, transcript search, certificate check ---


def query(fields: dict):
    return form(fields, extra=True)


@FUZZ
@given(
    params=query(
        {
            "q": field(st.sampled_from(["prevention", "city", "ville"])),
            "page": field(st.integers(-3, 5).map(str)),
        }
    )
)
def test_site_search(params):
    with one_example():
        check_read_only(send(Client(), "get", "/en/search/", params))


@FUZZ
@given(
    params=query(
        {
            "theme": field(st.sampled_from(["community-resilience", "online-harms"])),
            "type": field(st.sampled_from(["guide", "toolkit", "policy-brief", "recording"])),
            "audience": field(st.sampled_from(["mayors", "staff"])),
            "region": field(st.sampled_from(["canada", "united-states", "north-america"])),
            "language": field(st.sampled_from(["en", "fr", "es"])),
            "q": field(st.sampled_from(["guide", "youth"])),
            "page": field(st.integers(-3, 5).map(str)),
        }
    ),
    signed_in=st.booleans(),
)
def test_resource_hub_filters(member_client, params, signed_in):
    with one_example():
        check_read_only(
            send(member_client if signed_in else Client(), "get", "/en/resources/", params),
            statuses=(200,),
        )


@FUZZ
@given(
    params=query(
        {
            "series": field(st.sampled_from(["global-crises-local-impacts", "canada-series"])),
            "topic": field(st.sampled_from(["community-resilience", "online-harms"])),
            "language": field(st.sampled_from(["en", "fr", "bilingual"])),
            "page": field(st.integers(-3, 5).map(str)),
        }
    )
)
def test_webinar_index_filters(params):
    with one_example():
        check_read_only(send(Client(), "get", "/en/webinars/", params), statuses=(200,))


@FUZZ
@given(
    params=query(
        {
            "q": field(st.sampled_from(["city", "design", "the"])),
            "t": field(st.integers(-5, 100_000).map(str)),
            "play": field(st.sampled_from(["1", "0"])),
            "zone": field(st.sampled_from(ZONES)),
        }
    )
)
def test_recording_transcript_search(params):
    with one_example():
        check_read_only(send(Client(), "get", SESSION, params), statuses=(200,))


@FUZZ
@given(params=query({"code": field(st.sampled_from(["K7QM-2XD9-PL4R-8HTV", "k7qm2xd9pl4r8htv"]))}))
def test_certificate_check(params):
    with one_example():
        outcome = check_read_only(
            send(Client(), "get", "/en/academy/certificates/", params), statuses=(200, 302)
        )
        if outcome.status == 302:  # only a well-formed code goes on to its page
            code = outcome.response["Location"].rstrip("/").rsplit("/", 1)[-1]
            assert re.fullmatch(r"[A-Z0-9]{4}(-[A-Z0-9]{4}){3}", code), code


@FUZZ
@given(
    params=query(
        {
            "topic": field(st.sampled_from(["community-resilience", "online-harms"])),
            "language": field(st.sampled_from(["en", "fr"])),
            "expert": field(st.integers(0, 20).map(str)),
            "zone": field(st.sampled_from(ZONES)),
            "week": field(ODD_DATES),
            "slot": field(st.sampled_from(["1-1790000000", "3-1790003600"])),
        }
    ),
    book=st.booleans(),
)
def test_office_hours_picker_and_slot_page(member_client, params, book):
    url = book_url() if book else OFFICE_HOURS
    with one_example():
        check_read_only(send(member_client, "get", url, params), statuses=(200, 302))


# --- Tokens in links: wrong, tampered and odd ---

# Our own signed links answer a wrong token with 404 (a certificate code that only needs
# normalising redirects); allauth's own key pages answer 200 with "this link is invalid".
OUR_TOKEN_ROUTES = [
    "/en/academy/invitations/{}/",
    "/en/webinars/registrations/{}/",
    "/en/webinars/series/{}/",
    "/en/office-hours/link/{}/",
    "/en/academy/certificates/{}/",
    "/en/academy/certificates/{}/pdf/",
]
ALLAUTH_TOKEN_ROUTES = [
    "/en/accounts/password/reset/key/{}/",
    "/en/accounts/confirm-email/{}/",
]
ID_ROUTES = [
    "/en/academy/cohorts/{}/enrol/",
    "/en/academy/cohorts/{}/apply/",
    "/en/academy/enrolments/{}/withdraw/",
    "/en/academy/enrolments/{}/defer/",
    "/en/academy/lessons/{}/complete/",
]


def tampered(real: str):
    return st.one_of(
        st.builds(
            lambda cut, tail: real[: max(0, len(real) - cut)] + tail,
            st.integers(1, 12),
            st.text(max_size=8),
        ),
        st.just(real.upper()),
        st.just(real + ":" + real),
        st.just(real.replace(":", "%3A")),
    )


@FUZZ
@given(
    route=st.sampled_from(OUR_TOKEN_ROUTES + ALLAUTH_TOKEN_ROUTES),
    token=st.one_of(ODD, tampered("WzEyLCJhQGIuY28iXQ:1vN7Qe:abc123-XYZ_def456ghiJKL")),
    method=st.sampled_from(["get", "post"]),
    signed_in=st.booleans(),
)
def test_wrong_tokens_in_links(member_client, route, token, method, signed_in):
    url = route.format(quote(token, safe="") or "x")
    client = member_client if signed_in else Client()
    data = {"action": "cancel", "password1": PASSWORD, "password2": PASSWORD}
    with one_example():
        outcome = check(send(client, method, url, data), invalid=route in OUR_TOKEN_ROUTES)
        assert not outcome.writes, f"wrote {outcome.writes}: {outcome.description}"
        if route in OUR_TOKEN_ROUTES:
            assert outcome.status in (301, 404), outcome.description


@FUZZ
@given(
    route=st.sampled_from(ID_ROUTES),
    number=st.one_of(st.integers(0, 2**70), st.sampled_from([0, 2**31, 2**63, 10**40])),
    data=form({"cohort": field(), "note": field()}),
)
def test_unknown_ids_in_academy_actions(member_client, route, number, data):
    with one_example():
        outcome = check(send(member_client, "post", route.format(number), data))
        assert outcome.status in (302, 404), outcome.description
        assert not outcome.writes or number < 100, outcome.description


def test_a_lesson_id_beyond_64_bits_is_not_found(member_client):
    outcome = check(send(member_client, "post", f"/en/academy/lessons/{2**63}/complete/"))
    assert outcome.status == 404


# --- Webinars: registration, its manage link, series subscription ---


def registration_fields():
    return {
        "full_name": field(st.sampled_from(["Guest Person", "Zoë O'Brien"])),
        "email": field(fresh_email()),
        "organisation": field(st.sampled_from(["City of Moncton", ""])),
        "role": field(st.sampled_from(["staff", "elected", "community", ""])),
        "region": field(st.sampled_from(["Moncton, NB", ""])),
        "language": field(st.sampled_from(["en", "fr"])),
        "accessibility_needs": field(st.sampled_from(["", "Captions, please."])),
        "consent": field(st.sampled_from(["on", "true"])),
    }


def registration_invalid(data, signed_in: bool) -> bool:
    from webinars.models import Registration

    return (
        blank(data, "full_name")
        or (not signed_in and blank(data, "email"))
        or not_in(data, "language", ["en", "fr"])
        or (last(data, "role") not in (None, "") and not_in(data, "role", Registration.Role.values))
        or (last(data, "consent") or "").lower() in ("", "false")
        or any(
            "\x00" in (last(data, name) or "")
            for name in ("organisation", "region", "accessibility_needs")
        )
    )


@FUZZ
@given(data=form(registration_fields()), signed_in=st.booleans(), urlencoded=encodings())
def test_webinar_registration(upcoming_session, member_client, data, signed_in, urlencoded):
    client = member_client if signed_in else Client()
    url = reverse("webinars:register", args=[upcoming_session.pk])
    with one_example():
        check(
            send(client, "post", url, data, urlencoded=urlencoded),
            invalid=registration_invalid(data, signed_in),
        )


@FUZZ
@given(data=form(registration_fields()), signed_in=st.booleans(), urlencoded=encodings())
def test_series_subscription(member_client, data, signed_in, urlencoded):
    client = member_client if signed_in else Client()
    with one_example():
        check(
            send(client, "post", subscribe_url(), data, urlencoded=urlencoded),
            invalid=registration_invalid(data, signed_in),
        )


@pytest.fixture
def registration_links(upcoming_session):
    registration, _created = registration_flow.register(
        session=upcoming_session,
        full_name="Link Holder",
        email="link.holder@example.org",
        consent=True,
        language="en",
    )
    series = WebinarSeriesPage.objects.get(
        locale__language_code="en", slug="global-crises-local-impacts"
    )
    subscription = registration_flow.subscribe(
        series=series,
        full_name="Link Holder",
        email="link.holder@example.org",
        consent=True,
        language="en",
    )
    return {
        "registration": registration_flow.manage_token(registration),
        "series": registration_flow.subscription_token(subscription),
    }


@FUZZ
@given(
    which=st.sampled_from(["registration", "series"]),
    data=form({"action": field(), "reason": field(), "cancel": field()}),
    method=st.sampled_from(["get", "post"]),
    tamper=st.one_of(st.none(), st.text(min_size=1, max_size=4)),
)
def test_manage_and_cancel_links(registration_links, which, data, method, tamper):
    token = registration_links[which]
    if tamper:
        token = token[: -len(tamper)] + tamper
    route = (
        "/en/webinars/registrations/{}/" if which == "registration" else "/en/webinars/series/{}/"
    )
    with one_example():
        outcome = check(
            send(Client(), method, route.format(quote(token, safe="")), data),
            invalid=token != registration_links[which],
        )
        if method == "get":
            assert not outcome.writes, outcome.description


# --- Academy: enrolment, application, invitation, knowledge check ---


@pytest.fixture
def course():
    return CoursePage.objects.get(locale__language_code="en", slug="city-led-prevention")


@pytest.fixture
def cohorts(course):
    def make(mode):
        return Cohort.objects.create(
            course=course,
            name=f"Fuzz {mode}",
            capacity=3,
            enrolment_mode=mode,
            starts_on=timezone.localdate() + datetime.timedelta(days=10),
        )

    return {mode: make(mode) for mode in Cohort.Mode.values}


@FUZZ
@given(
    action=st.sampled_from(["enrol", "apply"]),
    mode=st.sampled_from(Cohort.Mode.values),
    data=form({"note": field(st.sampled_from(["We are ready.", ""])), "cohort": field()}),
    urlencoded=encodings(),
)
def test_academy_enrolment_and_application(learner_client, cohorts, action, mode, data, urlencoded):
    cohort = cohorts[mode]
    url = f"/en/academy/cohorts/{cohort.pk}/{action}/"
    wrong_mode = (action == "apply") != (mode == Cohort.Mode.APPLICATION) or (
        mode == Cohort.Mode.INVITATION
    )
    with one_example():
        outcome = check(
            send(learner_client, "post", url, data, urlencoded=urlencoded), invalid=wrong_mode
        )
        assert outcome.status == 302, outcome.description


@FUZZ
@given(
    data=form({"cohort": field(st.sampled_from(["later", "same"]))}),
    action=st.sampled_from(["defer", "withdraw"]),
)
def test_academy_defer_and_withdraw(learner_client, learner, cohorts, course, data, action):
    later = cohorts[Cohort.Mode.OPEN]
    with one_example():
        now = Cohort.objects.create(
            course=course, name="Fuzz now", capacity=5, starts_on=timezone.localdate()
        )
        enrolment = academy.enrol(cohort=now, user=learner)
        swap = {"later": str(later.pk), "same": str(now.pk)}
        data = {
            key: [swap.get(v, v) for v in value]
            if isinstance(value, list)
            else swap.get(value, value)
            for key, value in data.items()
        }
        chosen = last(data, "cohort")
        known = (
            chosen is not None
            and chosen.isascii()
            and chosen.isdigit()
            and int(chosen) < 2**63
            and Cohort.objects.filter(pk=int(chosen)).exclude(pk=now.pk).exists()
        )
        url = f"/en/academy/enrolments/{enrolment.pk}/{action}/"
        outcome = check(
            send(learner_client, "post", url, data), invalid=action == "defer" and not known
        )
        assert outcome.status == 302, outcome.description


@pytest.fixture
def invitation_token(cohorts, boise_member):
    from academy.models import Invitation

    cohort = cohorts[Cohort.Mode.INVITATION]
    academy.invite(cohort=cohort, emails=[boise_member.email])
    return academy.invitation_token(Invitation.objects.get(cohort=cohort))


@FUZZ
@given(
    data=form({"accept": field(), "cohort": field(), "email": field()}),
    who=st.sampled_from(["invited", "someone else", "anonymous"]),
    method=st.sampled_from(["get", "post"]),
)
def test_academy_invitation(member_client, invitation_token, data, who, method):
    client = {"invited": member_client, "anonymous": Client()}.get(who)
    if client is None:
        client = Client()
        client.force_login(UserFactory())
    url = f"/en/academy/invitations/{invitation_token}/"
    with one_example():
        outcome = check(
            send(client, method, url, data), invalid=who == "someone else" and method == "post"
        )
        if method == "get" or who == "anonymous":
            assert not outcome.writes, outcome.description


@pytest.fixture
def check_lesson(learner, course):
    lesson = LessonPage.objects.get(locale__language_code="en", slug="levels-of-prevention")
    cohort = Cohort.objects.create(
        course=course,
        name="Fuzz checks",
        starts_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    academy.enrol(cohort=cohort, user=learner)
    return lesson


@FUZZ
@given(
    data=form(
        {
            "q0": field(st.sampled_from(["0", "1", "2"])),
            "q1": field(st.sampled_from(["0", "1", "2"])),
            "q2": field(st.sampled_from(["0", "1", "2"])),
            "nonce": field(st.uuids().map(str)),
        }
    ),
    urlencoded=encodings(),
)
def test_knowledge_check(learner_client, check_lesson, data, urlencoded):
    invalid = any(name not in data for name in ("q0", "q1", "q2"))
    with one_example():
        url = f"/en/academy/lessons/{check_lesson.pk}/check/"
        check(send(learner_client, "post", url, data, urlencoded=urlencoded), invalid=invalid)


# --- Office hours: booking a slot, changing a booking ---


@FUZZ
@given(
    data=form(
        {
            "slot": field(st.sampled_from(["GOOD0", "GOOD1", "1-1790000000"])),
            "organisation": field(st.sampled_from(["MINE", "OTHER"])),
            "topic": field(st.sampled_from(["", "ANY"])),
            "questions": field(st.sampled_from(["How do we support a doxed councillor?"])),
            "language": field(st.sampled_from(["en", "fr"])),
        }
    ),
    urlencoded=encodings(),
)
def test_office_hours_booking(member_client, boise_member, expert, slot_keys, data, urlencoded):
    mine = Organisation.objects.get(memberships__user=boise_member)
    other = Organisation.objects.exclude(pk=mine.pk).first()
    topic = expert.topics.first()
    swap = {
        "GOOD0": slot_keys[0],
        "GOOD1": slot_keys[1],
        "MINE": str(mine.pk),
        "OTHER": str(other.pk),
        "ANY": str(topic.pk) if topic else "",
    }
    data = {
        key: [swap.get(v, v) for v in value] if isinstance(value, list) else swap.get(value, value)
        for key, value in data.items()
    }
    invalid = (
        last(data, "slot") not in slot_keys
        or blank(data, "questions")
        or last(data, "organisation") != str(mine.pk)
        or not_in(data, "language", ["en", "fr"])
    )
    with one_example():
        outcome = send(member_client, "post", book_url(), data, urlencoded=urlencoded)
        check(outcome, invalid=invalid)


@pytest.fixture
def member_booking(programme, expert, boise_member, slot_keys):
    from webinars.office_hours.slots import parse_key

    _expert_id, starts_at = parse_key(slot_keys[0])
    booking, _created = booking_services.book(
        programme=programme,
        expert_id=expert.pk,
        starts_at=starts_at,
        organisation=Organisation.objects.get(memberships__user=boise_member),
        user=boise_member,
        questions="Fuzz booking",
        language="en",
    )
    return booking


@FUZZ
@given(
    data=form(
        {
            "action": field(st.sampled_from(["cancel", "reschedule"])),
            "reason": field(st.sampled_from(["", "Council meeting moved."])),
            "slot": field(st.sampled_from(["GOOD", "1-1790000000"])),
        }
    ),
    via_link=st.booleans(),
    week=st.one_of(st.none(), ODD_DATES, ODD),
)
def test_booking_change(member_client, member_booking, slot_keys, data, via_link, week):
    data = {
        key: [slot_keys[3] if v == "GOOD" else v for v in value]
        if isinstance(value, list)
        else (slot_keys[3] if value == "GOOD" else value)
        for key, value in data.items()
    }
    action = last(data, "action")
    invalid = action not in ("cancel", "reschedule") or (
        action == "reschedule" and last(data, "slot") != slot_keys[3]
    )
    if via_link:
        client = Client()
        url = f"/en/office-hours/link/{booking_services.manage_token(member_booking)}/"
    else:
        client = member_client
        url = f"/en/office-hours/my/{member_booking.public_id}/"
    with one_example():
        if week is not None:
            check_read_only(send(client, "get", url, {"week": week, "zone": week}), statuses=(200,))
        check(send(client, "post", url, data), invalid=invalid)


# --- Help desk: filing a request (with attachments), message, reopen, rate ---

FILE_CONTENTS = st.one_of(
    st.sampled_from(
        [
            b"Meeting notes: plain text.\n",
            b"",
            b"\x00" * 64,
            b"%PDF-1.4\n1 0 obj << /OpenAction << /JS (app.alert(1)) >> >>\n%%EOF",
            b"%PDF-1.4\n%%EOF",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",  # a truncated PNG
            b"\xff\xd8\xff\xe0\x00\x10JFIF\x00",  # a truncated JPEG
            b"PK\x03\x04\x14\x00\x00\x00",  # a truncated zip (docx)
            b"MZ\x90\x00\x03\x00\x00\x00",
            b"\x7fELF\x02\x01\x01",
            b"#!/bin/sh\nrm -rf /\n",
            b"<html><script>alert(1)</script></html>",
            b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>",
            "Ünïcödé text 🙂\n".encode(),
            "text".encode("utf-16"),
        ]
    ),
    st.binary(max_size=600),
)
FILE_NAMES = st.one_of(
    st.sampled_from(
        [
            "notes.txt",
            "report.pdf",
            "photo.png",
            "..",
            ".",
            "../../etc/passwd",
            "C:\\Windows\\system32\\cmd.exe",
            "a\x00.txt",
            "evil.txt\x00.exe",
            "invoice.pdf.exe",
            "x" * 600 + ".txt",
            "😀" * 100 + ".pdf",
            "<script>alert(1)</script>.txt",
            "'; DROP TABLE helpdesk_attachment; --.txt",
            "\u202etxt.exe",
            "CON",
            ".htaccess",
            "name with spaces and ümlauts.docx",
        ]
    ),
    st.text(
        st.characters(exclude_characters='"\r\n\\/', exclude_categories=["Cs"]),
        min_size=1,
        max_size=40,
    ),
)
CONTENT_TYPES = st.sampled_from(
    [
        "text/plain",
        "application/pdf",
        "image/png",
        "text/html",
        "application/x-msdownload",
        "",
        "application/octet-stream",
        "text/plain; charset=\x00",
    ]
)


def uploads():
    return st.lists(
        st.builds(
            lambda name, content, kind: (name, content, kind),
            FILE_NAMES,
            FILE_CONTENTS,
            CONTENT_TYPES,
        ),
        max_size=6,
    )


def kept_by_django(name: str) -> bool:
    """Whether Django's multipart parser keeps a file: it drops one whose cleaned name is
    empty, "." or ".." (the test client sends the base name, or the field's name if empty)."""
    name = html.unescape(os.path.basename(name) or "files")
    name = name.rsplit("/")[-1].rsplit("\\")[-1]
    name = "".join(char for char in name if char.isprintable())
    return name not in {"", ".", ".."}


class RawUpload(io.BytesIO):
    """A file as the test client sends it, with any name (SimpleUploadedFile refuses "..")."""

    def __init__(self, name, content, content_type):
        super().__init__(content)
        self.name, self.content_type = name, content_type


def as_files(specs):
    return [RawUpload(name, content, kind) for name, content, kind in specs]


@pytest.fixture
def boise(boise_member):
    return Organisation.objects.get(memberships__user=boise_member)


@FUZZ
@given(
    data=form(
        {
            "organisation": field(st.sampled_from(["MINE", "OTHER"])),
            "urgency": field(st.sampled_from(["at_risk", "urgent", "routine"])),
            "summary": field(st.sampled_from(["A councillor is being harassed online."])),
            "details": field(st.sampled_from(["Since Monday, threats by email. Advice?"])),
            "topics": field(st.sampled_from(["ANY"])),
            "country": field(st.sampled_from(["US", "CA"])),
            "region": field(st.sampled_from(["", "US-ID", "CA-ON"])),
            "language": field(st.sampled_from(["en", "fr"])),
            "sensitivity": field(st.sampled_from(["standard", "restricted"])),
        }
    ),
    files=uploads(),
)
def test_help_desk_new_request(member_client, boise, data, files):
    from network.models import Topic

    other = Organisation.objects.filter(kind=Organisation.Kind.CITY).exclude(pk=boise.pk).first()
    topic = Topic.objects.filter(locale__language_code="en").first()
    swap = {"MINE": str(boise.pk), "OTHER": str(other.pk), "ANY": str(topic.pk)}
    data = {
        key: [swap.get(v, v) for v in value] if isinstance(value, list) else swap.get(value, value)
        for key, value in data.items()
    }
    region = last(data, "region")
    invalid = (
        last(data, "organisation") != str(boise.pk)
        or not_in(data, "urgency", ["at_risk", "urgent", "routine"])
        or blank(data, "summary")
        or blank(data, "details")
        or not_in(data, "country", ["US", "CA"])
        or not_in(data, "language", ["en", "fr"])
        or not_in(data, "sensitivity", ["standard", "restricted"])
        or (region not in (None, "") and not region.startswith(f"{last(data, 'country')}-"))
        or sum(kept_by_django(name) for name, _content, _kind in files) > 5
    )
    with one_example():
        outcome = send(
            member_client, "post", "/en/help-desk/new/", {**data, "files": as_files(files)}
        )
        check(outcome, invalid=invalid)


def test_a_topic_id_beyond_64_bits_is_refused(member_client, boise):
    data = {
        "organisation": boise.pk,
        "urgency": "routine",
        "summary": "S",
        "details": "D",
        "country": "US",
        "language": "en",
        "sensitivity": "standard",
        "topics": "9" * 30,
    }
    outcome = check(send(member_client, "post", "/en/help-desk/new/", data), invalid=True)
    assert outcome.status == 200


def test_an_application_note_with_a_nul_byte_is_not_a_server_error(learner_client, cohorts):
    """PostgreSQL refuses NUL in text; the note is read from POST without a form."""
    url = f"/en/academy/cohorts/{cohorts[Cohort.Mode.APPLICATION].pk}/apply/"
    with one_example():
        check(send(learner_client, "post", url, {"note": "We are\x00 ready."}))


@pytest.fixture
def resolved_request(boise, boise_member):
    now = timezone.now()
    return HelpRequest.objects.create(
        organisation=boise,
        requester=boise_member,
        country="US",
        region="US-ID",
        language="en",
        urgency="routine",
        sensitivity="standard",
        summary="Fuzz: a resolved request",
        details="Details.",
        status=HelpRequest.Status.RESOLVED,
        resolved_at=now - datetime.timedelta(days=1),
        first_response_due=now,
        resolution_due=now,
    )


@FUZZ
@given(
    data=form(
        {
            "action": field(st.sampled_from(["message", "reopen", "rate"])),
            "body": field(st.sampled_from(["Thank you, one more question.", ""])),
            "rating": field(st.sampled_from(["1", "2", "3"])),
        }
    ),
    files=uploads(),
    before=st.one_of(st.none(), ODD),
)
def test_help_desk_actions(member_client, resolved_request, data, files, before):
    url = f"/en/help-desk/{resolved_request.public_id}/"
    action = last(data, "action")
    invalid = (
        action not in ("message", "reopen", "rate")
        or (action == "rate" and not_in(data, "rating", ["1", "2", "3"]))
        or (action == "message" and blank(data, "body") and not files)
    )
    with one_example():
        if before is not None:
            check_read_only(send(member_client, "get", url, {"before": before}), statuses=(200,))
        check(send(member_client, "post", url, {**data, "files": as_files(files)}), invalid=invalid)
