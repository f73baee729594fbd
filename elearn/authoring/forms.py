from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from elearn.forms import BaseForm


class DraftForm(BaseForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    markdown = TextAreaField(_l("Text (Markdown)"), validators=[DataRequired()])
    version = HiddenField()


class ReviewForm(BaseForm):
    comment = TextAreaField(_l("Comment for the author"))


class ImageForm(BaseForm):
    image = FileField(_l("Image"), validators=[FileRequired(message=_l("Choose a file."))])
