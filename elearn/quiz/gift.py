"""Moodle GIFT question files (docs.moodle.org "GIFT format"): text in, question dicts out.

Pure functions that follow Moodle's own importer (question/format/gift/format.php), so a file
reads here as it reads in Moodle; a question Moodle would reject, or would quietly garble, is a
problem with its line number instead, and the other questions still parse."""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from flask_babel import gettext as _

LINE_BREAK = re.compile(r"\r\n|\r|\n")
CATEGORY = "$CATEGORY:"
BLANK = "_____"
TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}
FORMAT_MARKER = re.compile(r"^\[(moodle|html|plain|markdown)\]")
WEIGHT = re.compile(r"^%(-?\d+(?:\.\d*)?)%")
NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")
ANY_OTHER_ANSWER = "*"

# An escaped control character stands in as a private-use character while the question is taken
# apart, and becomes itself again in the finished texts. "\n" is a line break.
ESCAPE = re.compile(r"\\([\\:#={}~n])")
PLACEHOLDERS = {char: chr(0xE000 + i) for i, char in enumerate(":#={}~n")}
RESTORE = str.maketrans(
    {mark: "\n" if char == "n" else char for char, mark in PLACEHOLDERS.items()}
)


@dataclass
class Problem:
    line: int
    message: str


@dataclass
class GiftResult:
    questions: list[dict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


class GiftError(Exception):
    """Why a question cannot be read; the parser records it and goes on with the next question."""


def question_dict(
    kind: str,
    text: str,
    text_format: str = "moodle",
    *,
    name: str = "",
    category: str = "",
    choices: list[dict] | None = None,
    pairs: list[dict] | None = None,
    numerical: list[dict] | None = None,
    general_feedback: str = "",
) -> dict:
    """A parsed question as the importers return it and ``--json`` prints it."""
    return {
        "type": kind,
        "name": name,
        "text": text,
        "format": text_format,
        "category": category,
        "choices": choices or [],
        "pairs": pairs or [],
        "numerical": numerical or [],
        "general_feedback": general_feedback,
    }


def choice_dict(text: str, fraction: float, feedback: str = "") -> dict:
    return {"text": text, "fraction": fraction, "feedback": feedback}


def parse_gift(text: str) -> GiftResult:
    """Every question of a GIFT file, in order, and every problem with its line number."""
    result = GiftResult()
    category = ""
    for line, source in _blocks(text):
        try:
            if source.startswith(CATEGORY):
                category = _category(source)
            else:
                result.questions.append(_question(source, category))
        except GiftError as error:
            result.problems.append(Problem(line, str(error)))
    if not result.questions and not result.problems:
        result.problems.append(Problem(1, _("the file has no questions")))
    return result


def _blocks(text: str) -> Iterator[tuple[int, str]]:
    """Questions are separated by blank lines; ``//`` comment lines are left out."""
    block: list[str] = []
    start = 0
    for number, line in enumerate(LINE_BREAK.split(text), start=1):
        if not line.strip():
            if block:
                yield start, _escape("\n".join(block).strip())
            block = []
        elif not line.strip().startswith("//"):
            if not block:
                start = number
            block.append(line)
    if block:
        yield start, _escape("\n".join(block).strip())


def _escape(text: str) -> str:
    # "\\" is a literal backslash, so "\\{" is a backslash and a real brace, as in Moodle.
    return ESCAPE.sub(lambda m: "\\" if m[1] == "\\" else PLACEHOLDERS[m[1]], text)


def _unescape(text: str) -> str:
    return text.translate(RESTORE)


def _category(source: str) -> str:
    value = source[len(CATEGORY) :].strip()
    if "\n" in value:
        raise GiftError(_("put a blank line after the $CATEGORY: line"))
    return _unescape(value)


def _question(source: str, category: str) -> dict:
    name, body = _name(source)
    start, end = body.find("{"), body.find("}")
    if start == end == -1:
        return question_dict(
            "description", _question_text(body), _format(body), name=name, category=category
        )
    if end == -1:
        raise GiftError(_("a '{' without its closing '}'"))
    if start == -1 or end < start:
        raise GiftError(_("a '}' without an opening '{' (write a literal brace as \\})"))
    answers = body[start + 1 : end].strip()
    # Answers at the very end are taken out; anywhere else they leave a blank (missing word).
    rest = body[:start] + ("" if body.endswith("}") else BLANK) + body[end + 1 :]
    if "{" in rest or "}" in rest or "{" in answers:
        raise GiftError(_("one {...} of answers per question (write literal braces as \\{ \\})"))
    general_feedback = ""
    if (separator := answers.rfind("####")) != -1:
        general_feedback = _text(answers[separator + 4 :])
        answers = answers[:separator].strip()
    kind, parts = _answers(answers)
    return question_dict(
        kind,
        _question_text(rest),
        _format(rest),
        name=name,
        category=category,
        general_feedback=general_feedback,
        **parts,
    )


def _name(source: str) -> tuple[str, str]:
    if not source.startswith("::"):
        return "", source
    name, closing, body = source[2:].partition("::")
    if not closing:
        raise GiftError(_("a '::title' without its closing '::'"))
    return _unescape(name).strip(), body.strip()


def _format(raw: str) -> str:
    match = FORMAT_MARKER.match(raw)
    return match[1] if match else "moodle"


def _text(raw: str) -> str:
    """Moodle's parse_text_with_format: a leading [format] marker goes, escapes come back."""
    return _unescape(FORMAT_MARKER.sub("", raw, count=1)).strip()


def _question_text(raw: str) -> str:
    text = _text(raw)
    if not text:
        raise GiftError(_("the question has no text"))
    return text


def _answers(answers: str) -> tuple[str, dict]:
    """The question type, decided from the answers in Moodle's order, and what it parsed to."""
    if not answers:
        return "essay", {}
    if answers.startswith("#"):
        return "numerical", {"numerical": _numerical(answers[1:])}
    if "~" in answers:
        # Moodle allows several right answers when none is marked with "=".
        kind = "single" if "=" in answers else "multiple"
        return kind, {"choices": _choices(answers)}
    if "=" in answers and "->" in answers:
        return "matching", {"pairs": _pairs(answers)}
    if answers.split("#", 1)[0].strip() in TRUE_FALSE:
        return "truefalse", {"choices": _true_false(answers)}
    return "shortanswer", {"choices": _short_answers(answers)}


def _split(answers: str, marker: str) -> list[str]:
    parts = [part.strip() for part in answers.split(marker)]
    if not parts[0]:
        parts.pop(0)
    return parts


def _weight(part: str, default: float) -> tuple[float, str]:
    """``%50%`` (or ``%-33.3%``) at the start of an answer, as a fraction, and the rest."""
    match = WEIGHT.match(part)
    if not match:
        return default, part
    percent = Decimal(match[1])
    if not -100 <= percent <= 100:
        raise GiftError(_("the weight %(weight)s is not between -100%% and 100%%", weight=match[0]))
    # In decimal, so that 33.33333% is 0.3333333 and not 0.33333329999999994.
    return float(percent / 100), part[match.end() :]


def _with_feedback(part: str) -> tuple[str, str]:
    """Moodle's commentparser: ``answer # feedback``, each a text of its own."""
    text, _separator, feedback = part.partition("#")
    return _text(text.strip()), _text(feedback.strip())


def _choice(part: str, fraction: float) -> dict:
    text, feedback = _with_feedback(part)
    if not text:
        raise GiftError(_("an answer is empty"))
    return choice_dict(text, fraction, feedback)


def _choices(answers: str) -> list[dict]:
    parts = _split(answers.replace("=", "~="), "~")
    if len(parts) < 2:
        raise GiftError(_("a multiple-choice question needs at least 2 answers"))
    choices = []
    for part in parts:
        if part.startswith("="):
            if WEIGHT.match(part[1:]):
                raise GiftError(_("give a partial weight as ~%50%answer, not =%50%answer"))
            choices.append(_choice(part[1:], 1.0))
        else:
            fraction, part = _weight(part, default=0.0)
            choices.append(_choice(part, fraction))
    return choices


def _pairs(answers: str) -> list[dict]:
    parts = _split(answers, "=")
    if len(parts) < 2:
        raise GiftError(_("a matching question needs at least 2 pairs"))
    pairs = []
    for part in parts:
        left, arrow, right = part.partition("->")
        right = _unescape(right).strip()
        if not arrow or not right:
            raise GiftError(
                _(
                    "write each matching pair as =question -> answer: '%(pair)s'",
                    pair=_unescape(part),
                )
            )
        # The left side may be blank: an extra answer to choose from.
        pairs.append({"left": _text(left), "right": right})
    return pairs


def _true_false(answers: str) -> list[dict]:
    """``{T#feedback if wrong#feedback if right}``; each choice keeps the feedback its pick sees."""
    head, *feedback = answers.split("#", 2)
    wrong, right = (_text(text.strip()) for text in [*feedback, "", ""][:2])
    if TRUE_FALSE[head.strip()]:
        return [choice_dict("true", 1.0, right), choice_dict("false", 0.0, wrong)]
    return [choice_dict("true", 0.0, wrong), choice_dict("false", 1.0, right)]


def _short_answers(answers: str) -> list[dict]:
    choices = []
    for part in _split(answers, "="):
        fraction, part = _weight(part, default=1.0)
        choices.append(_choice(part, fraction))
    return choices


def _numerical(answers: str) -> list[dict]:
    # Feedback after "~" is for any other answer, which Moodle keeps as the answer "*".
    answers, other, other_feedback = answers.partition("~")
    parts = _split(answers, "=")
    if not parts:
        raise GiftError(_("a numerical question needs at least one answer"))
    numbers = []
    for part in parts:
        fraction, part = _weight(part, default=1.0)
        text, feedback = _with_feedback(part)
        value, tolerance = _number(text)
        numbers.append(
            {"value": value, "tolerance": tolerance, "fraction": fraction, "feedback": feedback}
        )
    if other:
        feedback = _with_feedback(other_feedback)[1]
        numbers.append(
            {"value": ANY_OTHER_ANSWER, "tolerance": 0.0, "fraction": 0.0, "feedback": feedback}
        )
    return numbers


def _number(text: str) -> tuple[float | str, float]:
    """``3.14``, ``3.14:0.01`` or ``1..5`` (midpoint and half the width) as (value, tolerance)."""
    low, dots, high = text.partition("..")
    if dots and low:
        top = _float(high, text)
        middle = (_float(low, text) + top) / 2
        return middle, abs(top - middle)
    value, colon, tolerance = text.partition(":")
    if colon and value:
        return _float(value, text), _float(tolerance, text)
    if text == ANY_OTHER_ANSWER:
        return text, 0.0
    return _float(text, text), 0.0


def _float(number: str, answer: str) -> float:
    if not NUMBER.match(number.strip()):
        raise GiftError(
            _(
                "the numerical answer '%(answer)s' is not a number (3.14, 3.14:0.01, 1..5)",
                answer=answer,
            )
        )
    return float(number)
