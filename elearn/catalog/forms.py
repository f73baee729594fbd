from flask_babel import lazy_gettext as _l
from wtforms import SelectField

from elearn.content.labels import LEVEL_LABELS, TOPIC_LABELS
from elearn.content.models import Course
from elearn.i18n import LANGUAGE_NAMES
from elearn.web.forms import BaseForm, options


class CatalogueFilterForm(BaseForm):
    class Meta:
        csrf = False  # a GET filter changes nothing

    topic = SelectField(_l("Topic"), choices=options(TOPIC_LABELS, with_any=True), default="")
    level = SelectField(_l("Level"), choices=options(LEVEL_LABELS, with_any=True), default="")
    language = SelectField(
        _l("Available in"), choices=options(LANGUAGE_NAMES, with_any=True), default=""
    )

    def matches(self, course: Course, coverage: dict[str, int]) -> bool:
        """Whether the course passes the filters; call ``validate()`` first."""
        return (
            self.topic.data in ("", course.topic)
            and self.level.data in ("", course.level)
            and (not self.language.data or coverage.get(self.language.data) == 100)
        )
