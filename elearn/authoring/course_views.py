"""The course workspace: new courses, structure (modules, lessons, quizzes, order), translation
state of everything in the course, images and the zip download."""

import io
import tempfile
import zipfile
from pathlib import Path

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from wtforms import SelectChoice

from elearn.authoring import media, services, structure
from elearn.authoring.forms import (
    ImageForm,
    MoveForm,
    MoveToModuleForm,
    NewCourseForm,
    NewItemForm,
    NewLessonForm,
    NewModuleForm,
    NewQuizForm,
)
from elearn.authoring.models import Draft, DraftStatus, ItemKind
from elearn.authoring.permissions import can_author_course, can_see_keys, editable_locales
from elearn.authoring.workspace import edit_links, edit_url, title_in, translation_state
from elearn.catalog.permissions import visible_course_or_404, visible_courses
from elearn.content.exporter import export_course
from elearn.content.files import MEDIA_MAX_BYTES
from elearn.content.models import Course, Lesson, Module
from elearn.content.queries import course_quizzes, ordered_lessons, outline
from elearn.content.source import id_from
from elearn.extensions import db
from elearn.i18n import LOCALES, SOURCE_LOCALE
from elearn.refusals import Refused
from elearn.trainers.models import Programme
from elearn.web import apply_change, client_ip
from elearn.web.forms import ConfirmForm

bp = Blueprint("courses", __name__, template_folder="templates")


def _editable_course(slug: str) -> Course:
    course = visible_course_or_404(current_user, slug)
    if not editable_locales(current_user, course):
        abort(403)
    return course


def _authored_course(slug: str) -> Course:
    """A course whose structure the user may change: its authors only."""
    course = visible_course_or_404(current_user, slug)
    if not can_author_course(current_user, course):
        abort(403)
    return course


def _done(course: Course, message: str) -> str:
    """What to say after a structure change: done, or (a published course) proposed."""
    if not course.published:
        return message
    return _(
        "Proposed for review: the change applies once another author approves and publishes it."
    )


def _subject_areas() -> list[str]:
    areas = db.session.scalars(select(Programme.subject_area).distinct().order_by("subject_area"))
    return [area for area in areas if structure.may_create_course(current_user, area)]


@bp.get("/")
@login_required
def index():
    courses = [
        course for course in visible_courses(current_user) if editable_locales(current_user, course)
    ]
    return render_template(
        "authoring/index.html", courses=courses, can_create=bool(_subject_areas())
    )


@bp.route("/courses/new", methods=["GET", "POST"])
@login_required
def new_course():
    areas = _subject_areas()
    if not areas:
        abort(403)
    form = NewCourseForm()
    form.subject_area.choices = [SelectChoice(area, area) for area in areas]
    if form.validate_on_submit():
        meta = {
            "id": form.chosen_id(),
            "title": {SOURCE_LOCALE: form.title.data.strip()},
            "summary": {SOURCE_LOCALE: form.summary.data.strip()},
            "topic": form.topic.data,
            "level": form.level.data,
            "subject_area": form.subject_area.data,
            "estimated_hours": form.estimated_hours.data,
            "access": form.access.data,
            "certificate": form.certificate.data,
        }
        try:
            course = structure.create_course(
                current_user,
                meta,
                module_slug=id_from(form.module_title.data, fallback_prefix="item"),
                module_title=form.module_title.data,
                ip=client_ip(),
            )
        except Refused as error:
            db.session.rollback()
            form.item_id.errors = [str(error.message)]
        else:
            flash(_("Course created. Only authors see it until it is published."), "success")
            return redirect(url_for("authoring.courses.course", slug=course.slug))
    return render_template("authoring/new_course.html", form=form)


@bp.get("/courses/<slug>")
@login_required
def course(slug: str):
    """The course's structure, and everything in it in every language (its description, module
    titles, lessons and quizzes): missing, up to date or stale, with the share per language."""
    course = _editable_course(slug)
    quizzes = course_quizzes(course, with_texts=True)
    parts = outline(course, quizzes, with_texts=True)
    modules = [part.module for part in parts]
    items = [course, *modules]
    items += [item for part in parts for item in (*part.lessons, *part.quizzes)]
    items += [quiz for quiz in quizzes if quiz.module_id is None]
    states = {(i, locale): translation_state(i, locale) for i in items for locale in LOCALES}
    current = {
        locale: sum(states[(item, locale)] == "current" for item in items) for locale in LOCALES
    }
    author = can_author_course(current_user, course)
    return render_template(
        "authoring/course.html",
        course=course,
        parts=parts,
        modules=modules,
        items=items,
        states=states,
        current=current,
        locales=LOCALES,
        links=edit_links(current_user, course, items),
        author=author,
        forms=_structure_forms(course) if author else None,
        new_drafts=_new_item_drafts(course),
        edit_url=edit_url,
        title_in=title_in,
    )


def _module_choices(course: Course, *, final_exam=False) -> list[SelectChoice]:
    modules = [
        SelectChoice(m.slug, m.title[SOURCE_LOCALE]) for m in course.modules if not m.is_archived
    ]
    return [SelectChoice("", _("Final exam (no module)")), *modules] if final_exam else modules


def _structure_forms(course: Course) -> dict:
    lesson_form, quiz_form = NewLessonForm(prefix="lesson"), NewQuizForm(prefix="quiz")
    lesson_form.module.choices = _module_choices(course)
    quiz_form.module.choices = _module_choices(course, final_exam=True)
    return {
        "move_to_module": _move_to_module_form(course),
        "image": ImageForm(),
        "module": NewModuleForm(prefix="module"),
        "lesson": lesson_form,
        "quiz": quiz_form,
        "move": MoveForm(),
        "confirm": ConfirmForm(),
    }


def _new_item_drafts(course: Course) -> list[Draft]:
    """Drafts of lessons and quizzes not yet published."""
    drafts = db.session.scalars(
        select(Draft).where(Draft.course_id == course.id, Draft.status != DraftStatus.PUBLISHED)
    )
    return [draft for draft in drafts if services.published_item(draft) is None]


@bp.post("/courses/<slug>/modules")
@login_required
def new_module(slug: str):
    course = _authored_course(slug)
    form = NewModuleForm(prefix="module")
    if form.validate_on_submit():
        apply_change(
            lambda: structure.add_module(
                current_user,
                course,
                slug=form.chosen_id(),
                title=form.title.data,
                ip=client_ip(),
            ),
            _done(course, _("Module added.")),
        )
    return redirect(url_for("authoring.courses.course", slug=slug))


@bp.post("/courses/<slug>/lessons")
@login_required
def new_lesson(slug: str):
    course = _authored_course(slug)
    form = NewLessonForm(prefix="lesson")
    form.module.choices = _module_choices(course)
    module = _module_of(course, form.module.data)
    return _start(course, form, ItemKind.LESSON, module, {"duration": form.duration.data})


@bp.post("/courses/<slug>/quizzes")
@login_required
def new_quiz(slug: str):
    course = _authored_course(slug)
    form = NewQuizForm(prefix="quiz")
    form.module.choices = _module_choices(course, final_exam=True)
    module = _module_of(course, form.module.data)
    settings = {**services.NEW_QUIZ_SETTINGS, "pass_mark": form.pass_mark.data}
    return _start(course, form, ItemKind.QUIZ, module, settings)


def _module_of(course: Course, module_slug: str | None) -> Module | None:
    return next((m for m in course.modules if m.slug == module_slug), None)


def _start(
    course: Course, form: NewItemForm, kind: ItemKind, module: Module | None, front_matter: dict
):
    if not form.validate_on_submit():
        flash(form.error_summary(), "error")
        return redirect(url_for("authoring.courses.course", slug=course.slug))
    try:
        draft = services.start_item(
            current_user,
            course,
            kind,
            slug=form.chosen_id(),
            title=form.title.data,
            module=module,
            front_matter=front_matter,
        )
    except Refused as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return redirect(url_for("authoring.courses.course", slug=course.slug))
    return redirect(url_for("authoring.edit_draft", draft_id=draft.id))


@bp.post("/modules/<int:module_id>/move")
@login_required
def move_module(module_id: int):
    return _move(db.get_or_404(Module, module_id))


@bp.post("/lessons/<int:lesson_id>/move")
@login_required
def move_lesson(lesson_id: int):
    return _move(db.get_or_404(Lesson, lesson_id))


def _move(item: Module | Lesson):
    course = _authored_course(db.session.get(Course, item.course_id).slug)
    form = MoveForm()
    if form.validate_on_submit():
        offset = int(form.offset.data)
        apply_change(
            lambda: structure.move(current_user, course, item, offset, ip=client_ip()),
            _done(course, _("Order changed.")),
        )
    return redirect(url_for("authoring.courses.course", slug=course.slug))


def _move_to_module_form(course: Course) -> MoveToModuleForm:
    form = MoveToModuleForm(prefix="relocate")
    form.lesson.choices = [
        SelectChoice(str(lesson.id), lesson.texts[SOURCE_LOCALE].title)
        for lesson in ordered_lessons(course, with_texts=True)
    ]
    form.module.choices = _module_choices(course)
    return form


@bp.post("/courses/<slug>/move-lesson")
@login_required
def move_to_module(slug: str):
    course = _authored_course(slug)
    form = _move_to_module_form(course)
    if form.validate_on_submit():
        lesson = db.get_or_404(Lesson, int(form.lesson.data))
        module = _module_of(course, form.module.data)
        apply_change(
            lambda: structure.move_to_module(current_user, course, lesson, module, ip=client_ip()),
            _done(course, _("Order changed.")),
        )
    return redirect(url_for("authoring.courses.course", slug=slug))


@bp.post("/modules/<int:module_id>/remove")
@login_required
def remove_module(module_id: int):
    module = db.get_or_404(Module, module_id)
    course = _authored_course(db.session.get(Course, module.course_id).slug)
    if ConfirmForm().validate_on_submit():
        apply_change(
            lambda: structure.remove_module(current_user, course, module, ip=client_ip()),
            _done(course, _("Module removed.")),
        )
    return redirect(url_for("authoring.courses.course", slug=course.slug))


@bp.post("/courses/<slug>/publish")
@login_required
def publish_course(slug: str):
    course = _authored_course(slug)
    if ConfirmForm().validate_on_submit():
        apply_change(
            lambda: structure.publish_course(current_user, course, ip=client_ip()),
            _("The course is published: trainees can find it in the catalogue."),
        )
    return redirect(url_for("authoring.courses.course", slug=slug))


@bp.get("/courses/<slug>/export.zip")
@login_required
def export_zip(slug: str):
    """The course in the Markdown folder format, to edit with files and import again. It holds
    the answer keys: refused to whoever may not see them."""
    course = _editable_course(slug)
    if not can_see_keys(current_user, course):
        abort(403)
    buffer = io.BytesIO()
    with tempfile.TemporaryDirectory() as workdir:
        folder = export_course(course, Path(workdir))
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    archive.write(path, path.relative_to(folder.parent).as_posix())
    return Response(
        buffer.getvalue(),
        mimetype="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{slug}.zip"'},
    )


@bp.post("/courses/<slug>/media")
@login_required
def upload_image(slug: str):
    course = _authored_course(slug)
    form = ImageForm()
    if not form.validate_on_submit():
        flash(_("Choose an image file."), "error")
        return redirect(url_for("authoring.courses.course", slug=slug))
    data = form.image.data.read(MEDIA_MAX_BYTES + 1)
    try:
        path = media.add_image(current_user, course, form.image.data.filename, data, ip=client_ip())
    except Refused as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return redirect(url_for("authoring.courses.course", slug=slug))
    snippet = f"![…]({path})"
    if course.published:
        message = _(
            "Image proposed for review. Once it is published, use it in a lesson as: %(markdown)s",
            markdown=snippet,
        )
    else:
        message = _("Image added. Use it in a lesson as: %(markdown)s", markdown=snippet)
    flash(message, "success")
    return redirect(url_for("authoring.courses.course", slug=slug))
