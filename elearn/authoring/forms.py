from datetime import date

from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    FloatField,
    HiddenField,
    IntegerField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    AnyOf,
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
)

from elearn.auth.labels import ROLE_LABELS
from elearn.auth.models import Role
from elearn.authoring.labels import (
    FEEDBACK_LABELS,
    JURISDICTION_LABELS,
    PURPOSE_LABELS,
    QUESTION_TYPE_LABELS,
)
from elearn.authoring.models import Draft, ItemKind
from elearn.content.checks import ROLES as AUDIENCE_ROLES
from elearn.content.labels import ACCESS_LABELS, LEVEL_LABELS, TOPIC_LABELS
from elearn.content.markdown import renderable
from elearn.content.source import id_from
from elearn.i18n import country_name
from elearn.orgs.queries import countries
from elearn.web.forms import BaseForm, finite, options, version_field

ID_HINT = _l(
    "Optional: lower-case letters, digits and hyphens. Leave empty to make one from the title. "
    "Progress and certificates refer to it, so it never changes."
)


class DraftForm(BaseForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    # May be empty while writing (a new quiz starts empty); submitting needs a text.
    markdown = TextAreaField(_l("Text (Markdown)"), validators=[Optional(), renderable])
    version = version_field()
    note = TextAreaField(_l("Note for the reviewer"), validators=[Optional(), Length(max=2000)])
    question_type = SelectField(
        _l("Question type"), choices=options(QUESTION_TYPE_LABELS), validators=[Optional()]
    )
    settings_fields: tuple[str, ...] = ()

    @staticmethod
    def for_draft(draft: Draft) -> "DraftForm":
        """The editor's form: English drafts also edit the front matter (a lesson's duration
        and legal references, a quiz's settings); translations their text, and a lesson
        translation its own legal basis."""
        form_class = (SETTINGS_FORMS if draft.locale == "en" else TRANSLATION_FORMS).get(draft.kind)
        if form_class is None:
            form = DraftForm(obj=draft)
        else:
            form = form_class(obj=draft, data=form_class.fields_of(draft.front_matter))
        if draft.kind == ItemKind.COURSE:
            form.markdown.label.text = _l("Summary for the catalogue")
        return form

    def front_matter(self) -> dict | None:
        return None


class LessonDraftForm(DraftForm):
    duration = IntegerField(
        _l("Duration in minutes"), validators=[InputRequired(), NumberRange(min=1, max=600)]
    )
    jurisdiction = SelectField(
        _l("Jurisdiction of the legal content"),
        choices=[SelectChoice("", _l("None")), *options(JURISDICTION_LABELS)],
        validators=[Optional()],
    )
    legal_basis = StringField(_l("Legal basis"), validators=[Optional(), Length(max=300)])
    review_by = DateField(
        _l("Check the legal content again by"),
        validators=[Optional()],
        description=_l("After this date readers are told the lesson may be outdated."),
    )
    settings_fields = ("duration", "jurisdiction", "legal_basis", "review_by")

    @staticmethod
    def fields_of(front_matter: dict) -> dict:
        review_by = front_matter.get("review_by")
        return front_matter | {"review_by": date.fromisoformat(review_by) if review_by else None}

    def front_matter(self) -> dict:
        optional = {
            "jurisdiction": self.jurisdiction.data or None,
            "legal_basis": (self.legal_basis.data or "").strip() or None,
            "review_by": self.review_by.data.isoformat() if self.review_by.data else None,
        }
        return {"duration": self.duration.data} | {k: v for k, v in optional.items() if v}


class LessonTranslationForm(DraftForm):
    legal_basis = StringField(
        _l("Legal basis in this language"),
        validators=[Optional(), Length(max=300)],
        description=_l(
            "Leave empty to show the English one. Where the English names the partner countries' "
            "law, you may name your own country's legislation."
        ),
    )
    settings_fields = ("legal_basis",)

    @staticmethod
    def fields_of(front_matter: dict) -> dict:
        return front_matter

    def front_matter(self) -> dict:
        legal_basis = (self.legal_basis.data or "").strip()
        return {"legal_basis": legal_basis} if legal_basis else {}


POOL_COUNTS = r"^\s*([a-z][a-z0-9-]*\s*:\s*\d+\s*)(,\s*[a-z][a-z0-9-]*\s*:\s*\d+\s*)*$"


class QuizDraftForm(DraftForm):
    pass_mark = IntegerField(
        _l("Pass mark (percent)"), validators=[InputRequired(), NumberRange(min=0, max=100)]
    )
    attempts = IntegerField(
        _l("Attempts allowed (0: no limit)"),
        validators=[InputRequired(), NumberRange(min=0, max=1000)],
    )
    time_limit = IntegerField(
        _l("Time limit in minutes (0: none)"),
        validators=[InputRequired(), NumberRange(min=0, max=10000)],
    )
    cooldown = IntegerField(
        _l("Minutes to wait between attempts (0: none)"),
        validators=[InputRequired(), NumberRange(min=0, max=525600)],
    )
    shuffle = BooleanField(_l("Shuffle the questions and their choices"))
    show_feedback = SelectField(_l("Show the feedback"), choices=options(FEEDBACK_LABELS))
    purpose = SelectField(_l("Purpose"), choices=options(PURPOSE_LABELS))
    draw = StringField(
        _l("Questions drawn from each pool"),
        validators=[
            Optional(),
            Regexp(POOL_COUNTS, message=_l("Write pool names and counts: fees: 2, cases: 3")),
        ],
        description=_l("For example fees: 2, cases: 3. Questions outside pools are always shown."),
    )
    settings_fields = (
        "pass_mark",
        "attempts",
        "time_limit",
        "cooldown",
        "shuffle",
        "show_feedback",
        "purpose",
        "draw",
    )
    question_file = FileField(_l("Moodle question file"), validators=[Optional()])
    file_format = SelectField(
        _l("Format"),
        choices=[SelectChoice("gift", "Moodle GIFT"), SelectChoice("aiken", "Moodle Aiken")],
    )
    pool = StringField(
        _l("Pool"),
        default="imported",
        validators=[
            Optional(),
            Regexp(r"^[a-z][a-z0-9-]{0,63}$", message=_l("Lower-case letters, digits and '-'.")),
        ],
    )

    @staticmethod
    def fields_of(front_matter: dict) -> dict:
        draw = ", ".join(f"{pool}: {count}" for pool, count in front_matter.get("draw", {}).items())
        return front_matter | {"draw": draw}

    def draw_whole_pool(self, pool: str, size: int) -> None:
        """A new pool is drawn whole until the author says otherwise."""
        draw = {pool: size} | self.front_matter()["draw"]
        self.draw.data = self.fields_of({"draw": draw})["draw"]

    def front_matter(self) -> dict:
        pairs = (pair.split(":") for pair in (self.draw.data or "").split(",") if pair.strip())
        return {
            "pass_mark": self.pass_mark.data,
            "attempts": self.attempts.data,
            "time_limit": self.time_limit.data,
            "cooldown": self.cooldown.data,
            "shuffle": self.shuffle.data,
            "show_feedback": self.show_feedback.data,
            "purpose": self.purpose.data,
            "draw": {pool.strip(): int(count) for pool, count in pairs},
        }


class ReviewForm(BaseForm):
    comment = TextAreaField(_l("Comment for the author"))
    # The button pressed; a post without one (or with another) decides nothing.
    action = StringField(validators=[AnyOf(["approve", "changes", "publish"])])


class ImageForm(BaseForm):
    image = FileField(_l("Image"), validators=[FileRequired(message=_l("Choose a file."))])


class NewItemForm(BaseForm):
    title = StringField(_l("Title (English)"), validators=[DataRequired(), Length(max=300)])
    item_id = StringField(_l("Id"), validators=[Optional(), Length(max=64)], description=ID_HINT)

    def chosen_id(self) -> str:
        """The id the author gave, or one made from the title."""
        return self.item_id.data or id_from(self.title.data, fallback_prefix="item")

    def error_summary(self) -> str:
        return "; ".join(
            f"{self[name].label.text}: {error}"
            for name, errors in self.errors.items()
            for error in errors
        )


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


class MoveToModuleForm(BaseForm):
    lesson = SelectField(_l("Lesson"), validators=[DataRequired()])
    module = SelectField(_l("To the end of module"), validators=[DataRequired()])


class MoveForm(BaseForm):
    offset = HiddenField(validators=[AnyOf(["-1", "1"])])


ALL_OR_NONE = {"all": _l("All"), "none": _l("None")}


class CourseDraftForm(DraftForm):
    """The course's settings in course.yml, besides its id, subject area and titles."""

    topic = SelectField(_l("Topic"), choices=options(TOPIC_LABELS))
    level = SelectField(_l("Level"), choices=options(LEVEL_LABELS))
    estimated_hours = FloatField(
        _l("Estimated hours"), validators=[InputRequired(), finite, NumberRange(min=0, max=500)]
    )
    access = SelectField(_l("Access"), choices=options(ACCESS_LABELS))
    countries = SelectMultipleField(
        _l("Only for officers of these countries (none: every country)"),
        validators=[Optional()],
    )
    roles = SelectMultipleField(
        _l("Only for these roles (none: every role)"),
        choices=[SelectChoice(role, ROLE_LABELS[Role(role)]) for role in AUDIENCE_ROLES],
        validators=[Optional()],
    )
    lessons_required = SelectField(_l("Lessons to complete"), choices=options(ALL_OR_NONE))
    quizzes_required = SelectField(_l("Module quizzes to pass"), choices=options(ALL_OR_NONE))
    final_exam_min_score = IntegerField(
        _l("Final exam score needed (percent)"),
        validators=[InputRequired(), NumberRange(min=0, max=100)],
    )
    deadline_days = IntegerField(
        _l("Days to complete after enrolment (empty: no deadline)"),
        validators=[Optional(), NumberRange(min=1, max=3650)],
    )
    certificate = BooleanField(_l("Completing the course issues a certificate"))
    certificate_valid_years = IntegerField(
        _l("Certificates valid for (years; empty: no expiry)"),
        validators=[Optional(), NumberRange(min=1, max=20)],
    )
    settings_fields = (
        "topic",
        "level",
        "estimated_hours",
        "access",
        "countries",
        "roles",
        "lessons_required",
        "quizzes_required",
        "final_exam_min_score",
        "deadline_days",
        "certificate",
        "certificate_valid_years",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        locale = str(get_locale())
        self.countries.choices = [
            SelectChoice(country.code, country_name(country.code, locale))
            for country in countries()
        ]

    @staticmethod
    def fields_of(front_matter: dict) -> dict:
        audience, completion = front_matter.get("audience", {}), front_matter.get("completion", {})
        return front_matter | {
            "countries": audience.get("countries", []),
            "roles": audience.get("roles", []),
            "lessons_required": completion.get("lessons", "all"),
            "quizzes_required": completion.get("quizzes", "all"),
            "final_exam_min_score": completion.get("final_exam_min_score", 0),
            "deadline_days": completion.get("deadline_days"),
        }

    def front_matter(self) -> dict:
        completion = {
            "lessons": self.lessons_required.data,
            "quizzes": self.quizzes_required.data,
            "final_exam_min_score": self.final_exam_min_score.data,
        }
        if self.deadline_days.data:
            completion["deadline_days"] = self.deadline_days.data
        return {
            "topic": self.topic.data,
            "level": self.level.data,
            "estimated_hours": self.estimated_hours.data,
            "access": self.access.data,
            "audience": {"countries": self.countries.data, "roles": self.roles.data},
            "completion": completion,
            "certificate": self.certificate.data,
            "certificate_valid_years": self.certificate_valid_years.data or None,
        }


SETTINGS_FORMS = {
    ItemKind.LESSON: LessonDraftForm,
    ItemKind.QUIZ: QuizDraftForm,
    ItemKind.COURSE: CourseDraftForm,
}
TRANSLATION_FORMS = {ItemKind.LESSON: LessonTranslationForm}


class AssignmentForm(BaseForm):
    """A translator and their work: ``area:<subject area>`` or ``course:<id>``."""

    translator = SelectField(_l("Translator"), validators=[DataRequired()])
    work = SelectField(_l("Subject area or course"), validators=[DataRequired()])


def setting_changes(draft: Draft) -> list[tuple[str, str, str]]:
    """The settings the draft changes, as (label, published value, new value) in the words of
    the editor's form."""
    form = DraftForm.for_draft(draft)
    before, after = draft.base_front_matter, draft.front_matter
    return [
        (
            form[name].label.text,
            _shown(form[name], before.get(name)),
            _shown(form[name], after.get(name)),
        )
        for name in form.settings_fields
        if before.get(name) != after.get(name)
    ]


def _shown(field, value) -> str:
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, dict):
        value = ", ".join(f"{key}: {count}" for key, count in value.items())
    if isinstance(field, SelectField):
        value = {choice.value: choice.label for choice in field.choices}.get(value, value)
    return str(value) if value not in (None, "") else "—"
