from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from elearn.auth.errors import AuthError
from elearn.authoring.permissions import editable_locales
from elearn.catalog import services
from elearn.catalog.access import can_see_course, can_self_enrol, visible_courses
from elearn.catalog.forms import CatalogueFilterForm
from elearn.content.models import Course, MediaFile
from elearn.content.queries import final_exams, language_coverage, ordered_lessons, outline
from elearn.extensions import db
from elearn.forms import ConfirmForm
from elearn.learn.services import progress_for

bp = Blueprint("catalog", __name__, template_folder="templates")


def visible_course_or_404(slug: str) -> Course:
    """The course, or 404 when it does not exist or the user may not see it (no title leaks)."""
    course = db.session.scalar(select(Course).where(Course.slug == slug))
    if course is None or not can_see_course(current_user, course):
        abort(404)
    return course


@bp.get("/courses")
def index():
    locale = str(get_locale())
    form = CatalogueFilterForm(request.args)
    if not form.validate():
        form = CatalogueFilterForm(formdata=None)
    entries = []
    for course in visible_courses(current_user):
        coverage = language_coverage(ordered_lessons(course))
        if form.matches(course, coverage):
            entries.append((course, coverage))
    entries.sort(key=lambda entry: (coverage_rank(entry[1], locale), entry[0].slug))
    return render_template("catalog/index.html", entries=entries, form=form, locale=locale)


def coverage_rank(coverage: dict[str, int], locale: str) -> int:
    """Courses fully available in the reader's language first."""
    return 0 if coverage.get(locale) == 100 else 1


@bp.get("/courses/<slug>")
def course(slug: str):
    course = visible_course_or_404(slug)
    parts = outline(course)
    lessons = [lesson for part in parts for lesson in part.lessons]
    signed_in = current_user.is_authenticated
    progress = progress_for(current_user, lessons) if signed_in else {}
    enrolment = services.enrolment(current_user, course) if signed_in else None
    done = {lesson_id for lesson_id, row in progress.items() if row.is_completed}
    next_lesson = next((lesson for lesson in lessons if lesson.id not in done), None)
    return render_template(
        "catalog/course.html",
        course=course,
        parts=parts,
        progress=progress,
        enrolment=enrolment,
        coverage=language_coverage(lessons),
        completed=len(done),
        total=len(lessons),
        next_lesson=next_lesson,
        exams=final_exams(course),
        can_edit=signed_in and bool(editable_locales(current_user, course)),
        can_enrol=signed_in and can_self_enrol(current_user, course),
        form=ConfirmForm(),
    )


@bp.post("/courses/<slug>/enrol")
@login_required
def enrol(slug: str):
    course = visible_course_or_404(slug)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        services.enrol_self(current_user, course)
    except AuthError as error:
        flash(str(error.message), "error")
        return redirect(url_for("catalog.course", slug=slug))
    db.session.commit()
    flash(_("You are enrolled. Start with the first lesson."), "success")
    return redirect(url_for("catalog.course", slug=slug))


@bp.get("/media/<slug>/<path:name>")
def media(slug: str, name: str):
    course = visible_course_or_404(slug)
    media_file = db.session.scalar(
        select(MediaFile).where(MediaFile.course_id == course.id, MediaFile.name == name)
    )
    if media_file is None:
        abort(404)
    response = Response(media_file.data, mimetype=media_file.content_type)
    response.headers["Cache-Control"] = "private, max-age=86400"
    return response
