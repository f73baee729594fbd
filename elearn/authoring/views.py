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

from elearn.authoring import services
from elearn.authoring.forms import DraftForm, ImageForm, ReviewForm
from elearn.authoring.models import Draft, DraftStatus
from elearn.catalog.views import visible_course_or_404
from elearn.content.exporter import export_course
from elearn.content.loader import MEDIA_MAX_BYTES
from elearn.content.markdown import render
from elearn.content.models import Lesson
from elearn.content.queries import is_stale, ordered_lessons
from elearn.extensions import db
from elearn.forms import ConfirmForm
from elearn.i18n import LOCALES, SOURCE_LOCALE
from elearn.models import utcnow
from elearn.refusals import Refused
from elearn.trainers.services import can_author
from elearn.web import client_ip, get_or_404

bp = Blueprint("authoring", __name__, url_prefix="/authoring", template_folder="templates")


def _editable_course(slug: str):
    course = visible_course_or_404(slug)
    if not any(services.may_edit(current_user, course, locale) for locale in LOCALES):
        abort(403)
    return course


def translation_state(lesson: Lesson, locale: str) -> str:
    text = lesson.texts.get(locale)
    if text is None:
        return "missing"
    return "stale" if is_stale(text, lesson.texts[SOURCE_LOCALE]) else "current"


@bp.get("/courses/<slug>")
@login_required
def course(slug: str):
    """Every lesson in every language: missing, up to date or stale, with the share per language."""
    course = _editable_course(slug)
    lessons = ordered_lessons(course)
    states = {
        (lesson.id, locale): translation_state(lesson, locale)
        for lesson in lessons
        for locale in LOCALES
    }
    current = {
        locale: sum(states[(lesson.id, locale)] == "current" for lesson in lessons)
        for locale in LOCALES
    }
    return render_template(
        "authoring/course.html",
        image_form=ImageForm() if can_author(current_user, course) else None,
        course=course,
        lessons=lessons,
        states=states,
        current=current,
        locales=LOCALES,
    )


@bp.route("/lessons/<int:lesson_id>/<locale>", methods=["GET", "POST"])
@login_required
def edit(lesson_id: int, locale: str):
    lesson = get_or_404(Lesson, lesson_id)
    visible_course_or_404(lesson.module.course.slug)
    if locale not in LOCALES:
        abort(404)
    try:
        draft = services.open_draft(current_user, lesson, locale)
    except Refused:
        abort(403)
    db.session.commit()
    form = DraftForm(obj=draft)
    if not form.validate_on_submit():
        form.version.data = draft.version
        return _edit_page(draft, form)
    action = request.form.get("action", "save")
    if request.headers.get("X-Requested-With") == "fetch":
        return _background(draft, form, action)
    if action == "preview":
        return _edit_page(draft, form, preview=render(form.markdown.data))
    try:
        _save(draft, form)
        if action == "submit":
            services.submit(current_user, draft)
    except Refused as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return _edit_page(draft, form), 409
    db.session.commit()
    flash(_("Submitted for review.") if action == "submit" else _("Saved."), "success")
    return redirect(url_for("authoring.edit", lesson_id=lesson.id, locale=locale))


def _edit_page(draft: Draft, form: DraftForm, preview: str | None = None) -> str:
    return render_template(
        "authoring/edit.html",
        draft=draft,
        form=form,
        lesson=draft.lesson,
        source=draft.lesson.texts[SOURCE_LOCALE],
        preview=preview,
    )


def _save(draft: Draft, form: DraftForm) -> None:
    services.save(
        current_user,
        draft,
        title=form.title.data,
        markdown=form.markdown.data,
        version=int(form.version.data or 0),
        now=utcnow(),
    )


def _background(draft: Draft, form: DraftForm, action: str):
    """The editor's script: live preview, or autosave with the version it read (409 if stale)."""
    if action == "preview":
        return jsonify(html=render(form.markdown.data))
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
        if services.may_review(current_user, d.lesson.module.course)
    ]
    return render_template("authoring/reviews.html", drafts=drafts)


@bp.route("/drafts/<int:draft_id>", methods=["GET", "POST"])
@login_required
def draft(draft_id: int):
    """The review: changes since the published text, comments, approve or send back, publish."""
    draft = get_or_404(Draft, draft_id)
    course = draft.lesson.module.course
    if not (
        services.may_review(current_user, course)
        or services.may_edit(current_user, course, draft.locale)
    ):
        abort(403)
    form = ReviewForm()
    if form.validate_on_submit():
        action = request.form.get("action")
        try:
            if action == "publish":
                services.publish(current_user, draft, ip=client_ip())
            else:
                services.review(
                    current_user,
                    draft,
                    approve=action == "approve",
                    comment=form.comment.data or "",
                    ip=client_ip(),
                )
        except Refused as error:
            db.session.rollback()
            flash(str(error.message), "error")
        else:
            db.session.commit()
            flash(
                _("Published as a new version.") if action == "publish" else _("Saved."), "success"
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
        preview=render(draft.markdown),
        confirm=ConfirmForm(),
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
    course = _editable_course(slug)
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
