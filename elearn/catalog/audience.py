"""Whether a user belongs to a course's audience: the countries, agencies and roles its
course.yml names (an empty list names everyone). Pure: no query, no request."""

from elearn.auth.models import User
from elearn.content.models import Course


def in_audience(user: User, course: Course) -> bool:
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
