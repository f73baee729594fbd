from sqlalchemy import Select, or_, select

from elearn.auth.models import Role, User, UserRole, UserStatus
from elearn.orgs.models import Agency, Country


def filter_users(
    query: Select[tuple[User]],
    *,
    text: str = "",
    status: str = "",
    role: str = "",
    country: str = "",
) -> Select[tuple[User]]:
    """Narrow an already scoped user query by the admin search fields."""
    if text:
        pattern = f"%{text.strip().lower()}%"
        query = query.where(
            or_(
                User.email.like(pattern),
                User.display_name.ilike(pattern),
                User.latin_name.ilike(pattern),
            )
        )
    if status:
        query = query.where(User.status == UserStatus(status))
    if role:
        query = query.where(
            User.id.in_(select(UserRole.user_id).where(UserRole.role == Role(role)))
        )
    if country:
        query = query.where(
            User.agency_id.in_(
                select(Agency.id).join(Agency.country).where(Country.code == country)
            )
        )
    return query.order_by(User.status, User.latin_name, User.id)
