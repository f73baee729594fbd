from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from elearn.extensions import db


class CourseCompletion(db.Model):
    """A course completed under its rule, at the content version of that moment: later content
    changes (a new required lesson) never un-complete a graduate."""

    __tablename__ = "course_completions"
    __table_args__ = (UniqueConstraint("user_id", "course_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"), index=True)
    completed_at: Mapped[datetime]
    course_version: Mapped[int]
    final_score: Mapped[float | None]  # best final exam score, percent


class LrsForwarding(db.Model):
    """How far statements have been forwarded to the external LRS (a single row).

    The cursor only moves after the LRS accepted a batch, so a down LRS loses nothing; statement
    ids are stable, so a batch sent twice is stored once."""

    __tablename__ = "lrs_forwarding"

    id: Mapped[int] = mapped_column(primary_key=True)
    sent_until: Mapped[datetime | None]
    failures: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(String(500))
