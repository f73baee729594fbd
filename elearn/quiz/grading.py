"""Grading a trainee's response against a question's answer key (see elearn.content.answer_keys).

Pure functions: no Flask, no database. Grading is by id; only short answers compare typed text,
normalised by the rules of the trainee's locale. Each type grades its own responses
(``QuestionType.grade`` in ``elearn.content.question_types``)."""

from elearn.content.question_types import question_type
from elearn.content.question_types.base import ResponseError

__all__ = ["ResponseError", "score"]


def score(
    kind: str,
    answer_key: dict,
    response,
    *,
    texts: dict | None = None,
    locale: str = "en",
    ignore_diacritics: bool = False,
) -> float | None:
    """The fraction (0 to 1) of a question's points that ``response`` earns.

    Responses: a choice id for ``single``/``truefalse``; a list, tuple or set of choice ids for
    ``multiple``; the typed text for ``shortanswer`` and ``numerical``; ``{pair id: chosen pair
    id}`` for ``matching`` (unanswered pairs left out); every item id once, in the trainee's
    order, for ``ordering``. ``texts`` are the texts of the trainee's locale for this question
    (``{"answers": {id: {"text": ...}}}``), needed for ``shortanswer``. A missing or empty
    response scores 0.0; ``essay`` (graded by a trainer) and ``description`` return None.

    Raises ResponseError when the response cannot come from the question's form (an unknown id,
    a wrong shape): the caller should refuse it rather than record a score."""
    graded = question_type(kind)
    if not graded.grades:
        return None
    if response is None:
        return 0.0
    return graded.grade(
        answer_key, response, texts=texts, locale=locale, ignore_diacritics=ignore_diacritics
    )
