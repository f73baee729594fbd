"""The choice types: ``single`` (one right answer), ``truefalse`` and ``multiple`` (several
right answers, or weights). Responses are choice ids; the page shows them under aliases."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from elearn.content.question_types.base import (
    SEPARATOR,
    MoodleText,
    QuestionType,
    Reporter,
    ResponseError,
    components,
    course_id,
    html,
    require_known,
)
from elearn.content.question_types.parsed import Answer, Question

WEIGHTS_HINT = _l(
    "Tick the right answers, or give each answer its credit in percent (it overrides the tick)."
)


def fraction(marker: str) -> float:
    """``x`` is full credit, a blank none, ``NN%`` a weight (``-25%`` a penalty)."""
    if marker == "x":
        return 1.0
    if marker == " ":
        return 0.0
    return float(marker.rstrip("%")) / 100


def moodle_marker(value: float, *, weighted: bool) -> str:
    """Moodle's credit as a marker; a type without weights has no partial credit."""
    if weighted and value not in (0.0, 1.0):
        return f"{value * 100:g}%"
    return "x" if value >= 1 else " "


def moodle_feedback(answer: dict, text: MoodleText) -> list[str]:
    return (
        [text(answer["feedback"], answer["feedback_format"])] if answer["feedback"].strip() else []
    )


class ChoiceType(QuestionType):
    """What every type with ``- [x] id: text`` answers shares."""

    answer_kind = "choice"

    def check_translated_answers(self, source, translated, path, problems) -> None:
        for original, answer in zip(source.answers, translated.answers, strict=True):
            if original.marker != answer.marker:
                problems.add(path, answer.line, _("the [x]/weight marker differs from the source"))
            elif not self.same_value(original, answer):
                problems.add(
                    path, answer.line, _("numbers are not translated: copy them as they are")
                )

    def same_value(self, original: Answer, translated: Answer) -> bool:
        """Whether a translated answer keeps what grading compares."""
        return True

    def moodle_answers(self, question: dict, text: MoodleText) -> list[Answer]:
        return [
            Answer(
                self.moodle_id(choice, number),
                0,
                self.moodle_text(choice, text),
                marker=moodle_marker(self.moodle_fraction(choice), weighted=self.weighted),
                feedback=moodle_feedback(choice, text),
            )
            for number, choice in enumerate(question["choices"], start=1)
        ]

    def moodle_id(self, choice: dict, number: int) -> str:
        return f"c{number}"

    def moodle_text(self, choice: dict, text: MoodleText) -> str:
        return text(choice["text"], choice["format"])

    def moodle_fraction(self, choice: dict) -> float:
        """Moodle's credit of a choice; ours has no penalty but where the type has weights."""
        return max(choice["fraction"], 0.0)


class SelectedChoiceType(ChoiceType):
    """Choices shown in a list to pick from (not typed): shuffled, aliased, reviewed by text."""

    aliased = True

    def review(self, shown: dict, response):
        right = [c["id"] for c in shown["answer_key"]["choices"] if c["fraction"] > 0]
        return [html(shown, c) for c in self.chosen(response)], [html(shown, c) for c in right]

    def xapi_components(self, shown: dict, locale: str) -> dict:
        return {"choices": components(shown["order"], shown, locale)}


class Single(SelectedChoiceType):
    name = "single"
    label = _l("One right answer")
    xapi_interaction = "choice"
    template = "quiz/types/_single.html"
    min_answers = 2
    shuffled = True
    form_columns = ("text", "correct", "feedback", "answer_id")

    def answer_key(self, question: Question, report: Reporter) -> dict:
        choices = self.fitting_answers(question, report)
        if any(a.marker not in ("x", " ") for a in choices):
            report(
                _(
                    "mark the answer of a %(type)s question with [x] and the others with [ ]",
                    type=self.name,
                )
            )
        if sum(a.marker == "x" for a in choices) != 1:
            report(_("a %(type)s question needs exactly one [x] answer", type=self.name))
        return {"choices": [{"id": a.id, "fraction": fraction(a.marker)} for a in choices]}

    def model_response(self, key: dict, texts: dict):
        return next(c["id"] for c in key["choices"] if c["fraction"] >= 1)

    def skeleton(self) -> list[str]:
        right, wrong = _("A right answer"), _("A wrong answer")
        return [f"- [x] right: {right}", f"- [ ] wrong-1: {wrong}", f"- [ ] wrong-2: {wrong}"]

    def grade(self, key, response, *, texts, locale, ignore_diacritics) -> float:
        if response == "":
            return 0.0
        fractions = {choice["id"]: choice["fraction"] for choice in key["choices"]}
        require_known([response], fractions)
        return fractions[response]

    def read(self, form, name: str, shown: dict):
        value = form.get(name)
        value = None if value is None else value.strip()
        return value and course_id(shown, "aliases", value)

    def chosen(self, response) -> list[str]:
        return [response] if isinstance(response, str) else []

    def xapi_correct(self, shown: dict) -> list[str]:
        return [c["id"] for c in shown["answer_key"]["choices"] if c["fraction"] >= 1]


class TrueFalse(Single):
    name = "truefalse"
    label = _l("True or false")
    xapi_interaction = "true-false"
    shuffled = False

    def answer_key(self, question: Question, report: Reporter) -> dict:
        key = super().answer_key(question, report)
        if sorted(choice["id"] for choice in key["choices"]) != ["false", "true"]:
            report(_("a truefalse question has exactly the answers 'true' and 'false'"))
        return key

    def skeleton(self) -> list[str]:
        # The English source says True and False; translations translate them.
        return ["- [x] true: True", "- [ ] false: False"]

    def xapi_components(self, shown: dict, locale: str) -> dict:
        return {}

    def moodle_id(self, choice: dict, number: int) -> str:
        return choice["text"]

    def moodle_text(self, choice: dict, text: MoodleText) -> str:
        return choice["text"].capitalize()


class Multiple(SelectedChoiceType):
    name = "multiple"
    label = _l("Several right answers")
    xapi_interaction = "choice"
    template = "quiz/types/_multiple.html"
    min_answers = 2
    shuffled = True
    weighted = True
    form_columns = ("text", "correct", "credit", "feedback", "answer_id")
    form_hint = WEIGHTS_HINT

    def answer_key(self, question: Question, report: Reporter) -> dict:
        choices = self.fitting_answers(question, report)
        weighted = [a for a in choices if a.marker not in ("x", " ")]
        if weighted and len(weighted) != len(choices):
            report(_("use either [x]/[ ] or a weight like [50%] on every answer, not both"))
        if weighted:
            fractions = {a.id: fraction(a.marker) for a in choices}
        else:
            right = [a for a in choices if a.marker == "x"]
            wrong = [a for a in choices if a.marker == " "]
            fractions = {a.id: 1 / len(right) for a in right} if right else {}
            fractions |= {a.id: -1 / len(wrong) for a in wrong}
        positive = sum(f for f in fractions.values() if f > 0)
        if abs(positive - 1) > 0.01:
            report(_("the positive weights of a multiple question must add up to 100%"))
        return {"choices": [{"id": a.id, "fraction": fractions.get(a.id, 0.0)} for a in choices]}

    def model_response(self, key: dict, texts: dict):
        return sorted(c["id"] for c in key["choices"] if c["fraction"] > 0)

    def skeleton(self) -> list[str]:
        right, wrong = _("A right answer"), _("A wrong answer")
        return [f"- [x] right-1: {right}", f"- [x] right-2: {right}", f"- [ ] wrong: {wrong}"]

    def grade(self, key, response, *, texts, locale, ignore_diacritics) -> float:
        if not isinstance(response, list | tuple | set | frozenset):
            raise ResponseError("a multiple question takes a list of choice ids")
        fractions = {choice["id"]: choice["fraction"] for choice in key["choices"]}
        require_known(response, fractions)
        # A set: choosing an id twice must not count it twice.
        return min(1.0, max(0.0, sum(fractions[ident] for ident in set(response))))

    def read(self, form, name: str, shown: dict):
        if f"{name}-present" not in form:
            return None
        return sorted(course_id(shown, "aliases", value) for value in form.getlist(name))

    def chosen(self, response) -> list[str]:
        return response if isinstance(response, list) else []

    def xapi_response(self, shown: dict, given) -> str:
        return SEPARATOR.join(given or [])

    def xapi_correct(self, shown: dict) -> list[str]:
        choices = shown["answer_key"]["choices"]
        return [SEPARATOR.join(c["id"] for c in choices if c["fraction"] > 0)]

    def moodle_fraction(self, choice: dict) -> float:
        return choice["fraction"]
