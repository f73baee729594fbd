from datetime import datetime

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from elearn.extensions import db
from elearn.models import utcnow


class LessonProgress(db.Model):
    """A trainee's record of one lesson: when it was opened, last seen and completed."""

    __tablename__ = "lesson_progress"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lessons.id"), primary_key=True, index=True)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    completed_at: Mapped[datetime | None]
    views: Mapped[int] = mapped_column(default=1)

    @property
    def is_completed(self) -> bool:
        return self.completed_at is not None
