"""A trainee's own learning, as "My learning" shows it: courses in progress with the next lesson
and the nearest cohort deadline, completed courses, the latest graded attempts."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from elearn.auth.models import User
from elearn.catalog.cohorts import CohortCourse, CohortMember
from elearn.catalog.models import Enrolment
from elearn.content.models import Course, Lesson
from elearn.content.queries import ordered_lessons
from elearn.extensions import db
from elearn.learn.services import progress_for
from elearn.progress.completion import CourseStatus, course_status
from elearn.quiz.models import Attempt, AttemptStatus

LATEST_ATTEMPTS = 10


@dataclass(frozen=True)
class CourseEntry:
    course: Course
    status: CourseStatus
    next_lesson: Lesson | None
    deadline: date | None


@dataclass(frozen=True)
class MyLearning:
    in_progress: list[CourseEntry]
    completed: list[CourseEntry]
    attempts: list[Attempt]

    @property
    def next_lesson_ids(self) -> list[int]:
        return [
            entry.next_lesson.id for entry in self.in_progress + self.completed if entry.next_lesson
        ]


def my_learning(user: User) -> MyLearning:
    courses = db.session.scalars(
        select(Course).join(Enrolment).where(Enrolment.user_id == user.id)
    ).all()
    deadlines = _deadlines(user)
    entries = [_entry(user, course, deadlines.get(course.id)) for course in courses]
    attempts = db.session.scalars(
        select(Attempt)
        .where(Attempt.user_id == user.id, Attempt.status == AttemptStatus.SUBMITTED)
        .order_by(Attempt.submitted_at.desc())
        .limit(LATEST_ATTEMPTS)
    ).all()
    return MyLearning(
        in_progress=[entry for entry in entries if not entry.status.completed],
        completed=[entry for entry in entries if entry.status.completed],
        attempts=list(attempts),
    )


def _entry(user: User, course: Course, deadline: date | None) -> CourseEntry:
    lessons = ordered_lessons(course)
    done = {lid for lid, row in progress_for(user, lessons).items() if row.is_completed}
    next_lesson = next((lesson for lesson in lessons if lesson.id not in done), None)
    return CourseEntry(course, course_status(user, course), next_lesson, deadline)


def _deadlines(user: User) -> dict[int, date]:
    """The earliest cohort deadline of each of the user's courses."""
    rows = db.session.execute(
        select(CohortCourse.course_id, CohortCourse.deadline)
        .join(CohortMember, CohortMember.cohort_id == CohortCourse.cohort_id)
        .where(CohortMember.user_id == user.id, CohortCourse.deadline.is_not(None))
    )
    deadlines: dict[int, date] = {}
    for course_id, deadline in rows:
        deadlines[course_id] = min(deadline, deadlines.get(course_id, deadline))
    return deadlines
