"""Who may see and act on whom. Every view that lists or touches users goes through here."""

from sqlalchemy import Select, select

from elearn.auth.models import CoordinatorScope, Role, User
from elearn.orgs.models import Agency


def _agency_ids_in_scope(actor: User) -> Select | None:
    """The agencies a coordinator covers, as a subquery; ``None`` means every agency."""
    if actor.is_admin:
        return None
    if not actor.has_role(Role.COORDINATOR):
        return select(Agency.id).where(False)
    if actor.coordinator_scope == CoordinatorScope.COUNTRY:
        return select(Agency.id).where(Agency.country_id == actor.agency.country_id)
    return select(Agency.id).where(Agency.id == actor.agency_id)


def visible_users(actor: User) -> Select[tuple[User]]:
    """Users the actor may see: everyone for an admin, their scope for a coordinator, else self."""
    query = select(User)
    agencies = _agency_ids_in_scope(actor)
    if agencies is None:
        return query
    return query.where((User.agency_id.in_(agencies)) | (User.id == actor.id))


def manageable_agencies(actor: User) -> Select[tuple[Agency]]:
    """Agencies in which the actor may nominate or approve officers."""
    query = select(Agency)
    agencies = _agency_ids_in_scope(actor)
    if agencies is not None:
        query = query.where(Agency.id.in_(agencies))
    return query


def can_see_user(actor: User, user: User) -> bool:
    return actor.id == user.id or can_manage_user(actor, user)


def can_manage_user(actor: User, user: User) -> bool:
    """Approve, reject, suspend: admins anyone but themselves, coordinators officers in scope."""
    if actor.id == user.id:
        return False
    if actor.is_admin:
        return True
    return not user.is_admin and can_manage_agency(actor, user.agency)


def can_manage_agency(actor: User, agency: Agency) -> bool:
    if actor.is_admin:
        return True
    if not actor.has_role(Role.COORDINATOR):
        return False
    if actor.coordinator_scope == CoordinatorScope.COUNTRY:
        return agency.country_id == actor.agency.country_id
    return agency.id == actor.agency_id


def can_assign_roles(actor: User) -> bool:
    return actor.is_admin
