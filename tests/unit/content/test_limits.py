"""Every length the database enforces on what the importer writes is a validation problem with
file:line, found before anything is written; the limits come from the model columns."""

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from elearn.content.checks import column_length
from elearn.content.loader import load_course
from elearn.content.models import Course, Lesson, LessonText, MediaFile, Module, Question, QuizText
from elearn.extensions import db
from tests.course_files import LESSON_ONE, PNG_1PX, write_course


def over(attribute) -> str:
    return "x" * (column_length(attribute) + 1)


def test_a_lesson_title_over_the_column_length_is_refused_by_validate_and_import(app, tmp_path):
    limit = column_length(LessonText.title)
    long_title = LESSON_ONE.replace("title: First lesson", f"title: {over(LessonText.title)}")
    folder = write_course(tmp_path, **{"01-basics/01-first.md": long_title})
    expected = f"01-basics/01-first.md:3: 'title' is longer than {limit} characters"

    validated = CliRunner().invoke(app.cli, ["courses", "validate", str(folder)])
    assert validated.exit_code == 1
    assert expected in validated.output

    imported = CliRunner().invoke(
        app.cli, ["courses", "import", str(folder)], catch_exceptions=False
    )
    assert imported.exit_code == 1
    assert expected in imported.output
    assert "Nothing imported" in imported.output
    assert "Traceback" not in imported.output
    assert db.session.scalar(select(func.count()).select_from(Course)) == 0


def test_a_title_that_just_fits_is_imported_whole(app, tmp_path):
    title = "ა" * column_length(LessonText.title)  # characters, not bytes
    folder = write_course(
        tmp_path, **{"01-basics/01-first.md": LESSON_ONE.replace("First lesson", title)}
    )
    result = CliRunner().invoke(app.cli, ["courses", "import", str(folder)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    lesson = db.session.scalar(select(Lesson).where(Lesson.slug == "first-lesson"))
    assert lesson.texts["en"].title == title


@pytest.mark.parametrize(
    ("relative", "old", "new", "expected"),
    [
        (
            "01-basics/02-second.md",
            "Criminal Procedure Code of Ukraine",
            over(LessonText.legal_basis),
            "01-basics/02-second.md:6: 'legal_basis' is longer than",
        ),
        (
            "01-basics/check.quiz.md",
            "title: Check",
            f"title: {over(QuizText.title)}",
            "01-basics/check.quiz.md:3: 'title' is longer than",
        ),
        (
            "01-basics/01-first.uk.md",
            "Перший урок",
            over(LessonText.title),
            "01-basics/01-first.uk.md:2: 'title' is longer than",
        ),
        (
            "01-basics/check.quiz.md",
            "## numerical count\n",
            f"## numerical count {{pool={over(Question.pool)}}}\n",
            f"01-basics/check.quiz.md:20: pool name '{over(Question.pool)}' is longer than",
        ),
    ],
)
def test_each_stored_text_is_checked_against_its_column(tmp_path, relative, old, new, expected):
    folder = write_course(tmp_path)
    path = folder / relative
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    _course, problems = load_course(folder)
    assert any(expected in str(problem) for problem in problems), problems


def test_folder_and_file_names_must_fit_their_columns(tmp_path):
    folder = write_course(tmp_path)
    long_module = folder / over(Module.folder)
    (folder / "02-more").rename(long_module)
    (folder / "media" / (over(MediaFile.name) + ".png")).write_bytes(PNG_1PX)
    _course, problems = load_course(folder)
    messages = [str(problem) for problem in problems]
    assert any(
        f"{long_module.name}/module.yml:1: the path '{long_module.name}' is longer than" in m
        for m in messages
    ), messages
    assert any("media/xxx" in m and "is longer than" in m for m in messages), messages
