"""Answer keys: what each question type expects, built from the English source and checked."""

from pathlib import Path

from flask_babel import gettext as _
from flask_babel import ngettext

from elearn.content.quiz_syntax import (
    CHOICE_TYPES,
    NUMERICAL_RANGE,
    NUMERICAL_VALUE,
    TEXT_ONLY_TYPES,
    Answer,
    Question,
)
from elearn.content.source import ID_PATTERN, Problems

TOLERANCE = 1e-6


def _fraction(marker: str) -> float:
    """``x`` is full credit, a blank none, ``NN%`` a weight (``-25%`` a penalty)."""
    if marker == "x":
        return 1.0
    if marker == " ":
        return 0.0
    return float(marker.rstrip("%")) / 100


def answer_key(question: Question, path: Path, problems: Problems) -> dict:
    """The language-blind grading key of a question; problems are reported with line numbers."""
    report = _Reporter(path, problems, question)
    _check_ids(question, report)
    build = KEY_BUILDERS.get(question.type)
    if build is None:
        return {}
    return build(question, report)


class _Reporter:
    def __init__(self, path: Path, problems: Problems, question: Question):
        self.path, self.problems, self.question = path, problems, question

    def __call__(self, message: str, line: int | None = None) -> None:
        self.problems.add(self.path, line or self.question.line, message)


def _check_ids(question: Question, report: _Reporter) -> None:
    seen = set()
    for answer in question.answers:
        if not ID_PATTERN.match(answer.id):
            report(_("invalid answer id '%(id)s'", id=answer.id), answer.line)
        if answer.id in seen:
            report(
                _("answer id '%(id)s' is used twice in this question", id=answer.id), answer.line
            )
        seen.add(answer.id)
    if question.type in TEXT_ONLY_TYPES and question.answers:
        report(
            _("a %(type)s question has no answers", type=question.type), question.answers[0].line
        )
    if not question.prompt_text:
        report(_("the question has no text"))


def _require(question: Question, report: _Reporter, *, kind: str, minimum: int) -> list[Answer]:
    wrong = [a for a in question.answers if _kind(a) != kind]
    for answer in wrong:
        report(_("this answer does not fit a %(type)s question", type=question.type), answer.line)
    if len(question.answers) < minimum:
        report(
            ngettext(
                "a %(type)s question needs at least %(count)s answer",
                "a %(type)s question needs at least %(count)s answers",
                minimum,
                type=question.type,
                count=minimum,
            )
        )
    return [a for a in question.answers if _kind(a) == kind]


def _kind(answer: Answer) -> str:
    if answer.right is not None:
        return "pair"
    if answer.position is not None:
        return "step"
    return "choice"


def _single(question: Question, report: _Reporter) -> dict:
    choices = _require(question, report, kind="choice", minimum=2)
    if any(a.marker not in ("x", " ") for a in choices):
        report(
            _(
                "mark the answer of a %(type)s question with [x] and the others with [ ]",
                type=question.type,
            )
        )
    if sum(a.marker == "x" for a in choices) != 1:
        report(_("a %(type)s question needs exactly one [x] answer", type=question.type))
    return {"choices": [{"id": a.id, "fraction": _fraction(a.marker)} for a in choices]}


def _truefalse(question: Question, report: _Reporter) -> dict:
    key = _single(question, report)
    if sorted(choice["id"] for choice in key["choices"]) != ["false", "true"]:
        report(_("a truefalse question has exactly the answers 'true' and 'false'"))
    return key


def _multiple(question: Question, report: _Reporter) -> dict:
    choices = _require(question, report, kind="choice", minimum=2)
    weighted = [a for a in choices if a.marker not in ("x", " ")]
    if weighted and len(weighted) != len(choices):
        report(_("use either [x]/[ ] or a weight like [50%] on every answer, not both"))
    if weighted:
        fractions = {a.id: _fraction(a.marker) for a in choices}
    else:
        right = [a for a in choices if a.marker == "x"]
        wrong = [a for a in choices if a.marker == " "]
        fractions = {a.id: 1 / len(right) for a in right} if right else {}
        fractions |= {a.id: -1 / len(wrong) for a in wrong}
    positive = sum(f for f in fractions.values() if f > 0)
    if abs(positive - 1) > 0.01:
        report(_("the positive weights of a multiple question must add up to 100%"))
    return {"choices": [{"id": a.id, "fraction": fractions.get(a.id, 0.0)} for a in choices]}


def _full_credit_needed(question: Question, report: _Reporter, fractions: list[float]) -> None:
    if not any(abs(f - 1) < TOLERANCE for f in fractions):
        report(_("a %(type)s question needs one answer worth [x] or [100%%]", type=question.type))
    if any(f < 0 or f > 1 for f in fractions):
        report(_("weights of a %(type)s question are between 0%% and 100%%", type=question.type))


def _shortanswer(question: Question, report: _Reporter) -> dict:
    answers = _require(question, report, kind="choice", minimum=1)
    key = [{"id": a.id, "fraction": _fraction(a.marker)} for a in answers]
    _full_credit_needed(question, report, [a["fraction"] for a in key])
    return {"answers": key}


def numerical_answer(text: str) -> tuple[float, float] | None:
    """``42``, ``42 ± 0.5`` or ``40..44`` as (value, tolerance); None when unreadable."""
    if match := NUMERICAL_RANGE.match(text.strip()):
        low, high = sorted(float(v) for v in match.groups())
        return (low + high) / 2, (high - low) / 2
    if match := NUMERICAL_VALUE.match(text.strip()):
        value, tolerance = match.groups()
        return float(value), abs(float(tolerance or 0))
    return None


def _numerical(question: Question, report: _Reporter) -> dict:
    answers = _require(question, report, kind="choice", minimum=1)
    key = []
    for answer in answers:
        parsed = numerical_answer(answer.text)
        if parsed is None:
            report(_("write a number as 42, 42 ± 0.5 or 40..44"), answer.line)
            continue
        value, tolerance = parsed
        key.append(
            {
                "id": answer.id,
                "value": value,
                "tolerance": tolerance,
                "fraction": _fraction(answer.marker),
            }
        )
    _full_credit_needed(question, report, [a["fraction"] for a in key])
    return {"answers": key}


def _matching(question: Question, report: _Reporter) -> dict:
    pairs = _require(question, report, kind="pair", minimum=3)
    return {"pairs": [a.id for a in pairs]}


def _ordering(question: Question, report: _Reporter) -> dict:
    steps = _require(question, report, kind="step", minimum=2)
    if [a.position for a in steps] != list(range(1, len(steps) + 1)):
        report(_("number the steps 1, 2, 3... in the correct order"))
    return {"order": [a.id for a in steps]}


KEY_BUILDERS = {
    "single": _single,
    "truefalse": _truefalse,
    "multiple": _multiple,
    "shortanswer": _shortanswer,
    "numerical": _numerical,
    "matching": _matching,
    "ordering": _ordering,
}


def check_translation(
    source: list[Question], translation: list[Question], path: Path, problems: Problems
) -> None:
    """A translated question has the source's type, ids and numbers. A question the translation
    lacks (added to the source since) is shown in English until it is translated."""
    by_id = {q.id: q for q in translation}
    for question in source:
        translated = by_id.pop(question.id, None)
        if translated is None:
            continue
        if (translated.type, translated.points, translated.pool) != (
            question.type,
            question.points,
            question.pool,
        ):
            problems.add(path, translated.line, _("type, points or pool differ from the source"))
        if [a.id for a in translated.answers] != [a.id for a in question.answers]:
            problems.add(path, translated.line, _("answer ids differ from the source"))
        elif question.type in CHOICE_TYPES:
            _check_same_markers(question, translated, path, problems)
    for extra in by_id.values():
        problems.add(path, extra.line, _("question '%(id)s' is not in the source", id=extra.id))


def _check_same_markers(source: Question, translated: Question, path: Path, problems: Problems):
    for original, answer in zip(source.answers, translated.answers, strict=True):
        if original.marker != answer.marker:
            problems.add(path, answer.line, _("the [x]/weight marker differs from the source"))
        elif source.type == "numerical" and numerical_answer(answer.text) != numerical_answer(
            original.text
        ):
            problems.add(path, answer.line, _("numbers are not translated: copy them as they are"))


def model_response(kind: str, key: dict, texts: dict):
    """A response that earns full credit (for demo data and load tests); None for essays and
    descriptions, which have no key."""
    if kind in ("single", "truefalse"):
        return next(c["id"] for c in key["choices"] if c["fraction"] >= 1)
    if kind == "multiple":
        return sorted(c["id"] for c in key["choices"] if c["fraction"] > 0)
    if kind == "shortanswer":
        best = max(key["answers"], key=lambda a: a["fraction"])
        return texts["answers"][best["id"]]["text"]
    if kind == "numerical":
        best = max(key["answers"], key=lambda a: a["fraction"])
        return f"{best['value']:.10f}".rstrip("0").rstrip(".")
    if kind == "matching":
        return {pair: pair for pair in key["pairs"]}
    if kind == "ordering":
        return list(key["order"])
    return None
