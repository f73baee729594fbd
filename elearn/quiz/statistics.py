"""Item statistics of a quiz: per question facility, discrimination and choice frequencies, and
the same question compared across the languages it was taken in. Pure: attempts in, figures out."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from statistics import correlation, mean

# A language whose facility is this much below the others' flags a likely translation problem,
# once it has at least MIN_ATTEMPTS attempts of its own.
LANGUAGE_GAP = 0.25
MIN_ATTEMPTS = 5


@dataclass(frozen=True)
class Sitting:
    """One submitted attempt, reduced to what statistics need."""

    locale: str
    score: float  # percent
    fractions: dict[int, float]  # question id -> 0..1
    responses: dict[int, object]  # question id -> response


@dataclass
class ItemStatistics:
    question: int
    attempts: int
    facility: float | None  # mean fraction, 0..1
    discrimination: float | None  # correlation with the rest of the score, -1..1
    choices: Counter = field(default_factory=Counter)
    by_language: dict[str, tuple[int, float]] = field(default_factory=dict)
    weak_languages: list[str] = field(default_factory=list)


def item_statistics(question_ids: list[int], sittings: list[Sitting]) -> list[ItemStatistics]:
    return [_item(question, sittings) for question in question_ids]


def _item(question: int, sittings: list[Sitting]) -> ItemStatistics:
    taken = [s for s in sittings if question in s.fractions]
    fractions = [s.fractions[question] for s in taken]
    item = ItemStatistics(
        question=question,
        attempts=len(taken),
        facility=mean(fractions) if fractions else None,
        discrimination=_discrimination(question, taken),
        choices=_choice_counts(question, taken),
    )
    item.by_language, item.weak_languages = _languages(question, taken)
    return item


def _discrimination(question: int, taken: list[Sitting]) -> float | None:
    """Pearson correlation of the item with the rest of the test (Moodle's discrimination
    index); None when either side does not vary."""
    if len(taken) < 3:
        return None
    item = [s.fractions[question] for s in taken]
    rest = [sum(f for q, f in s.fractions.items() if q != question) for s in taken]
    if len(set(item)) < 2 or len(set(rest)) < 2:
        return None
    return correlation(item, rest)


def _choice_counts(question: int, taken: list[Sitting]) -> Counter:
    counts = Counter()
    for sitting in taken:
        response = sitting.responses.get(question)
        if isinstance(response, str):
            counts[response] += 1
        elif isinstance(response, list):
            counts.update(response)
    return counts


def _languages(question: int, taken: list[Sitting]):
    per_locale = defaultdict(list)
    for sitting in taken:
        per_locale[sitting.locale].append(sitting.fractions[question])
    by_language = {locale: (len(values), mean(values)) for locale, values in per_locale.items()}
    weak = [
        locale
        for locale, (count, facility) in by_language.items()
        if count >= MIN_ATTEMPTS and _gap_to_others(question, taken, locale, facility)
    ]
    return dict(sorted(by_language.items())), sorted(weak)


def _gap_to_others(question: int, taken: list[Sitting], locale: str, facility: float) -> bool:
    others = [s.fractions[question] for s in taken if s.locale != locale]
    return len(others) >= MIN_ATTEMPTS and mean(others) - facility >= LANGUAGE_GAP
