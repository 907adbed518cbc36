"""Finding 6 of issue 22: a flood of anonymous registrations, and an address that is already
registered posted again and again, each post sending another email. One visitor, one
address and one account may register so often (settings.HUB_RATE_WEBINAR_REGISTER_*); past
that the form comes back with what was typed, a message saying when to try again, and 429,
with nothing saved and no email. A repeat for a registered address sends its manage link
again at most once an hour, and answers exactly as a first registration does."""

import datetime
import re
import time

import pytest
from allauth.core.internal.ratelimit import parse_rates
from bs4 import BeautifulSoup
from django.conf import settings
from django.core import mail, signing
from django.utils import timezone

from tests.network.factories import UserFactory
from tests.webinars.factories import page_at, register_url, subscribe_url
from webinars.models import Registration, SeriesSubscription, WebinarPage, WebinarSeriesPage
from webinars.models.registrations import MANAGE_SALT

from .test_registration import guest

pytestmark = pytest.mark.django_db

VISITOR = "203.0.113.7"
SERIES = "/en/webinars/global-crises-local-impacts/"


def amount(setting: str) -> int:
    """The first (shortest) limit of a setting: how many go through before the refusal."""
    return parse_rates(getattr(settings, setting))[0].amount


@pytest.fixture
def session():
    page = WebinarPage.objects.get(
        locale__language_code="en", slug="urban-design-for-violence-prevention"
    )
    page.starts_at = timezone.now().replace(microsecond=0) + datetime.timedelta(days=3)
    page.capacity = 500
    page.save_revision().publish()
    return WebinarPage.objects.get(pk=page.pk)


@pytest.fixture
def clock(monkeypatch):
    """Moves time forward for the rate limiter (time.time) and the models (timezone.now)."""
    real_time, real_now = time.time, timezone.now
    offset = datetime.timedelta()

    def advance(**delta):
        nonlocal offset
        offset += datetime.timedelta(**delta)

    monkeypatch.setattr(time, "time", lambda: real_time() + offset.total_seconds())
    monkeypatch.setattr(timezone, "now", lambda: real_now() + offset)
    return advance


def post(client, url, data, visitor=VISITOR, capture=None):
    """One post, as a browser that read the page after the last one (its thanks shown)."""
    client.cookies.pop("messages", None)
    with capture(execute=True):
        return client.post(url, data, REMOTE_ADDR=visitor)


def manage_link_emails(address: str) -> list:
    return [m for m in mail.outbox if m.to == [address]]


def test_a_flood_from_one_visitor_is_stopped_with_the_form_kept(
    client, session, django_capture_on_commit_callbacks
):
    allowed = amount("HUB_RATE_WEBINAR_REGISTER_CLIENT")
    responses = [
        post(client, register_url(session), guest(n), capture=django_capture_on_commit_callbacks)
        for n in range(60)
    ]
    assert [r.status_code for r in responses[:allowed]] == [302] * allowed
    assert {r.status_code for r in responses[allowed:]} == {429}
    assert Registration.objects.filter(session=session).count() == allowed
    assert len(mail.outbox) == allowed  # one confirmation each, none for the refused

    refused = BeautifulSoup(responses[allowed].content, "html.parser")
    summary = refused.find(class_="error-summary").get_text(" ", strip=True)
    assert "many registrations from here" in summary and "Please try again in" in summary
    form = refused.find("form", action=register_url(session))
    typed = guest(allowed)
    assert form.find("input", attrs={"name": "full_name"})["value"] == typed["full_name"]
    assert form.find("input", attrs={"name": "email"})["value"] == typed["email"]
    assert form.find("input", attrs={"name": "organisation"})["value"] == typed["organisation"]

    # Another visitor is not held back by this one.
    other = post(
        client,
        register_url(session),
        guest(99),
        visitor="198.51.100.9",
        capture=django_capture_on_commit_callbacks,
    )
    assert other.status_code == 302


def test_the_refusal_is_in_french_on_the_french_page(
    client, session, django_capture_on_commit_callbacks, settings
):
    settings.HUB_RATE_WEBINAR_REGISTER_CLIENT = "1/10m/ip"
    french = session.get_translation(session.locale.__class__.objects.get(language_code="fr"))
    url = f"/fr{register_url(french)[3:]}"
    post(client, url, guest(1, language="fr"), capture=django_capture_on_commit_callbacks)
    refused = post(client, url, guest(2, language="fr"), capture=django_capture_on_commit_callbacks)
    assert refused.status_code == 429
    text = BeautifulSoup(refused.content, "html.parser").find(class_="error-summary").get_text()
    assert "Veuillez réessayer dans" in text and "minutes" in text
    assert Registration.objects.filter(email="guest2@town.example").count() == 0


def test_one_address_typed_from_many_visitors_is_limited(
    client, session, django_capture_on_commit_callbacks
):
    """Someone rotating addresses cannot aim the hub's emails at one inbox."""
    allowed = amount("HUB_RATE_WEBINAR_REGISTER_EMAIL")
    statuses = [
        post(
            client,
            register_url(session),
            guest(1),
            visitor=f"192.0.2.{n + 1}",
            capture=django_capture_on_commit_callbacks,
        ).status_code
        for n in range(30)
    ]
    assert statuses == [302] * allowed + [429] * (30 - allowed)


def test_reposting_a_registered_address_sends_its_link_once_an_hour(
    client, session, django_capture_on_commit_callbacks, clock
):
    address = "guest1@town.example"
    first = post(
        client, register_url(session), guest(1), capture=django_capture_on_commit_callbacks
    )
    assert len(manage_link_emails(address)) == 1  # the confirmation
    answers = []
    for n in range(30):  # from many visitors, so that only the reminder rule applies
        response = post(
            client,
            register_url(session),
            guest(1),
            visitor=f"192.0.2.{n + 1}",
            capture=django_capture_on_commit_callbacks,
        )
        if response.status_code == 302:
            answers.append(response)
    assert len(manage_link_emails(address)) == 2  # the confirmation and one reminder
    assert Registration.objects.filter(email=address).count() == 1

    # Each repeat answers as the first registration did: the same redirect, the same words.
    assert {r["Location"] for r in answers} == {first["Location"]}

    clock(hours=1, minutes=1)
    post(
        client,
        register_url(session),
        guest(1),
        visitor="192.0.2.250",
        capture=django_capture_on_commit_callbacks,
    )
    reminders = manage_link_emails(address)
    assert len(reminders) == 3
    # The link carries a signed timestamp, so it is compared by what it opens, not as text
    # (a second may tick between the email and this line).
    registration = Registration.objects.get(email=address)
    prefix = registration.manage_url().rsplit("/", 2)[0] + "/"
    links = re.findall(re.escape(prefix) + r"([^/\s]+)/", reminders[-1].body)
    assert len(links) == 1
    assert signing.loads(links[0], salt=MANAGE_SALT) == [registration.pk, address]


def test_a_repeat_answers_like_a_new_registration(
    client, session, django_capture_on_commit_callbacks
):
    """Whether the address was registered is not told by the answer, reminder sent or not."""
    post(client, register_url(session), guest(1), capture=django_capture_on_commit_callbacks)

    def answer(data, visitor):
        response = post(
            client, register_url(session), data, visitor, django_capture_on_commit_callbacks
        )
        page = client.get(session.url).content.decode()
        area = BeautifulSoup(page, "html.parser").find("section", id="registration")
        return response.status_code, response["Location"], area.get_text(" ", strip=True)

    status, location, text = answer(guest(3), "192.0.2.1")
    new = (status, location, text.replace("guest3@", "guest1@"))
    repeat_with_email = answer(guest(1), "192.0.2.2")
    repeat_quiet = answer(guest(1), "192.0.2.3")
    assert new == repeat_with_email == repeat_quiet
    assert "Thank you. We have emailed the details to guest1@town.example." in new[2]


def test_a_flood_of_series_registrations_is_stopped(
    client, django_capture_on_commit_callbacks, settings
):
    settings.HUB_RATE_WEBINAR_REGISTER_CLIENT = "3/10m/ip"
    url = subscribe_url(page_at(SERIES))
    statuses = [
        post(client, url, guest(n), capture=django_capture_on_commit_callbacks).status_code
        for n in range(10)
    ]
    assert statuses == [302] * 3 + [429] * 7
    assert SeriesSubscription.objects.filter(email__startswith="guest").count() == 3


def test_reposting_a_series_registration_sends_its_confirmation_once_an_hour(
    client, django_capture_on_commit_callbacks, clock
):
    series = WebinarSeriesPage.objects.get(
        locale__language_code="en", slug="global-crises-local-impacts"
    )
    url = subscribe_url(series)
    post(client, url, guest(1), capture=django_capture_on_commit_callbacks)

    def series_emails():
        return [m for m in mail.outbox if m.subject.startswith("You are registered for the series")]

    assert len(series_emails()) == 1
    sent = len(mail.outbox)
    for n in range(8):
        post(client, url, guest(1), f"192.0.2.{n + 1}", django_capture_on_commit_callbacks)
    assert len(series_emails()) == 2 and len(mail.outbox) == sent + 1
    clock(hours=1, minutes=1)
    post(client, url, guest(1), "192.0.2.200", django_capture_on_commit_callbacks)
    assert len(series_emails()) == 3


def test_a_signed_in_flood_is_limited_per_account(
    client, session, django_capture_on_commit_callbacks, settings
):
    settings.HUB_RATE_WEBINAR_REGISTER_MEMBER = "4/h/user"
    person = UserFactory()
    client.force_login(person)
    statuses = [
        post(
            client, register_url(session), guest(n), capture=django_capture_on_commit_callbacks
        ).status_code
        for n in range(6)
    ]
    assert statuses == [302] * 4 + [429] * 2
    # A colleague signed in on the same connection registers on their own account.
    client.force_login(UserFactory())
    again = post(
        client, register_url(session), guest(1), capture=django_capture_on_commit_callbacks
    )
    assert again.status_code == 302
