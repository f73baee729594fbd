"""Every imported English text is kept by its hash, so a stale translation can be shown what
changed in its source."""

from sqlalchemy import select

from elearn.content.models import Lesson, SourceRevision
from elearn.content.revisions import source_changes
from elearn.content.source import text_hash
from elearn.extensions import db
from tests.course_files import LESSON_ONE, LESSON_TWO, QUIZ, body_of, import_sample_course

EDITED_ONE = LESSON_ONE.replace(
    "## Why it matters\n", "## Why it matters now\n\nA new paragraph.\n"
)


def revisions() -> set[tuple[str, str, str]]:
    query = select(SourceRevision.kind, SourceRevision.slug, SourceRevision.source_hash)
    return {tuple(row) for row in db.session.execute(query)}


def revision_texts(slug: str) -> dict[str, str]:
    query = select(SourceRevision.source_hash, SourceRevision.markdown).where(
        SourceRevision.slug == slug
    )
    return {source_hash: markdown for source_hash, markdown in db.session.execute(query)}


def first_lesson() -> Lesson:
    return db.session.scalar(select(Lesson).where(Lesson.slug == "first-lesson"))


def test_an_import_keeps_every_english_lesson_and_quiz_text(tmp_path):
    course = import_sample_course(tmp_path)

    assert revisions() == {
        ("lesson", "first-lesson", text_hash(body_of(LESSON_ONE))),
        ("lesson", "second-lesson", text_hash(body_of(LESSON_TWO))),
        ("lesson", "third-lesson", text_hash("Third.")),
        ("quiz", "basics-check", text_hash(body_of(QUIZ))),
    }
    revision = db.session.scalar(select(SourceRevision).where(SourceRevision.kind == "quiz"))
    assert revision.course_id == course.id
    assert revision.markdown == body_of(QUIZ).strip()


def test_a_changed_english_text_is_kept_beside_the_one_before(tmp_path):
    import_sample_course(tmp_path)
    import_sample_course(tmp_path, **{"01-basics/01-first.md": EDITED_ONE})

    assert revision_texts("first-lesson") == {
        text_hash(body_of(LESSON_ONE)): body_of(LESSON_ONE).strip(),
        text_hash(body_of(EDITED_ONE)): body_of(EDITED_ONE).strip(),
    }


def test_source_changes_shows_what_changed_since_the_translation_was_made(tmp_path):
    course = import_sample_course(tmp_path)
    import_sample_course(tmp_path, **{"01-basics/01-first.md": EDITED_ONE})
    lesson = first_lesson()
    translation, english = lesson.texts["uk"], lesson.texts["en"]

    changes = source_changes(
        course, "lesson", lesson.slug, translation.source_hash, english.markdown
    )

    assert changes is not None
    assert changes[0].startswith("@@ ")
    assert not any(line.startswith(("---", "+++")) for line in changes)
    assert "-## Why it matters" in changes
    assert "+## Why it matters now" in changes
    assert "+A new paragraph." in changes
    assert " Text with an image: ![A chart](media/chart.png) and a [link](02-second.md)." in (
        changes
    )


def test_source_changes_is_empty_for_an_up_to_date_translation(tmp_path):
    course = import_sample_course(tmp_path)
    lesson = first_lesson()

    changes = source_changes(
        course, "lesson", lesson.slug, lesson.texts["uk"].source_hash, lesson.texts["en"].markdown
    )

    assert changes == []


def test_source_changes_is_none_for_an_english_text_never_imported(tmp_path):
    course = import_sample_course(tmp_path)
    lesson = first_lesson()
    english = lesson.texts["en"].markdown

    assert source_changes(course, "lesson", lesson.slug, "0123456789ab", english) is None
    # The hash is known, but for another item or kind.
    first_hash = text_hash(body_of(LESSON_ONE))
    assert source_changes(course, "lesson", "second-lesson", first_hash, "Other.") is None
    assert source_changes(course, "quiz", lesson.slug, first_hash, "Other.") is None


def test_reimporting_a_text_already_kept_adds_no_revision(tmp_path):
    import_sample_course(tmp_path)
    import_sample_course(tmp_path)
    assert len(revisions()) == 4

    # The course changes elsewhere (a duration), so every item is imported again.
    longer = LESSON_TWO.replace("duration: 15", "duration: 20")
    import_sample_course(tmp_path, **{"01-basics/02-second.md": longer})
    assert len(revisions()) == 4

    import_sample_course(tmp_path, **{"01-basics/01-first.md": EDITED_ONE})
    # Back to the first text: its hash is already kept.
    import_sample_course(tmp_path, **{"01-basics/01-first.md": LESSON_ONE})
    assert len(revisions()) == 5
