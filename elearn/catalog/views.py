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
from elearn.catalog import services
from elearn.catalog.forms import CatalogueFilterForm
from elearn.catalog.permissions import (
    visible_course_or_404,
    visible_courses,
)
from elearn.content.labels import ACCESS_LABELS, LEVEL_LABELS, TOPIC_LABELS
from elearn.content.models import MediaFile
from elearn.content.queries import coverage_by_course
from elearn.extensions import db
from elearn.web.forms import ConfirmForm

bp = Blueprint("catalog", __name__, template_folder="templates")
bp.add_app_template_filter(TOPIC_LABELS.get, "topic_label")
bp.add_app_template_filter(LEVEL_LABELS.get, "level_label")
bp.add_app_template_filter(ACCESS_LABELS.get, "access_label")


@bp.get("/courses")
def index():
    locale = str(get_locale())
    form = CatalogueFilterForm(request.args)
    if not form.validate():
        form = CatalogueFilterForm(formdata=None)
    entries = []
    courses = visible_courses(current_user)
    coverages = coverage_by_course([course.id for course in courses])
    for course in courses:
        coverage = coverages[course.id]
        if form.matches(course, coverage):
            entries.append((course, coverage))
    entries.sort(key=lambda entry: (coverage_rank(entry[1], locale), entry[0].slug))
    return render_template("catalog/index.html", entries=entries, form=form, locale=locale)


def coverage_rank(coverage: dict[str, int], locale: str) -> int:
    """Courses fully available in the reader's language first."""
    return 0 if coverage.get(locale) == 100 else 1


@bp.post("/courses/<slug>/enrol")
@login_required
def enrol(slug: str):
    course = visible_course_or_404(current_user, slug)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        services.enrol_self(current_user, course)
    except AuthError as error:
        flash(str(error.message), "error")
        return redirect(url_for("learn.course", slug=slug))
    flash(_("You are enrolled. Start with the first lesson."), "success")
    return redirect(url_for("learn.course", slug=slug))


@bp.get("/media/<slug>/<path:name>")
def media(slug: str, name: str):
    course = visible_course_or_404(current_user, slug)
    media_file = db.session.scalar(
        select(MediaFile).where(MediaFile.course_id == course.id, MediaFile.name == name)
    )
    if media_file is None:
        abort(404)
    response = Response(media_file.data, mimetype=media_file.content_type)
    response.headers["Cache-Control"] = "private, max-age=86400"
    return response
