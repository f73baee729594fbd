"""Admins assign translators a subject area or single courses (``translators``)."""

from flask import Blueprint, abort, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from wtforms import SelectChoice

from elearn.auth.models import Role, User
from elearn.authoring import translators
from elearn.authoring.forms import AssignmentForm
from elearn.authoring.models import TranslatorAssignment
from elearn.content.models import Course
from elearn.extensions import db
from elearn.i18n import localized
from elearn.web import apply_change, client_ip, require_role
from elearn.web.forms import ConfirmForm

bp = Blueprint("translators", __name__, template_folder="templates")


def _form() -> AssignmentForm:
    form = AssignmentForm()
    locale = str(get_locale())
    courses = db.session.scalars(select(Course).order_by(Course.slug)).all()
    areas = sorted({course.subject_area for course in courses})
    form.translator.choices = [
        SelectChoice(str(user.id), f"{user.display_name} ({user.email})")
        for user in translators.translators()
    ]
    form.work.choices = [
        *(SelectChoice(f"area:{area}", _("Subject area: %(area)s", area=area)) for area in areas),
        *(
            SelectChoice(
                f"course:{course.id}",
                _("Course: %(title)s", title=localized(course.title, locale)),
            )
            for course in courses
        ),
    ]
    return form


@bp.route("/translators", methods=["GET", "POST"])
@login_required
def index():
    require_role(Role.ADMIN)
    form = _form()
    if form.validate_on_submit():
        translator = db.get_or_404(User, int(form.translator.data))
        kind, _sep, value = form.work.data.partition(":")
        course = db.get_or_404(Course, int(value)) if kind == "course" else None
        apply_change(
            lambda: translators.assign(
                current_user,
                translator,
                subject_area=value if kind == "area" else None,
                course=course,
                ip=client_ip(),
            ),
            _("The translator's assignment is saved."),
        )
        return redirect(url_for(".index"))
    return render_template(
        "authoring/translators.html",
        form=form,
        assignments=translators.assignments(),
        confirm=ConfirmForm(),
    )


@bp.post("/translators/assignments/<int:assignment_id>/remove")
@login_required
def remove(assignment_id: int):
    require_role(Role.ADMIN)
    assignment = db.get_or_404(TranslatorAssignment, assignment_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    apply_change(
        lambda: translators.unassign(current_user, assignment, ip=client_ip()),
        _("The assignment is removed."),
    )
    return redirect(url_for(".index"))
