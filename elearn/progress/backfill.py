"""Fill the learning record once from the facts stored before it existed.

Idempotent: a fact already recorded (same key) is skipped, so running it twice, or after new
learning was recorded, adds nothing twice. Lesson visits before the record existed are known
only by their last one, so each lesson progress gives one ``experienced``."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, tuple_

from elearn.extensions import db
from elearn.learn.models import LessonProgress
from elearn.progress.events import attempt_events, completion_event, lesson_events
from elearn.progress.models import CourseCompletion, LearningRecord
from elearn.progress.record import append
from elearn.progress.xapi import LearningEvent
from elearn.quiz.models import Attempt, AttemptStatus

CHUNK = 500


@dataclass
class Backfill:
    added: int = 0
    skipped: int = 0


def backfill_record(*, forwarded_until: datetime | None, now: datetime) -> Backfill:
    """Record every stored fact not yet recorded. Statements of facts up to ``forwarded_until``
    (the old forwarder's time cursor) are marked as already sent to the LRS."""
    outcome = Backfill()
    for groups in _chunks():
        keys = [event.key for _attempt, events in groups for event in events]
        known = set(
            db.session.scalars(select(LearningRecord.key).where(LearningRecord.key.in_(keys)))
        )
        for attempt_id, events in groups:
            fresh = [event for event in events if event.key not in known]
            outcome.skipped += len(events) - len(fresh)
            for record, event in zip(
                append(db.session, fresh, attempt_id=attempt_id), fresh, strict=True
            ):
                if forwarded_until is not None and event.timestamp <= forwarded_until:
                    record.forwarded_at = now
            outcome.added += len(fresh)
        db.session.flush()
        db.session.expunge_all()  # keeps memory flat however many facts there are
    return outcome


Group = tuple[int | None, list[LearningEvent]]


def _chunks() -> Iterator[list[Group]]:
    yield from _lesson_chunks()
    yield from _attempt_chunks()
    yield from _completion_chunks()


def _lesson_chunks() -> Iterator[list[Group]]:
    after = (0, 0)
    while rows := db.session.scalars(
        select(LessonProgress)
        .where(tuple_(LessonProgress.user_id, LessonProgress.lesson_id) > after)
        .order_by(LessonProgress.user_id, LessonProgress.lesson_id)
        .limit(CHUNK)
    ).all():
        after = (rows[-1].user_id, rows[-1].lesson_id)
        yield [(None, list(lesson_events(db.session, row, _stored_verbs(row)))) for row in rows]


def _stored_verbs(progress: LessonProgress) -> list[str]:
    """What a stored row tells: it was opened and seen (the last visit only), maybe completed."""
    completed = ["completed"] if progress.completed_at is not None else []
    return ["launched", "experienced", *completed]


def _attempt_chunks() -> Iterator[list[Group]]:
    after = 0
    while rows := db.session.scalars(
        select(Attempt)
        .where(
            Attempt.id > after,
            Attempt.status == AttemptStatus.SUBMITTED,
            Attempt.score.is_not(None),
        )
        .order_by(Attempt.id)
        .limit(CHUNK)
    ).all():
        after = rows[-1].id
        yield [(row.id, list(attempt_events(db.session, row, 1))) for row in rows]


def _completion_chunks() -> Iterator[list[Group]]:
    after = 0
    while rows := db.session.scalars(
        select(CourseCompletion)
        .where(CourseCompletion.id > after)
        .order_by(CourseCompletion.id)
        .limit(CHUNK)
    ).all():
        after = rows[-1].id
        yield [(None, [completion_event(db.session, row)]) for row in rows]
