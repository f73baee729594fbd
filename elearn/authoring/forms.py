from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import AnyOf, DataRequired, Length, NumberRange, Optional

from elearn.authoring.labels import QUESTION_TYPE_LABELS
from elearn.content.labels import ACCESS_LABELS, LEVEL_LABELS, TOPIC_LABELS
from elearn.forms import BaseForm, options

ID_HINT = _l(
    "Optional: lower-case letters, digits and hyphens. Leave empty to make one from the title. "
    "Progress and certificates refer to it, so it never changes."
)


class DraftForm(BaseForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    # May be empty while writing (a new quiz starts empty); submitting needs a text.
    markdown = TextAreaField(_l("Text (Markdown)"), validators=[Optional()])
    version = HiddenField()
    note = TextAreaField(_l("Note for the reviewer"), validators=[Optional(), Length(max=2000)])
    question_type = SelectField(
        _l("Question type"), choices=options(QUESTION_TYPE_LABELS), validators=[Optional()]
    )


class ReviewForm(BaseForm):
    comment = TextAreaField(_l("Comment for the author"))


class ImageForm(BaseForm):
    image = FileField(_l("Image"), validators=[FileRequired(message=_l("Choose a file."))])


class NewItemForm(BaseForm):
    title = StringField(_l("Title (English)"), validators=[DataRequired(), Length(max=300)])
    item_id = StringField(_l("Id"), validators=[Optional(), Length(max=64)], description=ID_HINT)


class NewCourseForm(NewItemForm):
    summary = TextAreaField(
        _l("Summary for the catalogue (English)"), validators=[DataRequired(), Length(max=600)]
    )
    topic = SelectField(_l("Topic"), choices=options(TOPIC_LABELS))
    level = SelectField(_l("Level"), choices=options(LEVEL_LABELS))
    subject_area = SelectField(_l("Subject area"), validators=[DataRequired()])
    estimated_hours = IntegerField(
        _l("Estimated hours"), validators=[DataRequired(), NumberRange(min=1, max=500)]
    )
    access = SelectField(_l("Access"), choices=options(ACCESS_LABELS))
    certificate = BooleanField(_l("Completing the course issues a certificate"))
    module_title = StringField(
        _l("Title of the first module (English)"), validators=[DataRequired(), Length(max=300)]
    )


class NewModuleForm(NewItemForm):
    pass


class NewLessonForm(NewItemForm):
    module = SelectField(_l("Module"), validators=[DataRequired()])
    duration = IntegerField(
        _l("Duration in minutes"), validators=[DataRequired(), NumberRange(min=1, max=600)]
    )


class NewQuizForm(NewItemForm):
    module = SelectField(_l("Module"), validators=[Optional()])
    pass_mark = IntegerField(
        _l("Pass mark (percent)"),
        default=70,
        validators=[DataRequired(), NumberRange(min=1, max=100)],
    )


class MoveForm(BaseForm):
    offset = HiddenField(validators=[AnyOf(["-1", "1"])])
