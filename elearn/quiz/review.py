"""What a trainee sees after submitting: the score always; answers and feedback as the quiz's
``show_feedback`` setting allows."""

from dataclasses import dataclass

from markupsafe import Markup

from elearn.content.models import Quiz
from elearn.content.queries import quiz_titles
from elearn.content.question_types import question_type
from elearn.quiz.models import Attempt


def quiz_title(quiz: Quiz, locale: str) -> str:
    """The title alone, without every language's question list."""
    return quiz_titles([quiz.id], locale)[quiz.id]


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
    return [review_item(attempt, s) for s in attempt.questions if question_type(s["type"]).scored]


def review_item(attempt: Attempt, shown: dict) -> ReviewItem:
    answer = attempt.answers.get(shown["question"])
    response = answer.response if answer else None
    texts = shown["texts"]
    kind = question_type(shown["type"])
    given, expected = kind.review(shown, response)
    feedback = [Markup(texts["feedback"])] if texts.get("feedback") else []  # nosec B704  # HTML sanitised at import (content.markdown)
    for choice in kind.chosen(response):
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
