"""The completion rule, applied by one function from stored progress and attempts."""

from sqlalchemy import select

from elearn.content.models import Question, Quiz
from elearn.content.queries import ordered_lessons
from elearn.extensions import db
from elearn.learn.services import complete_lesson
from elearn.models import utcnow
from elearn.progress.completion import course_status, update_completion
from elearn.quiz import services as quizzes
from tests.course_files import import_sample_course

EXTRA_LESSON = "---\nid: extra-lesson\ntitle: Extra\nduration: 5\n---\n\nNew material.\n"


def pass_quiz(user, quiz_slug="basics-check"):
    quiz = db.session.scalar(select(Quiz).where(Quiz.slug == quiz_slug))
    attempt = quizzes.start_or_resume(user, quiz, locale="en", now=utcnow())
    for question in quiz.questions:
        answer = "right" if question.type == "single" else "4"
        quizzes.save_answer(attempt, question.id, answer, now=utcnow())
    quizzes.submit(attempt, now=utcnow())


def test_all_lessons_and_quizzes_complete_the_course(tmp_path, users):
    course = import_sample_course(tmp_path)
    trainee = users(country="GE")
    for lesson in ordered_lessons(course):
        complete_lesson(trainee, lesson, utcnow())
    assert update_completion(trainee, course, now=utcnow()) is None
    status = course_status(trainee, course)
    assert (status.lessons_done, status.lessons_total) == (3, 3)
    assert (status.quizzes_passed, status.quizzes_total) == (0, 1)
    assert status.percent == 75

    pass_quiz(trainee)
    completion = update_completion(trainee, course, now=utcnow())
    assert completion is not None and completion.course_version == 1
    assert course_status(trainee, course).percent == 100


def test_a_new_required_lesson_does_not_uncomplete_a_graduate(tmp_path, users):
    course = import_sample_course(tmp_path)
    trainee = users(country="GE")
    for lesson in ordered_lessons(course):
        complete_lesson(trainee, lesson, utcnow())
    pass_quiz(trainee)
    first = update_completion(trainee, course, now=utcnow())
    db.session.commit()

    course = import_sample_course(tmp_path, **{"02-more/02-extra.md": EXTRA_LESSON})
    assert course.version == 2
    assert update_completion(trainee, course, now=utcnow()).id == first.id
    newcomer = users(country="GE")
    for lesson in ordered_lessons(course)[:3]:
        complete_lesson(newcomer, lesson, utcnow())
    pass_quiz(newcomer)
    assert update_completion(newcomer, course, now=utcnow()) is None  # 4 lessons now


def test_failed_quiz_blocks_completion(tmp_path, users):
    course = import_sample_course(tmp_path)
    trainee = users(country="GE")
    for lesson in ordered_lessons(course):
        complete_lesson(trainee, lesson, utcnow())
    quiz = db.session.scalar(select(Quiz))
    attempt = quizzes.start_or_resume(trainee, quiz, locale="en", now=utcnow())
    wrong = db.session.scalar(select(Question).where(Question.slug == "pick-one"))
    quizzes.save_answer(attempt, wrong.id, "wrong", now=utcnow())
    quizzes.submit(attempt, now=utcnow())
    assert update_completion(trainee, course, now=utcnow()) is None
