"""The one place that decides whether a trainee has completed a course."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Integer, func, select

from elearn.auth.models import User
from elearn.content.models import Course
from elearn.content.queries import course_quizzes, ordered_lessons
from elearn.extensions import db
from elearn.learn.models import LessonProgress
from elearn.progress.models import CourseCompletion
from elearn.quiz.models import Attempt


@dataclass(frozen=True)
class CourseStatus:
    lessons_done: int
    lessons_total: int
    quizzes_passed: int
    quizzes_total: int  # module quizzes the rule requires
    final_score: float | None
    final_required: float | None
    completed: CourseCompletion | None

    @property
    def percent(self) -> int:
        """Share of the rule's steps done: lessons, required quizzes, the final exam."""
        if self.completed:
            return 100
        steps = self.lessons_total + self.quizzes_total + (1 if self.final_required else 0)
        done = self.lessons_done + self.quizzes_passed
        done += 1 if self.final_required and self._final_met else 0
        return round(100 * done / steps) if steps else 0

    @property
    def _final_met(self) -> bool:
        return not self.final_required or (self.final_score or 0) >= self.final_required

    @property
    def rule_met(self) -> bool:
        return (
            self.lessons_done >= self.lessons_total
            and self.quizzes_passed >= self.quizzes_total
            and self._final_met
        )


def course_status(user: User, course: Course) -> CourseStatus:
    rule = course.completion or {}
    lessons = ordered_lessons(course) if rule.get("lessons", "all") == "all" else []
    done = db.session.scalar(
        select(func.count()).where(
            LessonProgress.user_id == user.id,
            LessonProgress.lesson_id.in_([lesson.id for lesson in lessons]),
            LessonProgress.completed_at.is_not(None),
        )
    )
    quizzes = course_quizzes(course)
    module_quizzes = [q for q in quizzes if q.module_id is not None]
    required = module_quizzes if rule.get("quizzes", "all") == "all" else []
    best = _best_scores(user, [q.id for q in quizzes])
    passed = sum(1 for q in required if q.id in best and best[q.id][1])
    finals = [best[q.id][0] for q in quizzes if q.module_id is None and q.id in best]
    has_final = any(q.module_id is None for q in quizzes)
    final_required = rule.get("final_exam_min_score") if has_final else None
    return CourseStatus(
        lessons_done=done,
        lessons_total=len(lessons),
        quizzes_passed=passed,
        quizzes_total=len(required),
        final_score=max(finals) if finals else None,
        final_required=final_required or None,
        completed=completion_of(user, course),
    )


def _best_scores(user: User, quiz_ids: list[int]) -> dict[int, tuple[float, bool]]:
    rows = db.session.execute(
        select(Attempt.quiz_id, func.max(Attempt.score), func.max(Attempt.passed.cast(Integer)))
        .where(
            Attempt.user_id == user.id, Attempt.quiz_id.in_(quiz_ids), Attempt.score.is_not(None)
        )
        .group_by(Attempt.quiz_id)
    )
    return {quiz_id: (score, bool(passed)) for quiz_id, score, passed in rows}


def completion_of(user: User, course: Course) -> CourseCompletion | None:
    return db.session.scalar(
        select(CourseCompletion).where(
            CourseCompletion.user_id == user.id, CourseCompletion.course_id == course.id
        )
    )


def update_completion(user: User, course: Course, *, now: datetime) -> CourseCompletion | None:
    """Record the completion once the rule is met; an existing completion is kept as it is."""
    status = course_status(user, course)
    if status.completed is not None or not status.rule_met:
        return status.completed
    completion = CourseCompletion(
        user_id=user.id,
        course_id=course.id,
        completed_at=now,
        course_version=course.version,
        final_score=status.final_score,
    )
    db.session.add(completion)
    db.session.flush()
    return completion
