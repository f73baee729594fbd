"""Problems in course files are worded in the reader's language, still as file:line: message."""

from flask_babel import force_locale

from elearn.content.loader import load_course
from tests.course_files import write_course


def test_problems_are_reported_in_the_language_of_the_request(app, tmp_path):
    folder = write_course(
        tmp_path,
        **{"01-basics/02-second.md": "---\nid: second-lesson\ntitle: T\nduration: ten\n---\n\nx\n"},
    )
    lesson = folder / "01-basics" / "02-second.md"

    with app.test_request_context(), force_locale("uk"):
        _course, problems = load_course(folder)
    assert [str(problem) for problem in problems] == [
        f"{lesson}:4: значення ключа 'duration' має бути числом"
    ]

    _course, problems = load_course(folder)
    assert [str(problem) for problem in problems] == [f"{lesson}:4: 'duration' must be a number"]
