"""The demo as an officer of each partner country sees it: every bundled course, whole, in the
officer's own language."""

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from elearn.content.models import Course, Quiz
from elearn.content.queries import language_coverage, ordered_lessons
from elearn.demo import DEMO_PASSWORD
from elearn.extensions import db
from tests.conftest import Browser

TRAINEES = {
    "trainee.am@elearn.example": "hy",
    "trainee.az@elearn.example": "az",
    "trainee.ge@elearn.example": "ka",
    "trainee.md@elearn.example": "ro",
    "trainee.ua@elearn.example": "uk",
}


@pytest.fixture
def demo(app):
    runner = CliRunner()
    for command in (["courses", "import", "--all"], ["elearn", "demo"]):
        result = runner.invoke(app.cli, command)
        assert result.exit_code == 0, result.output


@pytest.mark.parametrize(("email", "locale"), TRAINEES.items())
def test_each_country_gets_every_course_in_its_language(app, demo, email, locale):
    courses = db.session.scalars(select(Course).order_by(Course.slug)).all()
    assert len(courses) == 5
    browser = Browser(app.test_client())
    browser.login(email, DEMO_PASSWORD)
    catalogue = browser.get(f"/courses?language={locale}").get_data(as_text=True)
    for course in courses:
        assert course.title[locale] in catalogue
        assert language_coverage(ordered_lessons(course))[locale] == 100, course.slug
        quizzes = db.session.scalars(select(Quiz).where(Quiz.course_id == course.id)).all()
        assert quizzes and all(locale in quiz.texts for quiz in quizzes), course.slug
