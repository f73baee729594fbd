import enum
import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from elearn.extensions import db
from elearn.models import enum_type, utcnow
from elearn.orgs.models import Agency


class Role(enum.StrEnum):
    TRAINEE = "trainee"
    TRAINER = "trainer"
    MENTOR = "mentor"
    COORDINATOR = "coordinator"
    ADMIN = "admin"
    TRANSLATOR = "translator"  # translates courses into their own language


class UserStatus(enum.StrEnum):
    PENDING = "pending"
    ACTIVE = "active"
    SUSPENDED = "suspended"
    REJECTED = "rejected"


class CoordinatorScope(enum.StrEnum):
    """How far a coordinator sees: their own agency, or every agency of their country."""

    AGENCY = "agency"
    COUNTRY = "country"


def new_session_token() -> str:
    return secrets.token_hex(16)


class UserRole(db.Model):
    __tablename__ = "user_roles"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[Role] = mapped_column(enum_type(Role), primary_key=True)


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    latin_name: Mapped[str] = mapped_column(String(120))
    locale: Mapped[str] = mapped_column(String(5), default="en")
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    status: Mapped[UserStatus] = mapped_column(enum_type(UserStatus), default=UserStatus.PENDING)
    coordinator_scope: Mapped[CoordinatorScope] = mapped_column(
        enum_type(CoordinatorScope), default=CoordinatorScope.AGENCY
    )
    password_hash: Mapped[str | None] = mapped_column(String(255))
    session_token: Mapped[str] = mapped_column(String(32), unique=True, default=new_session_token)
    failed_login_count: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    approved_at: Mapped[datetime | None]
    last_login_at: Mapped[datetime | None]

    agency: Mapped[Agency] = relationship(lazy="joined")
    role_rows: Mapped[list[UserRole]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by=UserRole.role
    )

    @property
    def roles(self) -> frozenset[Role]:
        return frozenset(row.role for row in self.role_rows)

    def has_role(self, role: Role) -> bool:
        return role in self.roles

    @property
    def is_admin(self) -> bool:
        return self.has_role(Role.ADMIN)

    @property
    def is_active(self) -> bool:  # Flask-Login: only active accounts may be logged in
        return self.status == UserStatus.ACTIVE

    @property
    def country(self):
        return self.agency.country

    @property
    def timezone(self) -> str:
        return self.agency.country.timezone

    def get_id(self) -> str:
        # Sessions hold a token, not the id: rotating it logs out every other session.
        return self.session_token

    def __repr__(self) -> str:
        return f"<User {self.email}>"
