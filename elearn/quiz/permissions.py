"""Who may grade a trainee's written answers."""

from elearn.auth.models import Role, User
from elearn.auth.scope import can_manage_user
from elearn.quiz.signals import grading_asked
from elearn.signals import anyone_agrees


def can_grade(actor: User, trainee: User) -> bool:
    """Admins, coordinators in scope, trainers and mentors of the trainee's country (until
    cohorts say which trainees a trainer teaches), and whoever a feature above allows
    (``grading_asked``)."""
    if actor.id == trainee.id:
        return False
    if can_manage_user(actor, trainee):
        return True
    teaches = actor.has_role(Role.TRAINER) or actor.has_role(Role.MENTOR)
    if teaches and actor.agency.country_id == trainee.agency.country_id:
        return True
    return teaches and anyone_agrees(grading_asked, actor, trainee=trainee)
