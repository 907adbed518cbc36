"""Knowledge checks: graded on the server, answers never in the page, attempts counted once."""

import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from academy import checks, services
from academy.models import CheckAttempt, Cohort, CoursePage, LessonPage, LessonProgress
from tests.network.factories import UserFactory

pytestmark = pytest.mark.django_db

SLUG = "risk-and-protective-factors"

QUESTIONS = [
    (
        "single_choice",
        {
            "question": "Which level of prevention works before anyone is harmed?",
            "choices": [
                {"text": "Primary", "correct": True, "feedback": "Yes: it reaches everyone."},
                {"text": "Tertiary", "correct": False, "feedback": "Tertiary comes after harm."},
            ],
        },
    ),
    (
        "multiple_choice",
        {
            "question": "Which are protective factors?",
            "choices": [
                {"text": "Belonging", "correct": True, "feedback": ""},
                {"text": "Isolation", "correct": False, "feedback": "Isolation is a risk."},
                {"text": "Trusted adults", "correct": True, "feedback": ""},
            ],
        },
    ),
    (
        "true_false",
        {
            "question": "Prevention is only a matter for the police.",
            "is_true": False,
            "feedback_true": "A whole-of-city approach involves far more than the police.",
            "feedback_false": "Right: health, schools and communities all play a part.",
        },
    ),
]
RIGHT = {0: [0], 1: [0, 2], 2: [1]}


def with_check(lesson: LessonPage, *, pass_mark=60, max_attempts=2) -> LessonPage:
    lesson.check_questions = QUESTIONS
    lesson.pass_mark, lesson.max_attempts = pass_mark, max_attempts
    lesson.save_revision().publish()
    return LessonPage.objects.get(pk=lesson.pk)


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


def check_url(lesson) -> str:
    """Where a lesson's knowledge-check form posts."""
    return reverse("academy:submit_check", args=[lesson.pk])


def post(answers: dict, nonce=None) -> QueryDict:
    data = QueryDict(mutable=True)
    for index, picked in answers.items():
        data.setlist(f"q{index}", [str(p) for p in picked])
    data["nonce"] = str(nonce or uuid.uuid4())
    return data


# --- Grading (pure) ---


def test_grading_needs_the_exact_set_of_right_answers(lesson):
    assert checks.grade(lesson, RIGHT).score == 100
    half = checks.grade(lesson, {0: [0], 1: [0], 2: [1]})  # one of two right answers is wrong
    assert (half.score, half.passed) == (66, True)
    assert [m.correct for m in half.marked] == [True, False, True]
    failed = checks.grade(lesson, {0: [1], 1: [0, 1, 2], 2: [0]})
    assert (failed.score, failed.passed) == (0, False)
    assert failed.marked[0].chosen == [("Tertiary", "Tertiary comes after harm.")]
    assert failed.marked[2].chosen[0][1].startswith("A whole-of-city")


def test_stored_answers_with_string_keys_grade_the_same(lesson):
    assert checks.grade(lesson, {"0": [0], "1": [0, 2], "2": [1]}).score == 100


def test_odd_input_only_leaves_questions_unanswered(lesson):
    data = QueryDict("q0=0&q0=1&q1=7&q1=x&q2=1&q9=0")
    answers, missing = checks.parse_answers(lesson, data)
    assert answers == {2: [1]}
    assert missing == [0, 1]  # two answers to a single choice, an unknown answer


class TestParsingNeverFails(HypothesisTestCase):
    @given(
        st.dictionaries(
            st.sampled_from(["q0", "q1", "q2", "q3", "nonce"]),
            st.lists(st.text(max_size=5), max_size=4),
        )
    )
    def test_any_form_data_parses(self, fields):
        lesson = LessonPage(check_questions=QUESTIONS, pass_mark=60)
        data = QueryDict(mutable=True)
        for name, values in fields.items():
            data.setlist(name, values)
        answers, missing = checks.parse_answers(lesson, data)
        assert set(answers) | set(missing) == {0, 1, 2}
        assert 0 <= checks.grade(lesson, answers).score <= 100


# --- Attempts (service) ---


def test_passing_completes_the_lesson(lesson, learner):
    attempt = services.submit_check(lesson=lesson, user=learner, nonce=uuid.uuid4(), answers=RIGHT)
    assert (attempt.score, attempt.passed) == (100, True)
    assert LessonProgress.objects.filter(user=learner, lesson_key=lesson.translation_key).exists()
    with pytest.raises(ValidationError, match="already passed"):
        services.submit_check(lesson=lesson, user=learner, nonce=uuid.uuid4(), answers=RIGHT)


def test_a_lesson_with_a_check_is_not_completed_by_a_click(lesson, learner):
    with pytest.raises(ValidationError, match="Pass the knowledge check"):
        services.complete_lesson(lesson=lesson, user=learner)


def test_the_same_submission_twice_counts_once(lesson, learner):
    nonce = uuid.uuid4()
    wrong = {0: [1], 1: [1], 2: [0]}
    first = services.submit_check(lesson=lesson, user=learner, nonce=nonce, answers=wrong)
    again = services.submit_check(lesson=lesson, user=learner, nonce=nonce, answers=wrong)
    assert first == again
    assert CheckAttempt.objects.filter(user=learner).count() == 1


def test_attempts_run_out(lesson, learner):
    wrong = {0: [1], 1: [1], 2: [0]}
    for _ in range(2):
        services.submit_check(lesson=lesson, user=learner, nonce=uuid.uuid4(), answers=wrong)
    with pytest.raises(ValidationError, match="used all your attempts"):
        services.submit_check(lesson=lesson, user=learner, nonce=uuid.uuid4(), answers=RIGHT)
    assert not LessonProgress.objects.filter(user=learner, lesson_key=lesson.translation_key)


def test_a_check_is_closed_to_people_not_enrolled(lesson):
    with pytest.raises(ValidationError, match="not open"):
        services.submit_check(lesson=lesson, user=UserFactory(), nonce=uuid.uuid4(), answers=RIGHT)


def test_attempts_are_private(lesson, learner):
    services.submit_check(lesson=lesson, user=learner, nonce=uuid.uuid4(), answers=RIGHT)
    assert CheckAttempt.objects.visible_to(UserFactory()).count() == 0
    assert CheckAttempt.objects.visible_to(learner).count() == 1


# --- Pages ---


def test_the_page_never_carries_the_answers(client, lesson, learner):
    client.force_login(learner)
    html = client.get(lesson.url).content.decode()
    assert "Which level of prevention works before anyone is harmed?" in html
    assert 'name="q1"' in html and 'type="checkbox"' in html and 'type="radio"' in html
    for secret in ("correct", "Tertiary comes after harm", "Isolation is a risk", "Right:"):
        assert secret not in html


def test_fail_then_pass_through_the_page(client, lesson, learner):
    client.force_login(learner)
    wrong = post({0: [1], 1: [1], 2: [0]})
    response = client.post(check_url(lesson), wrong)
    assert response.status_code == 302 and response["Location"].endswith("#check-result")
    assert (
        client.post(check_url(lesson), wrong).status_code == 302
    )  # the same form again: no new try
    page = client.get(lesson.url).content.decode()
    assert "Your latest attempt: 0%" in page
    # Attempts remain: the score, not the answers (nor feedback that would give them away).
    assert "Tertiary comes after harm." not in page
    assert "1 attempt left." in page
    client.post(check_url(lesson), post(RIGHT))
    page = client.get(lesson.url).content.decode()
    assert "You passed this check; the lesson is complete." in page
    assert CheckAttempt.objects.filter(user=learner).count() == 2


def test_an_unanswered_question_keeps_the_choices_and_costs_nothing(client, lesson, learner):
    client.force_login(learner)
    response = client.post(check_url(lesson), post({0: [0], 1: [2]}))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Answer every question before you submit." in html
    assert "Answer this question." in html
    assert 'id="q0-0" value="0" checked' in html and 'id="q1-2" value="2" checked' in html
    assert not CheckAttempt.objects.filter(user=learner).exists()


def right_answers(lesson) -> dict:
    answers = {}
    for index, child in enumerate(lesson.check_questions):
        if child.block_type == "true_false":
            answers[index] = [0 if child.value["is_true"] else 1]
        else:
            answers[index] = [i for i, c in enumerate(child.value["choices"]) if c["correct"]]
    return answers


def test_passed_in_english_shows_passed_in_french(client, learner):
    english = LessonPage.objects.get(locale__language_code="en", slug="levels-of-prevention")
    french = english.get_translation(english.locale.__class__.objects.get(language_code="fr"))
    assert french.has_check and not french.alias_of_id  # the demo translates the check
    client.force_login(learner)
    assert "De quel niveau de prévention" in client.get(french.url).content.decode()
    client.post(check_url(english), post(right_answers(english)))
    page = client.get(french.url).content.decode()
    assert '<html lang="fr">' in page
    assert "check__form" not in page and 'id="check-result"' in page
    assert "Vous avez réussi ce test : la leçon est terminée." in page
