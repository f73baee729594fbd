"""The typed types: ``shortanswer`` (text compared with the accepted answers of the trainee's
language) and ``numerical`` (a number within a tolerance). Responses are the typed text."""

import re
import unicodedata
from functools import partial

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import escape

from elearn.content.question_types.base import ResponseError, given_text, one_line, typed_text
from elearn.content.question_types.choice import (
    WEIGHTS_HINT,
    ChoiceType,
    fraction,
    moodle_feedback,
    moodle_marker,
)
from elearn.content.question_types.parsed import Answer

TOLERANCE = 1e-6

# Applied before case folding. Azerbaijani folds I/İ the Turkic way; Romanian legacy cedilla
# letters are the comma-below ones; Ukrainian apostrophe variants are one letter.
LOCALE_LETTERS = {
    "az": str.maketrans({"İ": "i", "I": "ı"}),
    "ro": str.maketrans({"ş": "ș", "ţ": "ț", "Ş": "Ș", "Ţ": "Ț"}),
    "uk": str.maketrans({"’": "ʼ", "'": "ʼ", "`": "ʼ"}),
}

# What trainees type.
NUMBER = re.compile(
    r"""[-\u2212]?
    (?:
        [0-9]{1,3}(?:\.[0-9]{3})+,[0-9]+        # 1.234,5: dots group thousands only before a comma
      | (?:[0-9]{1,3}(?:[\x20\u00a0\u202f][0-9]{3})+|[0-9]+)(?:[.,][0-9]+)?
    )""",
    re.VERBOSE,
)
NUMBER_SPELLING = str.maketrans({"\u2212": "-", " ": None, "\u00a0": None, "\u202f": None})
# What authors write in the quiz syntax.
SOURCE_NUMBER = r"-?\d+(?:\.\d+)?"
NUMERICAL_VALUE = re.compile(rf"^({SOURCE_NUMBER})(?:\s*(?:±|\+-)\s*({SOURCE_NUMBER}))?$")
NUMERICAL_RANGE = re.compile(rf"^({SOURCE_NUMBER})\s*\.\.\s*({SOURCE_NUMBER})$")

# Float error, e.g. |0.4 - 0.3| > 0.1; scaled so that large values get the same relative slack.
EPSILON = 1e-9


def normalise(text: str, locale: str, *, ignore_diacritics: bool = False) -> str:
    """The form of ``text`` that short answers are compared in, for ``locale``.

    NFC, white space stripped and collapsed, locale-correct case folding (Turkic I for ``az``,
    comma-below ș ț for ``ro``, one apostrophe for ``uk``; Georgian is only ever lower-cased).
    ``ignore_diacritics`` also drops combining marks."""
    text = unicodedata.normalize("NFC", text).translate(LOCALE_LETTERS.get(locale, {}))
    text = unicodedata.normalize("NFC", " ".join(text.casefold().split()))
    return _without_diacritics(text) if ignore_diacritics else text


def _without_diacritics(text: str) -> str:
    # Georgian and Armenian letters have no decomposition, so NFD leaves them whole.
    decomposed = unicodedata.normalize("NFD", text)
    kept = "".join(char for char in decomposed if unicodedata.category(char) != "Mn")
    return unicodedata.normalize("NFC", kept)


def parse_number(text: str) -> float | None:
    """A typed number, or None when ``text`` is not one.

    Reads a decimal point or a decimal comma, thousands grouped by spaces (also no-break and
    narrow no-break) or, before a decimal comma, by dots; a leading ``-`` or ``−``. All six
    locales write numbers in one of these ways, so one reading serves every trainee."""
    text = text.strip()
    if not NUMBER.fullmatch(text):
        return None
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    return float(text.translate(NUMBER_SPELLING))


def numerical_answer(text: str) -> tuple[float, float] | None:
    """``42``, ``42 ± 0.5`` or ``40..44`` as (value, tolerance); None when unreadable."""
    if match := NUMERICAL_RANGE.match(text.strip()):
        low, high = sorted(float(v) for v in match.groups())
        return (low + high) / 2, (high - low) / 2
    if match := NUMERICAL_VALUE.match(text.strip()):
        value, tolerance = match.groups()
        return float(value), abs(float(tolerance or 0))
    return None


def plain_number(value: float) -> str:
    """A number as the quiz syntax reads it: never in exponent notation (1e-05)."""
    return f"{value:.10f}".rstrip("0").rstrip(".")


def _typed(response) -> str:
    if not isinstance(response, str):
        raise ResponseError("the answer to this question is typed text")
    return response


class TypedType(ChoiceType):
    """Accepted answers ``- [x] id: text`` (or weighted), one of them worth full credit."""

    template = "quiz/types/_typed.html"
    input_mode: str | None = None  # the attempt page's keyboard hint
    min_answers = 1
    weighted = True
    form_columns = ("text", "correct", "credit", "feedback", "answer_id")

    def full_credit_needed(self, report, fractions: list[float]) -> None:
        if not any(abs(f - 1) < TOLERANCE for f in fractions):
            report(_("a %(type)s question needs one answer worth [x] or [100%%]", type=self.name))
        if any(f < 0 or f > 1 for f in fractions):
            report(_("weights of a %(type)s question are between 0%% and 100%%", type=self.name))

    def read(self, form, name: str, shown: dict):
        return typed_text(form, name)

    def review(self, shown: dict, response):
        full = [a for a in shown["answer_key"]["answers"] if a["fraction"] >= 1]
        return given_text(response), [self.expected(shown, a) for a in full]

    def expected(self, shown: dict, answer: dict) -> str:
        """A full-credit answer as the review shows it."""
        raise NotImplementedError

    def best(self, key: dict) -> dict:
        return max(key["answers"], key=lambda a: a["fraction"])


class ShortAnswer(TypedType):
    name = "shortanswer"
    label = _l("Short written answer")
    xapi_interaction = "fill-in"
    free_text = True
    form_hint = WEIGHTS_HINT

    def answer_key(self, question, report) -> dict:
        answers = self.fitting_answers(question, report)
        key = [{"id": a.id, "fraction": fraction(a.marker)} for a in answers]
        self.full_credit_needed(report, [a["fraction"] for a in key])
        return {"answers": key}

    def model_response(self, key: dict, texts: dict):
        return texts["answers"][self.best(key)["id"]]["text"]

    def skeleton(self) -> list[str]:
        return [f"- [100%] answer-1: {_('An accepted answer')}"]

    def grade(self, key, response, *, texts, locale, ignore_diacritics) -> float:
        fold = partial(normalise, locale=locale, ignore_diacritics=ignore_diacritics)
        typed = fold(_typed(response))
        if not typed:
            return 0.0
        if texts is None:
            raise ValueError("grading a short answer needs the texts of the trainee's locale")
        accepted = texts["answers"]
        return max(
            (a["fraction"] for a in key["answers"] if fold(accepted[a["id"]]["text"]) == typed),
            default=0.0,
        )

    def expected(self, shown: dict, answer: dict) -> str:
        return escape(shown["texts"]["answers"][answer["id"]]["text"])

    def xapi_correct(self, shown: dict) -> list[str]:
        answers = shown["texts"]["answers"]
        right = [a["id"] for a in shown["answer_key"]["answers"] if a["fraction"] >= 1]
        return ["{case_matters=false}" + answers[ident]["text"] for ident in right]

    def moodle_text(self, choice: dict, text) -> str:
        # An accepted answer, compared with what trainees type.
        return one_line(choice["text"])


class Numerical(TypedType):
    name = "numerical"
    label = _l("Number")
    xapi_interaction = "numeric"
    input_mode = "decimal"
    form_hint = _l(
        "Write a number (42), a number with its tolerance (42 ± 0.5) or a range (40..44)."
    )

    def answer_key(self, question, report) -> dict:
        key = []
        for answer in self.fitting_answers(question, report):
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
                    "fraction": fraction(answer.marker),
                }
            )
        self.full_credit_needed(report, [a["fraction"] for a in key])
        return {"answers": key}

    def same_value(self, original: Answer, translated: Answer) -> bool:
        return numerical_answer(translated.text) == numerical_answer(original.text)

    def model_response(self, key: dict, texts: dict):
        return plain_number(self.best(key)["value"])

    def skeleton(self) -> list[str]:
        return ["- [x] value: 42 ± 0.5"]

    def grade(self, key, response, *, texts, locale, ignore_diacritics) -> float:
        number = parse_number(_typed(response))
        if number is None:
            return 0.0
        return max((a["fraction"] for a in key["answers"] if _within(number, a)), default=0.0)

    def expected(self, shown: dict, answer: dict) -> str:
        tolerance = answer["tolerance"]
        return escape(f"{answer['value']:g}" + (f" ± {tolerance:g}" if tolerance else ""))

    def xapi_correct(self, shown: dict) -> list[str]:
        return [_range(a) for a in shown["answer_key"]["answers"] if a["fraction"] >= 1]

    def moodle_answers(self, question: dict, text) -> list[Answer]:
        answers = []
        for number, answer in enumerate(question["numerical"], start=1):
            if answer["value"] == "*":  # Moodle's "any other answer" feedback has no place here
                continue
            tolerance = answer["tolerance"]
            value = plain_number(answer["value"])
            value += f" ± {plain_number(tolerance)}" if tolerance else ""
            marker = moodle_marker(answer["fraction"], weighted=self.weighted)
            answers.append(
                Answer(
                    f"n{number}", 0, value, marker=marker, feedback=moodle_feedback(answer, text)
                )
            )
        return answers


def _within(number: float, answer: dict) -> bool:
    slack = answer["tolerance"] + EPSILON * max(1.0, abs(answer["value"]))
    return abs(number - answer["value"]) <= slack


def _range(answer: dict) -> str:
    low, high = answer["value"] - answer["tolerance"], answer["value"] + answer["tolerance"]
    return f"{low:g}" if low == high else f"{low:g}[:]{high:g}"
