"""Lesson progress: opened, seen again, completed. Callers commit."""

from datetime import datetime

from sqlalchemy import select

from elearn.auth.models import User
from elearn.content.models import Lesson
from elearn.extensions import db
from elearn.learn.models import LessonProgress


def progress_for(user: User, lessons: list[Lesson]) -> dict[int, LessonProgress]:
    ids = [lesson.id for lesson in lessons]
    rows = db.session.scalars(
        select(LessonProgress).where(
            LessonProgress.user_id == user.id, LessonProgress.lesson_id.in_(ids)
        )
    )
    return {row.lesson_id: row for row in rows}


def record_visit(user: User, lesson: Lesson, now: datetime) -> LessonProgress:
    progress = db.session.get(LessonProgress, (user.id, lesson.id))
    if progress is None:
        progress = LessonProgress(
            user_id=user.id, lesson_id=lesson.id, started_at=now, last_seen_at=now, views=1
        )
        db.session.add(progress)
    else:
        progress.last_seen_at = now
        progress.views += 1
    db.session.flush()
    return progress


def complete_lesson(user: User, lesson: Lesson, now: datetime) -> LessonProgress:
    """Mark a lesson complete; completing it again keeps the first completion time."""
    progress = db.session.get(LessonProgress, (user.id, lesson.id)) or record_visit(
        user, lesson, now
    )
    if progress.completed_at is None:
        progress.completed_at = now
    db.session.flush()
    return progress
