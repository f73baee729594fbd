"""What being a trainer's mentor allows elsewhere, answered to the features below (signals)."""

from sqlalchemy import exists, select

from elearn.auth.models import User
from elearn.extensions import db
from elearn.trainers.models import Candidacy


def mentor_grades(actor: User, *, trainee: User) -> bool:
    """The mentor assigned to a trainer candidate grades their written assessment, wherever
    (``quiz.signals.grading_asked``)."""
    return db.session.scalar(
        select(exists().where(Candidacy.user_id == trainee.id, Candidacy.mentor_id == actor.id))
    )
