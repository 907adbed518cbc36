"""Races over HTTP: many people booking one office-hours slot, and registering for one
webinar session with fewer seats than people, at the same moment.

The site runs under gunicorn (bench.server); each client is a thread with its own HTTP
session, which loads the form first (CSRF token, session cookie), then waits at a barrier
so that every POST leaves at once. The outcome is read twice: from the HTTP answers, and
from the database, which must hold exactly one booking per slot and never more registered
people than seats.

The people, organisations and the webinar session the races need are made through the ORM
at the start (password "hub-demo-2026") and removed at the end, with the emails the races
queued. Race clients get their session the way Django's test client's force_login does:
allauth allows 30 sign-ins a minute from one address, and 50 clients share 127.0.0.1.

Standalone: `python -m bench.race`.
"""

import datetime
import sys
import threading
import time
import uuid
from collections import Counter
from urllib.parse import urlsplit

import requests

from .server import CSRF_FIELD, PASSWORD, gunicorn

PREFIX = "bench-race"
EMAIL_DOMAIN = "bench.example"
SESSION_TITLE = "Bench race session"
_session_keys: list[str] = []  # the sign-ins made for the race, removed at the end


def _setup_django() -> None:
    import os

    import django
    from django.apps import apps

    if not apps.ready:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
        django.setup()


def _path(page) -> str:
    return urlsplit(page.get_full_url()).path


# --- The people ---


def _make_people(count: int):
    """`count` members, each the only member of an organisation of their own (so that the
    cap on upcoming bookings per organisation never decides a race)."""
    from network.models import Membership, Organisation, User

    people = []
    for n in range(count):
        organisation = Organisation.objects.create(
            name=f"Bench race org {n:02d}",
            slug=f"{PREFIX}-org-{n:02d}",
            kind=Organisation.Kind.CITY,
            country="CA",
            region="CA-ON",
            is_member=True,
        )
        user = User.objects.create_user(
            email=f"{PREFIX}-{n:02d}@{EMAIL_DOMAIN}",
            password=PASSWORD,
            full_name=f"Race Person {n:02d}",
        )
        Membership.objects.create(user=user, organisation=organisation, role=Membership.Role.LEAD)
        people.append((user, organisation))
    return people


def _session_cookie(user) -> str:
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    _session_keys.append(key)
    return key


def _queued_tasks_after(first_id: int):
    from django_q.models import OrmQ

    return OrmQ.objects.filter(pk__gt=first_id)


def _last_task_id() -> int:
    from django_q.models import OrmQ

    last = OrmQ.objects.order_by("-pk").values_list("pk", flat=True).first()
    return last or 0


def _ours(task) -> bool:
    try:
        text = repr(task.task).lower()  # the decoded task (a property)
    except Exception:  # noqa: BLE001 - an undecodable task is someone else's
        return False
    return PREFIX in text or "bench race" in text


def _clean_up(first_task_id: int) -> dict:
    from django.contrib.sessions.models import Session
    from wagtail.models import PageLogEntry

    from network.models import Organisation, User
    from webinars.models import Registration, WebinarPage
    from webinars.office_hours.models import Booking

    removed = {}
    removed["bookings"] = Booking.objects.filter(organisation__slug__startswith=PREFIX).delete()[0]
    sessions = WebinarPage.objects.filter(slug__startswith=PREFIX)
    removed["registrations"] = Registration.objects.filter(session__in=sessions).delete()[0]
    removed["webinar_sessions"] = 0
    for page in sessions:
        page.delete()
        removed["webinar_sessions"] += 1
    removed["page_log_entries"] = PageLogEntry.objects.filter(label=SESSION_TITLE).delete()[0]
    removed["sessions_signed_in"] = Session.objects.filter(session_key__in=_session_keys).delete()[
        0
    ]
    _session_keys.clear()
    removed["people"] = User.objects.filter(email__startswith=f"{PREFIX}-").delete()[0]
    removed["organisations"] = Organisation.objects.filter(slug__startswith=PREFIX).delete()[0]
    tasks = [t.pk for t in _queued_tasks_after(first_task_id) if _ours(t)]
    from django_q.models import OrmQ

    removed["queued_emails"] = OrmQ.objects.filter(pk__in=tasks).delete()[0]
    return removed


# --- Clients ---


class Client(threading.Thread):
    """One person: load the form, wait at the barrier, send it, note the answer."""

    def __init__(self, barrier, form_url, post_url, data, cookie=""):
        super().__init__(daemon=True)
        self.barrier, self.form_url, self.post_url, self.data = barrier, form_url, post_url, data
        self.http = requests.Session()
        if cookie:
            self.http.cookies.set("sessionid", cookie)
        self.status = None
        self.location = ""
        self.error = None
        self.sent_at = self.answered_at = None

    def run(self):
        try:
            form = self.http.get(self.form_url, allow_redirects=False, timeout=120)
            found = CSRF_FIELD.search(form.text) if form.status_code == 200 else None
            if not found:
                self.error = f"form: HTTP {form.status_code} {form.headers.get('Location', '')}"
                self.barrier.abort()
                return
            data = {**self.data, "csrfmiddlewaretoken": found.group(1)}
            self.barrier.wait(timeout=300)
            self.sent_at = time.perf_counter()
            answer = self.http.post(
                self.post_url,
                data=data,
                allow_redirects=False,
                timeout=120,
                headers={"Referer": self.form_url},
            )
            self.answered_at = time.perf_counter()
            self.status = answer.status_code
            self.location = answer.headers.get("Location", "")
        except threading.BrokenBarrierError:
            self.error = self.error or "another client could not load its form"
        except requests.RequestException as error:
            self.error = f"{error.__class__.__name__}: {error}"


def _race(clients: list[Client]) -> dict:
    for client in clients:
        client.start()
    for client in clients:
        client.join()
    sent = [c.sent_at for c in clients if c.sent_at]
    answered = [c.answered_at for c in clients if c.answered_at]
    elapsed = (max(answered) - min(sent)) if sent and answered else None
    return {
        "elapsed_s": round(elapsed, 3) if elapsed else None,
        "attempts_per_s": round(len(answered) / elapsed, 1) if elapsed else None,
        "client_errors": Counter(c.error for c in clients if c.error),
    }


# --- (a) Booking one office-hours slot ---


def _office_hours():
    """The English office-hours programme and, of its experts, the one with the most open
    slots ahead."""
    from wagtail.models import Locale

    from network.models import ExpertProfile
    from webinars.office_hours.models import OfficeHoursPage
    from webinars.office_hours.slots import open_slots

    page = (
        OfficeHoursPage.objects.live().filter(locale=Locale.get_default()).order_by("path").first()
    )
    if page is None:
        raise RuntimeError("no office-hours programme in this database (run load_demo)")
    page = page.specific
    best = []
    now = datetime.datetime.now(datetime.UTC)
    for expert_id in page.expert_ids():
        slots = open_slots(
            ExpertProfile.objects.filter(pk=expert_id),
            start=now,
            end=now + datetime.timedelta(days=60),
        )
        if len(slots) > len(best):
            best = slots
    if not best:
        raise RuntimeError("no open office-hours slot in the next 60 days")
    return page, best


def booking_race(server, people, *, rounds: int) -> list[dict]:
    from webinars.office_hours.models import Booking

    page, slots = _office_hours()
    book_url = server.url(f"/{page.locale.language_code}/office-hours/{page.pk}/book/")
    cookies = {user.pk: _session_cookie(user) for user, _org in people}
    results = []
    # Slots a day apart at least, later than the notice period, so rounds do not interfere.
    chosen, last = [], None
    for slot in slots:
        if last is None or slot.starts_at - last >= datetime.timedelta(hours=12):
            chosen.append(slot)
            last = slot.starts_at
        if len(chosen) == rounds:
            break
    for number, slot in enumerate(chosen, 1):
        barrier = threading.Barrier(len(people))
        clients = [
            Client(
                barrier,
                f"{book_url}?slot={slot.key}",
                book_url,
                {
                    "slot": slot.key,
                    "organisation": str(org.pk),
                    "topic": "",
                    "questions": f"Bench race round {number}.",
                    "language": "en",
                },
                cookie=cookies[user.pk],
            )
            for user, org in people
        ]
        timing = _race(clients)
        outcomes = Counter()
        for client in clients:
            if client.error:
                outcomes["client error"] += 1
            elif client.status == 302 and "/office-hours/my/" in client.location:
                outcomes["booked (302)"] += 1
            elif client.status == 409:
                outcomes["just taken (409)"] += 1
            else:
                outcomes[f"HTTP {client.status}"] += 1
        active = Booking.objects.active().filter(expert_id=slot.expert_id, starts_at=slot.starts_at)
        in_db = active.count()
        winner = active.values_list("organisation__slug", flat=True).first()
        winners = [c for c in clients if c.status == 302]
        results.append(
            {
                "round": number,
                "slot": slot.key,
                "starts_at": slot.starts_at.isoformat(),
                "clients": len(clients),
                "outcomes": dict(outcomes),
                "bookings_in_db": in_db,
                "winner_matches_db": len(winners) == 1
                and winner is not None
                and winners[0].data["organisation"]
                == str(next((o.pk for _u, o in people if o.slug == winner), None)),
                "ok": in_db == 1
                and outcomes["booked (302)"] == 1
                and outcomes["just taken (409)"] == len(clients) - 1,
                **timing,
                "client_errors": dict(timing["client_errors"]),
            }
        )
        # Free the organisations' quota for the next round (at most 2 upcoming each).
        Booking.objects.filter(organisation__slug__startswith=PREFIX).delete()
    return results


# --- (b) Registering for one session with fewer seats than people ---


def _race_session(seats: int):
    from wagtail.models import Locale

    from webinars.models import WebinarPage, WebinarSeriesPage

    series = (
        WebinarSeriesPage.objects.live()
        .filter(locale=Locale.get_default())
        .order_by("path")
        .first()
    )
    if series is None:
        raise RuntimeError("no webinar series in this database (run load_demo)")
    page = WebinarPage(
        title=SESSION_TITLE,
        slug=f"{PREFIX}-{uuid.uuid4().hex[:8]}",
        summary="A session the registration race fills.",
        starts_at=datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=20),
        time_zone="America/Toronto",
        duration_minutes=60,
        capacity=seats,
        registration_mode=WebinarPage.RegistrationMode.OPEN,
        join_url="https://meet.example.org/hub/bench-race",
    )
    series.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def registration_race(server, *, clients: int, seats: int, rounds: int) -> list[dict]:
    from webinars.models import Registration

    results = []
    for number in range(1, rounds + 1):
        page = _race_session(seats)
        page_url = server.url(_path(page))
        barrier = threading.Barrier(clients)
        people = [
            Client(
                barrier,
                page_url,
                server.url(f"/{page.locale.language_code}/webinars/sessions/{page.pk}/register/"),
                {
                    "full_name": f"Race Guest {n:02d}",
                    "email": f"{PREFIX}-guest-{number}-{n:02d}@{EMAIL_DOMAIN}",
                    "organisation": "Bench",
                    "role": "staff",
                    "region": "Toronto",
                    "language": "en",
                    "accessibility_needs": "",
                    "consent": "on",
                },
            )
            for n in range(clients)
        ]
        timing = _race(people)
        outcomes = Counter()
        for client in people:
            if client.error:
                outcomes["client error"] += 1
            elif client.status == 302:
                outcomes["answered (302)"] += 1
            else:
                outcomes[f"HTTP {client.status}"] += 1
        in_db = Counter(Registration.objects.filter(session=page).values_list("status", flat=True))
        registered = in_db.get(Registration.Status.REGISTERED, 0)
        waitlisted = in_db.get(Registration.Status.WAITLISTED, 0)
        expected_registered = min(seats, clients)
        results.append(
            {
                "round": number,
                "session": _path(page),
                "seats": seats,
                "clients": clients,
                "outcomes": dict(outcomes),
                "registered": registered,
                "waitlisted": waitlisted,
                "other_statuses": {
                    k: v
                    for k, v in in_db.items()
                    if k not in (Registration.Status.REGISTERED, Registration.Status.WAITLISTED)
                },
                "overbooked": registered > seats,
                "ok": registered == expected_registered
                and waitlisted == clients - expected_registered
                and outcomes["answered (302)"] == clients,
                **timing,
                "client_errors": dict(timing["client_errors"]),
            }
        )
    return results


# --- Both ---


def run(
    *,
    clients: int = 50,
    booking_rounds: int = 3,
    registration_rounds: int = 2,
    seats: int = 20,
    workers: int = 2,
    worker_class: str = "sync",
) -> dict:
    """Both races against one gunicorn; prints the tables, returns the figures."""
    _setup_django()
    from django.db import connection

    first_task = _last_task_id()
    leftovers = _clean_up(0)  # an interrupted earlier run
    result = {
        "database": connection.vendor,
        "server": f"gunicorn {workers} {worker_class} workers",
        "clients": clients,
    }
    try:
        people = _make_people(clients)
        with gunicorn(workers=workers, worker_class=worker_class) as server:
            result["booking"] = booking_race(server, people, rounds=booking_rounds)
            result["registration"] = registration_race(
                server, clients=clients, seats=seats, rounds=registration_rounds
            )
            result["server_errors"] = server.errors()
    finally:
        result["cleaned_up"] = _clean_up(first_task)
        if any(leftovers.values()):
            result["leftovers_from_earlier_run"] = leftovers
    result["ok"] = (
        all(r["ok"] for r in result.get("booking", []))
        and all(r["ok"] for r in result.get("registration", []))
        and bool(result.get("booking"))
        and bool(result.get("registration"))
    )
    print(table(result))
    return result


def table(result: dict) -> str:
    lines = [
        f"Booking race: {result['clients']} signed-in members of different organisations POST "
        f"the same office-hours slot at once ({result['server']}, {result['database']})",
    ]
    head = (
        f"{'round':<6}{'booked':>7}{'taken 409':>10}{'other':>7}{'in DB':>7}"
        f"{'elapsed s':>11}{'attempts/s':>12}  verdict"
    )
    lines += [head, "-" * len(head)]
    for r in result.get("booking", []):
        o = r["outcomes"]
        other = r["clients"] - o.get("booked (302)", 0) - o.get("just taken (409)", 0)
        verdict = "ok" if r["ok"] else "WRONG " + ", ".join(f"{k}: {v}" for k, v in o.items())
        if r["client_errors"]:
            verdict += f" {r['client_errors']}"
        lines.append(
            f"{r['round']:<6}{o.get('booked (302)', 0):>7}{o.get('just taken (409)', 0):>10}"
            f"{other:>7}{r['bookings_in_db']:>7}{_num(r['elapsed_s'], '.2f'):>11}"
            f"{_num(r['attempts_per_s'], '.1f'):>12}  {verdict}"
        )
    lines.append("")
    lines.append(
        f"Registration race: {result['clients']} visitors register for one session at once "
        f"({result['server']}, {result['database']})"
    )
    head = (
        f"{'round':<6}{'seats':>6}{'registered':>11}{'waitlisted':>11}{'errors':>8}"
        f"{'overbooked':>11}{'elapsed s':>11}{'attempts/s':>12}  verdict"
    )
    lines += [head, "-" * len(head)]
    for r in result.get("registration", []):
        errors = r["clients"] - r["outcomes"].get("answered (302)", 0)
        verdict = (
            "ok"
            if r["ok"]
            else "WRONG "
            + ", ".join(f"{k}: {v}" for k, v in {**r["outcomes"], **r["other_statuses"]}.items())
        )
        if r["client_errors"]:
            verdict += f" {r['client_errors']}"
        lines.append(
            f"{r['round']:<6}{r['seats']:>6}{r['registered']:>11}{r['waitlisted']:>11}"
            f"{errors:>8}{'YES' if r['overbooked'] else 'no':>11}"
            f"{_num(r['elapsed_s'], '.2f'):>11}{_num(r['attempts_per_s'], '.1f'):>12}  {verdict}"
        )
    if result.get("server_errors"):
        lines.append("Server errors logged by gunicorn:")
        lines += [f"  {line}" for line in result["server_errors"]]
    return "\n".join(lines)


def _num(value, spec) -> str:
    return "—" if value is None else format(value, spec)


if __name__ == "__main__":
    import json

    outcome = run()
    json.dump(outcome, sys.stdout, indent=2, default=str)
    print()
