from flask_babel import lazy_gettext as _l

from elearn.refusals import Refused


class AuthError(Refused):
    """A refused account or permission operation."""


class InvalidCredentials(AuthError):
    message = _l("Wrong email or password.")


class AccountLocked(AuthError):
    message = _l("Too many failed attempts. Try again later.")


class AccountPending(AuthError):
    message = _l("Your registration is waiting for approval by a coordinator.")


class AccountUnavailable(AuthError):
    message = _l("This account cannot sign in. Contact your coordinator.")


class EmailTaken(AuthError):
    message = _l("An account with this email address already exists.")

    def __init__(self, owner):
        super().__init__()
        self.owner = owner  # the User holding the address


class WeakPassword(AuthError):
    def __init__(self, problems: list[str]):
        super().__init__(" ".join(problems))
        self.problems = problems


class InvalidToken(AuthError):
    message = _l("This link is invalid or has expired. Ask for a new one.")


class NotAllowed(AuthError):
    message = _l("You are not allowed to do this.")
