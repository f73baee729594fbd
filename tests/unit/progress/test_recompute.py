"""`flask progress recompute`: completions the rule earned but nobody recorded (a race before the
enrolment lock), recorded once, dated when the rule was met, with their certificates."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from elearn.catalog.services import enrol_self
from elearn.certificates.models import Certificate
from elearn.content.models import Quiz
from elearn.content.queries import ordered_lessons
from elearn.extensions import db
from elearn.learn.services import complete_lesson
from elearn.learn.signals import lesson_progressed
from elearn.progress.models import CourseCompletion
from elearn.quiz import services as quizzes
from elearn.quiz.signals import attempt_graded
from tests.course_files import import_sample_course

MONDAY = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def finish_without_completion(user, course, *, at: datetime) -> datetime:
    """Every step of the rule, written as the services write them, but with progress deaf to them
    (as in a race before the enrolment lock), so no completion is recorded; the time of the last
    step."""
    with lesson_progressed.muted(), attempt_graded.muted():
        return _finish(user, course, at=at)


def _finish(user, course, *, at: datetime) -> datetime:
    enrol_self(user, course)
    for lesson in ordered_lessons(course):
        complete_lesson(user, lesson, at)
    quiz = db.session.scalar(select(Quiz))
    attempt = quizzes.start_or_resume(user, quiz, locale="en", now=at)
    for question in quiz.questions:
        quizzes.save_answer(
            attempt, question.id, "right" if question.type == "single" else "4", now=at
        )
    quizzes.submit(attempt, now=at + timedelta(minutes=20))
    return at + timedelta(minutes=20)


def recompute(app, *options):
    result = app.test_cli_runner().invoke(args=["progress", "recompute", *options])
    assert result.exit_code == 0, result.output
    return result.output.splitlines()


def rows(model) -> list:
    db.session.expire_all()
    return db.session.scalars(select(model).order_by(model.user_id)).all()


def test_recompute_records_a_missing_completion_once(app, tmp_path, users):
    course = import_sample_course(tmp_path)
    graduate, beginner = users(country="GE"), users(country="GE")
    last_step = finish_without_completion(graduate, course, at=MONDAY)
    enrol_self(beginner, course)
    complete_lesson(beginner, ordered_lessons(course)[0], MONDAY)
    db.session.commit()

    assert recompute(app) == [
        f"{graduate.email} sample-course: completed 2026-11-02T09:20+00:00",
        "1 missing completion(s) recorded",
    ]
    (completion,) = rows(CourseCompletion)
    assert (completion.user_id, completion.completed_at) == (graduate.id, last_step)
    (certificate,) = rows(Certificate)
    assert (certificate.user_id, certificate.issued_at) == (graduate.id, last_step)

    assert recompute(app) == ["0 missing completion(s) recorded"]
    assert [c.id for c in rows(CourseCompletion)] == [completion.id]
    assert [c.id for c in rows(Certificate)] == [certificate.id]


def test_recompute_keeps_to_the_given_user_and_course(app, tmp_path, users):
    course = import_sample_course(tmp_path)
    first, second = users(country="GE"), users(country="GE")
    for user in (first, second):
        finish_without_completion(user, course, at=MONDAY)
    db.session.commit()

    assert recompute(app, "--course", "sample-course", "--user", second.email)[-1] == (
        "1 missing completion(s) recorded"
    )
    assert [c.user_id for c in rows(CourseCompletion)] == [second.id]
    result = app.test_cli_runner().invoke(args=["progress", "recompute", "--course", "nothing"])
    assert result.exit_code != 0 and "no course 'nothing'" in result.output
    assert [c.user_id for c in rows(CourseCompletion)] == [second.id]
