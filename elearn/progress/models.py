from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from elearn.extensions import db
from elearn.models import utcnow
from elearn.orgs.models import Agency, Country


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


class LearningRecord(db.Model):
    """One learning event as a frozen xAPI statement, appended in the transaction of its fact.

        The statement (its id included) never changes once written, but for the trainee's own words
    left out of it when their account is erased on request; ``forwarded_at`` is the only
        column that does, set when the external LRS acknowledged the statement. ``key`` names the
        fact (``lesson:<user>:<lesson>:launched``...), so a fact is recorded once."""

    __tablename__ = "learning_records"
    __table_args__ = (
        # The forwarder's queue: statements not yet acknowledged, in id order, read by index.
        Index(
            "ix_learning_records_unforwarded",
            "id",
            postgresql_where=text("forwarded_at IS NULL"),
            sqlite_where=text("forwarded_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    statement_id: Mapped[str] = mapped_column(String(36), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    attempt_id: Mapped[int | None] = mapped_column(ForeignKey("attempts.id"), index=True)
    verb: Mapped[str] = mapped_column(String(20))
    activity_id: Mapped[str] = mapped_column(String(500), index=True)  # the object's IRI
    stored_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    statement: Mapped[dict] = mapped_column(JSON)
    forwarded_at: Mapped[datetime | None]


class LrsForwarding(db.Model):
    """The forwarder's back-off after a failed send (a single row, id 1).

    Which statements were delivered is kept per statement (``LearningRecord.forwarded_at``), not
    as a time cursor: a statement whose transaction commits late is still found."""

    __tablename__ = "lrs_forwarding"

    id: Mapped[int] = mapped_column(primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(String(500))


class XapiClient(db.Model):
    """An outside system (an LRS, a donor's dashboard) that reads statements over HTTP Basic.

    Issued by an admin for one country or one agency; only the hash of its secret is kept; a
    revoked client is refused at once. Issuing and revoking are audited."""

    __tablename__ = "xapi_clients"
    __table_args__ = (
        CheckConstraint("(country_id IS NULL) != (agency_id IS NULL)", name="one_scope"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    key: Mapped[str] = mapped_column(String(40), unique=True)
    secret_hash: Mapped[str] = mapped_column(String(64))
    country_id: Mapped[int | None] = mapped_column(ForeignKey("countries.id"))
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    created_at: Mapped[datetime]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    revoked_at: Mapped[datetime | None]

    country: Mapped[Country | None] = relationship()
    agency: Mapped[Agency | None] = relationship()

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
