from datetime import date, datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from elearn.auth.models import User
from elearn.content.models import Course
from elearn.extensions import db
from elearn.models import utcnow
from elearn.orgs.models import Agency


class Cohort(db.Model):
    """A group of officers taking courses together, run by a coordinator, taught by a trainer."""

    __tablename__ = "cohorts"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    coordinator_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    trainer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    starts_on: Mapped[date]
    ends_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    agency: Mapped[Agency] = relationship(lazy="joined")
    coordinator: Mapped[User] = relationship(foreign_keys=[coordinator_id])
    trainer: Mapped[User | None] = relationship(foreign_keys=[trainer_id])
    courses: Mapped[list["CohortCourse"]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )
    members: Mapped[list["CohortMember"]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def member_ids(self) -> set[int]:
        return {member.user_id for member in self.members}


class CohortCourse(db.Model):
    __tablename__ = "cohort_courses"

    cohort_id: Mapped[int] = mapped_column(
        ForeignKey("cohorts.id", ondelete="CASCADE"), primary_key=True
    )
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"), primary_key=True)
    deadline: Mapped[date | None]

    course: Mapped[Course] = relationship(lazy="joined")


class CohortMember(db.Model):
    __tablename__ = "cohort_members"

    cohort_id: Mapped[int] = mapped_column(
        ForeignKey("cohorts.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True, index=True)
    added_at: Mapped[datetime] = mapped_column(default=utcnow)
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    user: Mapped[User] = relationship(foreign_keys=[user_id], lazy="joined")
