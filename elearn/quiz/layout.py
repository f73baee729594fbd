"""What an attempt shows: which questions, in which order, with which answer order. Pure."""

import random

from elearn.quiz.models import Question

SHUFFLED_TYPES = {"single", "multiple", "matching", "ordering"}


def snapshot(question: Question, locale: str, rng: random.Random, shuffle: bool) -> dict:
    """Everything needed to show and grade the question later, frozen at the attempt's start:
    a fix to the question afterwards does not change what this attempt showed."""
    texts = question.texts.get(locale) or question.texts["en"]
    order = list(texts["answers"])
    if question.type in SHUFFLED_TYPES and (shuffle or question.type == "ordering"):
        rng.shuffle(order)
    return {
        "question": question.id,
        "slug": question.slug,
        "type": question.type,
        "points": question.points,
        "answer_key": question.answer_key,
        "texts": texts,
        "order": order,
    }


def build(questions: list[Question], settings: dict, locale: str, rng: random.Random) -> list:
    shown = list(questions)
    if settings.get("shuffle"):
        rng.shuffle(shown)
    return [snapshot(q, locale, rng, settings.get("shuffle", False)) for q in shown]
