"""Who may see a course and who may enrol in it themselves. Courses are few: decided in Python."""

from sqlalchemy import select

from elearn.auth.models import User
from elearn.authoring.services import editable_locales
from elearn.content.models import Course
from elearn.extensions import db


def can_see_course(user: User | None, course: Course) -> bool:
    if user is None or not user.is_authenticated:
        return course.access == "public" and course.published
    if not course.published:
        return bool(editable_locales(user, course))
    if user.is_admin:
        return True
    countries = course.audience.get("countries") or []
    agencies = course.audience.get("agencies") or []
    roles = course.audience.get("roles") or []
    if countries and user.country.code not in countries:
        return False
    if agencies and user.agency.name_en not in agencies:
        return False
    return not roles or bool(user.roles & set(roles))


def can_self_enrol(user: User, course: Course) -> bool:
    return can_see_course(user, course) and course.access != "restricted"


def visible_courses(user: User | None) -> list[Course]:
    courses = db.session.scalars(select(Course).order_by(Course.slug))
    return [course for course in courses if can_see_course(user, course)]
