"""What progress tells the features above it (they listen; progress never imports them)."""

from blinker import Namespace

_signals = Namespace()

# A completion was recorded, in the transaction that recorded it. Sent with plain values:
# ``user_id``, ``course_id`` and ``completed_at``.
course_completed = _signals.signal("course-completed")
