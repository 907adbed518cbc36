"""Every email in the hub's one layout, read back as a mail client would: Python's `email`
package parses the bytes the locmem backend got (issue 18, "Emails and calendar invitations").
"""

import datetime
import email
import re
from dataclasses import asdict
from email.policy import default as policy
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.utils import timezone, translation

from academy import tasks as academy_tasks
from academy.models import Cohort, CoursePage, Enrolment, ModulePage
from network import tasks as network_tasks
from network.mail import render_email
from tests.network.factories import PASSWORD, UserFactory
from webinars import registration as flow
from webinars import tasks as webinar_tasks
from webinars.models import WebinarPage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_afterwards():
    """A request to /fr/ leaves French active in this thread: later tests expect English."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


TEMPLATES = sorted(
    path.name.removesuffix("_message.txt")
    for path in (Path(settings.BASE_DIR) / "templates" / "email").glob("*_message.txt")
)
# The bulk kinds the flows give their messages (everything else is transactional).
BULK = {
    "webinar_reminder": "webinar_reminders",
    "webinar_recording": "recordings",
    "office_hours_reminder": "office_hours_reminders",
    "academy_module_released": "module_releases",
    "academy_nudge": "nudges",
}
SITE = {"en": "North America Hub", "fr": "Pôle Amérique du Nord"}


def parsed(message) -> email.message.EmailMessage:
    return email.message_from_bytes(message.message().as_bytes(), policy=policy)


def parts(message) -> tuple[str, str]:
    """(text, html) of a parsed message."""
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    return text, html


def check_layout(message, *, language: str, bulk: bool) -> tuple[str, str]:
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["Content-Language"] == language
    if bulk:
        assert re.fullmatch(
            r"<https?://[^>]+/unsubscribe/[^>]+/>", message["List-Unsubscribe"].strip()
        )
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    else:
        assert message["List-Unsubscribe"] is None and message["List-Unsubscribe-Post"] is None
    text, html = parts(message)
    for body in (text, html):
        assert SITE[language] in body
        assert "Hello from !" not in body and "c'est  !" not in body
    assert "\n-- \n" in text  # the signature separator, then the footer
    assert f'<html lang="{language}">' in html
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert "max-width: 600px" in html
    # Links wrap on a phone instead of widening the page.
    for link in re.findall(r"<a [^>]*>", html):
        assert "overflow-wrap: anywhere" in link
    return text, html


def stand_in_context():
    """Enough of every template's context to render it (the flows are tested elsewhere)."""
    zone = datetime.UTC
    starts = timezone.localtime(timezone.now(), zone)
    person = SimpleNamespace(full_name="Ana O'Brien", get_short_name=lambda: "Ana")
    expert = SimpleNamespace(user=SimpleNamespace(full_name="Dana Expert"))
    return {
        "user": person,
        "person": person,
        "enrolment": SimpleNamespace(status="enrolled"),
        "cohort": SimpleNamespace(name="Winter cohort", starts_on=starts.date()),
        "course": "City-led prevention",
        "course_title": "City-led prevention",
        "hours": "20",
        "certificate": SimpleNamespace(code="ABCD-1234"),
        "verify_url": "https://hub.example/en/academy/certificates/ABCD-1234/",
        "pdf_url": "https://hub.example/en/academy/certificates/ABCD-1234.pdf",
        "url": "https://hub.example/en/academy/" + "x" * 120 + "/",
        "module": "Mapping your city",
        "summary": "Where to start.",
        "lesson": "Lesson one",
        "percent": 40,
        "reference": "HD-2026-0042",
        "link": "https://hub.example/en/help-desk/1/",
        "booking": SimpleNamespace(
            cancelled_by="organisation",
            cancel_reason="",
            organisation=SimpleNamespace(name="Boise"),
            expert=expert,
            booked_by=person,
            get_language_display=lambda: "English",
        ),
        "side": "booker",
        "starts": starts,
        "ends": starts + datetime.timedelta(minutes=30),
        "previous": starts - datetime.timedelta(days=1),
        "meeting_url": "https://meet.example.org/x",
        "programme": SimpleNamespace(title="Office hours"),
        "registration": SimpleNamespace(full_name="Ana O'Brien", status="registered"),
        "session": SimpleNamespace(title="Faith communities as partners"),
        "join_url": "https://meet.example.org/hub/session",
        "manage_url": "https://hub.example/en/webinars/manage/" + "t" * 150 + "/",
        "page_url": "https://hub.example/en/webinars/faith/",
        "subscription": SimpleNamespace(full_name="Ana O'Brien"),
        "series": SimpleNamespace(title="Global crises, local impacts"),
        "attempts": 1,
        "by": SimpleNamespace(get_full_name=lambda: "Fay Facilitator"),
        "minutes": 10,
        "on_call": "Dana Expert",
    }


def send(message):
    mail.outbox.clear()
    network_tasks.send_email(asdict(message))
    (sent,) = mail.outbox
    return parsed(sent)


def test_every_email_template_is_found():
    assert len(TEMPLATES) >= 18 and set(BULK) <= set(TEMPLATES)


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("template", TEMPLATES)
def test_every_email_in_the_layout_with_its_headers(template, language):
    message = render_email(
        template=template,
        context=stand_in_context(),
        to=["ana@town.example"],
        language=language,
        kind=BULK.get(template, ""),
    )
    text, _html = check_layout(send(message), language=language, bulk=template in BULK)
    if template in BULK:
        assert "/unsubscribe/" in text.split("\n-- \n")[1]


# --- Through the real flows ---


@pytest.fixture
def session():
    page = WebinarPage.objects.get(locale__language_code="en", slug="faith-communities-as-partners")
    page.starts_at = timezone.now().replace(microsecond=0) + datetime.timedelta(days=3)
    page.save_revision().publish()
    return WebinarPage.objects.get(pk=page.pk)


def guest(n, language="en"):
    return {
        "full_name": f"Guest {n}",
        "email": f"guest{n}@town.example",
        "language": language,
        "consent": True,
    }


def test_a_registration_is_transactional_and_its_reminder_bulk_in_each_language(
    session, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        flow.register(session=session, **guest(1, "fr"))
    confirmation = parsed(mail.outbox[-1])
    check_layout(confirmation, language="fr", bulk=False)

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        webinar_tasks.send_reminders(now=session.starts_at - datetime.timedelta(minutes=30))
    (reminder,) = mail.outbox
    parsed_reminder = parsed(reminder)
    text, html = check_layout(parsed_reminder, language="fr", bulk=True)
    assert "rappels avant les webinaires" in text and "/fr/unsubscribe/" in text
    assert "/fr/unsubscribe/" in parsed_reminder["List-Unsubscribe"]


def test_module_release_notices_are_bulk(django_capture_on_commit_callbacks):
    course = CoursePage.objects.get(locale__language_code="en", slug="city-led-prevention")
    module = ModulePage.objects.get(locale=course.locale, slug="mapping-your-city")
    cohort = Cohort.objects.create(
        course=course,
        name="Layout cohort",
        starts_on=datetime.date(2024, 3, 4),
        time_zone="America/Regina",
    )
    Enrolment.objects.create(cohort=cohort, user=UserFactory(language="en"), status="enrolled")
    now = cohort.release_at(module.release_offset_days) + datetime.timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert academy_tasks.send_release_notices(now=now) == 1
    check_layout(parsed(mail.outbox[-1]), language="en", bulk=True)


@pytest.fixture
def no_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize("language", ["en", "fr"])
def test_allauth_confirmation_and_password_reset_use_the_layout_with_the_site_name(
    client, language, no_limits, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/{language}/accounts/signup/",
            {
                "full_name": "Robin Official",
                "email": "robin@city.example",
                "password1": "a-long-new-passphrase-7",
                "password2": "a-long-new-passphrase-7",
                "time_zone": "America/Regina",
                "language": language,
            },
        )
    (confirmation,) = mail.outbox
    text, _html = check_layout(parsed(confirmation), language=language, bulk=False)
    assert "/accounts/confirm-email/" in text

    user = UserFactory(language=language, password=PASSWORD)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/{language}/accounts/password/reset/", {"email": user.email})
    (reset,) = mail.outbox
    text, _html = check_layout(parsed(reset), language=language, bulk=False)
    assert "/accounts/password/reset/key/" in text
    greeting = {"en": "Hello,", "fr": "Bonjour,"}[language]
    assert text.startswith(greeting)


def test_punctuation_after_a_bracketed_link_is_kept_in_the_html_part():
    """Django 5.2's urlize lost the full stop in "(a@b.example)."; the HTML part must say
    everything the text part says."""
    from bs4 import BeautifulSoup

    from network.mail import html_from_text

    text = "Someone tried (a@b.example). See (https://hub.example/en/). Thanks, (x)!"
    html = html_from_text(text, subject="s")
    body = BeautifulSoup(html, "html.parser").get_text()
    assert "(a@b.example)." in body
    assert "(https://hub.example/en/)." in body
    assert "(x)!" in body
