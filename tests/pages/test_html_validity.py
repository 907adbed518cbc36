"""Every page type, in English and French, signed out and signed in, is valid HTML: the W3C
Nu HTML Checker (vnu.jar from package-lock.json, run with Java) finds no error in the HTML the
test client gets. Warnings and notes are left to people; an error fails the test.

All pages are checked in one Java run: starting the checker costs seconds, a page milliseconds.
"""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from helpdesk.models import HelpRequest
from network.models import User
from webinars.office_hours.models import Booking

pytestmark = pytest.mark.django_db

VNU = (
    Path(__file__).resolve().parents[2] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
)
OFFICIAL = "official.boise@hub.example"
# Boise has booked no office hours in the demo; Edmonton has.
BOOKER = "official.edmonton@hub.example"

# Pages whose language switcher would drop what the page is about (a query): both addresses.
WITH_QUERY = [
    ("resource hub, filtered", "/en/resources/?theme=mapping&language=fr", "/fr/ressources/?theme=mapping"),
    ("resource hub, nothing found", "/en/resources/?q=nothing-matches", "/fr/ressources/?theme=zzz&q=rien"),
    ("search results", "/en/search/?q=toolkit", "/fr/search/?q=cartographie"),
]  # fmt: skip

# Each page's English address; the French one is what its language switcher links to.
SIGNED_OUT = [
    ("home", "/en/"),
    ("about", "/en/about/"),
    ("membership", "/en/membership/"),
    ("resource hub", "/en/resources/"),
    ("resource", "/en/resources/ten-step-roadmap/"),
    ("stories", "/en/stories/"),
    ("story", "/en/stories/edmonton-hate-landscape/"),
    ("convenings", "/en/convenings/"),
    ("convening", "/en/convenings/mayoral-retreat-2027/"),
    ("member cities", "/en/member-cities/"),
    ("academies", "/en/academies/"),
    ("academy", "/en/prevention-academy-us/"),
    ("course", "/en/prevention-academy-us/city-led-prevention/"),
    ("module", "/en/prevention-academy-us/city-led-prevention/public-health-approach/"),
    ("webinars", "/en/webinars/"),
    ("series", "/en/webinars/global-crises-local-impacts/"),
    ("session", "/en/webinars/global-crises-local-impacts/when-a-conflict-abroad-divides-your-city/"),
    ("get help", "/en/get-help/"),
    ("sign in", "/en/accounts/login/"),
    ("sign up", "/en/accounts/signup/"),
]  # fmt: skip

SIGNED_IN = [
    ("lesson", "/en/prevention-academy-us/city-led-prevention/public-health-approach/levels-of-prevention/"),
    ("my hub", "/en/my/"),
    ("my learning", "/en/academy/my-learning/"),
    ("my bookings", "/en/office-hours/my/"),
    ("help desk", "/en/help-desk/"),
    ("new request", "/en/help-desk/new/"),
    ("profile", "/en/accounts/profile/"),
]  # fmt: skip

NOT_FOUND = [("not found", "/en/no-such-page/", "/fr/aucune-page/")]

# Forms sent empty, as a browser sends them (a select keeps its first choice): the page that
# shows their errors, with its error summary.
SENT_EMPTY = [
    ("sign up, errors", None, {}, "/en/accounts/signup/", "/fr/accounts/signup/"),
    ("sign in, errors", None, {"login": "", "password": ""}, "/en/accounts/login/", "/fr/accounts/login/"),
    ("password reset, errors", None, {"email": "no"}, "/en/accounts/password/reset/", "/fr/accounts/password/reset/"),
    ("new request, errors", OFFICIAL, {"summary": "", "country": "US", "language": "en"}, "/en/help-desk/new/", "/fr/help-desk/new/"),
    ("profile, errors", OFFICIAL, {"full_name": "", "language": "xx"}, "/en/accounts/profile/", "/fr/accounts/profile/"),
]  # fmt: skip


def checker() -> list[str]:
    """The command that runs the checker, or a skip (a failure under CI) saying what is
    missing."""
    java = shutil.which("java")
    missing = []
    if not java:
        missing.append("Java (apt-get install default-jre-headless)")
    if not VNU.exists():
        missing.append("node_modules/vnu-jar (make install-dev)")
    if missing:
        reason = "the HTML check needs " + " and ".join(missing)
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return [java, "-jar", str(VNU), "--format", "json", "--exit-zero-always"]


def signed_in(email: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(email=email))
    return client


def html(client: Client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    assert response["Content-Type"].startswith("text/html"), url
    return response.content.decode()


def french(page: str) -> str:
    """Where the page's language switcher leads in French."""
    link = BeautifulSoup(page, "html.parser").select_one(".language-switcher a[hreflang=fr]")
    assert link, "no French link in the language switcher"
    return link["href"]


def first_slot(page: str) -> str:
    """The first open slot's link on an office-hours picker."""
    link = BeautifulSoup(page, "html.parser").select_one("a.slot[href*='slot=']")
    assert link, "no open slot on the office-hours page"
    return link["href"]


def nav_link(page: str, text: str) -> str:
    """The header's link with this text."""
    links = BeautifulSoup(page, "html.parser").select("header a")
    found = [a["href"] for a in links if a.get_text(strip=True) == text]
    assert found, f"no {text!r} link in the header"
    return found[0]


def pages() -> dict[str, str]:
    """{label: HTML} for every page type in both languages."""
    found: dict[str, str] = {}
    visitor, official, booker = Client(), signed_in(OFFICIAL), signed_in(BOOKER)

    def both(label, client, en, fr=None, status=200):
        found[f"{label} (en) {en}"] = page = html(client, en, status)
        fr = fr or french(page)
        found[f"{label} (fr) {fr}"] = html(client, fr, status)

    for label, en in SIGNED_OUT:
        both(label, visitor, en)
    for label, en, fr in WITH_QUERY:
        both(label, visitor, en, fr)
    for label, en, fr in NOT_FOUND:
        both(label, visitor, en, fr, status=404)
    for label, en in SIGNED_IN:
        both(label, official, en)

    # Office hours as the header leads to them, and booking a slot there as a city's member.
    office_hours = nav_link(html(visitor, "/en/"), "Office hours")
    both("office hours", visitor, office_hours)
    picker = {"en": html(official, office_hours)}
    picker["fr"] = html(official, french(picker["en"]))
    for language, page in picker.items():
        book = first_slot(page)
        found[f"book a slot ({language}) {book}"] = html(official, book)

    request = HelpRequest.objects.visible_to(User.objects.get(email=OFFICIAL)).first()
    both("help-desk request", official, f"/en/help-desk/{request.public_id}/")
    booking = Booking.objects.visible_to(User.objects.get(email=BOOKER)).first()
    assert booking, f"the demo gives {BOOKER} no booking"
    both("booking", booker, f"/en/office-hours/my/{booking.public_id}/")
    found.update(confirmations(official, booker))

    for label, email, data, *urls in SENT_EMPTY:
        client = signed_in(email) if email else visitor
        for url in urls:
            response = client.post(url, data)
            assert response.status_code == 200, (url, response.status_code)
            content = response.content.decode()
            assert "data-error-summary" in content, f"{url}: no error summary"
            found[f"{label} ({url[1:3]}) {url}"] = content
    return found


def confirmations(official: Client, booker: Client) -> dict[str, str]:
    """The pages that ask before something cannot be taken back, and a knowledge check's
    result after a failed attempt."""
    import uuid

    from academy import services
    from academy.models import Enrolment, LessonPage
    from webinars import registration
    from webinars.models import Registration

    found = {}
    person = User.objects.get(email=BOOKER)
    booking = next(
        b
        for b in Booking.objects.visible_to(person)
        if b.booked_by == person and b.can_be_changed()
    )
    enrolment = Enrolment.objects.filter(user__email=OFFICIAL, status="enrolled").first()
    seat = next(
        r for r in Registration.objects.filter(status="registered").order_by("pk")
        if r.session.state() != "past"
    )  # fmt: skip
    lesson = LessonPage.objects.get(locale__language_code="en", slug="advisory-board")
    services.submit_check(lesson=lesson, user=User.objects.get(email=OFFICIAL),
                          nonce=uuid.uuid4(), answers={0: [0], 1: [3], 2: [0]})  # fmt: skip
    for language in ("en", "fr"):
        pages = [
            ("cancel a booking", booker,
             f"/{language}/office-hours/my/{booking.public_id}/cancel/"),
            ("leave a cohort", official, f"/{language}/academy/enrolments/{enrolment.pk}/withdraw/"),
            ("cancel a registration", Client(),
             f"/{language}/webinars/registrations/{registration.manage_token(seat)}/cancel/"),
        ]  # fmt: skip
        for label, client, url in pages:
            found[f"{label} ({language}) {url}"] = html(client, url)
    failed = html(official, lesson.url)
    assert 'id="check-result"' in failed
    found[f"lesson after a failed attempt (en) {lesson.url}"] = failed
    found[f"lesson after a failed attempt (fr) {french(failed)}"] = html(official, french(failed))
    return found


def validate(files: list[Path]) -> list[dict]:
    """The checker's messages for these files, all in one Java run."""
    run = subprocess.run(
        [*checker(), *map(str, files)], capture_output=True, text=True, timeout=120, check=True
    )
    # vnu writes its JSON report to standard error.
    return json.loads(run.stderr)["messages"]


def test_every_page_type_is_valid_html_in_both_languages(demo, tmp_path):
    checker()  # skip (fail under CI) before rendering anything when the checker is missing
    files = {}
    for number, (label, content) in enumerate(pages().items()):
        path = tmp_path / f"{number:03d}-{re.sub(r'[^a-z0-9]+', '-', label.lower())[:60]}.html"
        path.write_text(content, encoding="utf-8")
        files[path.resolve()] = label

    errors = []
    for message in validate(list(files)):
        # "non-document-error" (the checker could not read a file) fails too.
        if message.get("type") == "info":
            continue
        label = files.get(Path(unquote(urlsplit(message.get("url", "")).path)).resolve(), "?")
        errors.append(
            f"{label} line {message.get('lastLine', '?')}: {message['message']}"
            f"\n    {message.get('extract', '').strip()}"
        )
    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(errors)
