"""Reading answers from a submitted attempt page (plain form fields, so it works without JS).

Field names: ``q<question id>`` for single, truefalse, multiple (repeated), shortanswer,
numerical and essay; ``q<question id>-<alias>`` for the select of each matching pair or ordering
item. Choices, pairs and items appear only as the attempt's aliases (``elearn.quiz.layout``):
they are read back into the course's ids here, and a value that is no alias of the question
becomes an id nothing accepts, so grading refuses it. A question whose fields are absent is left
unanswered (not erased)."""

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


def _choice(form: MultiDict, name: str, shown: dict):
    value = _text(form, name, shown)
    return value and _course_id(shown, "aliases", value)


def _multiple(form: MultiDict, name: str, shown: dict):
    if f"{name}-present" not in form:
        return None
    return sorted(_course_id(shown, "aliases", value) for value in form.getlist(name))


def _matching(form: MultiDict, name: str, shown: dict):
    chosen = {item: form.get(_field(name, shown, item), "") for item in shown["texts"]["answers"]}
    if not any(chosen.values()):
        return None
    return {
        item: _course_id(shown, "option_aliases", value) for item, value in chosen.items() if value
    }


def _ordering(form: MultiDict, name: str, shown: dict):
    positions = {}
    for item in shown["texts"]["answers"]:
        value = form.get(_field(name, shown, item), "")
        if not value.isdigit():
            return None
        positions[item] = int(value)
    return sorted(positions, key=lambda item: (positions[item], item))


def _field(name: str, shown: dict, item: str) -> str:
    return f"{name}-{shown.get('aliases', {}).get(item, item)}"


def _course_id(shown: dict, kind: str, value: str) -> str:
    """The course's id behind an alias; attempts started before aliases existed showed the ids."""
    aliases = shown.get(kind)
    if aliases is None:
        return value
    by_alias = {alias: ident for ident, alias in aliases.items()}
    return by_alias.get(value, f"unknown:{value}")


READERS = {
    "single": _choice,
    "truefalse": _choice,
    "shortanswer": _text,
    "numerical": _text,
    "essay": _text,
    "multiple": _multiple,
    "matching": _matching,
    "ordering": _ordering,
}
