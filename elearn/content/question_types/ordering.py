"""``ordering``: steps ``1. id: text`` written in the right order. The response lists every
item id once, in the trainee's order; the items are always shown shuffled."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from elearn.content.question_types.base import (
    SEPARATOR,
    FormAnswer,
    QuestionType,
    ResponseError,
    components,
    html,
    require_known,
)
from elearn.content.question_types.parsed import Answer


class Ordering(QuestionType):
    name = "ordering"
    label = _l("Putting in order")
    xapi_interaction = "sequencing"
    template = "quiz/types/_ordering.html"
    answer_kind = "step"
    min_answers = 2
    # Shown in the course's order the answer would be the order shown.
    shuffled = always_shuffled = aliased = True
    form_columns = ("text", "feedback", "answer_id")
    form_hint = _l("Write the steps in the right order; trainees see them shuffled.")

    def answer_key(self, question, report) -> dict:
        steps = self.fitting_answers(question, report)
        if [a.position for a in steps] != list(range(1, len(steps) + 1)):
            report(_("number the steps 1, 2, 3... in the correct order"))
        return {"order": [a.id for a in steps]}

    def model_response(self, key: dict, texts: dict):
        return list(key["order"])

    def skeleton(self) -> list[str]:
        step = _("A step")
        return [f"{n}. step-{n}: {step}" for n in range(1, 4)]

    def grade(self, key, response, *, texts, locale, ignore_diacritics) -> float:
        if not isinstance(response, list | tuple):
            raise ResponseError("an ordering question takes a list of item ids")
        if not response:
            return 0.0
        order = key["order"]
        require_known(response, order)
        if sorted(response) != sorted(order):
            raise ResponseError("an ordering response lists every item exactly once")
        pairs = zip(response, order, strict=True)
        return sum(given == right for given, right in pairs) / len(order)

    def read(self, form, name: str, shown: dict):
        alias = shown.get("aliases", {})
        positions = {}
        for item in shown["texts"]["answers"]:
            value = form.get(f"{name}-{alias.get(item, item)}", "")
            if not value.isdigit():
                return None
            positions[item] = int(value)
        return sorted(positions, key=lambda item: (positions[item], item))

    def review(self, shown: dict, response):
        given = response if isinstance(response, list) else []
        return [html(shown, i) for i in given], [
            html(shown, i) for i in shown["answer_key"]["order"]
        ]

    def xapi_components(self, shown: dict, locale: str) -> dict:
        return {"choices": components(shown["order"], shown, locale)}

    def xapi_response(self, shown: dict, given) -> str:
        return SEPARATOR.join(given or [])

    def xapi_correct(self, shown: dict) -> list[str]:
        return [SEPARATOR.join(shown["answer_key"]["order"])]

    def form_answer(self, row: FormAnswer) -> Answer:
        return Answer(row.ident, 0, row.text, position=row.position, feedback=row.feedback)
