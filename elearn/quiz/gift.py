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
# Moodle's extract_idnumber_and_tags_from_comment: "// [id:Q7] [tag:fees] [tag:cases]"; a "]"
# inside is written "\]".
ID_NUMBER = re.compile(r"\[id:((?:\\\]|[^\]\x00-\x1f\x7f])+)\]")
TAG = re.compile(r"\[tag:((?:\\\]|[^\]<>`\x00-\x1f\x7f])+)\]")
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
    general_feedback_format: str | None = None,
    id_number: str = "",
    tags: list[str] | None = None,
) -> dict:
    """A parsed question as the importers return it and ``--json`` prints it. Texts are as
    written, each with its Moodle format (moodle, html, plain or markdown)."""
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
        "general_feedback_format": general_feedback_format or text_format,
        "id_number": id_number,
        "tags": tags or [],
    }


def choice_dict(
    text: str,
    fraction: float,
    feedback: str = "",
    text_format: str = "moodle",
    feedback_format: str | None = None,
) -> dict:
    return {
        "text": text,
        "format": text_format,
        "fraction": fraction,
        "feedback": feedback,
        "feedback_format": feedback_format or text_format,
    }


def parse_gift(text: str) -> GiftResult:
    """Every question of a GIFT file, in order, and every problem with its line number."""
    result = GiftResult()
    category = ""
    for line, source, comments in _blocks(text):
        try:
            if source.startswith(CATEGORY):
                category = _category(source)
            else:
                result.questions.append(_question(source, category, comments))
        except GiftError as error:
            result.problems.append(Problem(line, str(error)))
    if not result.questions and not result.problems:
        result.problems.append(Problem(1, _("the file has no questions")))
    return result


def _blocks(text: str) -> Iterator[tuple[int, str, str]]:
    """Questions are separated by blank lines; ``//`` comment lines are set apart (they may
    hold the question's id number and tags)."""
    block: list[str] = []
    comments: list[str] = []
    start = 0
    for number, line in enumerate([*LINE_BREAK.split(text), ""], start=1):
        if not line.strip():
            if block:
                yield start, _escape("\n".join(block).strip()), "\n".join(comments)
            block, comments = [], []
        elif line.strip().startswith("//"):
            comments.append(line.strip())
        else:
            if not block:
                start = number
            block.append(line)


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


def _id_number_and_tags(comments: str) -> tuple[str, list[str]]:
    found = ID_NUMBER.search(comments)
    id_number = found[1].replace("\\]", "]").strip() if found else ""
    return id_number, [tag.replace("\\]", "]").strip() for tag in TAG.findall(comments)]


def _question(source: str, category: str, comments: str) -> dict:
    name, body = _name(source)
    id_number, tags = _id_number_and_tags(comments)
    start, end = body.find("{"), body.find("}")
    if start == end == -1:
        text, text_format = _question_text(body)
        return question_dict(
            "description",
            text,
            text_format,
            name=name,
            category=category,
            id_number=id_number,
            tags=tags,
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
    text, text_format = _question_text(rest)
    general_feedback, general_format = "", text_format
    if (separator := answers.rfind("####")) != -1:
        general_feedback, general_format = _text(answers[separator + 4 :], text_format)
        answers = answers[:separator].strip()
    kind, parts = _answers(answers, text_format)
    return question_dict(
        kind,
        text,
        text_format,
        name=name,
        category=category,
        general_feedback=general_feedback,
        general_feedback_format=general_format,
        id_number=id_number,
        tags=tags,
        **parts,
    )


def _name(source: str) -> tuple[str, str]:
    if not source.startswith("::"):
        return "", source
    name, closing, body = source[2:].partition("::")
    if not closing:
        raise GiftError(_("a '::title' without its closing '::'"))
    return _unescape(name).strip(), body.strip()


def _text(raw: str, default_format: str = "moodle") -> tuple[str, str]:
    """Moodle's parse_text_with_format: a leading [format] marker sets the text's format (else
    ``default_format``, the question text's), escapes come back."""
    match = FORMAT_MARKER.match(raw)
    text = raw[match.end() :] if match else raw
    return _unescape(text).strip(), match[1] if match else default_format


def _question_text(raw: str) -> tuple[str, str]:
    text, text_format = _text(raw)
    if not text:
        raise GiftError(_("the question has no text"))
    return text, text_format


def _answers(answers: str, fmt: str) -> tuple[str, dict]:
    """The question type, decided from the answers in Moodle's order, and what it parsed to.
    ``fmt`` is the question text's format, the default of its answers and feedback."""
    if not answers:
        return "essay", {}
    if answers.startswith("#"):
        return "numerical", {"numerical": _numerical(answers[1:], fmt)}
    if "~" in answers:
        # Moodle allows several right answers when none is marked with "=".
        kind = "single" if "=" in answers else "multiple"
        return kind, {"choices": _choices(answers, fmt)}
    if "=" in answers and "->" in answers:
        return "matching", {"pairs": _pairs(answers, fmt)}
    if answers.split("#", 1)[0].strip() in TRUE_FALSE:
        return "truefalse", {"choices": _true_false(answers, fmt)}
    return "shortanswer", {"choices": _short_answers(answers, fmt)}


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


def _choice(part: str, fraction: float, fmt: str) -> dict:
    """Moodle's commentparser: ``answer # feedback``, each a text with its own format."""
    answer, _separator, feedback = part.partition("#")
    text, text_format = _text(answer.strip(), fmt)
    if not text:
        raise GiftError(_("an answer is empty"))
    feedback, feedback_format = _feedback(feedback, fmt)
    return choice_dict(text, fraction, feedback, text_format, feedback_format)


def _feedback(raw: str, fmt: str) -> tuple[str, str]:
    return _text(raw.strip(), fmt)


def _choices(answers: str, fmt: str) -> list[dict]:
    parts = _split(answers.replace("=", "~="), "~")
    if len(parts) < 2:
        raise GiftError(_("a multiple-choice question needs at least 2 answers"))
    choices = []
    for part in parts:
        if part.startswith("="):
            if WEIGHT.match(part[1:]):
                raise GiftError(_("give a partial weight as ~%50%answer, not =%50%answer"))
            choices.append(_choice(part[1:], 1.0, fmt))
        else:
            fraction, part = _weight(part, default=0.0)
            choices.append(_choice(part, fraction, fmt))
    return choices


def _pairs(answers: str, fmt: str) -> list[dict]:
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
        # The left side may be blank: an extra answer to choose from. The right side is plain
        # text in Moodle, with no format of its own.
        text, text_format = _text(left.strip(), fmt)
        pairs.append({"left": text, "format": text_format, "right": right})
    return pairs


def _true_false(answers: str, fmt: str) -> list[dict]:
    """``{T#feedback if wrong#feedback if right}``; each choice keeps the feedback its pick sees."""
    head, *feedback = answers.split("#", 2)
    wrong, right = (_feedback(text, fmt) for text in [*feedback, "", ""][:2])
    answer = TRUE_FALSE[head.strip()]
    choices = []
    for value in (True, False):
        feedback, feedback_format = right if value == answer else wrong
        choices.append(
            choice_dict(str(value).lower(), float(value == answer), feedback, fmt, feedback_format)
        )
    return choices


def _short_answers(answers: str, fmt: str) -> list[dict]:
    choices = []
    for part in _split(answers, "="):
        fraction, part = _weight(part, default=1.0)
        choices.append(_choice(part, fraction, fmt))
    return choices


def _numerical(answers: str, fmt: str) -> list[dict]:
    # Feedback after "~" is for any other answer, which Moodle keeps as the answer "*".
    answers, other, other_feedback = answers.partition("~")
    parts = _split(answers, "=")
    if not parts:
        raise GiftError(_("a numerical question needs at least one answer"))
    numbers = []
    for part in parts:
        fraction, part = _weight(part, default=1.0)
        answer, _separator, feedback = part.partition("#")
        value, tolerance = _number(_text(answer.strip())[0])
        numbers.append(_number_dict(value, tolerance, fraction, *_feedback(feedback, fmt)))
    if other:
        feedback = _feedback(other_feedback.partition("#")[2], fmt)
        numbers.append(_number_dict(ANY_OTHER_ANSWER, 0.0, 0.0, *feedback))
    return numbers


def _number_dict(value, tolerance: float, fraction: float, feedback: str, feedback_format: str):
    return {
        "value": value,
        "tolerance": tolerance,
        "fraction": fraction,
        "feedback": feedback,
        "feedback_format": feedback_format,
    }


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
