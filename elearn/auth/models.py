import enum
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
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    approved_at: Mapped[datetime | None]
    last_login_at: Mapped[datetime | None]
    # Set when an admin erased the account on the officer's request (elearn.privacy.services).
    erased_at: Mapped[datetime | None]

    agency: Mapped[Agency] = relationship(lazy="joined")
    role_rows: Mapped[list[UserRole]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by=UserRole.role
    )

    # The device session this request runs under, set at sign-in and by the loader; not stored.
    session_token = None
    current_session = None

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

    def get_id(self) -> str | None:
        # Cookies hold the device session's token, not the id: revoking it signs that device out.
        return self.session_token

    def __repr__(self) -> str:
        return f"<User {self.email}>"


class UserSession(db.Model):
    """One signed-in device. Its random token (only a digest is stored) is what the session and
    remember cookies carry; a revoked or expired row signs that device out."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    device: Mapped[str] = mapped_column(String(80), default="")
    is_remembered: Mapped[bool] = mapped_column(default=False)
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(lazy="joined")


class SignInFailure(db.Model):
    """One failed sign-in, counted under a throttle key (an address, or an account at an
    address). Rows only accumulate within the lockout window, so counting needs no locking."""

    __tablename__ = "sign_in_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), index=True)
    failed_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
