"""The types without answers: ``essay`` (a written answer a trainer grades) and
``description`` (a text between questions, e.g. a case; no points)."""

from flask_babel import lazy_gettext as _l

from elearn.content.question_types.base import QuestionType, given_text, typed_text


class Essay(QuestionType):
    name = "essay"
    label = _l("Essay, graded by a trainer")
    xapi_interaction = "long-fill-in"
    template = "quiz/types/_essay.html"
    trainer_graded = True
    free_text = True

    def read(self, form, name: str, shown: dict):
        return typed_text(form, name)

    def review(self, shown: dict, response):
        return given_text(response), []


class Description(QuestionType):
    name = "description"
    label = _l("Text without a question (e.g. a case)")
    default_points = 0.0
    scored = False
