from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange

from elearn.i18n import localized
from elearn.web.forms import BaseForm, optional_int


class SessionForm(BaseForm):
    delivered_on = DateField(_l("Date"), validators=[DataRequired()])
    place = StringField(_l("Place"), validators=[DataRequired(), Length(max=200)])
    audience_size = IntegerField(
        _l("Participants"), validators=[DataRequired(), NumberRange(min=1, max=1000)]
    )
    topic = StringField(_l("Course or module taught"), validators=[DataRequired(), Length(max=200)])


class ApproveForm(BaseForm):
    mentor = SelectField(_l("Mentor"), coerce=optional_int, validators=[DataRequired()])


def observation_form(rubric: list[dict], locale: str, formdata=None) -> BaseForm:
    """A form with one 1-4 choice per rubric criterion, labelled in the reader's language."""

    class ObservationForm(BaseForm):
        comments = TextAreaField(_l("Comments for the candidate"), validators=[DataRequired()])

    for criterion in rubric:
        choices = [
            SelectChoice(str(level), f"{level}: {text.get(locale, text['en'])}")
            for level, text in sorted(criterion["levels"].items())
        ]
        label = localized(criterion["title"], locale)
        setattr(ObservationForm, f"score_{criterion['id']}", SelectField(label, choices=choices))
    return ObservationForm(formdata=formdata, prefix="observe")


class DirectoryFilterForm(BaseForm):
    class Meta:
        csrf = False

    q = StringField(_l("Name"))
    subject_area = SelectField(_l("Subject area"), default="")
    country = SelectField(_l("Country"), default="")


class TargetForm(BaseForm):
    country = SelectField(_l("Country"), validators=[DataRequired()])
    subject_area = SelectField(_l("Subject area"), validators=[DataRequired()])
    target = IntegerField(_l("Target"), validators=[NumberRange(min=0, max=1000)])


class ProgrammeForm(BaseForm):
    source = TextAreaField(_l("Programme definition (YAML)"), validators=[DataRequired()])


class NominateForm(BaseForm):
    officer = SelectField(_l("Officer"), coerce=optional_int, validators=[DataRequired()])
