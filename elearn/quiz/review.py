"""What a trainee sees after submitting: the score always; answers and feedback as the quiz's
``show_feedback`` setting allows."""

from dataclasses import dataclass

from markupsafe import Markup, escape

from elearn.content.models import Quiz
from elearn.quiz.models import Attempt


def quiz_title(quiz: Quiz, locale: str) -> str:
    return (quiz.texts.get(locale) or quiz.texts["en"]).title


def can_review(quiz: Quiz, attempts_left: int | None) -> bool:
    """``after_close`` means once the trainee has no attempt left."""
    mode = quiz.settings.get("show_feedback", "after_submission")
    if mode == "never":
        return False
    if mode == "after_close":
        return attempts_left == 0
    return True


@dataclass(frozen=True)
class ReviewItem:
    prompt: Markup
    given: list[Markup]
    expected: list[Markup]
    fraction: float | None
    feedback: list[Markup]
    comment: str | None


def review_items(attempt: Attempt) -> list[ReviewItem]:
    return [review_item(attempt, s) for s in attempt.questions if s["type"] != "description"]


def review_item(attempt: Attempt, shown: dict) -> ReviewItem:
    answer = attempt.answers.get(shown["question"])
    response = answer.response if answer else None
    texts = shown["texts"]
    given, expected = DESCRIBERS[shown["type"]](shown, response)
    feedback = [Markup(texts["feedback"])] if texts.get("feedback") else []  # nosec B704  # HTML sanitised at import (content.markdown)
    for choice in _chosen_ids(shown["type"], response):
        if texts["answers"].get(choice, {}).get("feedback"):
            feedback.insert(0, Markup(texts["answers"][choice]["feedback"]))  # nosec B704  # HTML sanitised at import (content.markdown)
    return ReviewItem(
        prompt=Markup(texts["prompt"]),  # nosec B704  # HTML sanitised at import (content.markdown)
        given=given,
        expected=expected,
        fraction=answer.fraction if answer else 0.0,
        feedback=feedback,
        comment=answer.comment if answer else None,
    )


def _chosen_ids(kind: str, response) -> list[str]:
    if kind in ("single", "truefalse") and isinstance(response, str):
        return [response]
    if kind == "multiple" and isinstance(response, list):
        return response
    return []


def _html(shown: dict, answer_id: str) -> Markup:
    return Markup(shown["texts"]["answers"][answer_id]["html"])  # nosec B704  # HTML sanitised at import (content.markdown)


def _choices(shown: dict, response):
    chosen = _chosen_ids(shown["type"], response)
    right = [c["id"] for c in shown["answer_key"]["choices"] if c["fraction"] > 0]
    return [_html(shown, c) for c in chosen], [_html(shown, c) for c in right]


def _typed(shown: dict, response):
    given = [escape(response)] if response else []
    full = [a["id"] for a in shown["answer_key"]["answers"] if a["fraction"] >= 1]
    if shown["type"] == "numerical":
        expected = [
            escape(f"{a['value']:g}" + (f" ± {a['tolerance']:g}" if a["tolerance"] else ""))
            for a in shown["answer_key"]["answers"]
            if a["id"] in full
        ]
    else:
        expected = [escape(shown["texts"]["answers"][a]["text"]) for a in full]
    return given, expected


def _pair_line(shown: dict, left: str, right: str | None) -> Markup:
    answers = shown["texts"]["answers"]
    shown_right = Markup(answers[right]["right"]) if right in answers else Markup("—")  # nosec B704  # HTML sanitised at import (content.markdown)
    return Markup("{} → {}").format(Markup(answers[left]["html"]), shown_right)  # nosec B704  # HTML sanitised at import (content.markdown)


def _matching(shown: dict, response):
    chosen = response if isinstance(response, dict) else {}
    pairs = shown["answer_key"]["pairs"]
    return (
        [_pair_line(shown, left, chosen.get(left)) for left in pairs],
        [_pair_line(shown, left, left) for left in pairs],
    )


def _ordering(shown: dict, response):
    given = response if isinstance(response, list) else []
    return [_html(shown, i) for i in given], [_html(shown, i) for i in shown["answer_key"]["order"]]


def _essay(shown: dict, response):
    return ([escape(response)] if response else []), []


DESCRIBERS = {
    "single": _choices,
    "truefalse": _choices,
    "multiple": _choices,
    "shortanswer": _typed,
    "numerical": _typed,
    "matching": _matching,
    "ordering": _ordering,
    "essay": _essay,
}
