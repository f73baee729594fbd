from flask_babel import lazy_gettext as _l
from wtforms import TextAreaField
from wtforms.validators import InputRequired, NumberRange

from elearn.web.forms import BaseForm, LocaleDecimalField, finite


class GradeForm(BaseForm):
    points = LocaleDecimalField(
        _l("Points"),
        places=None,
        render_kw={"inputmode": "decimal", "size": 6, "autocomplete": "off"},
        validators=[
            InputRequired(message=_l("This field is required.")),
            finite,
            NumberRange(min=0, max=1000),
        ],
    )
    comment = TextAreaField(_l("Comment for the trainee (rubric)"))
