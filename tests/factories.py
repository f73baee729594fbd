"""Test data with sensible defaults; every user is a real row made through the real services."""

import itertools

from sqlalchemy import select

from elearn.auth import services
from elearn.auth.models import CoordinatorScope, Role, User, UserRole, UserStatus
from elearn.extensions import db
from elearn.orgs.models import Agency, Country


def agency(country_code: str, index: int = 0) -> Agency:
    agencies = db.session.scalars(
        select(Agency).join(Agency.country).where(Country.code == country_code).order_by(Agency.id)
    ).all()
    return agencies[index]


class UserFactory:
    PASSWORD = "Correct-Horse-Battery-9"
    _sequence = itertools.count(1)

    def __call__(
        self,
        *roles: Role,
        country: str = "GE",
        agency_index: int = 0,
        status: UserStatus = UserStatus.ACTIVE,
        scope: CoordinatorScope = CoordinatorScope.AGENCY,
        locale: str = "en",
        email: str | None = None,
        display_name: str = "Officer",
    ) -> User:
        number = next(self._sequence)
        profile = services.Profile(
            email=email or f"officer{number}@police.example",
            display_name=f"{display_name} {number}",
            latin_name=f"Officer {number}",
            agency_id=agency(country, agency_index).id,
            locale=locale,
        )
        user = services.register(profile, self.PASSWORD)
        user.status = status
        user.role_rows = [UserRole(role=role) for role in roles or (Role.TRAINEE,)]
        user.coordinator_scope = scope
        db.session.commit()
        return user
