"""A cohort's name in the reader's language: on the course page, in messages and in emails;
the English name, marked as English, where no French name is given."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.utils import timezone, translation

from academy import services
from academy.models import Cohort, CoursePage
from tests.network.factories import UserFactory

pytestmark = pytest.mark.django_db

COURSE_FR = "/fr/academie-de-prevention-etats-unis/prevention-menee-par-les-villes/"


@pytest.fixture
def course():
    return CoursePage.objects.get(locale__language_code="en", slug="city-led-prevention")


def make_cohort(course, **names) -> Cohort:
    return Cohort.objects.create(
        course=course,
        starts_on=timezone.localdate() + datetime.timedelta(days=30),
        time_zone="America/Toronto",
        capacity=10,
        **names,
    )


def cohort_headings(client) -> dict[str, dict]:
    soup = BeautifulSoup(client.get(COURSE_FR).content, "html.parser")
    return {h.get_text(strip=True): h.attrs for h in soup.select(".cohorts .card__title")}


def test_name_in_picks_the_readers_language_and_falls_back_to_english(course):
    named = make_cohort(course, name="Summer cohort", name_fr="Cohorte d’été")
    unnamed = make_cohort(course, name="Autumn cohort")
    assert (named.name_in("fr"), named.name_in("fr").lang) == ("Cohorte d’été", "fr")
    assert (named.name_in("en"), named.name_in("en").lang) == ("Summer cohort", "en")
    assert (unnamed.name_in("fr"), unnamed.name_in("fr").lang) == ("Autumn cohort", "en")
    with translation.override("fr"):
        assert str(named) == "Cohorte d’été"


def test_french_course_page_names_the_demo_cohorts_in_french(client):
    headings = cohort_headings(client)
    assert "Cohorte d’hiver (sur candidature)" in headings
    assert "Winter cohort (by application)" not in headings
    assert "lang" not in headings["Cohorte d’hiver (sur candidature)"]


def test_a_cohort_without_a_french_name_is_marked_english_on_the_french_page(client, course):
    make_cohort(course, name="Pilot cohort")
    assert cohort_headings(client)["Pilot cohort"].get("lang") == "en"
    client.force_login(UserFactory(language="fr"))
    soup = BeautifulSoup(client.get(COURSE_FR).content, "html.parser")
    # Inside a French sentence (the button), only the name is marked.
    marked = [span for span in soup.select("button span[lang=en]") if span.text == "Pilot cohort"]
    assert marked


def test_the_enrolment_email_of_a_french_learner_names_the_cohort_in_french(
    course, django_capture_on_commit_callbacks
):
    cohort = make_cohort(course, name="Summer cohort", name_fr="Cohorte d’été")
    french, english = UserFactory(language="fr"), UserFactory(language="en")
    with django_capture_on_commit_callbacks(execute=True):
        services.enrol(cohort=cohort, user=french)
        services.enrol(cohort=cohort, user=english)
    by_recipient = {message.to[0]: message for message in mail.outbox}
    to_french, to_english = by_recipient[french.email], by_recipient[english.email]
    assert "Cohorte d’été" in to_french.subject and "Cohorte d’été" in to_french.body
    assert "Summer cohort" not in to_french.subject + to_french.body
    assert "Summer cohort" in to_english.subject and "Cohorte" not in to_english.body
