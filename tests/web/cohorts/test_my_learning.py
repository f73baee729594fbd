from elearn.content.queries import ordered_lessons
from elearn.extensions import db
from elearn.learn.services import complete_lesson
from elearn.models import utcnow
from tests.course_files import import_sample_course


def test_my_learning_shows_progress_next_lesson_and_results(browser, users, tmp_path):
    course = import_sample_course(tmp_path)
    trainee = users(country="GE")
    browser.login(trainee.email)
    assert "not taking any course" in browser.get("/my").get_data(as_text=True)

    browser.submit("/courses/sample-course", {}, action="/courses/sample-course/enrol")
    complete_lesson(trainee, ordered_lessons(course)[0], utcnow())
    db.session.commit()
    page = browser.get("/my").get_data(as_text=True)
    assert "Sample course" in page
    assert '<progress id="progress-' in page and 'value="25"' in page
    assert "Next: Second lesson" in page
