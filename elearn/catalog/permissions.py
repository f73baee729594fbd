"""Who may see a course and who may enrol in it themselves; who may see and run a cohort.
Courses are few: decided in Python.

A signed-in user sees a course when they may work on it (authoring answers
``course_work_asked``: its authors and the translators assigned to it, whether or not it is
published) or when it is published and they are in its audience. Only the audience enrols."""

from flask import abort
from sqlalchemy import Select, select

from elearn.auth import scope
from elearn.auth.models import Role, User
from elearn.catalog.audience import in_audience
from elearn.catalog.cohorts import Cohort
from elearn.catalog.signals import course_work_asked
from elearn.content.models import Course
from elearn.extensions import db, login_manager
from elearn.orgs.models import Agency


def editable_locales(user: User, course: Course) -> set[str]:
    """The languages ``user`` may edit in ``course`` (none: they may not work on it)."""
    answers = course_work_asked.send(user, course=course)
    return {locale for _receiver, locales in answers for locale in locales}


def can_see_course(user: User | None, course: Course) -> bool:
    if user is None or not user.is_authenticated:
        return course.access == "public" and course.published
    if course.published and in_audience(user, course):
        return True
    return bool(editable_locales(user, course))


def can_self_enrol(user: User, course: Course) -> bool:
    return course.published and in_audience(user, course) and course.access != "restricted"


def visible_courses(user: User | None) -> list[Course]:
    courses = db.session.scalars(select(Course).order_by(Course.slug))
    return [course for course in courses if can_see_course(user, course)]


def visible_course_or_404(user: User | None, slug: str) -> Course:
    """The course, or 404 when it does not exist or the user may not see it (no title leaks).
    Signed out, any course URL but a public course's sends to sign in and back, whether the
    course exists or not (so the redirect reveals nothing)."""
    course = db.session.scalar(select(Course).where(Course.slug == slug))
    if course is None or not can_see_course(user, course):
        if user is None or not user.is_authenticated:
            abort(login_manager.unauthorized())
        abort(404)
    return course


def can_manage_cohort(actor: User, cohort: Cohort) -> bool:
    return scope.can_manage_agency(actor, cohort.agency)


def can_view_cohort(actor: User, cohort: Cohort) -> bool:
    """Coordinators in scope and admins run it; its trainer sees it."""
    return can_manage_cohort(actor, cohort) or cohort.trainer_id == actor.id


def visible_cohorts(actor: User) -> Select[tuple[Cohort]]:
    query = select(Cohort).order_by(Cohort.starts_on.desc(), Cohort.name)
    if actor.is_admin:
        return query
    taught = Cohort.trainer_id == actor.id
    if actor.has_role(Role.COORDINATOR):
        agencies = scope.manageable_agencies(actor).with_only_columns(Agency.id)
        return query.where(Cohort.agency_id.in_(agencies) | taught)
    return query.where(taught)
