"""The academy's learner pages cost the same number of queries for 5 or 50 modules."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from academy import learner_cache, services
from academy.models import Cohort, CoursePage, LessonPage, ModulePage
from tests.network.factories import UserFactory

pytestmark = pytest.mark.django_db

COURSE = "/en/prevention-academy-us/city-led-prevention/"
PAGES = {
    "course": COURSE,
    "module": COURSE + "public-health-approach/",
    "lesson with a check": COURSE + "public-health-approach/levels-of-prevention/",
    "my learning": "/en/academy/my-learning/",
}
BUDGET = 40  # the most any of these pages may cost, signed in and enrolled


def queries(client, url) -> int:
    client.get(url)  # warm caches that are not per request (site root paths, ...)
    # The full cost: nothing of the person's kept (academy.learner_cache).
    learner_cache.forget(client.session["_auth_user_id"])
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("name", PAGES)
def test_learner_pages_cost_the_same_for_ten_times_the_modules(client, name):
    course = CoursePage.objects.get(locale__language_code="en", slug="city-led-prevention")
    cohort = Cohort.objects.create(
        course=course, name="Budget", starts_on=timezone.localdate() - datetime.timedelta(days=3)
    )
    learner = UserFactory()
    services.enrol(cohort=cohort, user=learner)
    client.force_login(learner)
    url = PAGES[name]
    before = queries(client, url)
    first_module = ModulePage.objects.get(locale=course.locale, slug="public-health-approach")
    for week in range(40):
        module = ModulePage(title=f"Week {week}", slug=f"week-{week}", release_offset_days=week)
        course.add_child(instance=module)
        module.add_child(instance=LessonPage(title=f"Lesson {week}", slug=f"lesson-{week}"))
    for extra in range(10):  # and more lessons next to the one we read
        first_module.add_child(instance=LessonPage(title=f"Extra {extra}", slug=f"extra-{extra}"))
    after = queries(client, url)
    assert after == before, f"{name}: {before} queries with 10 modules, {after} with 50"
    assert after <= BUDGET, f"{name}: {after} queries"
