from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from elearn.certificates.labels import REVOCATION_LABELS
from elearn.web.forms import BaseForm, options


class VerifyForm(BaseForm):
    class Meta:
        csrf = False  # a public lookup that changes nothing

    serial = StringField(_l("Certificate number"), validators=[DataRequired(), Length(max=24)])


class CredentialForm(BaseForm):
    credential = FileField(_l("Open Badges credential (JSON file)"), validators=[FileRequired()])


class RevokeForm(BaseForm):
    reason = SelectField(
        _l("Reason"),
        choices=options({code: REVOCATION_LABELS[code] for code in ("error", "fraud", "other")}),
        validators=[DataRequired()],
    )
    note = TextAreaField(_l("Note"), validators=[Length(max=500)])
