import difflib
import io
import tempfile
import zipfile
from pathlib import Path

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from wtforms import SelectChoice

from elearn.authoring import services
from elearn.authoring.forms import (
    DraftForm,
    ImageForm,
    MoveForm,
    NewCourseForm,
    NewLessonForm,
    NewModuleForm,
    NewQuizForm,
    QuizDraftForm,
    ReviewForm,
)
from elearn.authoring.models import Draft, DraftStatus, ItemKind
from elearn.authoring.preview import line_problem, render_draft
from elearn.authoring.skeletons import add_question
from elearn.catalog.access import visible_courses
from elearn.catalog.views import visible_course_or_404
from elearn.content.exporter import export_course
from elearn.content.loader import MEDIA_MAX_BYTES
from elearn.content.models import Course, Lesson, Module
from elearn.content.queries import course_quizzes, is_stale, outline
from elearn.content.revisions import source_changes
from elearn.extensions import db
from elearn.forms import ConfirmForm
from elearn.i18n import LOCALES, SOURCE_LOCALE
from elearn.models import utcnow
from elearn.quiz.aiken import parse_aiken
from elearn.quiz.gift import parse_gift
from elearn.quiz.models import Quiz
from elearn.quiz.pools import PoolImportError, add_pool
from elearn.refusals import Refused
from elearn.trainers.models import Programme
from elearn.trainers.services import can_author
from elearn.web import client_ip, get_or_404

bp = Blueprint("authoring", __name__, url_prefix="/authoring", template_folder="templates")


def _editable_course(slug: str) -> Course:
    course = visible_course_or_404(slug)
    if not any(services.may_edit(current_user, course, locale) for locale in LOCALES):
        abort(403)
    return course


def _authored_course(slug: str) -> Course:
    """A course whose structure the user may change: authors of its subject area only."""
    course = visible_course_or_404(slug)
    if not can_author(current_user, course):
        abort(403)
    return course


def _subject_areas() -> list[str]:
    areas = db.session.scalars(select(Programme.subject_area).distinct().order_by("subject_area"))
    return [area for area in areas if services.may_create_course(current_user, area)]


@bp.get("/")
@login_required
def index():
    courses = [
        course
        for course in visible_courses(current_user)
        if any(services.may_edit(current_user, course, locale) for locale in LOCALES)
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
            "id": form.item_id.data or services.suggest_id(form.title.data),
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
            course = services.create_course(
                current_user,
                meta,
                module_slug=services.suggest_id(form.module_title.data),
                module_title=form.module_title.data,
                ip=client_ip(),
            )
        except Refused as error:
            db.session.rollback()
            form.item_id.errors = [str(error.message)]
        else:
            db.session.commit()
            flash(_("Course created. Only authors see it until it is published."), "success")
            return redirect(url_for("authoring.course", slug=course.slug))
    return render_template("authoring/new_course.html", form=form)


def translation_state(item: Lesson | Quiz, locale: str) -> str:
    text = item.texts.get(locale)
    if text is None:
        return "missing"
    return "stale" if is_stale(text, item.texts[SOURCE_LOCALE]) else "current"


@bp.get("/courses/<slug>")
@login_required
def course(slug: str):
    """The course's structure, and every lesson and quiz in every language: missing, up to
    date or stale, with the share up to date per language."""
    course = _editable_course(slug)
    parts = outline(course)
    items = [item for part in parts for item in (*part.lessons, *part.quizzes)]
    items += [quiz for quiz in course_quizzes(course) if quiz.module_id is None]
    states = {(i, locale): translation_state(i, locale) for i in items for locale in LOCALES}
    current = {
        locale: sum(states[(item, locale)] == "current" for item in items) for locale in LOCALES
    }
    author = can_author(current_user, course)
    return render_template(
        "authoring/course.html",
        course=course,
        parts=parts,
        items=items,
        states=states,
        current=current,
        locales=LOCALES,
        author=author,
        forms=_structure_forms(course) if author else None,
        new_drafts=_new_item_drafts(course),
        edit_url=_edit_url,
    )


def _edit_url(item: Lesson | Quiz, locale: str) -> str:
    if isinstance(item, Quiz):
        return url_for("authoring.edit_quiz", quiz_id=item.id, locale=locale)
    return url_for("authoring.edit", lesson_id=item.id, locale=locale)


def _module_choices(course: Course, *, final_exam=False) -> list[SelectChoice]:
    modules = [
        SelectChoice(m.slug, m.title[SOURCE_LOCALE]) for m in course.modules if not m.is_archived
    ]
    return [SelectChoice("", _("Final exam (no module)")), *modules] if final_exam else modules


def _structure_forms(course: Course) -> dict:
    lesson_form, quiz_form = NewLessonForm(), NewQuizForm()
    lesson_form.module.choices = _module_choices(course)
    quiz_form.module.choices = _module_choices(course, final_exam=True)
    return {
        "image": ImageForm(),
        "module": NewModuleForm(),
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
    form = NewModuleForm()
    if form.validate_on_submit():
        _apply(
            lambda: services.add_module(
                current_user,
                course,
                slug=form.item_id.data or services.suggest_id(form.title.data),
                title=form.title.data,
                ip=client_ip(),
            ),
            _("Module added."),
        )
    return redirect(url_for("authoring.course", slug=slug))


def _apply(change, success: str) -> bool:
    """Run a change; commit and say so, or roll back and show why it was refused."""
    try:
        change()
    except Refused as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return False
    db.session.commit()
    flash(success, "success")
    return True


@bp.post("/courses/<slug>/lessons")
@login_required
def new_lesson(slug: str):
    course = _authored_course(slug)
    form = NewLessonForm()
    form.module.choices = _module_choices(course)
    module = _module_of(course, form.module.data)
    return _start(course, form, ItemKind.LESSON, module, {"duration": form.duration.data})


@bp.post("/courses/<slug>/quizzes")
@login_required
def new_quiz(slug: str):
    course = _authored_course(slug)
    form = NewQuizForm()
    form.module.choices = _module_choices(course, final_exam=True)
    module = _module_of(course, form.module.data)
    settings = {**services.NEW_QUIZ_SETTINGS, "pass_mark": form.pass_mark.data}
    return _start(course, form, ItemKind.QUIZ, module, settings)


def _module_of(course: Course, module_slug: str | None) -> Module | None:
    return next((m for m in course.modules if m.slug == module_slug), None)


def _start(course: Course, form, kind: ItemKind, module: Module | None, front_matter: dict):
    if not form.validate_on_submit():
        flash(_("Give the new item a title."), "error")
        return redirect(url_for("authoring.course", slug=course.slug))
    try:
        draft = services.start_item(
            current_user,
            course,
            kind,
            slug=form.item_id.data or services.suggest_id(form.title.data),
            title=form.title.data,
            module=module,
            front_matter=front_matter,
        )
    except Refused as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return redirect(url_for("authoring.course", slug=course.slug))
    db.session.commit()
    return redirect(url_for("authoring.edit_draft", draft_id=draft.id))


@bp.post("/modules/<int:module_id>/move")
@login_required
def move_module(module_id: int):
    return _move(get_or_404(Module, module_id))


@bp.post("/lessons/<int:lesson_id>/move")
@login_required
def move_lesson(lesson_id: int):
    return _move(get_or_404(Lesson, lesson_id))


def _move(item: Module | Lesson):
    course = _authored_course(db.session.get(Course, item.course_id).slug)
    form = MoveForm()
    if form.validate_on_submit():
        offset = int(form.offset.data)
        _apply(
            lambda: services.move(current_user, course, item, offset, ip=client_ip()),
            _("Order changed."),
        )
    return redirect(url_for("authoring.course", slug=course.slug))


@bp.post("/courses/<slug>/publish")
@login_required
def publish_course(slug: str):
    course = _authored_course(slug)
    if ConfirmForm().validate_on_submit():
        _apply(
            lambda: services.publish_course(current_user, course, ip=client_ip()),
            _("The course is published: trainees can find it in the catalogue."),
        )
    return redirect(url_for("authoring.course", slug=slug))


@bp.route("/lessons/<int:lesson_id>/<locale>", methods=["GET", "POST"])
@login_required
def edit(lesson_id: int, locale: str):
    return _edit_item(get_or_404(Lesson, lesson_id), locale)


@bp.route("/quizzes/<int:quiz_id>/<locale>", methods=["GET", "POST"])
@login_required
def edit_quiz(quiz_id: int, locale: str):
    return _edit_item(get_or_404(Quiz, quiz_id), locale)


def _edit_item(item: Lesson | Quiz, locale: str):
    visible_course_or_404(services.course_of(item).slug)
    if locale not in LOCALES:
        abort(404)
    try:
        draft = services.open_draft(current_user, item, locale)
    except Refused:
        abort(403)
    db.session.commit()
    return _editor(draft)


@bp.route("/drafts/<int:draft_id>/edit", methods=["GET", "POST"])
@login_required
def edit_draft(draft_id: int):
    draft = get_or_404(Draft, draft_id)
    visible_course_or_404(draft.course.slug)
    if not services.may_edit(current_user, draft.course, draft.locale):
        abort(403)
    return _editor(draft)


def _editor(draft: Draft):
    """Edit, preview, add a question, save or submit; the same page for every draft."""
    form = DraftForm.for_draft(draft)
    if not form.validate_on_submit():
        form.version.data = draft.version
        return _edit_page(draft, form)
    action = request.form.get("action", "save")
    if request.headers.get("X-Requested-With") == "fetch":
        return _background(draft, form, action)
    if action == "preview":
        return _edit_page(draft, form, preview=True)
    if action == "add_question":
        form.markdown.data = add_question(form.markdown.data, form.question_type.data or "single")
        return _edit_page(draft, form, preview=True)
    if action == "import_questions":
        return _import_questions(draft, form)
    try:
        _save(draft, form)
        if action == "submit":
            services.submit(current_user, draft, note=form.note.data or "")
    except services.NotPublishable as error:
        db.session.commit()  # the text is saved; only the submission waits for the fixes
        intro = _("Saved, but not submitted: the course format's checks found these problems.")
        return _edit_page(draft, form, problems=(intro, error.problems)), 422
    except Refused as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return _edit_page(draft, form), 409
    db.session.commit()
    flash(_("Submitted for review.") if action == "submit" else _("Saved."), "success")
    return redirect(request.path)


PARSERS = {"gift": parse_gift, "aiken": parse_aiken}
MAX_QUESTION_FILE = 1024 * 1024


def _import_questions(draft: Draft, form: QuizDraftForm):
    """Moodle questions (GIFT or Aiken) join the quiz text as a pool; the author saves and
    submits them for review like any other change."""
    upload = form.question_file.data
    data = upload.read(MAX_QUESTION_FILE + 1) if upload else b""
    try:
        text = data.decode("utf-8-sig") if 0 < len(data) <= MAX_QUESTION_FILE else None
    except UnicodeDecodeError:
        text = None
    if text is None:
        form.question_file.errors = [_("Choose a UTF-8 text file of at most 1 MB.")]
        return _edit_page(draft, form), 422
    parsed = PARSERS[form.file_format.data](text)
    if parsed.problems:
        intro = _("Nothing was imported: the file has these problems.")
        problems = [line_problem(problem.line, problem.message) for problem in parsed.problems]
        return _edit_page(draft, form, problems=(intro, problems)), 422
    pool = form.pool.data or "imported"
    try:
        form.markdown.data = add_pool(form.markdown.data or "", parsed.questions, pool)
    except PoolImportError as error:
        intro = _("Nothing was imported: the file has these problems.")
        return _edit_page(draft, form, problems=(intro, [p.message for p in error.problems])), 422
    form.draw_whole_pool(pool, len(parsed.questions))
    flash(_("Questions added to the text below: check them, then save."), "success")
    return _edit_page(draft, form, preview=True)


def _edit_page(draft: Draft, form: DraftForm, *, preview=False, problems=None) -> str:
    item = services.published_item(draft)
    source = item.texts[SOURCE_LOCALE] if item and draft.locale != SOURCE_LOCALE else None
    if draft.status == DraftStatus.DRAFT:
        form.version.data = draft.version
    return render_template(
        "authoring/edit.html",
        draft=draft,
        form=form,
        source=source,
        source_changes=_source_changes(draft, item, source),
        preview=render_draft(draft.kind, form.markdown.data or "") if preview else None,
        problems=problems,
    )


def _source_changes(draft: Draft, item, source) -> list[str] | None:
    """What changed in the English text since this translation was made (stale ones only)."""
    translation = item.texts.get(draft.locale) if source else None
    if translation is None or not is_stale(translation, source):
        return None
    return source_changes(
        draft.course, draft.kind.value, draft.slug, translation.source_hash, source.markdown
    )


def _save(draft: Draft, form: DraftForm) -> None:
    services.save(
        current_user,
        draft,
        title=form.title.data,
        markdown=form.markdown.data or "",
        version=int(form.version.data or 0),
        now=utcnow(),
        front_matter=form.front_matter(),
    )


def _background(draft: Draft, form: DraftForm, action: str):
    """The editor's script: live preview, or autosave with the version it read (409 if stale)."""
    if action == "preview":
        return jsonify(html=render_draft(draft.kind, form.markdown.data or ""))
    try:
        _save(draft, form)
    except Refused as error:
        db.session.rollback()
        return jsonify(saved=False, message=str(error.message)), 409
    db.session.commit()
    return jsonify(saved=True, version=draft.version)


@bp.get("/reviews")
@login_required
def reviews():
    drafts = [
        d
        for d in db.session.scalars(
            select(Draft).where(Draft.status.in_([DraftStatus.SUBMITTED, DraftStatus.APPROVED]))
        )
        if services.may_review(current_user, d.course)
    ]
    return render_template("authoring/reviews.html", drafts=drafts)


@bp.route("/drafts/<int:draft_id>", methods=["GET", "POST"])
@login_required
def draft(draft_id: int):
    """The review: changes since the published text, comments, approve or send back, publish."""
    draft = get_or_404(Draft, draft_id)
    if not (
        services.may_review(current_user, draft.course)
        or services.may_edit(current_user, draft.course, draft.locale)
    ):
        abort(403)
    form = ReviewForm()
    if form.validate_on_submit():
        action = request.form.get("action")
        if action == "publish":
            _apply(
                lambda: services.publish(current_user, draft, ip=client_ip()),
                _("Published as a new version."),
            )
        else:
            _apply(
                lambda: services.review(
                    current_user,
                    draft,
                    approve=action == "approve",
                    comment=form.comment.data or "",
                    ip=client_ip(),
                ),
                _("Saved."),
            )
        return redirect(url_for("authoring.draft", draft_id=draft.id))
    diff = difflib.unified_diff(
        draft.base_markdown.splitlines(), draft.markdown.splitlines(), lineterm="", n=2
    )
    return render_template(
        "authoring/draft.html",
        draft=draft,
        form=form,
        diff=list(diff)[2:],
        preview=render_draft(draft.kind, draft.markdown),
    )


@bp.get("/courses/<slug>/export.zip")
@login_required
def export_zip(slug: str):
    """The course in the Markdown folder format, to edit with files and import again."""
    course = _editable_course(slug)
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
        return redirect(url_for("authoring.course", slug=slug))
    data = form.image.data.read(MEDIA_MAX_BYTES + 1)
    try:
        path = services.add_image(
            current_user, course, form.image.data.filename, data, ip=client_ip()
        )
    except Refused as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return redirect(url_for("authoring.course", slug=slug))
    db.session.commit()
    snippet = f"![…]({path})"
    flash(_("Image added. Use it in a lesson as: %(markdown)s", markdown=snippet), "success")
    return redirect(url_for("authoring.course", slug=slug))
