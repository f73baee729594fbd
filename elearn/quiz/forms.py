from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import DecimalField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, NumberRange, Regexp

from elearn.forms import BaseForm


class GradeForm(BaseForm):
    points = DecimalField(
        _l("Points"),
        places=None,
        validators=[InputRequired(message=_l("This field is required.")), NumberRange(min=0)],
    )
    comment = TextAreaField(_l("Comment for the trainee (rubric)"))


class QuestionFileForm(BaseForm):
    file = FileField(_l("Question file"), validators=[FileRequired(message=_l("Choose a file."))])
    file_format = SelectField(
        _l("Format"),
        choices=[SelectChoice("gift", "Moodle GIFT"), SelectChoice("aiken", "Moodle Aiken")],
    )
    pool = StringField(
        _l("Pool"),
        default="imported",
        validators=[
            DataRequired(),
            Regexp(r"^[a-z][a-z0-9-]{0,63}$", message=_l("Lower-case letters, digits and '-'.")),
        ],
    )
