import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from elearn.auth.models import User
from elearn.content.models import Course
from elearn.extensions import db

if TYPE_CHECKING:  # trainers sit above certificates: a trainer certificate names its programme
    from elearn.trainers.models import Programme


class RevocationReason(enum.StrEnum):
    RENEWED = "renewed"  # a trainer certificate renewed by a new one
    REISSUED = "reissued"  # replaced after a correction
    ERROR = "error"  # issued by mistake
    FRAUD = "fraud"
    OTHER = "other"


class Certificate(db.Model):
    """A certificate as issued: what it states is frozen (names, titles, hours, score) and signed,
    so a later change of the course or the profile never alters an issued certificate."""

    __tablename__ = "certificates"
    __table_args__ = (
        # One valid certificate per holder and course, even under concurrent completion requests.
        Index(
            "uq_certificates_current",
            "user_id",
            "course_id",
            unique=True,
            sqlite_where=text("revoked_at IS NULL"),
            postgresql_where=text("revoked_at IS NULL"),
        ),
        Index(
            "uq_certificates_current_trainer",
            "user_id",
            "programme_id",
            unique=True,
            sqlite_where=text("revoked_at IS NULL AND programme_id IS NOT NULL"),
            postgresql_where=text("revoked_at IS NULL AND programme_id IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    serial: Mapped[str] = mapped_column(String(24), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    # A course certificate names its course; a trainer certificate its programme.
    course_id: Mapped[int | None] = mapped_column(ForeignKey("courses.id"), index=True)
    programme_id: Mapped[int | None] = mapped_column(ForeignKey("programmes.id"), index=True)
    course_version: Mapped[int]
    locale: Mapped[str] = mapped_column(String(5))
    holder_name: Mapped[str] = mapped_column(String(120))
    holder_latin_name: Mapped[str] = mapped_column(String(120))
    course_title: Mapped[dict] = mapped_column(JSON)
    hours: Mapped[float]
    score: Mapped[float | None]
    issued_at: Mapped[datetime]
    issued_on: Mapped[date]
    expires_on: Mapped[date | None]
    issuer: Mapped[str] = mapped_column(String(200))
    signatory: Mapped[str] = mapped_column(String(200))
    signature: Mapped[str] = mapped_column(String(200))
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # The certificate's bit in the revocation status lists (statuslist.py): list number
    # status_index // LIST_SIZE, bit status_index % LIST_SIZE; chosen at random, never reused.
    status_index: Mapped[int] = mapped_column(unique=True)
    revoked_at: Mapped[datetime | None]
    # Why it was revoked: a RevocationReason, shown translated, and the revoker's own words.
    revoked_reason_code: Mapped[str | None] = mapped_column(String(16))
    revoked_reason: Mapped[str | None] = mapped_column(Text)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    replaced_by_id: Mapped[int | None] = mapped_column(ForeignKey("certificates.id"))

    holder: Mapped[User] = relationship(foreign_keys=[user_id], lazy="joined")
    course: Mapped[Course | None] = relationship(lazy="joined")
    programme: Mapped["Programme | None"] = relationship(lazy="joined")

    @property
    def kind(self) -> str:
        return "trainer" if self.programme else "course"

    @property
    def subject_id(self) -> str:
        """The stable id of what it certifies: the course's or the programme's."""
        return self.programme.slug if self.programme else self.course.slug

    def status(self, today: date) -> str:
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_on is not None and today > self.expires_on:
            return "expired"
        return "valid"


class BulkIssue(db.Model):
    """A coordinator's request to certify every member of a cohort who completed a course, worked
    through by `flask certificates work` outside any request; `done` shows the progress."""

    __tablename__ = "bulk_issues"

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id"), index=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"))
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    requested_at: Mapped[datetime]
    total: Mapped[int]
    done: Mapped[int] = mapped_column(default=0)
    issued: Mapped[int] = mapped_column(default=0)
    finished_at: Mapped[datetime | None]

    @property
    def is_finished(self) -> bool:
        return self.finished_at is not None
