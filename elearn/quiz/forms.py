from flask_babel import lazy_gettext as _l
from wtforms import DecimalField, TextAreaField
from wtforms.validators import InputRequired, NumberRange

from elearn.web.forms import BaseForm, finite


class GradeForm(BaseForm):
    points = DecimalField(
        _l("Points"),
        places=None,
        validators=[
            InputRequired(message=_l("This field is required.")),
            finite,
            NumberRange(min=0, max=1000),
        ],
    )
    comment = TextAreaField(_l("Comment for the trainee (rubric)"))
