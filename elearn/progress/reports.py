"""Progress of many trainees at once, in a constant number of queries (no per-trainee query)."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import Integer, func, select

from elearn.auth.models import User
from elearn.content.models import Course
from elearn.content.queries import OutlineModule, outline
from elearn.extensions import db
from elearn.learn.models import LessonProgress
from elearn.progress.models import CourseCompletion
from elearn.quiz.models import Attempt

INACTIVE_DAYS = 14
FAILED_ATTEMPTS = 2


@dataclass
class ModuleCell:
    lessons_done: int
    lessons_total: int
    quiz_score: float | None  # best module quiz score, percent

    @property
    def status(self) -> str:
        if self.lessons_total and self.lessons_done >= self.lessons_total:
            return "done"
        return "started" if self.lessons_done or self.quiz_score is not None else "new"


@dataclass
class TraineeRow:
    user: User
    cells: list[ModuleCell]
    completed_at: datetime | None
    last_active: datetime | None
    failed_quizzes: int
    risks: list[str] = field(default_factory=list)

    @property
    def percent(self) -> int:
        if self.completed_at:
            return 100
        done = sum(c.lessons_done for c in self.cells)
        total = sum(c.lessons_total for c in self.cells)
        return round(100 * done / total) if total else 0


@dataclass
class Matrix:
    course: Course
    modules: list[OutlineModule]
    rows: list[TraineeRow]


def course_matrix(course: Course, users: list[User], *, now: datetime, deadline=None) -> Matrix:
    """Trainees x modules of one course: lessons done, best quiz score, completion, risks."""
    parts = outline(course)
    user_ids = [user.id for user in users]
    lesson_ids = [lesson.id for part in parts for lesson in part.lessons]
    quiz_ids = [quiz.id for part in parts for quiz in part.quizzes]
    done = _lessons_done(user_ids, lesson_ids)
    seen = _last_seen(user_ids, lesson_ids)
    best, failed = _quiz_results(user_ids, quiz_ids)
    completions = _completions(user_ids, course)
    rows = []
    for user in users:
        cells = [
            ModuleCell(
                lessons_done=sum(1 for lesson in part.lessons if (user.id, lesson.id) in done),
                lessons_total=len(part.lessons),
                quiz_score=max(
                    (best[(user.id, q.id)] for q in part.quizzes if (user.id, q.id) in best),
                    default=None,
                ),
            )
            for part in parts
        ]
        row = TraineeRow(
            user=user,
            cells=cells,
            completed_at=completions.get(user.id),
            last_active=seen.get(user.id),
            failed_quizzes=failed.get(user.id, 0),
        )
        row.risks = risks(row, now=now, deadline=deadline)
        rows.append(row)
    return Matrix(course, parts, rows)


def risks(row: TraineeRow, *, now: datetime, deadline) -> list[str]:
    """Why a trainee may need help: ``deadline`` passed, ``failing`` quizzes, ``inactive``."""
    if row.completed_at:
        return []
    found = []
    if deadline is not None and now.date() > deadline:
        found.append("deadline")
    if row.failed_quizzes:
        found.append("failing")
    if row.last_active is None or now - row.last_active > timedelta(days=INACTIVE_DAYS):
        found.append("inactive")
    return found


def _lessons_done(user_ids: list[int], lesson_ids: list[int]) -> set[tuple[int, int]]:
    rows = db.session.execute(
        select(LessonProgress.user_id, LessonProgress.lesson_id).where(
            LessonProgress.user_id.in_(user_ids),
            LessonProgress.lesson_id.in_(lesson_ids),
            LessonProgress.completed_at.is_not(None),
        )
    )
    return {(user_id, lesson_id) for user_id, lesson_id in rows}


def _last_seen(user_ids: list[int], lesson_ids: list[int]) -> dict[int, datetime]:
    rows = db.session.execute(
        select(LessonProgress.user_id, func.max(LessonProgress.last_seen_at))
        .where(LessonProgress.user_id.in_(user_ids), LessonProgress.lesson_id.in_(lesson_ids))
        .group_by(LessonProgress.user_id)
    )
    return {user_id: _aware(seen) for user_id, seen in rows}


def _aware(value: datetime) -> datetime:
    # Aggregates bypass the column type, so SQLite returns naive UTC values (or strings).
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _quiz_results(user_ids: list[int], quiz_ids: list[int]):
    """Best score per (trainee, quiz); per trainee, the quizzes failed repeatedly, never passed."""
    rows = db.session.execute(
        select(
            Attempt.user_id,
            Attempt.quiz_id,
            func.max(Attempt.score),
            func.max(Attempt.passed.cast(Integer)),
            func.count(),
        )
        .where(
            Attempt.user_id.in_(user_ids),
            Attempt.quiz_id.in_(quiz_ids),
            Attempt.score.is_not(None),
        )
        .group_by(Attempt.user_id, Attempt.quiz_id)
    )
    best, failed = {}, defaultdict(int)
    for user_id, quiz_id, score, passed, count in rows:
        best[(user_id, quiz_id)] = score
        if not passed and count >= FAILED_ATTEMPTS:
            failed[user_id] += 1
    return best, failed


def _completions(user_ids: list[int], course: Course) -> dict[int, datetime]:
    rows = db.session.execute(
        select(CourseCompletion.user_id, CourseCompletion.completed_at).where(
            CourseCompletion.user_id.in_(user_ids), CourseCompletion.course_id == course.id
        )
    )
    return dict(rows.all())
