from flask import Blueprint, render_template
from flask_login import current_user, login_required
from sqlalchemy import select

from elearn.catalog.models import Enrolment
from elearn.cohorts.models import CohortCourse, CohortMember
from elearn.content.models import Course
from elearn.content.queries import ordered_lessons
from elearn.extensions import db
from elearn.learn.services import progress_for
from elearn.progress.completion import course_status
from elearn.quiz.models import Attempt, AttemptStatus

bp = Blueprint("progress", __name__, template_folder="templates")


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
    return render_template(
        "progress/my_learning.html",
        in_progress=[e for e in entries if not e["status"].completed],
        completed=[e for e in entries if e["status"].completed],
        attempts=attempts,
    )
