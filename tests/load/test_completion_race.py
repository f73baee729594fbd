"""A trainee's last two steps committed at the same moment still complete the course (and issue
its certificate): neither request may decide "not yet" on a picture without the other's step."""

from functools import partial

from sqlalchemy import func, select

from elearn.certificates.models import Certificate
from elearn.content.models import Quiz
from elearn.content.queries import ordered_lessons
from elearn.extensions import db
from elearn.learn.services import complete_lesson
from elearn.models import utcnow
from elearn.progress.models import CourseCompletion
from elearn.quiz import services as quizzes
from elearn.quiz.models import Attempt
from tests.load.conftest import COURSE_URL, at_once, for_each

TRAINEES = 30


def _open_attempt_with_right_answers(user) -> int:
    quiz = db.session.scalar(select(Quiz))
    attempt = quizzes.start_or_resume(user, quiz, locale="en", now=utcnow())
    for question in quiz.questions:
        right = "right" if question.type == "single" else "4"
        quizzes.save_answer(attempt, question.id, right, now=utcnow())
    return attempt.id


def test_two_simultaneous_last_steps_complete_and_certify_every_trainee(officers, course):
    """Half the trainees complete the last lesson while submitting the quiz; the other half
    complete the last two lessons in two tabs."""
    first, second, third = ordered_lessons(course)
    group = officers(TRAINEES)
    races = []
    for index, officer in enumerate(group):
        complete_lesson(officer.user, first, utcnow())
        if index % 2 == 0:
            complete_lesson(officer.user, second, utcnow())
            attempt_id = _open_attempt_with_right_answers(officer.user)
            last_steps = [f"/attempts/{attempt_id}/submit"]
        else:
            attempt_id = _open_attempt_with_right_answers(officer.user)
            quizzes.submit(db.session.get(Attempt, attempt_id), now=utcnow())
            last_steps = [f"{COURSE_URL}/lessons/{second.slug}/complete"]
        last_steps.append(f"{COURSE_URL}/lessons/{third.slug}/complete")
        races.append((officer, last_steps))
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(CourseCompletion)) == 0

    replies = for_each(
        races, lambda race: at_once(*(partial(race[0].post, path) for path in race[1]))
    )

    assert {reply.status for pair in replies for reply in pair} == {302}
    completed = db.session.scalars(select(CourseCompletion.user_id)).all()
    certified = db.session.scalars(
        select(Certificate.user_id).where(Certificate.revoked_at.is_(None))
    ).all()
    trainee_ids = sorted(officer.user.id for officer in group)
    assert sorted(completed) == trainee_ids
    assert sorted(certified) == trainee_ids
