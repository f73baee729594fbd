"""The base of every domain refusal: services raise it, views show its translated message."""

from flask_babel import lazy_gettext as _l


class Refused(Exception):
    """A refused action; ``message`` is shown to the user, translated in their language."""

    message = _l("This action is not possible.")

    def __init__(self, message=None):
        if message is not None:
            self.message = message
        super().__init__(str(self.message))
