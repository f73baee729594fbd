"""Questions written back in the quiz syntax read the same: every question of every bundled quiz."""

from pathlib import Path

import pytest

from elearn.config import PROJECT_ROOT
from elearn.content.quiz_syntax import parse, question_spans, write_question
from elearn.content.source import Problems, read_source

QUIZ_FILES = sorted((PROJECT_ROOT / "courses").glob("*/**/*.quiz.md"))


def essentials(question):
    answers = [
        (a.id, a.text, a.marker, a.right, a.position, [line for line in a.feedback if line.strip()])
        for a in question.answers
    ]
    return (
        question.type,
        question.id,
        question.points,
        question.pool,
        question.prompt_text,
        question.feedback_text,
        answers,
    )


@pytest.mark.parametrize("path", QUIZ_FILES, ids=lambda path: path.name)
def test_every_bundled_question_survives_a_round_trip(path):
    body = read_source(path, Problems()).body
    questions = parse(body, Path(path.name), 1, Problems())
    written = "\n".join(write_question(question) for question in questions)
    problems = Problems()
    again = parse(written, Path(path.name), 1, problems)
    assert problems == []
    assert [essentials(q) for q in again] == [essentials(q) for q in questions]


def test_spans_cover_each_question_up_to_the_next():
    body = "## single a-one\nA?\n\n- [x] yes: Yes\n- [ ] no: No\n\n## essay b-two\nWhy?\n"
    assert question_spans(body) == {"a-one": (0, 6), "b-two": (6, 9)}
    assert question_spans("") == {}
