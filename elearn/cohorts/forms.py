from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from elearn.web.forms import BaseForm, optional_int


class CohortForm(BaseForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    agency = SelectField(_l("Agency"), coerce=optional_int, validators=[DataRequired()])
    trainer = SelectField(_l("Trainer"), coerce=optional_int, validators=[Optional()])
    starts_on = DateField(_l("Start date"), validators=[DataRequired()])
    ends_on = DateField(_l("End date"), validators=[Optional()])
    courses = SelectMultipleField(_l("Courses"), coerce=int, validators=[DataRequired()])
    deadline = DateField(_l("Deadline for the courses"), validators=[Optional()])

    def validate_ends_on(self, field):
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_l("The end date is before the start date."))


class MembersForm(BaseForm):
    users = SelectMultipleField(_l("Officers"), coerce=int, validators=[DataRequired()])


class MembersCsvForm(BaseForm):
    file = FileField(
        _l("CSV file with one email address per row"),
        validators=[FileRequired(message=_l("Choose a file."))],
    )
