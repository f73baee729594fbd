"""Question types as a registry: one object per type decides everything about it (see
``base.QuestionType``); features ask ``question_type(kind)`` instead of testing the name.

Adding a type: a ``QuestionType`` subclass in a module of this package (or in its family's),
listed in ``QUESTION_TYPES`` below, and its partial under ``elearn/quiz/templates/quiz/types/``."""

from elearn.content.question_types.base import QuestionType
from elearn.content.question_types.choice import Multiple, Single, TrueFalse
from elearn.content.question_types.matching import Matching
from elearn.content.question_types.ordering import Ordering
from elearn.content.question_types.text import Description, Essay
from elearn.content.question_types.typed import Numerical, ShortAnswer

# In the order authors are offered them.
QUESTION_TYPES: dict[str, QuestionType] = {
    kind.name: kind
    for kind in (
        Single(),
        Multiple(),
        TrueFalse(),
        ShortAnswer(),
        Numerical(),
        Matching(),
        Ordering(),
        Essay(),
        Description(),
    )
}


def question_type(kind: str) -> QuestionType:
    try:
        return QUESTION_TYPES[kind]
    except KeyError:
        raise ValueError(f"unknown question type '{kind}'") from None
