"""Why an authoring action was refused: each refusal carries the message the author sees."""

from flask_babel import lazy_gettext as _l

from elearn.refusals import Refused


class AuthoringError(Refused):
    message = _l("You may not change this item.")


class EditConflict(AuthoringError):
    message = _l(
        "Someone else saved this text after you opened it. Your text was not saved: copy it, "
        "reload the page and apply your changes to the newer text."
    )


class OwnDraft(AuthoringError):
    message = _l("A draft is reviewed and published by someone who did not write it.")


class IdTaken(AuthoringError):
    message = _l(
        "Choose another id: lower-case letters, digits and hyphens, starting with a letter, "
        "not used elsewhere in the course."
    )


class NotPublishable(AuthoringError):
    def __init__(self, problems: list[str]):
        super().__init__(_l("This cannot be published: %(problems)s", problems="; ".join(problems)))
        self.problems = problems


class BadImage(AuthoringError):
    message = _l("Upload a PNG, JPEG, GIF or WebP image of at most 2 MB.")


class OwnCourse(AuthoringError):
    message = _l("A new course is published by someone other than the author who created it.")


class ModuleNotEmpty(AuthoringError):
    message = _l("Only an empty module is removed: propose removing its lessons and quizzes first.")
