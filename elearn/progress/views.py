from flask import Blueprint, render_template, request
from flask_babel import get_locale
from flask_login import current_user, login_required
from sqlalchemy import select

from elearn.auth.models import Role
from elearn.catalog.permissions import can_see_course
from elearn.content.models import Course
from elearn.content.queries import lesson_titles, quiz_titles
from elearn.extensions import db
from elearn.models import utcnow
from elearn.progress import charts, learner
from elearn.progress.dashboard import completions_by_month, enrolled_trainees, exam_score_bins
from elearn.progress.forms import ReportFilterForm, report_form
from elearn.progress.reports import course_matrix
from elearn.progress.tables import (
    matrix_table,
)
from elearn.web import csv_download, require_role

bp = Blueprint("progress", __name__, template_folder="templates")
bp.add_app_template_global(charts.line_chart)
bp.add_app_template_global(charts.histogram)
bp.add_app_template_global(charts.bar_list)


@bp.get("/my")
@login_required
def my_learning():
    learning = learner.my_learning(current_user)
    locale = str(get_locale())
    return render_template(
        "progress/my_learning.html",
        in_progress=learning.in_progress,
        completed=learning.completed,
        attempts=learning.attempts,
        lesson_titles=lesson_titles(learning.next_lesson_ids, locale),
        quiz_titles=quiz_titles({attempt.quiz_id for attempt in learning.attempts}, locale),
    )


def _course_report(form: ReportFilterForm):
    """The chosen course's matrix, completion curve and exam scores for the filtered trainees."""
    course = db.session.scalar(select(Course).where(Course.slug == form.course.data))
    if course is None or not can_see_course(current_user, course):
        return None
    users = enrolled_trainees(current_user, course, form.filters())
    user_ids = [user.id for user in users]
    matrix = course_matrix(course, users, now=utcnow())
    return {
        "course": course,
        "table": matrix_table(matrix, str(get_locale())),
        "at_risk": sum(1 for row in matrix.rows if row.risks),
        "completions": completions_by_month(user_ids, course, form.filters()),
        "scores": exam_score_bins(user_ids, course),
    }


@bp.get("/reports")
@login_required
def reports():
    require_role(Role.COORDINATOR, Role.ADMIN, Role.TRAINER, Role.MENTOR)
    form = report_form(current_user, request.args, str(get_locale()))
    report = _course_report(form) if form.validate() and form.course.data else None
    if report and request.args.get("format") == "csv":
        return csv_download(report["table"], f"{report['course'].slug}-progress.csv")
    return render_template("progress/reports.html", form=form, report=report)
