from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from elearn.forms import BaseForm


class VerifyForm(BaseForm):
    class Meta:
        csrf = False  # a public lookup that changes nothing

    serial = StringField(_l("Certificate number"), validators=[DataRequired(), Length(max=24)])


class RevokeForm(BaseForm):
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=500)])
