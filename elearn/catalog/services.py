from sqlalchemy import select

from elearn.auth.errors import NotAllowed
from elearn.auth.models import User
from elearn.catalog.models import Enrolment
from elearn.catalog.permissions import can_self_enrol
from elearn.content.models import Course
from elearn.extensions import db


def enrolment(user: User, course: Course) -> Enrolment | None:
    return db.session.scalar(
        select(Enrolment).where(Enrolment.user_id == user.id, Enrolment.course_id == course.id)
    )


def enrol_self(user: User, course: Course) -> Enrolment:
    """Self-enrolment in an open course; enrolling twice returns the existing enrolment."""
    if not can_self_enrol(user, course):
        raise NotAllowed()
    existing = enrolment(user, course)
    if existing is not None:
        return existing
    created = Enrolment(user_id=user.id, course_id=course.id)
    db.session.add(created)
    db.session.flush()
    return created
