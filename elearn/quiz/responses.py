"""Reading answers from a submitted attempt page (plain form fields, so it works without JS).

Field names: ``q<question id>`` for single, truefalse, multiple (repeated), shortanswer, numerical
and essay; ``q<question id>-<pair or item id>`` for the select of each matching pair or ordering
item. A question whose fields are absent is left unanswered (not erased)."""

import re

from werkzeug.datastructures import MultiDict

QUESTION_FIELD = re.compile(r"^q(\d+)(?:-|$)")


def foreign_questions(form: MultiDict, shown_questions: list[dict]) -> set[int]:
    """Question ids the form answers that the attempt did not show (a tampered form)."""
    named = {int(m.group(1)) for key in form if (m := QUESTION_FIELD.match(key))}
    return named - {shown["question"] for shown in shown_questions}


def responses_from(form: MultiDict, shown_questions: list[dict]) -> dict[int, object]:
    found = {}
    for shown in shown_questions:
        name = f"q{shown['question']}"
        reader = READERS.get(shown["type"])
        if reader is None:
            continue
        response = reader(form, name, shown)
        if response is not None:
            found[shown["question"]] = response
    return found


def _text(form: MultiDict, name: str, shown: dict):
    value = form.get(name)
    return None if value is None else value.strip()


def _multiple(form: MultiDict, name: str, shown: dict):
    if f"{name}-present" not in form:
        return None
    return sorted(form.getlist(name))


def _matching(form: MultiDict, name: str, shown: dict):
    chosen = {item: form.get(f"{name}-{item}", "") for item in shown["texts"]["answers"]}
    if not any(chosen.values()):
        return None
    return {item: value for item, value in chosen.items() if value}


def _ordering(form: MultiDict, name: str, shown: dict):
    positions = {}
    for item in shown["texts"]["answers"]:
        value = form.get(f"{name}-{item}", "")
        if not value.isdigit():
            return None
        positions[item] = int(value)
    return sorted(positions, key=lambda item: (positions[item], item))


READERS = {
    "single": _text,
    "truefalse": _text,
    "shortanswer": _text,
    "numerical": _text,
    "essay": _text,
    "multiple": _multiple,
    "matching": _matching,
    "ordering": _ordering,
}
