"""A course that certifies, and a Georgian officer who completed it."""

import pytest
from sqlalchemy import select

from elearn.certificates import services
from elearn.content.importer import import_course
from elearn.content.loader import load_course
from elearn.content.models import Course
from elearn.content.queries import ordered_lessons
from elearn.extensions import db
from elearn.learn.services import complete_lesson
from elearn.models import utcnow
from elearn.progress.completion import update_completion
from elearn.quiz import services as quizzes
from elearn.quiz.models import Quiz
from tests.course_files import COURSE_YML, write_course


@pytest.fixture
def course(tmp_path):
    source, problems = load_course(
        write_course(tmp_path, **{"course.yml": COURSE_YML + "certificate_valid_years: 2\n"})
    )
    assert problems == []
    import_course(source)
    db.session.commit()
    return db.session.scalar(select(Course))


def finish(user, course):
    for lesson in ordered_lessons(course):
        complete_lesson(user, lesson, utcnow())
    quiz = db.session.scalar(select(Quiz))
    attempt = quizzes.start_or_resume(user, quiz, locale="en", now=utcnow())
    for question in quiz.questions:
        answer = "right" if question.type == "single" else "4"
        quizzes.save_answer(attempt, question.id, answer, now=utcnow())
    quizzes.submit(attempt, now=utcnow())
    update_completion(user, course, now=utcnow())
    db.session.commit()
    return services.current_certificate(user, course)


@pytest.fixture
def graduate(users, course):
    user = users(country="GE", locale="ka", display_name="გიორგი")
    return user, finish(user, course)
