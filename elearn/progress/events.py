"""Learning events read back from what the database stores, for xAPI statements.

Each event has a stable key, so the same stored fact always gives the same statement id."""

from collections.abc import Iterator
from datetime import datetime

from markupsafe import Markup
from sqlalchemy import Select, select

from elearn.auth.models import User
from elearn.content.models import Course, Lesson
from elearn.extensions import db
from elearn.learn.models import LessonProgress
from elearn.progress.models import CourseCompletion
from elearn.progress.xapi import LearningEvent
from elearn.quiz.models import Attempt, AttemptStatus, Quiz


def learning_events(users: Select[tuple[User]], since: datetime | None) -> list[LearningEvent]:
    """Events of the users selected by ``users`` after ``since``, oldest first."""
    user_ids = users.with_only_columns(User.id).scalar_subquery()
    events = [
        *_lesson_events(user_ids, since),
        *_attempt_events(user_ids, since),
        *_completion_events(user_ids, since),
    ]
    return sorted(events, key=lambda event: (event.timestamp, event.key))


def _after(column, since):
    return column > since if since is not None else column.is_not(None)


def _titles(texts: dict) -> dict[str, str]:
    return {locale: text.title for locale, text in texts.items()}


def _lesson_events(user_ids, since) -> Iterator[LearningEvent]:
    rows = db.session.execute(
        select(LessonProgress, Lesson, Course, User.locale)
        .join(Lesson, Lesson.id == LessonProgress.lesson_id)
        .join(Course, Course.id == Lesson.course_id)
        .join(User, User.id == LessonProgress.user_id)
        .where(
            LessonProgress.user_id.in_(user_ids),
            _after(LessonProgress.started_at, since)
            | _after(LessonProgress.last_seen_at, since)
            | _after(LessonProgress.completed_at, since),
        )
    )
    for progress, lesson, course, locale in rows:
        facts = {
            "launched": progress.started_at,
            "experienced": progress.last_seen_at,
            "completed": progress.completed_at,
        }
        for verb, when in facts.items():
            if when is None or (since is not None and when <= since):
                continue
            yield LearningEvent(
                verb=verb,
                user_id=progress.user_id,
                course_id=course.slug,
                activity_type="lesson",
                activity_path=f"{course.slug}/lessons/{lesson.slug}",
                name=_titles(lesson.texts),
                timestamp=when,
                locale=locale,
                key=f"lesson:{progress.user_id}:{lesson.id}:{verb}:{when.isoformat()}",
                completion=True if verb == "completed" else None,
            )


def _attempt_events(user_ids, since) -> Iterator[LearningEvent]:
    rows = db.session.scalars(
        select(Attempt).where(
            Attempt.user_id.in_(user_ids),
            Attempt.status == AttemptStatus.SUBMITTED,
            Attempt.score.is_not(None),
            _after(Attempt.submitted_at, since),
        )
    )
    for attempt in rows:
        quiz = db.session.get(Quiz, attempt.quiz_id)
        path = f"{quiz.course.slug}/quizzes/{quiz.slug}"
        for shown in attempt.questions:
            answer = attempt.answers.get(shown["question"])
            if answer is None or answer.fraction is None:
                continue
            yield LearningEvent(
                verb="answered",
                user_id=attempt.user_id,
                course_id=quiz.course.slug,
                activity_type="interaction",
                activity_path=f"{path}/questions/{shown['slug']}",
                name={attempt.locale: _plain(shown["texts"]["prompt"])},
                timestamp=attempt.submitted_at,
                locale=attempt.locale,
                key=f"answer:{attempt.id}:{shown['question']}",
                score_scaled=answer.fraction,
                response=str(answer.response),
            )
        yield LearningEvent(
            verb="passed" if attempt.passed else "failed",
            user_id=attempt.user_id,
            course_id=quiz.course.slug,
            activity_type="assessment",
            activity_path=path,
            name=_titles(quiz.texts),
            timestamp=attempt.submitted_at,
            locale=attempt.locale,
            key=f"attempt:{attempt.id}",
            score_scaled=attempt.score / 100,
            success=bool(attempt.passed),
            completion=True,
            duration_seconds=int((attempt.submitted_at - attempt.started_at).total_seconds()),
        )


def _completion_events(user_ids, since) -> Iterator[LearningEvent]:
    rows = db.session.execute(
        select(CourseCompletion, Course, User.locale)
        .join(Course, Course.id == CourseCompletion.course_id)
        .join(User, User.id == CourseCompletion.user_id)
        .where(CourseCompletion.user_id.in_(user_ids), _after(CourseCompletion.completed_at, since))
    )
    for completion, course, locale in rows:
        yield LearningEvent(
            verb="completed",
            user_id=completion.user_id,
            course_id=course.slug,
            activity_type="course",
            activity_path=course.slug,
            name=course.title,
            timestamp=completion.completed_at,
            locale=locale,
            key=f"course:{completion.user_id}:{course.id}:completed",
            completion=True,
            score_scaled=completion.final_score / 100 if completion.final_score else None,
        )


def _plain(html: str) -> str:
    return Markup(html).striptags()[:200]
