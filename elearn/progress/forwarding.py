"""Forward xAPI statements to an external LRS in the background, never from a request."""

import logging
from datetime import datetime

from flask import current_app
from sqlalchemy import select

from elearn.auth.models import User
from elearn.extensions import db
from elearn.progress.events import learning_events
from elearn.progress.models import LrsForwarding
from elearn.progress.xapi import LrsClient, LrsRejected, LrsUnavailable, next_retry, statement

log = logging.getLogger(__name__)
BATCH = 200


def forwarding_state() -> LrsForwarding:
    state = db.session.scalar(select(LrsForwarding))
    if state is None:
        state = LrsForwarding()
        db.session.add(state)
        db.session.flush()
    return state


def forward_batch(client: LrsClient, *, now: datetime) -> int:
    """Send the next batch; returns how many statements the LRS accepted (0 when waiting)."""
    state = forwarding_state()
    if state.next_attempt_at is not None and now < state.next_attempt_at:
        return 0
    events = learning_events(select(User), state.sent_until)
    if not events:
        return 0
    batch = _whole_timestamps(events[:BATCH], events)
    home = current_app.config["ELEARN_BASE_URL"]
    try:
        client.send([statement(event, home_page=home) for event in batch])
    except (LrsUnavailable, LrsRejected) as error:
        state.failures += 1
        state.next_attempt_at = now + next_retry(state.failures)
        state.last_error = str(error)[:500]
        log.warning("LRS forwarding failed (%s); next try at %s", error, state.next_attempt_at)
        return 0
    state.sent_until = batch[-1].timestamp
    state.failures, state.next_attempt_at, state.last_error = 0, None, None
    return len(batch)


def _whole_timestamps(batch, events):
    """Extend the batch to the end of its last timestamp, so the cursor never splits one."""
    last = batch[-1].timestamp
    return batch + [e for e in events[len(batch) :] if e.timestamp == last]
