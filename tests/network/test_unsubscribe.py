"""One-click unsubscribe (RFC 8058) and the profile's email choices: stopping a kind takes
effect at once, for that kind only, and can be undone."""

import datetime
import email
import re
from email.policy import default as policy

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core import mail
from django.test import Client
from django.utils import timezone, translation

from academy import tasks as academy_tasks
from academy.models import Cohort, CoursePage, Enrolment, ModulePage
from network.mail import queue_email, render_email
from network.models import EmailPreference
from network.preferences import is_suppressed, unsubscribe, unsubscribe_token
from tests.network.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_afterwards():
    """A request to /fr/ leaves French active in this thread: later tests expect English."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


Kind = EmailPreference.Kind


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def list_unsubscribe(message) -> str:
    parsed = email.message_from_bytes(message.message().as_bytes(), policy=policy)
    return re.fullmatch(r"<(.+)>", parsed["List-Unsubscribe"].strip()).group(1)


@pytest.fixture
def release(django_capture_on_commit_callbacks):
    """Two learners in a cohort whose second module opens; `send()` runs the notices."""
    course = CoursePage.objects.get(locale__language_code="en", slug="city-led-prevention")
    module = ModulePage.objects.get(locale=course.locale, slug="mapping-your-city")
    cohort = Cohort.objects.create(
        course=course,
        name="Unsubscribe cohort",
        starts_on=datetime.date(2024, 3, 4),
        time_zone="America/Regina",
    )
    people = [UserFactory(language="en"), UserFactory(language="fr")]
    for user in people:
        Enrolment.objects.create(cohort=cohort, user=user, status="enrolled")
    now = cohort.release_at(module.release_offset_days) + datetime.timedelta(hours=1)

    def send():
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            academy_tasks.send_release_notices(now=now)
        return {message.to[0] for message in mail.outbox}

    return people, send


def test_the_one_click_post_stops_that_kind_at_once_and_only_that_kind(
    release, django_capture_on_commit_callbacks
):
    (english, french), send = release
    with django_capture_on_commit_callbacks(execute=True):
        queue_email(
            render_email(
                template="academy_nudge",
                context={"user": english},
                to=[english.email],
                language="en",
                kind=Kind.NUDGES,
            )
        )
        for user in (english, french):
            queue_email(
                render_email(
                    template="academy_module_released",
                    context={"user": user},
                    to=[user.email],
                    language=user.language,
                    kind=Kind.MODULE_RELEASES,
                )
            )
    by_kind = {m.subject: m for m in mail.outbox if m.to == [english.email]}
    notice = next(m for s, m in by_kind.items() if s.startswith("New module"))
    url = list_unsubscribe(notice)

    # What a mail provider sends (RFC 8058): a POST with that body, no cookie, no CSRF token.
    provider = Client(enforce_csrf_checks=True)
    response = provider.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert is_suppressed(email=english.email, kind=Kind.MODULE_RELEASES)
    assert not is_suppressed(email=english.email, kind=Kind.NUDGES)

    # The next notice of that kind skips them; the other learner still gets it.
    assert send() == {french.email}
    # Another kind still reaches them.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        queue_email(
            render_email(
                template="academy_nudge",
                context={"user": english},
                to=[english.email],
                language="en",
                kind=Kind.NUDGES,
            )
        )
    assert [m.to for m in mail.outbox] == [[english.email]]
    # Transactional mail has no kind and is never held back.
    EmailPreference.objects.filter(email=english.email).update(unsubscribed_at=timezone.now())
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        queue_email(
            render_email(
                template="helpdesk_update",
                context={"person": english},
                to=[english.email],
                language="en",
            )
        )
    assert [m.to for m in mail.outbox] == [[english.email]]


def test_a_message_queued_before_the_unsubscribe_is_not_sent(django_capture_on_commit_callbacks):
    """The choice is read when the worker sends, so it counts even for mail already queued."""
    user = UserFactory(language="en")
    message = render_email(
        template="academy_nudge",
        context={"user": user},
        to=[user.email],
        language="en",
        kind=Kind.NUDGES,
    )
    unsubscribe(email=user.email.upper(), kind=Kind.NUDGES)  # addresses compare in lower case
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        queue_email(message)
    assert mail.outbox == []


def test_a_get_only_asks(client, release):
    (english, _french), send = release
    url = f"/en/unsubscribe/{unsubscribe_token(email=english.email, kind=Kind.MODULE_RELEASES)}/"
    page = soup(client.get(url))
    assert page.h1.get_text(strip=True) == "Unsubscribe from new modules in your courses?"
    assert english.email in page.main.get_text()
    form = page.main.find("form", method="post")
    assert form.find("button", type="submit").get_text(strip=True) == "Unsubscribe"
    assert not is_suppressed(email=english.email, kind=Kind.MODULE_RELEASES)
    assert english.email in send()


def test_the_button_unsubscribes_and_undo_resubscribes(client, release):
    (english, _french), send = release
    url = f"/en/unsubscribe/{unsubscribe_token(email=english.email, kind=Kind.MODULE_RELEASES)}/"
    response = client.post(url, {"action": "unsubscribe"})
    assert response.status_code == 302 and response["Location"] == url
    page = soup(client.get(url))
    assert page.h1.get_text(strip=True) == "You are unsubscribed"
    assert page.main.find("input", {"name": "action"})["value"] == "resubscribe"
    assert english.email not in send()

    client.post(url, {"action": "resubscribe"})
    page = soup(client.get(url))
    assert "you will get these emails again" in page.get_text()
    assert page.h1.get_text(strip=True).startswith("Unsubscribe from")
    assert not is_suppressed(email=english.email, kind=Kind.MODULE_RELEASES)


@pytest.mark.parametrize(
    "token",
    [
        "bad",
        unsubscribe_token(email="a@town.example", kind="nudges")[:-2] + "xx",
        unsubscribe_token(email="a@town.example", kind="no-such-kind"),
    ],
)
def test_a_tampered_or_unknown_link_is_not_found(client, token):
    assert client.get(f"/en/unsubscribe/{token}/").status_code == 404
    assert (
        client.post(f"/en/unsubscribe/{token}/", {"List-Unsubscribe": "One-Click"}).status_code
        == 404
    )
    assert not EmailPreference.objects.exists()


def test_the_french_page(client):
    token = unsubscribe_token(email="lea@ville.example", kind=Kind.WEBINAR_REMINDERS)
    page = soup(client.get(f"/fr/unsubscribe/{token}/"))
    assert page.html["lang"] == "fr"
    assert page.h1.get_text(strip=True) == ("Vous désabonner des rappels avant les webinaires ?")
    assert page.main.find("button").get_text(strip=True) == "Me désabonner"
    client.post(f"/fr/unsubscribe/{token}/", {"action": "unsubscribe"})
    page = soup(client.get(f"/fr/unsubscribe/{token}/"))
    assert page.h1.get_text(strip=True) == "Désabonnement confirmé"
    assert "Nous n’enverrons plus de courriels au sujet des rappels" in page.main.get_text()


def test_the_profile_lists_each_kind_and_changes_them(client):
    user = UserFactory(language="en")
    client.force_login(user)
    EmailPreference.objects.create(
        email=user.email, kind=Kind.NUDGES, unsubscribed_at=datetime.datetime.now(datetime.UTC)
    )
    section = soup(client.get("/en/accounts/profile/")).find("section", id="emails")
    assert section.h2.get_text(strip=True) == "Emails"
    boxes = {
        box["value"]: box.has_attr("checked") for box in section.select("input[type=checkbox]")
    }
    assert boxes == {kind: kind != Kind.NUDGES for kind in Kind.values}
    for box in section.select("input[type=checkbox]"):  # every box has its label
        assert section.find("label", attrs={"for": box["id"]})

    response = client.post("/en/accounts/profile/emails/", {"emails-wanted": [Kind.NUDGES]})
    assert response.status_code == 302 and response["Location"] == "/en/accounts/profile/#emails"
    assert not is_suppressed(email=user.email, kind=Kind.NUDGES)
    assert all(is_suppressed(email=user.email, kind=k) for k in Kind.values if k != Kind.NUDGES)
    french = soup(client.get("/fr/accounts/profile/")).find("section", id="emails")
    assert french.h2.get_text(strip=True) == "Courriels"
