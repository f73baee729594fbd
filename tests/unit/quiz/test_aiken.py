"""Aiken import: the examples of Moodle's documentation, Moodle's own error fixture
(question/format/aiken/tests/fixtures/aiken_errors.txt), and `flask quiz import-aiken`."""

import json

import pytest

from elearn.quiz.aiken import parse_aiken
from elearn.quiz.gift import Problem


def single(text, options, right) -> dict:
    """The full JSON of an Aiken question: single choice, the option at ``right`` worth 100%."""
    return {
        "type": "single",
        "name": "",
        "text": text,
        "format": "plain",
        "category": "",
        "choices": [
            {
                "text": option,
                "format": "plain",
                "fraction": 1.0 if index == right else 0.0,
                "feedback": "",
                "feedback_format": "plain",
            }
            for index, option in enumerate(options)
        ],
        "pairs": [],
        "numerical": [],
        "general_feedback": "",
        "general_feedback_format": "plain",
        "id_number": "",
        "tags": [],
    }


DOCUMENTATION_EXAMPLE = """What is the correct answer to this question?
A. Is it this one?
B. Maybe this answer?
C. Possibly this one?
D. Must be this one!
ANSWER: D

Which LMS has the most quiz import formats?
A) Moodle
B) ATutor
C) Claroline
D) Blackboard
E) WebCT
F) Ilias
ANSWER: A
"""

DOCUMENTATION_QUESTIONS = [
    single(
        "What is the correct answer to this question?",
        ["Is it this one?", "Maybe this answer?", "Possibly this one?", "Must be this one!"],
        3,
    ),
    single(
        "Which LMS has the most quiz import formats?",
        ["Moodle", "ATutor", "Claroline", "Blackboard", "WebCT", "Ilias"],
        0,
    ),
]


def test_the_documentation_example():
    result = parse_aiken(DOCUMENTATION_EXAMPLE)
    assert result.problems == []
    assert result.questions == DOCUMENTATION_QUESTIONS


MOODLE_ERRORS_FIXTURE = """A question with too few answers
A) Only answer
ANSWER: A

A) Question not started

ANSWER: Question not started

A good question
A) Correct
B) Incorrect
ANSWER: A

A question started but not finished
A) Correct-ish
B) Incorrect-ish

A second good question
A)Incorrect (No space)
B)Correct (No space)
ANSWER: B"""


def test_moodle_error_fixture():
    result = parse_aiken(MOODLE_ERRORS_FIXTURE)
    assert result.problems == [
        Problem(3, "a question needs at least 2 options"),
        Problem(5, "an option or ANSWER line before its question"),
        Problem(7, "an option or ANSWER line before its question"),
        Problem(14, "the question has no 'ANSWER: <letter>' line after its options"),
    ]
    assert result.questions == [
        single("A good question", ["Correct", "Incorrect"], 0),
        single("A second good question", ["Incorrect (No space)", "Correct (No space)"], 1),
    ]


def test_questions_need_no_blank_line_between_them_and_windows_line_endings_work():
    text = "One?\r\nA. yes\r\nB. no\r\nANSWER: B\r\nTwo?\r\n  A) x  \r\n\r\nB) y\r\nANSWER: A"
    result = parse_aiken(text)
    assert result.problems == []
    assert result.questions == [single("One?", ["yes", "no"], 1), single("Two?", ["x", "y"], 0)]


def test_only_the_first_letter_of_the_answer_counts():
    assert parse_aiken("Q?\nA. a\nB. b\nANSWER: B (because)").questions == [
        single("Q?", ["a", "b"], 1)
    ]


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ("ANSWER: E", "the answer 'E' is not one of the options A to C"),
        ("ANSWER: b", "the answer 'b' is not one of the options A to C"),
        ("ANSWER:", "the answer '' is not one of the options A to C"),
    ],
)
def test_an_answer_letter_that_is_not_an_option(answer, message):
    text = f"Fine?\nA. a\nB. b\nANSWER: A\n\nWhich?\nA. a\nB. b\nC. c\n{answer}\n"
    result = parse_aiken(text)
    assert result.problems == [Problem(10, message)]
    assert result.questions == [single("Fine?", ["a", "b"], 0)]


def test_a_missing_answer_line_at_the_end_names_the_question_line():
    result = parse_aiken("Fine?\nA. a\nB. b\nANSWER: A\n\nUnfinished?\nA. a\nB. b\n")
    assert result.problems == [
        Problem(6, "the question has no 'ANSWER: <letter>' line after its options")
    ]


def test_a_question_on_two_lines_is_two_unfinished_questions_as_in_moodle():
    result = parse_aiken("Which of these\nis right?\nA. a\nB. b\nANSWER: A\n")
    assert result.problems == [
        Problem(1, "the question has no 'ANSWER: <letter>' line after its options")
    ]
    assert result.questions == [single("is right?", ["a", "b"], 0)]


def test_a_file_without_questions():
    assert parse_aiken("\n\n").problems == [Problem(1, "the file has no questions")]


# flask quiz import-aiken


def test_dry_run_json_prints_the_questions(cli, tmp_path):
    path = tmp_path / "questions.txt"
    path.write_text(DOCUMENTATION_EXAMPLE)
    result = cli.invoke(args=["quiz", "import-aiken", "--dry-run", "--json", str(path)])
    assert result.exit_code == 0
    assert result.stderr == ""
    assert json.loads(result.stdout) == DOCUMENTATION_QUESTIONS


def test_dry_run_prints_a_summary(cli, tmp_path):
    path = tmp_path / "questions.txt"
    path.write_text(DOCUMENTATION_EXAMPLE)
    result = cli.invoke(args=["quiz", "import-aiken", "--dry-run", str(path)])
    assert result.stdout == f"{path}: 2 question(s) (2 single); nothing was stored.\n"


def test_problems_go_to_stderr_and_exit_1(cli, tmp_path):
    path = tmp_path / "errors.txt"
    path.write_text(MOODLE_ERRORS_FIXTURE)
    result = cli.invoke(args=["quiz", "import-aiken", "--dry-run", "--json", str(path)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"{path}:3: a question needs at least 2 options\n"
        f"{path}:5: an option or ANSWER line before its question\n"
        f"{path}:7: an option or ANSWER line before its question\n"
        f"{path}:14: the question has no 'ANSWER: <letter>' line after its options\n"
    )


def test_importing_needs_a_quiz_file_or_dry_run(cli, tmp_path):
    path = tmp_path / "questions.txt"
    path.write_text(DOCUMENTATION_EXAMPLE)
    result = cli.invoke(args=["quiz", "import-aiken", "--json", str(path)])
    assert result.exit_code == 2
    assert "name the quiz file that receives the questions (--into)" in result.stderr
