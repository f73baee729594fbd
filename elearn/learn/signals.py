"""What lesson delivery tells the features above it (they listen; learn never imports them)."""

from blinker import Namespace

_signals = Namespace()

# A trainee's lesson progress was written, in the transaction that wrote it. Sent with the
# ``LessonProgress`` row and the ``verbs`` that just happened: launched (the first visit),
# experienced (a visit), completed (the first completion).
lesson_progressed = _signals.signal("lesson-progressed")
