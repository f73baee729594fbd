"""A lesson's legal basis per language: read from a translation's front matter, stored with its
text, written back by the exporter."""

from sqlalchemy import select

from elearn.content.exporter import export_course
from elearn.content.loader import load_course
from elearn.content.models import Course, Lesson
from elearn.content.source import text_hash
from elearn.extensions import db
from tests.course_files import LESSON_TWO, body_of, import_sample_course, write_course

UKRAINIAN_LAW = "Кримінальний процесуальний кодекс України, ст. 168"


def translation(legal_basis: str | None = UKRAINIAN_LAW, source: str = LESSON_TWO) -> str:
    line = f"legal_basis: {legal_basis}\n" if legal_basis else ""
    return (
        f"---\ntitle: Другий урок\nsource_hash: {text_hash(body_of(source))}\n{line}---\n\n"
        "Другий урок.\n"
    )


def second_lesson() -> Lesson:
    return db.session.scalar(select(Lesson).where(Lesson.slug == "second-lesson"))


def test_each_translation_keeps_its_own_legal_basis_and_the_english_stays(tmp_path):
    import_sample_course(
        tmp_path,
        **{
            "01-basics/02-second.uk.md": translation(),
            "01-basics/02-second.ka.md": translation(None).replace("Другий", "მეორე"),
        },
    )
    lesson = second_lesson()
    assert lesson.legal_basis == "Criminal Procedure Code of Ukraine"
    assert lesson.texts["en"].legal_basis == "Criminal Procedure Code of Ukraine"
    assert lesson.texts["uk"].legal_basis == UKRAINIAN_LAW
    assert lesson.texts["ka"].legal_basis is None  # readers see the English one


def test_the_exporter_writes_it_back_and_the_course_round_trips(tmp_path):
    import_sample_course(tmp_path / "in", **{"01-basics/02-second.uk.md": translation()})
    course = db.session.scalar(select(Course))
    folder = export_course(course, tmp_path / "out")
    written = (folder / "01-basics/02-second.uk.md").read_text(encoding="utf-8")
    assert f"legal_basis: {UKRAINIAN_LAW}\n" in written
    assert "legal_basis" not in (folder / "01-basics/01-first.uk.md").read_text(encoding="utf-8")
    source, problems = load_course(folder)
    assert problems == []
    assert source.modules[0].lessons[1].legal_basis == {
        "en": "Criminal Procedure Code of Ukraine",
        "uk": UKRAINIAN_LAW,
    }
    assert source.content_hash() == course.content_hash


def test_a_stale_translation_is_stale_with_its_legal_basis(tmp_path):
    older = LESSON_TWO.replace("The second lesson.", "An older second lesson.")
    import_sample_course(tmp_path, **{"01-basics/02-second.uk.md": translation(source=older)})
    lesson = second_lesson()
    assert lesson.texts["uk"].source_hash != lesson.texts["en"].source_hash
    assert lesson.texts["uk"].legal_basis == UKRAINIAN_LAW


def test_quiz_translations_have_no_legal_basis_and_it_has_a_length_limit(tmp_path):
    folder = write_course(tmp_path, **{"01-basics/02-second.uk.md": translation("x" * 301)})
    quiz = folder / "01-basics/check.quiz.uk.md"
    quiz.write_text(
        quiz.read_text(encoding="utf-8").replace("---\n\n", "legal_basis: X\n---\n\n", 1),
        encoding="utf-8",
    )
    problems = [str(problem) for problem in load_course(folder)[1]]
    assert any(
        "02-second.uk.md:4: 'legal_basis' is longer than 300 characters" in p for p in problems
    )
    assert any("check.quiz.uk.md" in p and "legal_basis" in p for p in problems)
