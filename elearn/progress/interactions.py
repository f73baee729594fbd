"""Question types as xAPI interaction activities (xAPI-Data 2.4.4.1.1, interaction components
and response patterns). Pure: from what the attempt showed and what the trainee answered; each
type gives its interaction type, components and patterns (``elearn.content.question_types``).

The correct response pattern is included only when ``reveal`` is true, i.e. when the quiz's
review policy lets trainees see the answers: a statement must not tell an LRS user more than
the platform tells the trainee."""

from elearn.content.question_types import question_type
from elearn.content.question_types.base import plain

__all__ = ["definition", "plain", "response"]


def definition(shown: dict, locale: str, *, reveal: bool) -> dict:
    """The ``definition`` entries of an interaction beyond its name and type."""
    kind = question_type(shown["type"])
    # Components in the order the trainee saw them: the key's order would give the answer away.
    body = {"interactionType": kind.xapi_interaction} | kind.xapi_components(shown, locale)
    if reveal and (pattern := kind.xapi_correct(shown)):
        body["correctResponsesPattern"] = pattern
    return body


def response(shown: dict, given) -> str:
    """The trainee's answer in the interaction type's response format."""
    return question_type(shown["type"]).xapi_response(shown, given)
