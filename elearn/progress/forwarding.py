"""Forward the learning record's statements to an external LRS, in the background.

Delivery is kept per statement: a batch is the oldest statements not yet acknowledged, read by a
partial index, and is marked delivered only once the LRS accepted it. A statement whose
transaction commits after later ones were sent is still unacknowledged, so it goes in the next
batch: nothing depends on the order in which transactions commit."""

import logging
from datetime import datetime

from sqlalchemy import select, update

from elearn.extensions import db
from elearn.progress.models import LearningRecord, LrsForwarding
from elearn.progress.xapi import LrsClient, LrsRejected, LrsUnavailable, next_retry

log = logging.getLogger(__name__)
BATCH = 200


def forwarding_state() -> LrsForwarding:
    """The single state row, locked until the caller commits (on PostgreSQL), so that two
    forwarders never send the same batch."""
    state = db.session.scalar(select(LrsForwarding).with_for_update())
    if state is None:
        state = LrsForwarding(id=1)
        db.session.add(state)
        db.session.flush()
    return state


def forward_batch(client: LrsClient, *, now: datetime, batch: int = BATCH) -> int:
    """Send the next batch; returns how many statements the LRS accepted (0 when waiting)."""
    state = forwarding_state()
    if state.next_attempt_at is not None and now < state.next_attempt_at:
        return 0
    rows = db.session.execute(
        select(LearningRecord.id, LearningRecord.statement)
        .where(LearningRecord.forwarded_at.is_(None))
        .order_by(LearningRecord.id)
        .limit(batch)
    ).all()
    if not rows:
        return 0
    try:
        client.send([row.statement for row in rows])
    except (LrsUnavailable, LrsRejected) as error:
        state.failures += 1
        state.next_attempt_at = now + next_retry(state.failures)
        state.last_error = str(error)[:500]
        log.warning("LRS forwarding failed (%s); next try at %s", error, state.next_attempt_at)
        return 0
    db.session.execute(
        update(LearningRecord)
        .where(LearningRecord.id.in_([row.id for row in rows]))
        .values(forwarded_at=now)
    )
    state.failures, state.next_attempt_at, state.last_error = 0, None, None
    return len(rows)
