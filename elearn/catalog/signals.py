"""What the catalogue asks of the features above it (they answer; catalog never imports them)."""

from blinker import Namespace

_signals = Namespace()

# Asks which languages a user (the sender) may edit in ``course``: a receiver returns locales
# (authoring: a course's authors every language, its assigned translators their own). Whoever may
# edit a course sees it, published or not.
course_work_asked = _signals.signal("course-work-asked")
