"""The learning record: every learning event appended as a frozen xAPI statement in the
transaction that writes its fact.

A ``before_flush`` listener watches the facts (attempts, course completions) whatever writes
them: a view, a CLI command (regrade, demo data), an expiry on a later request. Lesson progress is
written by upserts, which flushes do not see: learn's ``lesson_progressed`` signal tells it.
Titles, the learner's language and the base URL are read once, when the statement is written;
its id is a random UUID fixed then, so no later edit or setting changes a stored statement."""

import uuid
from collections.abc import Iterable

from flask import current_app
from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session

from elearn.extensions import db
from elearn.learn.models import LessonProgress
from elearn.learn.signals import lesson_progressed
from elearn.progress.events import attempt_events, completion_event, lesson_events
from elearn.progress.models import CourseCompletion, LearningRecord
from elearn.progress.xapi import LearningEvent, statement
from elearn.quiz.models import Attempt, AttemptStatus

RESULT_VERBS = ("passed", "failed")
PENDING_RESULTS = "elearn.learning_record.attempts"


def listen() -> None:
    """Start recording (once per process; every application shares ``db.session``)."""
    lesson_progressed.connect(_record_lesson_progress)
    for name, listener in (
        ("before_flush", _record_facts),
        ("before_commit", _record_results),
        ("after_soft_rollback", _forget_results),
    ):
        if not event.contains(db.session, name, listener):
            event.listen(db.session, name, listener)


def _record_facts(session: Session, _context, _instances) -> None:
    with session.no_autoflush:
        for fact in [*session.new, *session.dirty]:
            if isinstance(fact, Attempt) and _changed(fact, "score", "passed", "status"):
                session.info.setdefault(PENDING_RESULTS, set()).add(fact)
            elif isinstance(fact, CourseCompletion) and fact in session.new:
                append(session, [completion_event(session, fact)])


def _changed(fact, *attributes: str) -> bool:
    state = inspect(fact)
    return any(state.attrs[name].history.has_changes() for name in attributes)


def _record_lesson_progress(progress: LessonProgress, *, verbs: list[str]) -> None:
    append(db.session, lesson_events(db.session, progress, verbs))


def _record_results(session: Session) -> None:
    """Attempts are recorded at commit, from their final state: grading sets the score and
    the verdict in steps that a flush may separate."""
    for attempt in session.info.pop(PENDING_RESULTS, ()):
        if attempt.status == AttemptStatus.SUBMITTED and attempt.passed is not None:
            _record_result(session, attempt)


def _forget_results(session: Session, _transaction) -> None:
    session.info.pop(PENDING_RESULTS, None)


def _record_result(session: Session, attempt: Attempt) -> None:
    """Append the attempt's result unless it is the one last recorded; a later result (a
    regrade, a graded essay) carries only the answers whose grade changed."""
    earlier = session.execute(
        select(LearningRecord.key, LearningRecord.verb, LearningRecord.statement)
        .where(LearningRecord.attempt_id == attempt.id)
        .order_by(LearningRecord.id)
    ).all()
    results = [row.statement["result"] for row in earlier if row.verb in RESULT_VERBS]
    if results and (results[-1]["score"]["scaled"], results[-1]["success"]) == (
        attempt.score / 100,
        attempt.passed,
    ):
        return
    # Keys end with the revision: "attempt:<id>:answer:<question>:<n>".
    graded = {
        _unrevised(row.key): row.statement["result"]["score"]["scaled"]
        for row in earlier
        if row.verb == "answered"
    }
    events = [
        learning_event
        for learning_event in attempt_events(session, attempt, len(results) + 1)
        if learning_event.verb != "answered"
        or graded.get(_unrevised(learning_event.key)) != learning_event.score_scaled
    ]
    append(session, events, attempt_id=attempt.id)


def _unrevised(key: str) -> str:
    return key.rsplit(":", 1)[0]


def append(
    session: Session, events: Iterable[LearningEvent], *, attempt_id: int | None = None
) -> list[LearningRecord]:
    home = current_app.config["ELEARN_BASE_URL"]
    records = []
    for learning_event in events:
        statement_id = str(uuid.uuid4())
        body = statement(learning_event, statement_id=statement_id, home_page=home)
        record = LearningRecord(
            key=learning_event.key,
            statement_id=statement_id,
            user_id=learning_event.user_id,
            attempt_id=attempt_id,
            verb=learning_event.verb,
            activity_id=body["object"]["id"],
            statement=body,
        )
        session.add(record)
        records.append(record)
    return records
