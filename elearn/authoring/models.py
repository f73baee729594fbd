import enum
from datetime import datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from elearn.auth.models import User
from elearn.content.models import Course
from elearn.extensions import db
from elearn.models import enum_type, utcnow


class DraftStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    PUBLISHED = "published"


class ItemKind(enum.StrEnum):
    LESSON = "lesson"
    QUIZ = "quiz"
    COURSE = "course"  # the course's title and catalogue summary
    MODULE = "module"  # a module's title
    # A change to the course's structure or media (``structure``): the change in front_matter.
    STRUCTURE = "structure"


class Draft(db.Model):
    """An edit of one lesson, quiz, module title or course description in one language, or a new
    lesson or quiz, from writing to publication.
    Nothing a trainee reads changes until an approved draft is published as a new content
    version. The item is named by its stable id, so drafts survive re-imports and reordering."""

    __tablename__ = "drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"), index=True)
    kind: Mapped[ItemKind] = mapped_column(enum_type(ItemKind))
    slug: Mapped[str] = mapped_column(String(64))
    # For an item not yet published: the module it goes into (None: a final exam).
    module_slug: Mapped[str | None] = mapped_column(String(64))
    # The front matter besides id and title (in English a lesson's duration, a quiz's settings;
    # in a lesson translation its own legal basis), and the published one it started from, to
    # detect a publication in between.
    front_matter: Mapped[dict] = mapped_column(JSON, default=dict)
    # Publishing removes the lesson or quiz from the course (archived where history refers to it).
    removes: Mapped[bool] = mapped_column(default=False)
    base_front_matter: Mapped[dict] = mapped_column(JSON, default=dict)
    # A proposed image (a structure change), cleaned, until it is published into the media.
    media: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    locale: Mapped[str] = mapped_column(String(5))
    title: Mapped[str] = mapped_column(String(300))
    markdown: Mapped[str] = mapped_column(Text)
    # The published text it started from, for the diff and to detect a publication in between.
    base_markdown: Mapped[str] = mapped_column(Text)
    # Optimistic locking: every change increments it, and an UPDATE carrying an older version
    # changes no row (SQLAlchemy raises StaleDataError), even for two saves at the same moment.
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}
    status: Mapped[DraftStatus] = mapped_column(enum_type(DraftStatus), default=DraftStatus.DRAFT)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    # Everyone who saved the draft: none of them may approve or publish it.
    editor_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    course: Mapped[Course] = relationship(lazy="joined")
    author: Mapped[User] = relationship(foreign_keys=[author_id])
    comments: Mapped[list["ReviewComment"]] = relationship(
        order_by="ReviewComment.created_at", cascade="all, delete-orphan"
    )

    def was_written_by(self, user: User) -> bool:
        return user.id == self.author_id or user.id in self.editor_ids

    @property
    def is_open(self) -> bool:
        return self.status in (DraftStatus.DRAFT, DraftStatus.SUBMITTED, DraftStatus.APPROVED)


class ReviewComment(db.Model):
    __tablename__ = "review_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped[User] = relationship()


class TranslatorAssignment(db.Model):
    """What a translator works on, given by an admin: every course of a subject area, or one
    course. A translator sees and translates these courses only, whatever their audience."""

    __tablename__ = "translator_assignments"
    __table_args__ = (
        CheckConstraint("(subject_area IS NULL) <> (course_id IS NULL)", name="area_or_course"),
        UniqueConstraint("user_id", "subject_area", name="uq_translator_assignments_user_area"),
        UniqueConstraint("user_id", "course_id", name="uq_translator_assignments_user_course"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    subject_area: Mapped[str | None] = mapped_column(String(64))
    course_id: Mapped[int | None] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship()
    course: Mapped[Course | None] = relationship()

    def covers(self, course: Course) -> bool:
        return self.course_id == course.id or self.subject_area == course.subject_area
