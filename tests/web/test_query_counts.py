"""The pages officers use most cost a constant number of queries: the same for a course of 3
lessons in 2 languages as for one of 40 lessons in 6, beside 6 other courses and 12 other trainees
with their progress and attempts (issue 16). Counted with a ``before_cursor_execute`` listener;
nothing here measures time."""

import contextlib
from datetime import timedelta

import pytest
from sqlalchemy import event, insert, select

from elearn.catalog.models import Enrolment
from elearn.content.models import Course, Lesson, LessonText, Module, Quiz
from elearn.content.queries import ordered_lessons
from elearn.extensions import db
from elearn.i18n import LOCALES
from elearn.learn.models import LessonProgress
from elearn.learn.services import complete_lesson
from elearn.models import utcnow
from elearn.quiz.models import Attempt
from tests.conftest import csrf_token
from tests.course_files import import_sample_course
from tests.unit.progress.test_matrix_queries import queries_for as matrix_queries

SLUG = "sample-course"
LESSON = f"/courses/{SLUG}/lessons/first-lesson"
QUIZ = f"/courses/{SLUG}/quizzes/basics-check"


@contextlib.contextmanager
def counting():
    """Count the statements sent to the database while the block runs."""
    statements: list[str] = []

    def count(_conn, _cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def _course(number: int) -> Course:
    course = Course(
        slug=f"other-{number}",
        title={"en": f"Other {number}", "uk": f"Інший {number}"},
        summary={"en": "Another course."},
        topic="cybercrime",
        level="introductory",
        subject_area="tests",
        estimated_hours=1,
        access="law-enforcement",
        audience={"countries": ["GE", "UA"], "roles": []},
        completion={"lessons": "all", "quizzes": "all"},
        content_hash="x",
    )
    db.session.add(course)
    db.session.flush()
    return course


def _lessons(course: Course, module: Module, count: int, start: int) -> list[int]:
    ids = []
    for index in range(count):
        lesson = Lesson(
            course_id=course.id,
            module_id=module.id,
            slug=f"extra-{start + index}",
            file="x.md",
            position=100 + start + index,
            duration=5,
            content_hash="x",
        )
        db.session.add(lesson)
        db.session.flush()
        db.session.execute(
            insert(LessonText),
            [
                {
                    "lesson_id": lesson.id,
                    "locale": locale,
                    "title": f"Extra {index} ({locale})",
                    "markdown": "Text. " * 500,
                    "html": "<p>" + "Text. " * 500 + "</p>",
                    "source_hash": "x",
                }
                for locale in LOCALES
            ],
        )
        ids.append(lesson.id)
    return ids


def grow(users, course: Course) -> None:
    """Make everything bigger: 40 lessons in every language in the course, 6 more courses of 10
    lessons, 12 more trainees enrolled, with progress and submitted attempts."""
    module = db.session.scalar(select(Module).where(Module.course_id == course.id))
    lesson_ids = _lessons(course, module, 37, 0)
    for number in range(6):
        other = _course(number)
        other_module = Module(
            course_id=other.id, slug="m", folder="m", position=1, title={"en": "M"}
        )
        db.session.add(other_module)
        db.session.flush()
        _lessons(other, other_module, 10, 0)
    quiz = db.session.scalar(select(Quiz).where(Quiz.course_id == course.id))
    now = utcnow()
    for _ in range(12):
        trainee = users(country="GE")
        db.session.add(Enrolment(user_id=trainee.id, course_id=course.id, enrolled_at=now))
        db.session.execute(
            insert(LessonProgress),
            [
                {
                    "user_id": trainee.id,
                    "lesson_id": lesson_id,
                    "started_at": now,
                    "last_seen_at": now,
                    "views": 2,
                    "completed_at": now,
                }
                for lesson_id in lesson_ids
            ],
        )
        db.session.add(
            Attempt(
                user_id=trainee.id,
                quiz_id=quiz.id,
                number=1,
                locale="en",
                questions=[],
                started_at=now - timedelta(hours=1),
                submitted_at=now,
                status="submitted",
                score=80.0,
                passed=True,
            )
        )
    db.session.commit()


@pytest.fixture
def trainee(users):
    return users(country="UA", locale="uk")


def _setup(tmp_path, users, browser, trainee, large: bool) -> Course:
    course = import_sample_course(tmp_path)
    if large:
        grow(users, course)
    browser.login(trainee.email)
    browser.submit(f"/courses/{SLUG}", {}, action=f"/courses/{SLUG}/enrol")
    return course


def _queries(browser, url, **kwargs) -> list[str]:
    browser.get(url, **kwargs)  # warm: anything loaded once per process is loaded now
    with counting() as statements:
        response = browser.get(url, **kwargs)
    assert response.status_code == 200, response.status_code
    return statements


def page_counts(tmp_path, users, browser, trainee, large: bool) -> dict[str, int]:
    _setup(tmp_path, users, browser, trainee, large)
    counts = {
        "lesson": len(_queries(browser, LESSON)),
        "lesson in English": len(_queries(browser, LESSON, query_string={"text": "en"})),
        "catalogue": len(_queries(browser, "/courses")),
        "course": len(_queries(browser, f"/courses/{SLUG}")),
        "quiz overview": len(_queries(browser, QUIZ)),
    }
    started = browser.submit(QUIZ, {}, action=QUIZ + "/start")
    attempt_url = started.headers["Location"]
    counts["quiz page"] = len(_queries(browser, attempt_url))
    page = browser.get(attempt_url).get_data(as_text=True)
    attempt = db.session.scalar(select(Attempt).where(Attempt.user_id == trainee.id))
    numerical = next(q["question"] for q in attempt.questions if q["type"] == "numerical")
    with counting() as statements:
        response = browser.client.post(
            attempt_url + "/save",
            data={
                "csrf_token": csrf_token(page),
                "page": "1",
                f"q{numerical}": "4",
            },
            headers={"X-Requested-With": "fetch"},
        )
    assert response.get_json() == {"saved": True}
    counts["autosave"] = len(statements)
    return counts


def test_page_query_counts_do_not_grow_with_the_data(tmp_path, users, browser, trainee):
    small = page_counts(tmp_path / "small", users, browser, trainee, large=False)
    _delete_and_reset(users)
    big_trainee = users(country="UA", locale="uk")
    large = page_counts(tmp_path / "large", users, browser, big_trainee, large=True)
    print("small", small, "large", large)
    assert large == small


def _delete_and_reset(users) -> None:
    from tests.conftest import _delete_test_rows

    db.session.rollback()
    db.session.remove()
    _delete_test_rows()


def test_lesson_page_reads_one_text_and_repeats_no_query(tmp_path, users, browser, trainee):
    _setup(tmp_path, users, browser, trainee, large=True)
    statements = _queries(browser, LESSON)
    assert budget("lesson", statements)
    repeated = {s for s in statements if statements.count(s) > 1 and not s.startswith("INSERT")}
    assert not repeated
    # no statement reads the Markdown source, nor every language's HTML
    assert not [s for s in statements if "lesson_texts.markdown" in s]


def budget(page: str, statements: list[str]) -> bool:
    """Room to read the numbers when a count changes."""
    print(page, len(statements), *(" ".join(s.split())[:160] for s in statements), sep="\n>> ")
    return True


def test_cohort_matrix_query_count_does_not_grow(tmp_path, users):
    """3 trainees of a 3-lesson course, or 20 of a 40-lesson course beside 6 others."""
    course = import_sample_course(tmp_path)
    few = [users(country="GE") for _ in range(3)]
    db.session.commit()
    small = matrix_queries(course, few)
    grow(users, course)
    many = [users(country="GE") for _ in range(20)]
    first = ordered_lessons(db.session.get(Course, course.id))[0]
    for trainee in many[::2]:
        complete_lesson(trainee, first, utcnow())
    db.session.commit()
    assert matrix_queries(db.session.get(Course, course.id), many) == small


def test_autosave_locks_and_writes_only(tmp_path, users, browser, trainee):
    """The autosave reads the attempt under its locks and writes the answer: the quiz and its
    texts are not loaded again (issue 16)."""
    _setup(tmp_path, users, browser, trainee, large=False)
    started = browser.submit(QUIZ, {}, action=QUIZ + "/start")
    attempt_url = started.headers["Location"]
    page = browser.get(attempt_url).get_data(as_text=True)
    attempt = db.session.scalar(select(Attempt).where(Attempt.user_id == trainee.id))
    numerical = next(q["question"] for q in attempt.questions if q["type"] == "numerical")
    with counting() as statements:
        browser.client.post(
            attempt_url + "/save",
            data={"csrf_token": csrf_token(page), "page": "1", f"q{numerical}": "4"},
            headers={"X-Requested-With": "fetch"},
        )
    assert budget("autosave", statements)
    assert not [s for s in statements if "quiz_texts" in s]
    assert len([s for s in statements if "FOR UPDATE" in s]) <= 2
    assert len(statements) <= 8  # session, roles, attempt, 2 locks, answers, quiz, insert
