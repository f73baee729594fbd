"""The editor and the review: drafts of lessons, quizzes, module titles and course descriptions.
The course workspace is a nested blueprint (``course_views``)."""

import difflib
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

from elearn.authoring import course_views, services, structure, translator_views
from elearn.authoring.errors import NotPublishable
from elearn.authoring.forms import (
    DraftForm,
    QuizDraftForm,
    ReviewForm,
    setting_changes,
)
from elearn.authoring.labels import (
    DRAFT_LABELS,
    QUESTION_TYPE_LABELS,
    TRANSLATION_LABELS,
    draft_heading,
)
from elearn.authoring.models import Draft, DraftStatus, ItemKind
from elearn.authoring.permissions import can_edit_draft, can_review
from elearn.authoring.preview import line_problem, question_problems, render_draft
from elearn.authoring.question_form import AnswerRow, QuestionForm
from elearn.authoring.skeletons import add_question
from elearn.catalog.permissions import visible_course_or_404
from elearn.content.glossary import terms_in
from elearn.content.models import Lesson, Module, Quiz
from elearn.content.queries import is_stale
from elearn.content.question_types import QUESTION_TYPES
from elearn.content.quiz_syntax import parse as parse_quiz
from elearn.content.quiz_syntax import question_spans, write_question
from elearn.content.revisions import source_changes
from elearn.content.source import Problems
from elearn.extensions import db
from elearn.i18n import LOCALES, SOURCE_LOCALE
from elearn.models import utcnow
from elearn.quiz.aiken import parse_aiken
from elearn.quiz.gift import parse_gift
from elearn.quiz.pools import PoolImportError, add_pool
from elearn.refusals import Refused
from elearn.web import apply_change, client_ip

bp = Blueprint("authoring", __name__, url_prefix="/authoring", template_folder="templates")
bp.register_blueprint(course_views.bp)
bp.register_blueprint(translator_views.bp)
bp.add_app_template_global(DRAFT_LABELS, "draft_labels")
bp.add_app_template_global(TRANSLATION_LABELS, "translation_labels")
bp.add_app_template_global(QUESTION_TYPE_LABELS, "question_type_labels")
bp.add_app_template_global(QUESTION_TYPES, "question_types")


@bp.route("/lessons/<int:lesson_id>/<locale>", methods=["GET", "POST"])
@login_required
def edit(lesson_id: int, locale: str):
    return _edit_item(db.get_or_404(Lesson, lesson_id), locale)


@bp.route("/quizzes/<int:quiz_id>/<locale>", methods=["GET", "POST"])
@login_required
def edit_quiz(quiz_id: int, locale: str):
    return _edit_item(db.get_or_404(Quiz, quiz_id), locale)


@bp.route("/modules/<int:module_id>/<locale>", methods=["GET", "POST"])
@login_required
def edit_module(module_id: int, locale: str):
    return _edit_item(db.get_or_404(Module, module_id), locale)


@bp.route("/courses/<slug>/description/<locale>", methods=["GET", "POST"])
@login_required
def edit_description(slug: str, locale: str):
    return _edit_item(visible_course_or_404(current_user, slug), locale)


def _edit_item(item: services.Item, locale: str):
    visible_course_or_404(current_user, services.course_of(item).slug)
    if locale not in LOCALES:
        abort(404)
    open_draft = services.open_draft if request.method == "POST" else services.draft_to_edit
    try:
        draft = open_draft(current_user, item, locale)
    except Refused:
        abort(403)
    return _editor(draft)


def _draft_or_404(draft_id: int) -> Draft:
    """A draft of a course the user sees (404 otherwise: nothing about it leaks)."""
    draft = db.get_or_404(Draft, draft_id)
    visible_course_or_404(current_user, draft.course.slug)
    return draft


@bp.route("/drafts/<int:draft_id>/edit", methods=["GET", "POST"])
@login_required
def edit_draft(draft_id: int):
    draft = _draft_or_404(draft_id)
    if not can_edit_draft(current_user, draft):
        abort(403)
    if draft.kind == ItemKind.STRUCTURE:  # nothing to write: the change is shown for review
        return redirect(url_for("authoring.draft", draft_id=draft.id))
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
        if action == "remove":
            services.propose_removal(current_user, draft, note=form.note.data or "")
        else:
            _save(draft, form)
        if action == "submit":
            services.submit(current_user, draft, note=form.note.data or "")
    except NotPublishable as error:
        if action == "remove":
            db.session.rollback()
            intro = _("Not submitted: without it the course would have these problems.")
        else:
            intro = _("Saved, but not submitted: the course format's checks found these problems.")
        return _edit_page(draft, form, problems=(intro, error.problems)), 422
    except Refused as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return _edit_page(draft, form), 409
    if question := request.form.get("edit_question"):
        return redirect(url_for("authoring.edit_question", draft_id=draft.id, question_id=question))
    flash(_("Submitted for review.") if action in ("submit", "remove") else _("Saved."), "success")
    return redirect(request.path)


@bp.route("/drafts/<int:draft_id>/questions/<question_id>", methods=["GET", "POST"])
@login_required
def edit_question(draft_id: int, question_id: str):
    """One question of an English quiz draft in a form; saving rewrites its part of the text
    under the draft's version lock, once the question passes the quiz syntax's checks."""
    draft = _draft_or_404(draft_id)
    if draft.kind != ItemKind.QUIZ or draft.locale != SOURCE_LOCALE:
        abort(404)
    if not can_edit_draft(current_user, draft):
        abort(403)
    spans = question_spans(draft.markdown)
    if question_id not in spans:
        abort(404)
    start, end = spans[question_id]
    lines = draft.markdown.split("\n")
    question = parse_quiz("\n".join(lines[start:end]), Path("quiz"), 1, Problems())[0]
    form = QuestionForm()
    if request.method == "GET":
        form.load(question)
        form.version.data = draft.version
    elif request.form.get("action") == "more_rows":
        form.add_blank_rows()
    elif form.validate_on_submit():
        block = write_question(form.question(question.type))
        problems = question_problems(block)
        if not problems:
            markdown = "\n".join([*lines[:start], *block.split("\n"), *lines[end:]])
            saved = apply_change(
                lambda: services.save(
                    current_user,
                    draft,
                    title=draft.title,
                    markdown=markdown,
                    version=form.version.data or 0,
                    now=utcnow(),
                ),
                _("Saved."),
            )
            if saved:
                return redirect(url_for("authoring.edit_draft", draft_id=draft.id))
        form.form_errors.extend(problems)
    return render_template(
        "authoring/question.html",
        draft=draft,
        form=form,
        question=question,
        answer_labels={field.name: field.label.text for field in AnswerRow()},
    )


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
    translating = item is not None and draft.locale != SOURCE_LOCALE
    source = services.published_text(item, SOURCE_LOCALE) if translating else None
    if draft.status == DraftStatus.DRAFT:
        form.version.data = draft.version
    return render_template(
        "authoring/edit.html",
        draft=draft,
        form=form,
        source=source,
        glossary=terms_in("\n".join(source), draft.locale) if translating else None,
        source_changes=_source_changes(draft, item) if translating else None,
        removable=isinstance(item, Lesson | Quiz) and draft.locale == SOURCE_LOCALE,
        question_ids=_question_ids(draft),
        preview=render_draft(draft.kind, form.markdown.data or "") if preview else None,
        problems=problems,
    )


def _question_ids(draft: Draft) -> list[str]:
    """The questions of an English quiz draft as saved, each editable in a form."""
    if draft.kind != ItemKind.QUIZ or draft.locale != SOURCE_LOCALE:
        return []
    return list(question_spans(draft.markdown))


def _source_changes(draft: Draft, item: services.Item) -> list[str] | None:
    """The English text with what changed since this translation was made marked as a diff
    (stale translations whose older English text is known)."""
    if not isinstance(item, Lesson | Quiz) or draft.locale not in item.texts:
        return None
    translation, source = item.texts[draft.locale], item.texts[SOURCE_LOCALE]
    if not is_stale(translation, source):
        return None
    changes = source_changes(
        draft.course,
        draft.kind.value,
        draft.slug,
        translation.source_hash,
        source.markdown,
        context=source.markdown.count("\n") + 1,  # the whole text, its changes marked
    )
    return None if changes is None else [line for line in changes if not line.startswith("@@")]


def _save(draft: Draft, form: DraftForm) -> None:
    services.save(
        current_user,
        draft,
        title=form.title.data,
        markdown=form.markdown.data or "",
        version=form.version.data or 0,
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
    return jsonify(saved=True, version=draft.version)


@bp.get("/reviews")
@login_required
def reviews():
    waiting = db.session.scalars(
        select(Draft).where(Draft.status.in_([DraftStatus.SUBMITTED, DraftStatus.APPROVED]))
    ).all()
    reviewable = {
        course.id for course in {d.course for d in waiting} if can_review(current_user, course)
    }  # one rights check per course, not per draft
    drafts = [draft for draft in waiting if draft.course_id in reviewable]
    headings = {draft.id: draft_heading(draft) for draft in drafts}
    return render_template("authoring/reviews.html", drafts=drafts, headings=headings)


@bp.route("/drafts/<int:draft_id>", methods=["GET", "POST"])
@login_required
def draft(draft_id: int):
    """The review: changes since the published text, comments, approve or send back, publish."""
    draft = _draft_or_404(draft_id)
    if not (can_review(current_user, draft.course) or can_edit_draft(current_user, draft)):
        abort(403)
    form = ReviewForm()
    if form.validate_on_submit():
        action = form.action.data
        if action == "publish":
            publish = (
                structure.publish_change if draft.kind == ItemKind.STRUCTURE else services.publish
            )
            apply_change(
                lambda: publish(current_user, draft, ip=client_ip()),
                _("Published as a new version."),
            )
        else:
            apply_change(
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
    if draft.kind == ItemKind.STRUCTURE:
        return render_template(
            "authoring/draft.html", draft=draft, form=form, heading=draft_heading(draft)
        )
    return render_template(
        "authoring/draft.html",
        draft=draft,
        form=form,
        heading=draft_heading(draft),
        diff=list(diff)[2:],
        setting_changes=setting_changes(draft),
        preview=render_draft(draft.kind, draft.markdown),
    )


@bp.get("/drafts/<int:draft_id>/image")
@login_required
def draft_image(draft_id: int):
    """The image a structure change proposes, for its reviewers."""
    draft = _draft_or_404(draft_id)
    if not can_review(current_user, draft.course) or draft.media is None:
        abort(404)
    extension = draft.front_matter["filename"].rsplit(".", 1)[-1]
    mimetype = {"jpg": "image/jpeg"}.get(extension, f"image/{extension}")
    return Response(draft.media, mimetype=mimetype)
