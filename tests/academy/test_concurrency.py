"""Capacity under real concurrency: PostgreSQL row locks, many clients at once."""

import datetime
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from academy.models import Cohort, CoursePage
from network.models import User
from tests import demo_snapshot
from tests.utils import requires_postgres


@requires_postgres()
@pytest.mark.django_db(transaction=True)
def test_fifty_simultaneous_enrolments_fill_thirty_seats_and_wait_list_the_rest():
    demo_snapshot.restore()
    course = CoursePage.objects.get(locale__language_code="en", slug="city-led-prevention")
    cohort = Cohort.objects.create(
        course=course,
        name="Crowded cohort",
        capacity=30,
        starts_on=timezone.localdate() + datetime.timedelta(days=10),
    )
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


@requires_postgres()
@pytest.mark.django_db(transaction=True)
def test_a_check_sent_many_times_at_once_counts_once_and_the_limit_holds():
    from academy import services
    from academy.models import CheckAttempt, LessonPage

    demo_snapshot.restore()
    course = CoursePage.objects.get(locale__language_code="en", slug="city-led-prevention")
    cohort = Cohort.objects.create(
        course=course,
        name="Check rush",
        starts_on=timezone.localdate() - datetime.timedelta(days=2),
    )
    learner = User.objects.create_user("checker@city.example", "pw-long-enough-1")
    services.enrol(cohort=cohort, user=learner)
    lesson = LessonPage.objects.get(locale__language_code="en", slug="levels-of-prevention")
    wrong = {"q0": "0", "q1": "3", "q2": "0", "nonce": "6f1c1d3e-8f55-4b7a-9d43-0c6f0e7b1a11"}

    def submit(form):
        client = Client()
        client.force_login(learner)
        try:
            return client.post(reverse("academy:submit_check", args=[lesson.pk]), form).status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=20) as pool:  # a double click, twenty times over
        statuses = list(pool.map(submit, [wrong] * 20))
    assert statuses == [302] * 20
    assert CheckAttempt.objects.filter(user=learner).count() == 1

    fresh = [
        {**wrong, "nonce": f"6f1c1d3e-8f55-4b7a-9d43-0c6f0e7b1a{n:02d}"} for n in range(20, 40)
    ]
    with ThreadPoolExecutor(max_workers=20) as pool:  # twenty different forms at once
        statuses = list(pool.map(submit, fresh))
    assert statuses == [302] * 20
    assert CheckAttempt.objects.filter(user=learner).count() == lesson.max_attempts
