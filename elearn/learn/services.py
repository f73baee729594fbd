"""Lesson progress: opened, seen again, completed. Callers commit.

Each write is one upsert, so that a trainee's two requests at the same moment (two tabs, a double
click) never fail on the primary key; what it did is told by the ``lesson_progressed`` signal
(an upsert is not seen by ORM flush events)."""

from datetime import datetime

from sqlalchemy import exists, func, select
from sqlalchemy.dialects import postgresql, sqlite

from elearn.auth.models import User
from elearn.content.models import Lesson
from elearn.extensions import db
from elearn.learn.models import LessonProgress
from elearn.learn.signals import lesson_progressed

KEY = ["user_id", "lesson_id"]  # the primary key, on which two first writes meet


def progress_for(user: User, lessons: list[Lesson]) -> dict[int, LessonProgress]:
    ids = [lesson.id for lesson in lessons]
    rows = db.session.scalars(
        select(LessonProgress).where(
            LessonProgress.user_id == user.id, LessonProgress.lesson_id.in_(ids)
        )
    )
    return {row.lesson_id: row for row in rows}


def has_progress(lesson: Lesson) -> bool:
    """Whether anyone opened the lesson (``content.signals.lesson_history_asked``)."""
    return db.session.scalar(select(exists().where(LessonProgress.lesson_id == lesson.id)))


def record_visit(user: User, lesson: Lesson, now: datetime) -> LessonProgress:
    """Count a visit; the first one creates the row (two first visits at once: one row, two
    views)."""
    insert = _insert()
    progress = _upsert(
        insert.values(
            user_id=user.id, lesson_id=lesson.id, started_at=now, last_seen_at=now, views=1
        ).on_conflict_do_update(
            index_elements=KEY, set_={"last_seen_at": now, "views": LessonProgress.views + 1}
        )
    )
    first = progress.views == 1
    lesson_progressed.send(
        progress, verbs=["launched", "experienced"] if first else ["experienced"]
    )
    return progress


def complete_lesson(user: User, lesson: Lesson, now: datetime) -> LessonProgress:
    """Mark a lesson complete (counting a visit if it was never opened); completing it again, or
    twice at once, keeps the first completion time."""
    insert = _insert()
    progress = _upsert(
        insert.values(
            user_id=user.id,
            lesson_id=lesson.id,
            started_at=now,
            last_seen_at=now,
            views=1,
            completed_at=now,
        ).on_conflict_do_update(
            index_elements=KEY,
            set_={
                "completed_at": func.coalesce(
                    LessonProgress.completed_at, insert.excluded.completed_at
                )
            },
        )
    )
    opened_now = progress.views == 1 and progress.started_at == now
    verbs = ["launched", "experienced"] if opened_now else []
    if progress.completed_at == now:
        verbs.append("completed")
    lesson_progressed.send(progress, verbs=verbs)
    return progress


def _insert():
    """An INSERT that can say what to do ON CONFLICT, for the database in use: a single statement,
    so two first writes at the same moment never fail on the primary key."""
    dialect = db.session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(LessonProgress)


def _upsert(statement) -> LessonProgress:
    return db.session.scalars(
        statement.returning(LessonProgress), execution_options={"populate_existing": True}
    ).one()
