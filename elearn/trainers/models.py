import enum
from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from elearn.auth.models import User
from elearn.extensions import db
from elearn.models import enum_type, utcnow
from elearn.orgs.models import Country


class Programme(db.Model):
    """A train-the-trainer programme, defined in YAML (``courses/_programmes/``)."""

    __tablename__ = "programmes"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    subject_area: Mapped[str] = mapped_column(String(64), index=True)
    definition: Mapped[dict] = mapped_column(JSON)
    source: Mapped[str] = mapped_column(Text)  # the YAML as written, for admins to edit

    @property
    def title(self) -> dict[str, str]:
        return self.definition["title"]


class CandidacyStatus(enum.StrEnum):
    APPLIED = "applied"
    ACTIVE = "active"  # approved by a coordinator: working through the requirements
    RECOMMENDED = "recommended"  # by the mentor, waiting for the coordinator's confirmation
    CERTIFIED = "certified"
    EXPIRED = "expired"
    REJECTED = "rejected"


class Candidacy(db.Model):
    """One officer's path to certification in one programme, and the qualification it leads to."""

    __tablename__ = "candidacies"
    __table_args__ = (UniqueConstraint("user_id", "programme_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id"), index=True)
    status: Mapped[CandidacyStatus] = mapped_column(
        enum_type(CandidacyStatus), default=CandidacyStatus.APPLIED
    )
    mentor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    applied_at: Mapped[datetime] = mapped_column(default=utcnow)
    nominated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recommended_at: Mapped[datetime | None]
    certified_at: Mapped[datetime | None]
    valid_until: Mapped[date | None]
    reminded_at: Mapped[datetime | None]
    certificate_id: Mapped[int | None] = mapped_column(ForeignKey("certificates.id"))

    user: Mapped[User] = relationship(foreign_keys=[user_id], lazy="joined")
    mentor: Mapped[User | None] = relationship(foreign_keys=[mentor_id])
    programme: Mapped[Programme] = relationship(lazy="joined")
    sessions: Mapped[list["TrainingSession"]] = relationship(
        order_by="TrainingSession.delivered_on", cascade="all, delete-orphan"
    )


class TrainingSession(db.Model):
    """A session the candidate (or certified trainer) delivered to colleagues."""

    __tablename__ = "training_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    candidacy_id: Mapped[int] = mapped_column(ForeignKey("candidacies.id"), index=True)
    delivered_on: Mapped[date]
    place: Mapped[str] = mapped_column(String(200))
    audience_size: Mapped[int]
    topic: Mapped[str] = mapped_column(String(200))  # the course or module taught
    logged_at: Mapped[datetime] = mapped_column(default=utcnow)

    observation: Mapped["Observation | None"] = relationship(
        back_populates="session", cascade="all, delete-orphan"
    )


class Observation(db.Model):
    """A mentor's assessment of a delivered session against the programme's rubric."""

    __tablename__ = "observations"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("training_sessions.id"), unique=True)
    mentor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    scores: Mapped[dict] = mapped_column(JSON)  # criterion id -> 1..4
    comments: Mapped[str] = mapped_column(Text)
    observed_at: Mapped[datetime] = mapped_column(default=utcnow)

    session: Mapped[TrainingSession] = relationship(back_populates="observation")
    mentor: Mapped[User] = relationship()


class TrainerTarget(db.Model):
    """How many certified trainers a country should have in a subject area (set by admins)."""

    __tablename__ = "trainer_targets"
    __table_args__ = (UniqueConstraint("country_id", "subject_area"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    country_id: Mapped[int] = mapped_column(ForeignKey("countries.id"))
    subject_area: Mapped[str] = mapped_column(String(64))
    target: Mapped[int]

    country: Mapped[Country] = relationship(lazy="joined")
