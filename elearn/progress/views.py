from flask import Blueprint, render_template, request
from flask_babel import get_locale
from flask_login import current_user, login_required
from sqlalchemy import select

from elearn.auth.models import Role, User
from elearn.catalog.cohorts import CohortCourse, CohortMember
from elearn.catalog.models import Enrolment
from elearn.catalog.permissions import can_see_course
from elearn.content.models import Course
from elearn.content.queries import lesson_titles, ordered_lessons, quiz_titles
from elearn.extensions import db
from elearn.learn.services import progress_for
from elearn.models import utcnow
from elearn.progress import charts
from elearn.progress.completion import course_status
from elearn.progress.dashboard import (
    completions_by_month,
    exam_score_bins,
    report_population,
    trainees,
)
from elearn.progress.forms import ReportFilterForm, report_form
from elearn.progress.reports import course_matrix
from elearn.progress.tables import (
    matrix_table,
)
from elearn.quiz.models import Attempt, AttemptStatus
from elearn.web import csv_download, require_role

bp = Blueprint("progress", __name__, template_folder="templates")
bp.add_app_template_global(charts.line_chart)
bp.add_app_template_global(charts.histogram)
bp.add_app_template_global(charts.bar_list)


def _deadlines(user) -> dict[int, object]:
    """The earliest cohort deadline of each of the user's courses."""
    rows = db.session.execute(
        select(CohortCourse.course_id, CohortCourse.deadline)
        .join(CohortMember, CohortMember.cohort_id == CohortCourse.cohort_id)
        .where(CohortMember.user_id == user.id, CohortCourse.deadline.is_not(None))
    )
    deadlines = {}
    for course_id, deadline in rows:
        deadlines[course_id] = min(deadline, deadlines.get(course_id, deadline))
    return deadlines


@bp.get("/my")
@login_required
def my_learning():
    courses = db.session.scalars(
        select(Course).join(Enrolment).where(Enrolment.user_id == current_user.id)
    ).all()
    deadlines = _deadlines(current_user)
    entries = []
    for course in courses:
        lessons = ordered_lessons(course)
        done = {lid for lid, row in progress_for(current_user, lessons).items() if row.is_completed}
        entries.append(
            {
                "course": course,
                "status": course_status(current_user, course),
                "next_lesson": next((lesson for lesson in lessons if lesson.id not in done), None),
                "deadline": deadlines.get(course.id),
            }
        )
    attempts = db.session.scalars(
        select(Attempt)
        .where(Attempt.user_id == current_user.id, Attempt.status == AttemptStatus.SUBMITTED)
        .order_by(Attempt.submitted_at.desc())
        .limit(10)
    ).all()
    locale = str(get_locale())
    return render_template(
        "progress/my_learning.html",
        in_progress=[e for e in entries if not e["status"].completed],
        completed=[e for e in entries if e["status"].completed],
        attempts=attempts,
        lesson_titles=lesson_titles(
            [e["next_lesson"].id for e in entries if e["next_lesson"] is not None], locale
        ),
        quiz_titles=quiz_titles({attempt.quiz_id for attempt in attempts}, locale),
    )


def _course_report(form: ReportFilterForm):
    """The chosen course's matrix, completion curve and exam scores for the filtered trainees."""
    course = db.session.scalar(select(Course).where(Course.slug == form.course.data))
    if course is None or not can_see_course(current_user, course):
        return None
    enrolled = select(Enrolment.user_id).where(Enrolment.course_id == course.id)
    population = report_population(current_user)
    query = trainees(population, form.filters()).where(User.id.in_(enrolled))
    users = db.session.scalars(query).all()
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
