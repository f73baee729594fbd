"""What an attempt shows: which questions, in which order, with which answer order. Pure.

The page never shows the course's answer ids: every choice, pair and item gets an opaque alias
drawn for the attempt (see ``elearn.quiz.responses`` for the way back), so field names, values
and their order tell a trainee nothing about the right answer."""

import random

from elearn.content.models import Question
from elearn.content.question_types import question_type
from elearn.i18n import localized


def snapshot(question: Question, locale: str, rng: random.Random, shuffle: bool) -> dict:
    """Everything needed to show and grade the question later, frozen at the attempt's start:
    a fix to the question afterwards does not change what this attempt showed."""
    texts = localized(question.texts, locale)
    return {
        "question": question.id,
        "slug": question.slug,
        "type": question.type,
        "points": question.points,
        "answer_key": question.answer_key,
        "texts": texts,
        # The answers' order, shuffled as the type says, and the aliases the page shows.
        **question_type(question.type).arrange(texts["answers"], rng, shuffle=shuffle),
    }


def draw(questions: list[Question], counts: dict[str, int], rng: random.Random) -> list[Question]:
    """Every question outside pools, and ``counts[pool]`` questions drawn from each pool;
    the quiz's order is kept."""
    chosen = set()
    for pool, count in counts.items():
        members = [q.id for q in questions if q.pool == pool]
        chosen.update(rng.sample(members, min(count, len(members))))
    return [q for q in questions if q.pool is None or q.id in chosen]


def build(questions: list[Question], settings: dict, locale: str, rng: random.Random) -> list:
    shown = draw(questions, settings.get("draw") or {}, rng)
    if settings.get("shuffle"):
        rng.shuffle(shown)
    return [snapshot(q, locale, rng, settings.get("shuffle", False)) for q in shown]
