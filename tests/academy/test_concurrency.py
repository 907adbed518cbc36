"""Capacity under real concurrency: PostgreSQL row locks, many clients at once."""

import datetime
import os
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.utils import timezone

from academy.models import Cohort, CoursePage
from network.models import User
from tests.utils import requires_postgres


@requires_postgres()
@pytest.mark.django_db(transaction=True)
def test_fifty_simultaneous_enrolments_fill_thirty_seats_and_wait_list_the_rest():
    with open(os.devnull, "w") as devnull:
        call_command("load_demo", stdout=devnull)
    course = CoursePage.objects.get(locale__language_code="en", slug="city-led-prevention")
    cohort = Cohort.objects.create(
        course=course, name="Crowded cohort", capacity=30,
        starts_on=timezone.localdate() + datetime.timedelta(days=10),
    )  # fmt: skip
    people = [
        User.objects.create_user(f"rush{n}@city.example", "pw-long-enough-1", full_name=f"R {n}")
        for n in range(50)
    ]

    def enrol(person):
        client = Client()
        client.force_login(person)
        try:
            return client.post(f"/en/academy/cohorts/{cohort.pk}/enrol/").status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=25) as pool:
        statuses = list(pool.map(enrol, people))

    assert statuses == [302] * 50  # every request answered; no server error
    counts = dict(
        cohort.enrolments.values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    assert counts == {"enrolled": 30, "waitlisted": 20}
