"""Attempts: start or resume, save each answer as it is given, submit once, grade.

Functions take the acting user and the time explicitly and flush; the caller commits."""

import random
from datetime import datetime, timedelta

from sqlalchemy import func, select

from elearn.audit.services import record, record_refusal
from elearn.auth.errors import NotAllowed
from elearn.auth.models import User
from elearn.catalog.locks import lock_enrolment
from elearn.content.models import Quiz
from elearn.content.question_types import question_type
from elearn.extensions import db
from elearn.quiz import grading, layout
from elearn.quiz.errors import (
    AlreadyAnswered,
    AttemptClosed,
    CoolingDown,
    InvalidResponse,
    NoAttemptsLeft,
    TimeUp,
    UnknownQuestion,
)
from elearn.quiz.models import Answer, Attempt, AttemptStatus
from elearn.quiz.permissions import can_grade
from elearn.quiz.signals import attempt_graded
from elearn.quiz.statistics import Sitting


def attempts_of(user: User, quiz: Quiz) -> list[Attempt]:
    return list(
        db.session.scalars(
            select(Attempt)
            .where(Attempt.user_id == user.id, Attempt.quiz_id == quiz.id)
            .order_by(Attempt.number)
        )
    )


def open_attempt(user: User, quiz: Quiz) -> Attempt | None:
    return next((a for a in attempts_of(user, quiz) if a.is_open), None)


def attempts_left(user: User, quiz: Quiz) -> int | None:
    """How many more attempts the trainee may start; None when unlimited."""
    allowed = quiz.settings.get("attempts") or 0
    if not allowed:
        return None
    return max(allowed - len(attempts_of(user, quiz)), 0)


def start_or_resume(
    user: User, quiz: Quiz, *, locale: str, now: datetime, rng: random.Random | None = None
) -> Attempt:
    """The trainee's open attempt (from any device), or a new one if the rules allow it. A double
    click starts one attempt: the second request waits for the first on the enrolment lock."""
    lock_enrolment(user.id, quiz.course_id)
    current = open_attempt(user, quiz)
    if current is not None and not expire_if_due(current, now):
        return current
    previous = attempts_of(user, quiz)
    if attempts_left(user, quiz) == 0:
        raise NoAttemptsLeft()
    cooldown = timedelta(minutes=quiz.settings.get("cooldown") or 0)
    if previous and cooldown and previous[-1].submitted_at + cooldown > now:
        raise CoolingDown()
    time_limit = quiz.settings.get("time_limit") or 0
    attempt = Attempt(
        user_id=user.id,
        quiz_id=quiz.id,
        number=len(previous) + 1,
        locale=locale,
        questions=layout.build(quiz.questions, quiz.settings, locale, rng or random.SystemRandom()),
        started_at=now,
        deadline_at=now + timedelta(minutes=time_limit) if time_limit else None,
    )
    db.session.add(attempt)
    db.session.flush()
    return attempt


def expire_if_due(attempt: Attempt, now: datetime) -> bool:
    """Submit an attempt whose time is over with what was saved; True if it was."""
    if attempt.is_open and attempt.deadline_at is not None and now > attempt.deadline_at:
        if _lock(attempt).is_open:
            _close(attempt, attempt.deadline_at)
        return True
    return False


def _lock(attempt: Attempt) -> Attempt:
    """The attempt, its row locked until the transaction ends and read again with its answers.

    Saving, submitting and expiring take this lock before they look at the attempt, so a save
    either commits before the grading, which then reads it, or finds the attempt submitted and is
    refused. The re-read (``populate_existing``, which also reloads the answers collection) is
    what makes the grading see answers committed while this request was waiting. The enrolment is
    locked first, as starting an attempt and recording a completion do: one order, no deadlock."""
    course_id = select(Quiz.course_id).where(Quiz.id == attempt.quiz_id).scalar_subquery()
    lock_enrolment(attempt.user_id, course_id)  # without loading the quiz (issue 16)
    return db.session.scalars(
        select(Attempt)
        .where(Attempt.id == attempt.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()


def shown_question(attempt: Attempt, question_id: int) -> dict:
    for shown in attempt.questions:
        if shown["question"] == question_id:
            return shown
    raise UnknownQuestion()


def save_answer(attempt: Attempt, question_id: int, response, *, now: datetime) -> Answer:
    """Store one answer at once; refused when late, closed, foreign or not a valid option."""
    return save_answers(attempt, {question_id: response}, now=now)[0]


def save_answers(attempt: Attempt, responses: dict[int, object], *, now: datetime) -> list[Answer]:
    """Store a page of answers (question id: response) under one lock; refused as a whole when
    late or closed, and at the first foreign or invalid response (the caller rolls back). A page
    without answers stores nothing and takes no lock."""
    if not responses:
        return []
    _lock(attempt)
    if not attempt.is_open:
        raise AttemptClosed()
    if expire_if_due(attempt, now):
        raise TimeUp()
    immediate = gives_immediate_feedback(attempt)
    saved = [
        _store(attempt, question_id, response, now=now, immediate=immediate)
        for question_id, response in responses.items()
    ]
    db.session.flush()
    return saved


def _store(attempt: Attempt, question_id: int, response, *, now: datetime, immediate: bool):
    shown = shown_question(attempt, question_id)
    try:
        fraction = grading.score(
            shown["type"],
            shown["answer_key"],
            response,
            texts=shown["texts"],
            locale=attempt.locale,
        )
    except grading.ResponseError:
        raise InvalidResponse() from None
    answer = attempt.answers.get(question_id)
    if answer is not None and immediate and not question_type(shown["type"]).trainer_graded:
        raise AlreadyAnswered()
    if answer is None:
        answer = Answer(attempt_id=attempt.id, question_id=question_id, saved_at=now)
        attempt.answers[question_id] = answer
    answer.response = response
    answer.saved_at = now
    if immediate:
        answer.fraction = fraction  # shown at once, with its feedback
    return answer


def gives_immediate_feedback(attempt: Attempt) -> bool:
    """``show_feedback: immediately``: each answer is graded when given, and is then final."""
    quiz = db.session.get(Quiz, attempt.quiz_id)
    return quiz.settings.get("show_feedback") == "immediately"


def submit(attempt: Attempt, *, now: datetime) -> Attempt:
    """Grade and close the attempt. Submitting twice, or twice at once, grades it once, with
    every answer saved before."""
    locked = _lock(attempt)
    if locked.is_open:
        _close(locked, min(now, locked.deadline_at) if locked.deadline_at else now)
    return locked


def _close(attempt: Attempt, when: datetime) -> None:
    """Grade and close the attempt; the features above hear of the result."""
    _grade_and_close(attempt, when)
    attempt_graded.send(attempt, at=when)


def _grade_and_close(attempt: Attempt, when: datetime) -> None:
    for shown in attempt.questions:
        answer = attempt.answers.get(shown["question"])
        if answer is not None and answer.graded_by_id is None:
            answer.fraction = grading.score(
                shown["type"],
                shown["answer_key"],
                answer.response,
                texts=shown["texts"],
                locale=attempt.locale,
            )
    attempt.status = AttemptStatus.SUBMITTED
    attempt.submitted_at = when
    _compute_score(attempt)
    db.session.flush()


def _compute_score(attempt: Attempt) -> None:
    """Percent of the points; unknown (None) while an answered essay waits for a trainer."""
    graded = [shown for shown in attempt.questions if question_type(shown["type"]).scored]
    fractions = {}
    for shown in graded:
        answer = attempt.answers.get(shown["question"])
        waits = question_type(shown["type"]).trainer_graded
        if answer is not None and answer.fraction is None and waits:
            attempt.score = attempt.passed = None
            return
        fractions[shown["question"]] = answer.fraction if answer is not None else 0.0
    total = sum(shown["points"] for shown in graded)
    earned = sum(shown["points"] * (fractions[shown["question"]] or 0) for shown in graded)
    attempt.score = round(100 * earned / total, 2) if total else 100.0
    quiz = db.session.get(Quiz, attempt.quiz_id)
    attempt.passed = attempt.score >= (quiz.settings.get("pass_mark") or 0)


def best_score(user: User, quiz: Quiz) -> float | None:
    return db.session.scalar(
        select(func.max(Attempt.score)).where(
            Attempt.user_id == user.id, Attempt.quiz_id == quiz.id
        )
    )


def essays_to_grade(actor: User) -> list[tuple[Answer, User]]:
    """Written answers of submitted attempts that wait for a grade and that ``actor`` may grade,
    each with its trainee, oldest first."""
    waiting = db.session.execute(
        select(Answer, User)
        .join(Attempt, Answer.attempt_id == Attempt.id)
        .join(User, User.id == Attempt.user_id)
        .where(Attempt.status == AttemptStatus.SUBMITTED, Answer.fraction.is_(None))
        .order_by(Attempt.submitted_at)
    )
    return [(answer, trainee) for answer, trainee in waiting if can_grade(actor, trainee)]


def grade_essay(
    actor: User, answer: Answer, fraction: float, comment: str, *, ip: str | None, now: datetime
) -> None:
    attempt = answer.attempt
    trainee = db.session.get(User, attempt.user_id)
    if not can_grade(actor, trainee):
        record_refusal(actor, "scope.denied", ip=ip, target_user=trainee, attempted="quiz.grade")
        raise NotAllowed()
    shown = shown_question(attempt, answer.question_id)
    if not question_type(shown["type"]).trainer_graded or attempt.is_open:
        raise NotAllowed()
    answer.fraction = min(max(fraction, 0.0), 1.0)
    answer.comment = comment.strip() or None
    answer.graded_by_id, answer.graded_at = actor.id, now
    _compute_score(attempt)
    record(
        actor,
        "quiz.grade",
        ip=ip,
        target_user=trainee,
        target=f"attempt:{attempt.id}",
        question=answer.question_id,
        fraction=answer.fraction,
    )
    db.session.flush()
    attempt_graded.send(attempt, at=now)


def regrade(actor: User | None, quiz: Quiz, *, ip: str | None) -> list[Attempt]:
    """Apply the quiz's current answer keys to every submitted attempt (after a question fix).

    Each attempt whose score changes is audited with its old and new score."""
    keys = {question.id: question.answer_key for question in quiz.questions}
    changed = []
    for attempt in db.session.scalars(
        select(Attempt).where(Attempt.quiz_id == quiz.id, Attempt.status == AttemptStatus.SUBMITTED)
    ):
        before = attempt.score
        attempt.questions = [
            shown | {"answer_key": keys.get(shown["question"], shown["answer_key"])}
            for shown in attempt.questions
        ]
        _grade_and_close(attempt, attempt.submitted_at)
        if attempt.score != before:
            changed.append(attempt)
            record(
                actor,
                "quiz.regrade",
                ip=ip,
                target_user=db.session.get(User, attempt.user_id),
                target=f"attempt:{attempt.id}",
                before=before,
                after=attempt.score,
            )
    db.session.flush()
    return changed


def sittings(
    actor: User, quiz: Quiz, *, country: str | None = None, members: set[int] | None = None
):
    """The submitted, fully graded attempts of ``quiz`` by trainees ``actor`` may see."""
    rows = db.session.execute(
        select(Attempt, User)
        .join(User, User.id == Attempt.user_id)
        .where(
            Attempt.quiz_id == quiz.id,
            Attempt.status == AttemptStatus.SUBMITTED,
            Attempt.score.is_not(None),
        )
    )
    for attempt, trainee in rows:
        if not can_grade(actor, trainee):
            continue
        if country and trainee.country.code != country:
            continue
        if members is not None and trainee.id not in members:
            continue
        yield Sitting(
            locale=attempt.locale,
            score=attempt.score,
            fractions={q: a.fraction or 0.0 for q, a in attempt.answers.items()}
            | {
                shown["question"]: 0.0
                for shown in attempt.questions
                if shown["question"] not in attempt.answers and question_type(shown["type"]).scored
            },
            responses={q: a.response for q, a in attempt.answers.items()},
        )
