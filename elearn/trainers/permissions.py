"""What a trainer's certification allows: authoring in its subject area, and for a mentor,
grading their candidate's written assessment (answered to quiz's ``grading_asked``)."""

from datetime import date

from sqlalchemy import exists, select

from elearn.auth.models import User
from elearn.content.models import Course
from elearn.extensions import db
from elearn.trainers.models import Candidacy
from elearn.trainers.services import has_valid_qualification


def mentor_grades(actor: User, *, trainee: User) -> bool:
    """The mentor assigned to a trainer candidate grades their written assessment, wherever
    (``quiz.signals.grading_asked``)."""
    return db.session.scalar(
        select(exists().where(Candidacy.user_id == trainee.id, Candidacy.mentor_id == actor.id))
    )


def qualified_to_author(user: User, course: Course, *, today: date | None = None) -> bool:
    """Authoring rights: admins, and trainers certified (and not expired) in the course's area."""
    return user.is_admin or has_valid_qualification(user, course.subject_area, today=today)
