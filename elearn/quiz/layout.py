"""What an attempt shows: which questions, in which order, with which answer order. Pure.

The page never shows the course's answer ids: every choice, pair and item gets an opaque alias
drawn for the attempt (see ``elearn.quiz.responses`` for the way back), so field names, values
and their order tell a trainee nothing about the right answer."""

import random

from elearn.content.models import Question

SHUFFLED_TYPES = {"single", "multiple", "matching", "ordering"}
# Shown in the course's order these would pair the n-th prompt with the n-th option.
ALWAYS_SHUFFLED_TYPES = {"matching", "ordering"}
ALIASED_TYPES = {"single", "truefalse", "multiple", "matching", "ordering"}


def snapshot(question: Question, locale: str, rng: random.Random, shuffle: bool) -> dict:
    """Everything needed to show and grade the question later, frozen at the attempt's start:
    a fix to the question afterwards does not change what this attempt showed."""
    texts = question.texts.get(locale) or question.texts["en"]
    order = list(texts["answers"])
    if question.type in SHUFFLED_TYPES and (shuffle or question.type in ALWAYS_SHUFFLED_TYPES):
        rng.shuffle(order)
    shown = {
        "question": question.id,
        "slug": question.slug,
        "type": question.type,
        "points": question.points,
        "answer_key": question.answer_key,
        "texts": texts,
        "order": order,
    }
    if question.type in ALIASED_TYPES:
        shown["aliases"] = aliases(order, rng)
    if question.type == "matching":  # the options get aliases of their own, unlike the prompts'
        shown["option_aliases"] = aliases(order, rng)
    return shown


def aliases(ids: list[str], rng: random.Random) -> dict[str, str]:
    """A distinct random token for each id, as the page's name or value for it."""
    tokens: set[str] = set()
    while len(tokens) < len(ids):
        tokens.add(f"a{rng.getrandbits(40):010x}")
    return dict(zip(ids, rng.sample(sorted(tokens), len(ids)), strict=True))


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
