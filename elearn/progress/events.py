"""The learning events of stored facts, each with the key of its fact.

The learning record (``record.py``) freezes each event as a statement when its fact is written;
the keys make a fact recorded once: ``lesson:<user>:<lesson>:launched``, one ``experienced`` per
visit, ``attempt:<id>:result:<n>`` for each score an attempt gets (a regrade is a new one)."""

from collections.abc import Iterable, Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from elearn.auth.models import User
from elearn.content.models import Course, Lesson, LessonText, QuizText
from elearn.learn.models import LessonProgress
from elearn.progress import interactions
from elearn.progress.models import CourseCompletion
from elearn.progress.xapi import LearningEvent
from elearn.quiz.models import Attempt
from elearn.quiz.review import can_review
from elearn.quiz.services import attempts_left

LESSON_VERBS = ("launched", "experienced", "completed")


def lesson_events(
    session: Session, progress: LessonProgress, verbs: Iterable[str]
) -> Iterator[LearningEvent]:
    """``verbs`` among launched (first visit), experienced (the visit just made), completed."""
    lesson = session.get(Lesson, progress.lesson_id)
    course = session.get(Course, lesson.course_id)
    locale = session.get(User, progress.user_id).locale
    prefix = f"lesson:{progress.user_id}:{lesson.id}"
    name = _titles(session, LessonText.lesson_id == lesson.id, LessonText)
    keys = {
        "launched": (f"{prefix}:launched", progress.started_at),
        # A visit is known by its count and time; both together never repeat.
        "experienced": (
            f"{prefix}:experienced:{progress.views}:{progress.last_seen_at.isoformat()}",
            progress.last_seen_at,
        ),
        "completed": (f"{prefix}:completed", progress.completed_at),
    }
    for verb in verbs:
        key, when = keys[verb]
        yield LearningEvent(
            verb=verb,
            user_id=progress.user_id,
            course_id=course.slug,
            activity_type="lesson",
            activity_path=f"{course.slug}/lessons/{lesson.slug}",
            name=dict(name),
            timestamp=when,
            locale=locale,
            key=key,
            completion=True if verb == "completed" else None,
        )


def _titles(session: Session, where, text_model) -> dict[str, str]:
    """The item's title in each language, without its texts (issue 16)."""
    rows = session.execute(
        select(text_model.locale, text_model.title).where(where).order_by(text_model.locale)
    )
    return {locale: title for locale, title in rows}


def attempt_events(session: Session, attempt: Attempt, revision: int) -> Iterator[LearningEvent]:
    """The graded answers and the result of a scored attempt.

    ``revision`` counts the scores the attempt has had: 1 when first scored, then one more for
    every regrade or later grading that changes it. The right answers go into the statements
    only if the quiz's review policy shows them to the trainee at this moment."""
    quiz = attempt.quiz
    course = quiz.course
    reveal = can_review(quiz, attempts_left(session.get(User, attempt.user_id), quiz))
    path = f"{course.slug}/quizzes/{quiz.slug}"
    for shown in attempt.questions:
        answer = attempt.answers.get(shown["question"])
        if answer is None or answer.fraction is None:
            continue
        yield LearningEvent(
            verb="answered",
            user_id=attempt.user_id,
            course_id=course.slug,
            activity_type="interaction",
            activity_path=f"{path}/questions/{shown['slug']}",
            name={attempt.locale: interactions.plain(shown["texts"]["prompt"])},
            timestamp=attempt.submitted_at,
            locale=attempt.locale,
            key=f"attempt:{attempt.id}:answer:{shown['question']}:{revision}",
            score_scaled=answer.fraction,
            response=interactions.response(shown, answer.response),
            interaction=interactions.definition(shown, attempt.locale, reveal=reveal),
            quiz_path=path,
        )
    yield LearningEvent(
        verb="passed" if attempt.passed else "failed",
        user_id=attempt.user_id,
        course_id=course.slug,
        activity_type="assessment",
        activity_path=path,
        name=_titles(session, QuizText.quiz_id == quiz.id, QuizText),
        timestamp=attempt.submitted_at,
        locale=attempt.locale,
        key=f"attempt:{attempt.id}:result:{revision}",
        score_scaled=attempt.score / 100,
        success=bool(attempt.passed),
        completion=True,
        duration_seconds=int((attempt.submitted_at - attempt.started_at).total_seconds()),
    )


def completion_event(session: Session, completion: CourseCompletion) -> LearningEvent:
    course = session.get(Course, completion.course_id)
    return LearningEvent(
        verb="completed",
        user_id=completion.user_id,
        course_id=course.slug,
        activity_type="course",
        activity_path=course.slug,
        name=dict(course.title),
        timestamp=completion.completed_at,
        locale=session.get(User, completion.user_id).locale,
        key=f"course:{completion.user_id}:{course.id}:completed",
        completion=True,
        score_scaled=completion.final_score / 100 if completion.final_score else None,
    )
