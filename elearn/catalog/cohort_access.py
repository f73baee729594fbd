"""Who may see and run a cohort; built on the scope rules (``auth.scope``)."""

from sqlalchemy import Select, select

from elearn.auth import scope
from elearn.auth.models import Role, User
from elearn.catalog.cohorts import Cohort
from elearn.orgs.models import Agency


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
