"""What attempts and grading tell the features above them (they listen; quiz never imports them)."""

from blinker import Namespace

_signals = Namespace()

# An attempt was graded: submitted, closed at its deadline, or its essays graded by a trainer, in
# the transaction that did it. Sent with the ``Attempt`` and ``at``, when the result counts from.
attempt_graded = _signals.signal("attempt-graded")

# Asks whether a user (the sender) may grade ``trainee``'s written answers where the rules here
# say no; a receiver answers True to allow it (trainers: the mentor of a trainer candidate).
grading_asked = _signals.signal("grading-asked")
