"""Who may see a course and who may enrol in it themselves. Courses are few: decided in Python.

A signed-in user sees a course when they may work on it (authoring answers
``course_work_asked``: its authors and the translators assigned to it, whether or not it is
published) or when it is published and they are in its audience. Only the audience enrols."""

from flask import abort
from sqlalchemy import select

from elearn.auth.models import User
from elearn.catalog.audience import in_audience
from elearn.catalog.signals import course_work_asked
from elearn.content.models import Course
from elearn.extensions import db


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
    """The course, or 404 when it does not exist or the user may not see it (no title leaks)."""
    course = db.session.scalar(select(Course).where(Course.slug == slug))
    if course is None or not can_see_course(user, course):
        abort(404)
    return course
