import enum
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, attribute_keyed_dict, mapped_column, relationship

from elearn.content.models import Quiz
from elearn.extensions import db
from elearn.models import enum_type


class AttemptStatus(enum.StrEnum):
    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"


class Attempt(db.Model):
    """One sitting of a quiz. It keeps the exact questions, versions and order it showed."""

    __tablename__ = "attempts"
    __table_args__ = (UniqueConstraint("user_id", "quiz_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quizzes.id"), index=True)
    number: Mapped[int]
    locale: Mapped[str] = mapped_column(String(5))
    status: Mapped[AttemptStatus] = mapped_column(
        enum_type(AttemptStatus), default=AttemptStatus.IN_PROGRESS
    )
    # [{"question": id, "points", "type", "answer_key", "texts", "order": [answer ids]}, ...]
    questions: Mapped[list] = mapped_column(JSON)
    started_at: Mapped[datetime]
    deadline_at: Mapped[datetime | None]
    submitted_at: Mapped[datetime | None]
    score: Mapped[float | None]  # percent, once every answer is graded
    passed: Mapped[bool | None]

    quiz: Mapped[Quiz] = relationship()
    answers: Mapped[dict[int, "Answer"]] = relationship(
        back_populates="attempt",
        collection_class=attribute_keyed_dict("question_id"),
        cascade="all, delete-orphan",
        lazy="selectin",
    )

    @property
    def is_open(self) -> bool:
        return self.status == AttemptStatus.IN_PROGRESS


class Answer(db.Model):
    """A trainee's answer to one question of an attempt, saved as soon as it is given."""

    __tablename__ = "answers"

    attempt_id: Mapped[int] = mapped_column(
        ForeignKey("attempts.id", ondelete="CASCADE"), primary_key=True
    )
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id"), primary_key=True)
    response: Mapped[dict | list | str | None] = mapped_column(JSON)
    saved_at: Mapped[datetime]
    fraction: Mapped[float | None]  # 0..1; None until graded (essays)
    graded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    graded_at: Mapped[datetime | None]
    comment: Mapped[str | None] = mapped_column(Text)

    attempt: Mapped[Attempt] = relationship(back_populates="answers")
