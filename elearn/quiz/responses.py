"""Reading answers from a submitted attempt page (plain form fields, so it works without JS).

Field names: ``q<question id>`` for single, truefalse, multiple (repeated), shortanswer,
numerical and essay; ``q<question id>-<alias>`` for the select of each matching pair or ordering
item. Choices, pairs and items appear only as the attempt's aliases (``elearn.quiz.layout``):
they are read back into the course's ids here, and a value that is no alias of the question
becomes an id nothing accepts, so grading refuses it. A question whose fields are absent is left
unanswered (not erased)."""

import re

from werkzeug.datastructures import MultiDict

from elearn.content.question_types import question_type

QUESTION_FIELD = re.compile(r"^q(\d+)(?:-|$)")


def foreign_questions(form: MultiDict, shown_questions: list[dict]) -> set[int]:
    """Question ids the form answers that the attempt did not show (a tampered form)."""
    named = {int(m.group(1)) for key in form if (m := QUESTION_FIELD.match(key))}
    return named - {shown["question"] for shown in shown_questions}


def responses_from(form: MultiDict, shown_questions: list[dict]) -> dict[int, object]:
    """Each answered question's response, read by its type (``QuestionType.read``)."""
    found = {}
    for shown in shown_questions:
        name = f"q{shown['question']}"
        response = question_type(shown["type"]).read(form, name, shown)
        if response is not None:
            found[shown["question"]] = response
    return found
