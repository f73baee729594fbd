"""The one place that decides whether a trainee has completed a course."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Integer, func, select

from elearn.auth.models import User
from elearn.catalog.locks import lock_enrolment
from elearn.catalog.models import Enrolment
from elearn.content.models import Course, Lesson
from elearn.content.queries import course_quizzes, ordered_lessons
from elearn.extensions import db
from elearn.learn.models import LessonProgress
from elearn.progress.models import CourseCompletion
from elearn.progress.signals import course_completed
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


@dataclass(frozen=True)
class _Requirements:
    """What a course's rule asks for, by id."""

    lesson_ids: list[int]
    quiz_ids: list[int]  # module quizzes to pass
    final_ids: list[int]  # final exams: the best score of any counts
    final_min: float | None


def _requirements(course: Course) -> _Requirements:
    rule = course.completion or {}
    lessons = ordered_lessons(course) if rule.get("lessons", "all") == "all" else []
    quizzes = course_quizzes(course)
    module_quizzes = [q.id for q in quizzes if q.module_id is not None]
    finals = [q.id for q in quizzes if q.module_id is None]
    return _Requirements(
        lesson_ids=[lesson.id for lesson in lessons],
        quiz_ids=module_quizzes if rule.get("quizzes", "all") == "all" else [],
        final_ids=finals,
        final_min=(rule.get("final_exam_min_score") or None) if finals else None,
    )


def course_status(user: User, course: Course) -> CourseStatus:
    needs = _requirements(course)
    done = db.session.scalar(
        select(func.count()).where(
            LessonProgress.user_id == user.id,
            LessonProgress.lesson_id.in_(needs.lesson_ids),
            LessonProgress.completed_at.is_not(None),
        )
    )
    best = _best_scores(user, needs.quiz_ids + needs.final_ids)
    finals = [best[q][0] for q in needs.final_ids if q in best]
    return CourseStatus(
        lessons_done=done,
        lessons_total=len(needs.lesson_ids),
        quizzes_passed=sum(1 for q in needs.quiz_ids if q in best and best[q][1]),
        quizzes_total=len(needs.quiz_ids),
        final_score=max(finals) if finals else None,
        final_required=needs.final_min,
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
    """Record the completion once the rule is met; an existing completion is kept as it is.

    Call it after writing the step (lesson completed, attempt graded): the enrolment lock makes a
    trainee's two last steps, committed at the same moment, take turns here, and the second one
    sees the first's step."""
    lock_enrolment(user.id, course.id)
    status = course_status(user, course)
    if status.completed is not None or not status.rule_met:
        return status.completed
    return _record(user, course, status, at=now)


def _record(user: User, course: Course, status: CourseStatus, *, at: datetime) -> CourseCompletion:
    completion = CourseCompletion(
        user_id=user.id,
        course_id=course.id,
        completed_at=at,
        course_version=course.version,
        final_score=status.final_score,
    )
    db.session.add(completion)
    db.session.flush()
    course_completed.send(None, user_id=user.id, course_id=course.id, completed_at=at)
    return completion


def recompute(*, course: Course | None = None, user: User | None = None) -> list[CourseCompletion]:
    """Record the completions whose rule is met but which were never recorded (steps that raced
    before the enrolment lock existed, an expired attempt submitted on its own), each dated when
    the rule was met. Running it again records nothing more."""
    unfinished = (
        select(Enrolment)
        .outerjoin(
            CourseCompletion,
            (CourseCompletion.user_id == Enrolment.user_id)
            & (CourseCompletion.course_id == Enrolment.course_id),
        )
        .where(CourseCompletion.id.is_(None))
        .order_by(Enrolment.id)
    )
    if course is not None:
        unfinished = unfinished.where(Enrolment.course_id == course.id)
    if user is not None:
        unfinished = unfinished.where(Enrolment.user_id == user.id)
    recorded = []
    for enrolment in db.session.scalars(unfinished).all():
        trainee = db.session.get(User, enrolment.user_id)
        enrolled_in = db.session.get(Course, enrolment.course_id)
        lock_enrolment(trainee.id, enrolled_in.id)
        status = course_status(trainee, enrolled_in)
        if status.completed is None and status.rule_met:
            met_at = _rule_met_at(trainee, enrolled_in, default=enrolment.enrolled_at)
            recorded.append(_record(trainee, enrolled_in, status, at=met_at))
    return recorded


def _rule_met_at(user: User, course: Course, *, default: datetime) -> datetime:
    """When the last step the rule counts was taken: its last required lesson completed, each
    required quiz first passed, the final exam first passed with the required score (an essay
    graded later counts from its submission)."""
    needs = _requirements(course)
    times = [
        db.session.scalar(
            select(func.max(LessonProgress.completed_at)).where(
                LessonProgress.user_id == user.id, LessonProgress.lesson_id.in_(needs.lesson_ids)
            )
        )
    ]
    first_passed = select(func.min(Attempt.submitted_at)).where(Attempt.user_id == user.id)
    passed = first_passed.where(Attempt.quiz_id.in_(needs.quiz_ids), Attempt.passed.is_(True))
    times += db.session.scalars(passed.group_by(Attempt.quiz_id))
    if needs.final_min:
        times.append(
            db.session.scalar(
                first_passed.where(
                    Attempt.quiz_id.in_(needs.final_ids), Attempt.score >= needs.final_min
                )
            )
        )
    return max((time for time in times if time is not None), default=default)


def on_lesson_progressed(progress: LessonProgress, *, verbs: list[str]) -> None:
    """A completed lesson may complete the course (``learn.signals.lesson_progressed``)."""
    if "completed" in verbs:
        lesson = db.session.get_one(Lesson, progress.lesson_id)
        course = db.session.get_one(Course, lesson.course_id)
        user = db.session.get_one(User, progress.user_id)
        update_completion(user, course, now=progress.completed_at)


def on_attempt_graded(attempt: Attempt, *, at: datetime) -> None:
    """A graded attempt may complete the course (``quiz.signals.attempt_graded``)."""
    update_completion(db.session.get_one(User, attempt.user_id), attempt.quiz.course, now=at)
