"""Import is all or nothing, updates by stable id, keeps progress, and round-trips with export."""

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from elearn.content.exporter import export_course
from elearn.content.importer import import_course
from elearn.content.loader import load_course
from elearn.content.models import ContentVersion, Course, Lesson, MediaFile, Question, Quiz
from elearn.extensions import db
from elearn.learn.models import LessonProgress
from elearn.learn.services import complete_lesson
from elearn.models import utcnow
from tests.course_files import LESSON_ONE, LESSON_TWO, write_course


def load(folder):
    course, problems = load_course(folder)
    assert problems == []
    return course


def imported(folder) -> Course:
    import_course(load(folder))
    db.session.commit()
    return db.session.scalar(select(Course).where(Course.slug == "sample-course"))


def lesson(slug) -> Lesson:
    return db.session.scalar(select(Lesson).where(Lesson.slug == slug))


def test_import_stores_rendered_texts_quizzes_and_media(tmp_path):
    course = imported(write_course(tmp_path))

    assert course.title["uk"] == "Зразковий курс"
    first = lesson("first-lesson")
    assert set(first.texts) == {"en", "uk"}
    assert '<img alt="A chart" src="/media/sample-course/chart.png">' in first.texts["en"].html
    assert 'href="/courses/sample-course/lessons/second-lesson"' in first.texts["en"].html
    assert lesson("second-lesson").legal_basis == "Criminal Procedure Code of Ukraine"
    quiz = db.session.scalar(select(Quiz).where(Quiz.slug == "basics-check"))
    single = quiz.questions[0]
    assert single.answer_key == {
        "choices": [{"id": "right", "fraction": 1.0}, {"id": "wrong", "fraction": 0.0}]
    }
    assert single.texts["uk"]["answers"]["right"]["html"] == "Правильний"
    assert db.session.scalar(select(func.count()).select_from(MediaFile)) == 1
    assert [v.number for v in db.session.scalars(select(ContentVersion))] == [1]


def test_reimport_of_the_same_content_changes_nothing(tmp_path):
    folder = write_course(tmp_path)
    imported(folder)
    report = import_course(load(folder))
    assert report.unchanged and report.version == 1


def test_reimport_updates_by_id_and_keeps_progress(tmp_path, users):
    folder = write_course(tmp_path)
    imported(folder)
    trainee = users(country="UA")
    first_id = lesson("first-lesson").id
    complete_lesson(trainee, lesson("first-lesson"), utcnow())
    db.session.commit()

    edited = LESSON_TWO.replace("The second lesson.", "The second lesson, revised.")
    folder = write_course(tmp_path, **{"01-basics/02-second.md": edited})
    report = import_course(load(folder))
    db.session.commit()

    assert report.version == 2
    assert report.changed == ["lesson second-lesson"]
    assert lesson("first-lesson").id == first_id
    assert db.session.get(LessonProgress, (trainee.id, first_id)).is_completed


def test_a_removed_lesson_with_progress_is_archived_and_one_without_is_deleted(tmp_path, users):
    folder = write_course(tmp_path)
    imported(folder)
    trainee = users(country="UA")
    complete_lesson(trainee, lesson("first-lesson"), utcnow())
    db.session.commit()

    folder = write_course(
        tmp_path,
        **{"01-basics/01-first.md": "", "01-basics/01-first.uk.md": "", "02-more/01-third.md": ""},
    )
    report = import_course(load(folder))
    db.session.commit()

    assert report.archived == ["lesson first-lesson"]
    assert "lesson third-lesson" in report.removed
    assert lesson("first-lesson").is_archived
    assert lesson("third-lesson") is None
    assert db.session.scalar(select(func.count()).select_from(LessonProgress)) == 1


def test_a_broken_course_imports_nothing(app, tmp_path):
    good = write_course(tmp_path / "good")
    bad = write_course(tmp_path / "bad", **{"01-basics/02-second.md": "---\nid: x\n---\n"})
    result = CliRunner().invoke(
        app.cli, ["courses", "import", str(good), str(bad)], catch_exceptions=False
    )
    assert result.exit_code == 1
    assert "02-second.md:1: 'title' is required" in result.output
    assert "Nothing imported" in result.output
    assert db.session.scalar(select(func.count()).select_from(Course)) == 0


def test_a_failure_during_import_rolls_everything_back(app, tmp_path, monkeypatch):
    folder = write_course(tmp_path)
    from elearn.content import importer

    def explode(*args):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(importer._Sync, "_media", explode)
    with pytest.raises(RuntimeError):
        CliRunner().invoke(app.cli, ["courses", "import", str(folder)], catch_exceptions=False)
    assert db.session.scalar(select(func.count()).select_from(Course)) == 0
    assert db.session.scalar(select(func.count()).select_from(Question)) == 0


def test_validate_command_exits_1_and_lists_every_problem(app, tmp_path):
    bad = write_course(
        tmp_path, **{"01-basics/02-second.md": "---\nid: Bad\ntitle: T\nduration: 1\n---\n"}
    )
    result = CliRunner().invoke(app.cli, ["courses", "validate", str(bad)])
    assert result.exit_code == 1
    assert "02-second.md:2: 'Bad' is not a valid id" in result.output
    good = CliRunner().invoke(app.cli, ["courses", "validate", str(write_course(tmp_path / "ok"))])
    assert good.exit_code == 0
    assert "02-second.md: legal review was due on 2020-01-31" in good.output
    assert "stale" not in good.output


def test_validate_warns_about_stale_translations(app, tmp_path):
    edited = LESSON_ONE.replace("Why it matters", "Why it really matters")
    folder = write_course(tmp_path, **{"01-basics/01-first.md": edited})
    result = CliRunner().invoke(app.cli, ["courses", "validate", str(folder)])
    assert result.exit_code == 0
    assert "01-basics/01-first.md: the uk translation is stale" in result.output


def test_import_export_import_keeps_the_content_hash(tmp_path):
    source = load(write_course(tmp_path / "source"))
    course = imported(tmp_path / "source" / "sample-course")
    exported = export_course(course, tmp_path / "exported")

    round_tripped = load(exported)
    assert round_tripped.content_hash() == source.content_hash()
    assert import_course(round_tripped).unchanged


def test_hash_command_prints_the_translation_hash(app, tmp_path):
    folder = write_course(tmp_path)
    result = CliRunner().invoke(
        app.cli, ["courses", "hash", str(folder / "01-basics/check.quiz.md")]
    )
    translation = (folder / "01-basics/check.quiz.uk.md").read_text()
    assert result.output.split()[0] in translation
