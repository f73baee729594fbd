"""Moodle Aiken question files (docs.moodle.org "Aiken format"): text in, question dicts out.

A question is one line of text, then its options ``A. text`` or ``A) text`` one to a line, then
``ANSWER: B``. Pure functions following Moodle's importer (question/format/aiken/format.php); the
result has the same shape as :func:`elearn.quiz.gift.parse_gift`'s. Aiken texts are plain text:
Moodle escapes them, so ``<html class="cool"> & images`` is shown as written."""

import re
from dataclasses import dataclass, field

from flask_babel import gettext as _

from elearn.quiz.gift import LINE_BREAK, GiftResult, Problem, choice_dict, question_dict

OPTION = re.compile(r"^[A-Z][).][ \t]?")
ANSWER = "ANSWER:"


@dataclass
class _Draft:
    line: int
    text: str
    options: list[str] = field(default_factory=list)


def parse_aiken(text: str) -> GiftResult:
    """Every question of an Aiken file, in order, and every problem with its line number."""
    result = GiftResult()
    draft: _Draft | None = None
    for number, raw in enumerate(LINE_BREAK.split(text), start=1):
        line = raw.strip()
        if len(line) < 2:  # Moodle skips these, blank or not
            continue
        is_option, is_answer = bool(OPTION.match(line)), line.startswith(ANSWER)
        if not (is_option or is_answer):
            if draft is not None:
                result.problems.append(_unanswered(draft))
            draft = _Draft(number, line)
        elif draft is None:
            result.problems.append(
                Problem(number, _("an option or ANSWER line before its question"))
            )
        elif is_option:
            draft.options.append(line[2:].strip())
        else:
            _finish(draft, line, number, result)
            draft = None
    if draft is not None:
        result.problems.append(_unanswered(draft))
    if not result.questions and not result.problems:
        result.problems.append(Problem(1, _("the file has no questions")))
    return result


def _unanswered(draft: _Draft) -> Problem:
    return Problem(draft.line, _("the question has no 'ANSWER: <letter>' line after its options"))


def _finish(draft: _Draft, line: str, number: int, result: GiftResult) -> None:
    """``ANSWER: B`` closes the question: B is the second option, whatever its label says."""
    letter = line[len(ANSWER) :].strip()[:1]
    right = ord(letter) - ord("A") if letter else -1
    if len(draft.options) < 2:
        result.problems.append(Problem(number, _("a question needs at least 2 options")))
    elif not 0 <= right < len(draft.options):
        last = chr(ord("A") + len(draft.options) - 1)
        result.problems.append(
            Problem(
                number,
                _(
                    "the answer '%(letter)s' is not one of the options A to %(last)s",
                    letter=letter,
                    last=last,
                ),
            )
        )
    else:
        choices = [
            choice_dict(option, 1.0 if index == right else 0.0, text_format="plain")
            for index, option in enumerate(draft.options)
        ]
        result.questions.append(question_dict("single", draft.text, "plain", choices=choices))
