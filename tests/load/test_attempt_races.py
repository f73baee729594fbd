"""Quiz attempts under double clicks and racing tabs: one attempt per "Start", every acknowledged
answer in the grade, no 500."""

from sqlalchemy import select

from elearn.content.models import Quiz
from elearn.extensions import db
from elearn.models import utcnow
from elearn.quiz import services as quizzes
from elearn.quiz.models import Answer, Attempt, AttemptStatus
from tests.load.conftest import QUIZ_URL, at_once, for_each

TRAINEES = 16


def _open_attempts(officers) -> dict[int, int]:
    """An open attempt of each officer's: {user id: attempt id}."""
    quiz = db.session.scalar(select(Quiz))
    attempts = {
        officer.user_id: quizzes.start_or_resume(officer.user, quiz, locale="en", now=utcnow()).id
        for officer in officers
    }
    db.session.commit()
    return attempts


def _right_answers(attempt_id: int) -> dict[str, str]:
    """The right answers as the attempt's page posts them (choices under the attempt's aliases)."""
    return {
        f"q{shown['question']}": shown["aliases"]["right"] if shown["type"] == "single" else "4"
        for shown in _attempt(attempt_id).questions
    }


def _attempt(attempt_id: int) -> Attempt:
    return db.session.scalars(
        select(Attempt).where(Attempt.id == attempt_id).execution_options(populate_existing=True)
    ).one()


def test_a_double_clicked_start_opens_one_attempt(officers):
    group = officers(TRAINEES)

    replies = for_each(
        group,
        lambda officer: at_once(*[lambda: officer.post(QUIZ_URL + "/start")] * 2),
    )

    for officer, (one, other) in zip(group, replies, strict=True):
        assert (one.status, other.status) == (302, 302)
        assert one.location == other.location  # both clicks lead to the same attempt
        attempts = db.session.scalars(select(Attempt).where(Attempt.user_id == officer.user_id))
        assert len(attempts.all()) == 1


def test_an_autosave_racing_the_submit_is_graded_or_refused(officers):
    group = officers(TRAINEES)
    attempts = _open_attempts(group)
    right = {user_id: _right_answers(attempt_id) for user_id, attempt_id in attempts.items()}

    def save_while_submitting(officer):
        attempt = f"/attempts/{attempts[officer.user_id]}"
        answers = right[officer.user_id]
        return at_once(
            lambda: officer.post(attempt + "/save", {"page": "1", **answers}, fetch=True),
            lambda: officer.post(attempt + "/submit"),
        )

    replies = for_each(group, save_while_submitting)

    for officer, (saved, submitted) in zip(group, replies, strict=True):
        assert submitted.status == 302
        attempt = _attempt(attempts[officer.user_id])
        assert attempt.status == AttemptStatus.SUBMITTED
        if saved.status == 200:
            assert saved.json() == {"saved": True}
            assert attempt.score == 100.0  # the acknowledged answers were graded
        else:
            assert saved.status == 409
            assert saved.json() == {
                "saved": False,
                "message": "This attempt is already submitted; answers can no longer change.",
            }
            assert attempt.score == 0.0
            assert not db.session.scalars(
                select(Answer).where(Answer.attempt_id == attempt.id)
            ).all()


def test_autosave_and_next_on_a_new_answer_store_it_once(officers):
    group = officers(TRAINEES)
    attempts = _open_attempts(group)
    right = {user_id: _right_answers(attempt_id) for user_id, attempt_id in attempts.items()}

    def save_twice(officer):
        save = f"/attempts/{attempts[officer.user_id]}/save"
        answers = right[officer.user_id]
        return at_once(
            lambda: officer.post(save, {"page": "1", **answers}, fetch=True),
            lambda: officer.post(save, {"page": "1", "go": "next", **answers}),
        )

    replies = for_each(group, save_twice)

    for officer, (autosave, following) in zip(group, replies, strict=True):
        assert (autosave.status, autosave.json()) == (200, {"saved": True})
        assert following.status == 302
        attempt = _attempt(attempts[officer.user_id])
        stored = db.session.scalars(select(Answer).where(Answer.attempt_id == attempt.id)).all()
        assert sorted(f"q{answer.question_id}" for answer in stored) == sorted(
            right[officer.user_id]
        )
