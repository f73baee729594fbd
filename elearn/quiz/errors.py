from flask_babel import lazy_gettext as _l

from elearn.refusals import Refused


class QuizError(Refused):
    """A refused quiz action."""

    message = _l("This quiz action is not possible.")


class NoAttemptsLeft(QuizError):
    message = _l("You have used every attempt this quiz allows.")


class CoolingDown(QuizError):
    message = _l("You must wait before your next attempt.")


class AttemptClosed(QuizError):
    message = _l("This attempt is already submitted; answers can no longer change.")


class TimeUp(QuizError):
    message = _l("The time for this attempt is over. It was submitted with the answers saved.")


class UnknownQuestion(QuizError):
    message = _l("This question is not part of your attempt.")


class AlreadyAnswered(QuizError):
    message = _l("You have already answered this question; in this quiz an answer is final.")


class InvalidResponse(QuizError):
    message = _l("This answer is not one of the question's options.")
