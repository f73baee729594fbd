"""Admins give translators their work (``permissions``): every course of a subject area, or
single courses. Audited; a translator without an assignment sees no course to translate."""

from sqlalchemy import select

from elearn.audit.services import record
from elearn.auth.models import Role, User, UserRole, UserStatus
from elearn.authoring.errors import AuthoringError
from elearn.authoring.models import TranslatorAssignment
from elearn.content.models import Course
from elearn.extensions import db


def translators() -> list[User]:
    query = (
        select(User)
        .join(UserRole)
        .where(UserRole.role == Role.TRANSLATOR, User.status == UserStatus.ACTIVE)
        .order_by(User.display_name)
    )
    return list(db.session.scalars(query))


def assignments() -> list[TranslatorAssignment]:
    query = select(TranslatorAssignment).join(TranslatorAssignment.user)
    return list(db.session.scalars(query.order_by(User.display_name, TranslatorAssignment.id)))


def _what(subject_area: str | None, course: Course | None) -> str:
    return f"course:{course.slug}" if course else f"area:{subject_area}"


def assign(
    actor: User,
    translator: User,
    *,
    subject_area: str | None = None,
    course: Course | None = None,
    ip: str | None,
) -> TranslatorAssignment:
    """Assign a subject area or one course (exactly one of them); assigning twice keeps one."""
    if not actor.is_admin or not translator.has_role(Role.TRANSLATOR):
        raise AuthoringError()
    if (subject_area is None) == (course is None):
        raise AuthoringError()
    existing = db.session.scalar(
        select(TranslatorAssignment).where(
            TranslatorAssignment.user_id == translator.id,
            TranslatorAssignment.subject_area == subject_area
            if course is None
            else TranslatorAssignment.course_id == course.id,
        )
    )
    if existing is not None:
        return existing
    assignment = TranslatorAssignment(user=translator, subject_area=subject_area, course=course)
    db.session.add(assignment)
    record(
        actor,
        "authoring.assign_translator",
        ip=ip,
        target_user=translator,
        target=_what(subject_area, course),
    )
    db.session.flush()
    return assignment


def unassign(actor: User, assignment: TranslatorAssignment, *, ip: str | None) -> None:
    if not actor.is_admin:
        raise AuthoringError()
    record(
        actor,
        "authoring.unassign_translator",
        ip=ip,
        target_user=assignment.user,
        target=_what(assignment.subject_area, assignment.course),
    )
    db.session.delete(assignment)
    db.session.flush()
