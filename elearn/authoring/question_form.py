"""A form for one quiz question, for authors who would rather not write the quiz syntax: it is
filled from the question as parsed and turned back into the syntax (``syntax.write_question``)."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    FieldList,
    FloatField,
    Form,
    FormField,
    IntegerField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp

from elearn.content.question_types import question_type
from elearn.content.question_types.base import FormAnswer
from elearn.content.quiz_syntax import Answer, Question
from elearn.content.source import ID_PATTERN, unique_id
from elearn.web.forms import BaseForm, version_field

ID_MESSAGE = _l("Lower-case letters, digits and '-'.")
BLANK_ROWS = 2


class AnswerRow(Form):
    answer_id = StringField(
        _l("Id"), validators=[Optional(), Regexp(ID_PATTERN.pattern, message=ID_MESSAGE)]
    )
    text = StringField(_l("Answer"), validators=[Optional(), Length(max=500)])
    right = StringField(_l("Matches"), validators=[Optional(), Length(max=500)])
    correct = BooleanField(_l("Right"))
    credit = IntegerField(_l("Credit (%)"), validators=[Optional(), NumberRange(min=-100, max=100)])
    feedback = StringField(_l("Feedback"), validators=[Optional(), Length(max=1000)])

    @property
    def is_blank(self) -> bool:
        return not (self.text.data or "").strip() and not (self.answer_id.data or "").strip()


class QuestionForm(BaseForm):
    question_id = StringField(
        _l("Id"), validators=[DataRequired(), Regexp(ID_PATTERN.pattern, message=ID_MESSAGE)]
    )
    points = FloatField(_l("Points"), validators=[InputRequired(), NumberRange(min=0, max=100)])
    pool = StringField(
        _l("Pool"), validators=[Optional(), Regexp(ID_PATTERN.pattern, message=ID_MESSAGE)]
    )
    tags = StringField(
        _l("Tags"),
        validators=[Optional(), Length(max=500)],
        description=_l("Separated by commas, as in a Moodle question bank."),
    )
    idnumber = StringField(_l("Id number"), validators=[Optional(), Length(max=100)])
    prompt = TextAreaField(_l("Question (Markdown)"), validators=[DataRequired()])
    feedback = TextAreaField(_l("General feedback"), validators=[Optional()])
    answers = FieldList(FormField(AnswerRow))
    version = version_field()

    def load(self, question: Question) -> None:
        """Fill the form from a parsed question, with blank rows to add answers."""
        self.question_id.data, self.points.data = question.id, question.points
        self.pool.data, self.prompt.data = question.pool, question.prompt_text
        self.tags.data, self.idnumber.data = ", ".join(question.tags), question.idnumber
        self.feedback.data = question.feedback_text
        for answer in question.answers:
            row = self.answers.append_entry()
            row.answer_id.data, row.text.data, row.right.data = answer.id, answer.text, answer.right
            row.correct.data = answer.marker == "x"
            credit = (answer.marker or "").removesuffix("%")
            row.credit.data = (
                round(float(credit)) if answer.marker and "%" in answer.marker else None
            )
            row.feedback.data = " ".join(line.strip() for line in answer.feedback).strip()
        self.add_blank_rows()

    def add_blank_rows(self) -> None:
        for _ in range(BLANK_ROWS):
            self.answers.append_entry()

    def question(self, kind: str) -> Question:
        """The question as the form says; blank rows are left out, missing ids made up."""
        question = Question(
            kind,
            self.question_id.data,
            self.points.data,
            0,
            pool=self.pool.data or None,
            tags=[tag.strip() for tag in (self.tags.data or "").split(",") if tag.strip()],
            idnumber=(self.idnumber.data or "").strip() or None,
            prompt=self.prompt.data.replace("\r\n", "\n").strip().split("\n"),
            feedback=(self.feedback.data or "").replace("\r\n", "\n").strip().split("\n"),
        )
        rows = [entry.form for entry in self.answers if not entry.form.is_blank]
        taken = {row.answer_id.data for row in rows if row.answer_id.data}
        for position, row in enumerate(rows, start=1):
            question.answers.append(_answer(kind, row, position, taken))
        return question


def _answer(kind: str, row: AnswerRow, position: int, taken: set[str]) -> Answer:
    ident = row.answer_id.data or unique_id(row.text.data or "", taken, fallback_prefix="answer")
    feedback = [row.feedback.data.strip()] if (row.feedback.data or "").strip() else []
    filled = FormAnswer(
        ident,
        " ".join((row.text.data or "").split()),
        position,
        right=" ".join((row.right.data or "").split()),
        correct=bool(row.correct.data),
        credit=row.credit.data,
        feedback=feedback,
    )
    return question_type(kind).form_answer(filled)
