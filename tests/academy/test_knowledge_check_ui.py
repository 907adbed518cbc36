"""The knowledge check as a learner meets it: one fieldset per question, under the lesson,
the right answers kept back while attempts remain, and a way on once it is passed."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from academy import services
from academy.models import CheckAttempt, Cohort, CoursePage, LessonPage, ModulePage
from tests.network.factories import UserFactory

from .test_checks import RIGHT, SLUG, check_url, post, with_check

pytestmark = pytest.mark.django_db


@pytest.fixture
def lesson():
    return with_check(LessonPage.objects.get(locale__language_code="en", slug=SLUG))


@pytest.fixture
def learner():
    course = CoursePage.objects.get(locale__language_code="en", slug="city-led-prevention")
    cohort = Cohort.objects.create(
        course=course, name="Checks", starts_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    person = UserFactory()
    services.enrol(cohort=cohort, user=person)
    return person


WRONG = {0: [1], 1: [1], 2: [0]}  # Tertiary, Isolation, True: all three wrong


def soup(client, url) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def check_section(page: BeautifulSoup):
    section = page.find("section", id="check")
    assert section is not None
    return section


def test_each_question_is_a_fieldset_with_its_legend_and_labels_beside_the_choices(
    client, lesson, learner
):
    client.force_login(learner)
    page = soup(client, lesson.url)
    section = check_section(page)
    assert section.find_parent("article") is not None  # under the lesson, in its column
    assert "check" not in section["class"]  # not the checkbox row (a flex box of columns)
    fieldsets = section.select("form fieldset")
    assert len(fieldsets) == 3
    legends = [fieldset.legend.get_text(" ", strip=True) for fieldset in fieldsets]
    assert legends[0] == "1. Which level of prevention works before anyone is harmed?"
    assert "(choose all that apply)" in legends[1]
    for fieldset in fieldsets:
        for choice in fieldset.select("input[type=radio], input[type=checkbox]"):
            label = choice.find_next_sibling("label")
            assert label is not None and label["for"] == choice["id"]
            assert "check" in choice.parent["class"]  # the row that puts them side by side
    assert [i["type"] for i in fieldsets[1].find_all("input")] == ["checkbox"] * 3


def test_a_failed_attempt_keeps_the_answers_back_while_attempts_remain(client, lesson, learner):
    client.force_login(learner)
    response = client.post(check_url(lesson), post(WRONG))
    assert response["Location"].endswith("#check-result")
    page = soup(client, lesson.url)
    result = page.find(id="check-result")
    assert result["tabindex"] == "-1"  # the redirect's anchor takes focus there
    text = result.get_text(" ", strip=True)
    assert "Your latest attempt: 0%" in text
    assert "You answered 0 of 3 questions correctly; the pass mark is 60%." in text
    assert "You have 1 more attempt" in text
    assert "The right answers are shown once you pass or have used every attempt." in text
    html = str(check_section(page))
    for secret in (
        "Tertiary comes after harm",
        "Isolation is a risk",
        "Right:",
        "Not quite",
        "The right answer:",
        "You chose",
    ):
        assert secret not in html
    assert page.select("#check form fieldset")  # the questions again, to try once more


def test_the_setting_shows_the_answers_after_every_attempt(client, lesson, learner):
    lesson.reveal_answers_before_last_attempt = True
    lesson.save_revision().publish()
    client.force_login(learner)
    client.post(check_url(lesson), post(WRONG))
    result = soup(client, lesson.url).find(id="check-result")
    text = result.get_text(" ", strip=True)
    assert "Tertiary comes after harm." in text  # the feedback for the chosen answer
    assert "The right answer: Primary" in text
    assert "The right answers: Belonging Trusted adults" in text  # a list of the two
    assert "The right answers are shown once" not in text


def test_the_last_failed_attempt_says_so_and_shows_the_answers(client, lesson, learner):
    client.force_login(learner)
    client.post(check_url(lesson), post(WRONG))
    client.post(check_url(lesson), post(WRONG))
    page = soup(client, lesson.url)
    text = page.find(id="check-result").get_text(" ", strip=True)
    assert "You have used all your attempts" in text
    assert "so this lesson is not complete" in text
    assert "The right answer: Primary" in text and "Tertiary comes after harm." in text
    assert not page.select("#check form")  # nothing more to submit
    assert CheckAttempt.objects.filter(user=learner).count() == 2


def test_after_passing_next_lesson_leads_on_through_the_course(client, lesson, learner):
    client.force_login(learner)
    client.post(check_url(lesson), post(RIGHT))
    page = soup(client, lesson.url)
    result = page.find(id="check-result")
    assert "You passed this check; the lesson is complete." in result.get_text(" ")
    button = result.find("a", class_="button")
    # The lesson is the last of its module: the next one opens the following module.
    following = LessonPage.objects.get(locale=lesson.locale, slug="needs-assessments")
    assert button["href"] == following.url
    assert button.get_text(" ", strip=True) == f"Next lesson : {following.title}"
    assert not page.select("#check form")


def test_after_the_last_lesson_of_the_course_the_button_goes_back_to_the_course(client, learner):
    course = CoursePage.objects.get(locale__language_code="en", slug="city-led-prevention")
    closing = ModulePage(title="Closing", slug="closing", release_offset_days=0)
    course.add_child(instance=closing)
    last = LessonPage(title="Looking back", slug="looking-back")
    closing.add_child(instance=last)
    last = with_check(last)
    client.force_login(learner)
    client.post(check_url(last), post(RIGHT))
    button = soup(client, last.url).find(id="check-result").find("a", class_="button")
    assert button["href"] == course.url
    assert button.get_text(strip=True) == "Back to the course"
