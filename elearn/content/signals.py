"""What course content asks of the features above it (they answer; content never imports them)."""

from blinker import Namespace

_signals = Namespace()

# Asks whether a lesson (the sender) that an import removes has learners' history to keep; a
# receiver answers True (learn: someone opened it). Such a lesson is archived, not deleted.
lesson_history_asked = _signals.signal("lesson-history-asked")
