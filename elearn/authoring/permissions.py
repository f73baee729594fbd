"""Who may work on a course, in one place: every authoring view and service asks here.

- **Authors** (``can_author_course``): admins; otherwise trainers certified in the course's subject
  area (``qualified_to_author``) who are also in the course's audience, or who created it. An author
  outside a restricted course's audience has no right to it: they do not see it, its drafts, its
  answer keys or its export (404), and cannot review or change anything in it.
- **Translators** (``assigned``): an admin assigns them a subject area or single courses. They
  see and translate exactly those courses, whatever their audience, in their own languages (the
  one they use the platform in and their country's).
- **Answer keys** (``can_see_keys``): authors, and assigned translators who could not sit the
  course's quizzes themselves. A translator in the course's audience (who could enrol and sit its
  exam) may not open its quizzes, quiz drafts or the zip export, which carry the keys.
"""

from sqlalchemy import select

from elearn.auth.models import Role, User
from elearn.authoring.models import Draft, ItemKind, TranslatorAssignment
from elearn.catalog.audience import in_audience
from elearn.content.models import Course
from elearn.extensions import db
from elearn.i18n import COUNTRY_LANGUAGES, LOCALES, TRANSLATED_LOCALES
from elearn.trainers.permissions import qualified_to_author


def can_author_course(user: User, course: Course) -> bool:
    if user.is_admin:
        return True
    if not qualified_to_author(user, course):
        return False
    return in_audience(user, course) or course.created_by_id == user.id


def assigned(user: User, course: Course) -> bool:
    if not user.has_role(Role.TRANSLATOR):
        return False
    assignments = db.session.scalars(
        select(TranslatorAssignment).where(TranslatorAssignment.user_id == user.id)
    )
    return any(assignment.covers(course) for assignment in assignments)


def editable_locales(user: User, course: Course) -> list[str]:
    """Authors edit every language; assigned translators their own languages."""
    if can_author_course(user, course):
        return list(LOCALES)
    if not assigned(user, course):
        return []
    own = {user.locale, COUNTRY_LANGUAGES.get(user.country.code)}
    return [locale for locale in TRANSLATED_LOCALES if locale in own]


def can_see_keys(user: User, course: Course) -> bool:
    if can_author_course(user, course):
        return True
    return assigned(user, course) and not in_audience(user, course)


def can_edit(user: User, course: Course, locale: str, kind: ItemKind) -> bool:
    if kind == ItemKind.QUIZ and not can_see_keys(user, course):
        return False
    return locale in editable_locales(user, course)


def can_edit_draft(user: User, draft: Draft) -> bool:
    return can_edit(user, draft.course, draft.locale, draft.kind)


def can_review(user: User, course: Course) -> bool:
    return can_author_course(user, course)
