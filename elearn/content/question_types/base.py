"""What every question type decides, with the defaults of a type that takes no answers.

A type is one object (``QUESTION_TYPES`` in this package) that the features ask instead of
testing the type's name: the quiz syntax and answer keys (content), grading, the attempt's
layout, reading and reviewing a response (quiz), xAPI interactions (progress), the question
form, skeletons and Moodle conversion (authoring, quiz). Pure: no Flask request, no database;
what needs them (rendering the ``template``, the form's widgets) stays in its feature."""

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from flask_babel import gettext as _
from flask_babel import ngettext
from markupsafe import Markup, escape

from elearn.content.question_types.parsed import Answer, Question
from elearn.content.source import Problems

# xAPI's separator of the items of a response or a correct response pattern.
SEPARATOR = "[,]"


class ResponseError(ValueError):
    """A response the question's form cannot produce (unknown id, wrong shape): refuse it."""


class Reporter:
    """Adds a problem of one question, at its heading's line unless told another."""

    def __init__(self, path: Path, problems: Problems, question: Question):
        self.path, self.problems, self.question = path, problems, question

    def __call__(self, message: str, line: int | None = None) -> None:
        self.problems.add(self.path, line or self.question.line, message)


# A Moodle text (text, format) as one line of the quiz syntax's inline Markdown.
MoodleText = Callable[[str, str], str]


class QuestionType:
    name: str
    label: str  # lazy gettext: the type as authors see it
    xapi_interaction: str | None = None  # xAPI interactionType; None: not an interaction
    template: str | None = None  # the quiz partial that renders its input
    # The answer lines it takes ("choice", "pair" or "step"), and how many at least.
    answer_kind: str | None = None
    min_answers = 0
    default_points = 1.0
    scored = True  # has points and counts in the score
    trainer_graded = False  # a trainer grades it, after the attempt
    free_text = False  # its responses are the trainee's own words (erased on request)
    weighted = False  # answers may carry a weight ([50%]) besides [x] and [ ]
    # Shown in a shuffled order when the quiz shuffles; always; under aliases (layout).
    shuffled = always_shuffled = aliased = False
    form_columns: tuple[str, ...] = ()  # the question form's answer columns
    form_hint: str | None = None  # lazy gettext above them

    @property
    def takes_answers(self) -> bool:
        return self.answer_kind is not None

    @property
    def grades(self) -> bool:
        """Whether grading decides its credit (not a trainer, and not a text without points)."""
        return self.scored and not self.trainer_graded

    # The course format: answer key, its checks, translations, a full-credit response.

    def answer_key(self, question: Question, report: Reporter) -> dict:
        """The language-blind grading key; problems go to ``report``."""
        return {}

    def fitting_answers(self, question: Question, report: Reporter) -> list[Answer]:
        """The answers of the type's kind; others, and too few, are problems."""
        wrong = [a for a in question.answers if answer_kind(a) != self.answer_kind]
        for answer in wrong:
            report(_("this answer does not fit a %(type)s question", type=self.name), answer.line)
        if len(question.answers) < self.min_answers:
            report(
                ngettext(
                    "a %(type)s question needs at least %(count)s answer",
                    "a %(type)s question needs at least %(count)s answers",
                    self.min_answers,
                    type=self.name,
                    count=self.min_answers,
                )
            )
        return [a for a in question.answers if answer_kind(a) == self.answer_kind]

    def check_translated_answers(
        self, source: Question, translated: Question, path: Path, problems: Problems
    ) -> None:
        """Beyond the same answer ids: what a translation must copy from the source."""

    def model_response(self, key: dict, texts: dict):
        """A response that earns full credit (demo data, load tests); None without a key."""
        return None

    def skeleton(self) -> list[str]:
        """Model answer lines for a new question in the editor."""
        return []

    # Grading and the attempt page.

    def grade(self, key: dict, response, *, texts: dict | None, locale: str, ignore_diacritics):
        """The fraction (0 to 1) of the points a given response earns, where ``grades``;
        raises ResponseError for a response its form cannot give."""
        raise NotImplementedError(f"a {self.name} question is not graded automatically")

    def arrange(self, ids, rng: random.Random, *, shuffle: bool) -> dict:
        """The attempt's ``order`` of the answers ``ids`` and the ``aliases`` the page shows
        for them (``elearn.quiz.layout``)."""
        order = list(ids)
        if self.shuffled and (shuffle or self.always_shuffled):
            rng.shuffle(order)
        return {"order": order} | ({"aliases": aliases(order, rng)} if self.aliased else {})

    def read(self, form: Mapping, name: str, shown: dict):
        """The response in the attempt page's fields named after ``name``; None: unanswered."""
        return None

    def chosen(self, response) -> list[str]:
        """The answer ids a response chose (their feedback is shown)."""
        return []

    def review(self, shown: dict, response) -> tuple[list[Markup], list[Markup]]:
        """What was given and what was expected, as HTML lines."""
        return [], []

    # xAPI (elearn.progress.interactions).

    def xapi_components(self, shown: dict, locale: str) -> dict:
        """The interaction components (choices, source/target), in the order shown."""
        return {}

    def xapi_response(self, shown: dict, given) -> str:
        return "" if given is None else str(given)

    def xapi_correct(self, shown: dict) -> list[str]:
        """The correct responses pattern; empty where there is no single right answer."""
        return []

    # Authoring: the question form and Moodle questions.

    def form_answer(self, row: "FormAnswer") -> Answer:
        """An answer from a row of the question form: a choice, its credit where the type has
        weights, else the tick (a type without answers reports the rows when checked)."""
        marker = f"{row.credit}%" if self.weighted and row.credit is not None else None
        marker = marker or ("x" if row.correct else " ")
        return Answer(row.ident, 0, row.text, marker=marker, feedback=row.feedback)

    def moodle_answers(self, question: dict, text: MoodleText) -> list[Answer]:
        """The answers of a Moodle question (``elearn.quiz.gift``) in the quiz syntax."""
        return []


@dataclass(frozen=True)
class FormAnswer:
    """One filled row of the question form, as plain values."""

    ident: str
    text: str
    position: int
    right: str = ""
    correct: bool = False
    credit: int | None = None  # percent, overriding ``correct`` where the type has weights
    feedback: list[str] = field(default_factory=list)


def answer_kind(answer: Answer) -> str:
    if answer.right is not None:
        return "pair"
    if answer.position is not None:
        return "step"
    return "choice"


def aliases(ids: list[str], rng: random.Random) -> dict[str, str]:
    """A distinct random token for each id, as the page's name or value for it."""
    tokens: set[str] = set()
    while len(tokens) < len(ids):
        tokens.add(f"a{rng.getrandbits(40):010x}")
    return dict(zip(ids, rng.sample(sorted(tokens), len(ids)), strict=True))


def course_id(shown: dict, kind: str, value: str) -> str:
    """The course's id behind an alias; attempts started before aliases existed showed the ids."""
    found = shown.get(kind)
    if found is None:
        return value
    by_alias = {alias: ident for ident, alias in found.items()}
    return by_alias.get(value, f"unknown:{value}")


def require_known(ids, known) -> None:
    unknown = [ident for ident in ids if not isinstance(ident, str) or ident not in known]
    if unknown:
        raise ResponseError(f"unknown ids in the response: {unknown!r}")


def html(shown: dict, answer_id: str) -> Markup:
    return Markup(shown["texts"]["answers"][answer_id]["html"])  # nosec B704  # HTML sanitised at import (content.markdown)


def plain(markup: str) -> str:
    """The text of an HTML fragment, whole (names are never cut)."""
    return " ".join(Markup(markup).striptags().split())  # nosec B704  # only stripped to text


def components(ids, shown: dict, locale: str) -> list[dict]:
    answers = shown["texts"]["answers"]
    return [{"id": ident, "description": {locale: plain(answers[ident]["html"])}} for ident in ids]


def typed_text(form: Mapping, name: str) -> str | None:
    """A typed answer as the page's field gives it; None when the field is absent."""
    value = form.get(name)
    return None if value is None else value.strip()


def given_text(response) -> list[Markup]:
    return [escape(response)] if response else []


def one_line(text: str) -> str:
    return " ".join(text.split())
