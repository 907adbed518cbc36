"""Webinar seats under real concurrency (PostgreSQL row locks), over HTTP."""

import datetime
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests import demo_snapshot
from tests.utils import requires_postgres
from webinars.models import Registration, WebinarPage


def form(n):
    return {
        "full_name": f"Rush {n}",
        "email": f"rush{n}@town.example",
        "language": "en",
        "consent": "on",
    }


def counts(session):
    rows = session.registrations.values_list("status").annotate(n=Count("pk"))
    return dict(rows.values_list("status", "n"))


@pytest.fixture
def session(transactional_db):
    demo_snapshot.restore()
    page = WebinarPage.objects.get(locale__language_code="en", slug="faith-communities-as-partners")
    page.capacity = 30
    page.starts_at = timezone.now() + datetime.timedelta(days=5)
    page.save_revision().publish()
    return WebinarPage.objects.get(pk=page.pk)


def post(url, data):
    """One person's post, from their own address: fifty people, not one visitor's flood
    (network.throttles limits one address to a few registrations in ten minutes)."""
    person = int(data["email"].removeprefix("rush").split("@")[0]) if data else 0
    try:
        return Client(REMOTE_ADDR=f"198.51.100.{person + 1}").post(url, data).status_code
    finally:
        connection.close()


@requires_postgres()
def test_fifty_simultaneous_registrations_fill_thirty_seats(session):
    url = reverse("webinars:register", args=[session.pk])
    with ThreadPoolExecutor(max_workers=25) as pool:
        statuses = list(pool.map(lambda n: post(url, form(n)), range(50)))
    assert statuses == [302] * 50
    assert counts(session) == {"registered": 30, "waitlisted": 20}


@requires_postgres()
def test_cancellations_racing_sign_ups_never_exceed_capacity(session):
    from webinars.registration import manage_token

    url = reverse("webinars:register", args=[session.pk])
    for n in range(40):  # 30 seats, 10 waiting
        post(url, form(n))
    seated = list(session.registrations.filter(status="registered").order_by("pk")[:10])
    cancels = [f"/en/webinars/registrations/{manage_token(r)}/" for r in seated]
    jobs = [(link, {}) for link in cancels] + [(url, form(n)) for n in range(40, 50)]
    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(pool.map(lambda job: post(*job), jobs))
    assert statuses == [302] * 20
    assert counts(session) == {"registered": 30, "cancelled": 10, "waitlisted": 10}
    promoted = Registration.objects.filter(
        session=session, email__in=[f"rush{n}@town.example" for n in range(30, 40)]
    )
    assert set(promoted.values_list("status", flat=True)) == {"registered"}  # the first waiting
