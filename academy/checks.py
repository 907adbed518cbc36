"""Knowledge checks: the questions a learner is shown, and grading on the server.

`questions()` is all the lesson template receives: question and answer texts, no correct
flags and no feedback, so nothing in the page gives the answers away before submission.
Answers are positions (question index → set of choice indexes), which mean the same thing
in every translation of the lesson.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

MULTIPLE = "multiple_choice"
TRUE_FALSE = "true_false"


@dataclass(frozen=True)
class Question:
    index: int
    text: str
    multiple: bool
    choices: list[tuple[int, str]]


@dataclass(frozen=True)
class Marked:
    """One question of a submitted attempt: was it right, and the feedback for each answer
    the learner chose."""

    question: Question
    correct: bool
    chosen: list[tuple[str, str]] = field(default_factory=list)  # (answer text, feedback)
    right: list[str] = field(default_factory=list)  # the texts of the right answers


@dataclass(frozen=True)
class Grade:
    score: int  # percent, rounded down
    passed: bool
    marked: list[Marked]

    @property
    def right_count(self) -> int:
        return sum(item.correct for item in self.marked)


def _key(lesson_block) -> tuple[list[tuple[int, str, bool, str]], bool]:
    """(index, text, correct, feedback) for each choice of one stream child, and whether
    several answers may be chosen."""
    value = lesson_block.value
    if lesson_block.block_type == TRUE_FALSE:
        return [
            (0, _("True"), bool(value["is_true"]), value["feedback_true"]),
            (1, _("False"), not value["is_true"], value["feedback_false"]),
        ], False
    choices = [
        (position, choice["text"], bool(choice["correct"]), choice["feedback"])
        for position, choice in enumerate(value["choices"])
    ]
    return choices, lesson_block.block_type == MULTIPLE


def questions(lesson) -> list[Question]:
    result = []
    for index, child in enumerate(lesson.check_questions):
        choices, multiple = _key(child)
        result.append(
            Question(
                index=index,
                text=child.value["question"],
                multiple=multiple,
                choices=[(position, text) for position, text, _c, _f in choices],
            )
        )
    return result


def parse_answers(lesson, data) -> tuple[dict[int, list[int]], list[int]]:
    """Read answers from submitted form data (fields q0, q1, ...).

    Returns the answers and the indexes of questions left unanswered; unknown or malformed
    values are ignored, so odd input can only make a question unanswered.
    """
    answers, missing = {}, []
    for question in questions(lesson):
        valid = {position for position, _text in question.choices}
        picked = set()
        for raw in data.getlist(f"q{question.index}"):
            try:
                position = int(raw)
            except (TypeError, ValueError):
                continue
            if position in valid:
                picked.add(position)
        if not question.multiple and len(picked) > 1:
            picked = set()
        if picked:
            answers[question.index] = sorted(picked)
        else:
            missing.append(question.index)
    return answers, missing


def grade(lesson, answers: dict) -> Grade:
    """Mark answers (keys may be ints or, from stored JSON, strings). A question is right
    when the chosen set is exactly the set of correct answers."""
    answers = {int(key): set(value) for key, value in answers.items()}
    marked, right = [], 0
    for question, child in zip(questions(lesson), lesson.check_questions, strict=True):
        choices, _multiple = _key(child)
        picked = answers.get(question.index, set())
        correct = {position for position, _t, is_correct, _f in choices if is_correct}
        ok = picked == correct
        right += ok
        marked.append(
            Marked(
                question=question,
                correct=ok,
                chosen=[
                    (text, feedback)
                    for position, text, _c, feedback in choices
                    if position in picked
                ],
                right=[text for _p, text, is_correct, _f in choices if is_correct],
            )
        )
    total = len(marked)
    score = (100 * right) // total if total else 0
    return Grade(score=score, passed=total > 0 and score >= lesson.pass_mark, marked=marked)
