"""A small but complete course written to disk, for importer and delivery tests."""

import struct
import zlib
from pathlib import Path

from sqlalchemy import select

from elearn.content.importer import import_course
from elearn.content.loader import load_course
from elearn.content.models import Course
from elearn.content.source import text_hash
from elearn.extensions import db


def _png_pixel() -> bytes:
    """A valid one-pixel PNG image."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


PNG_1PX = _png_pixel()

COURSE_YML = """\
id: sample-course
title:
  en: Sample course
  uk: Зразковий курс
summary:
  en: A course for tests.
topic: cybercrime
level: introductory
subject_area: crypto-investigations
estimated_hours: 2
access: law-enforcement
audience:
  countries: [GE, UA]
  roles: []
completion:
  lessons: all
  quizzes: all
  final_exam_min_score: 70
certificate: true
"""

LESSON_ONE = """\
---
id: first-lesson
title: First lesson
duration: 10
---

## Why it matters

Text with an image: ![A chart](media/chart.png) and a [link](02-second.md).
"""

LESSON_TWO = """\
---
id: second-lesson
title: Second lesson
duration: 15
jurisdiction: UA
legal_basis: Criminal Procedure Code of Ukraine
review_by: 2020-01-31
---

The second lesson.
"""

QUIZ = """\
---
id: basics-check
title: Check
pass_mark: 70
attempts: 3
time_limit: 0
shuffle: true
show_feedback: after_submission
---

## single pick-one
Which one?

- [x] right: The right one
  > Yes.
- [ ] wrong: The wrong one

> General feedback.

## numerical count
How many?

- [x] exact: 3..5
"""

QUIZ_UK = """\
---
title: Перевірка
source_hash: {hash}
---

## single pick-one
Котрий?

- [x] right: Правильний
  > Так.
- [ ] wrong: Неправильний

> Загальний відгук.

## numerical count
Скільки?

- [x] exact: 3..5
"""


def body_of(text: str) -> str:
    return text.split("\n---\n", 1)[1]


def write_course(root: Path, **overrides: str) -> Path:
    """Write the sample course under ``root``; ``overrides`` maps relative paths to new text
    (an empty string deletes the file)."""
    folder = root / "sample-course"
    files = {
        "course.yml": COURSE_YML,
        "01-basics/module.yml": "id: basics\ntitle:\n  en: Basics\n  uk: Основи\n",
        "01-basics/01-first.md": LESSON_ONE,
        "01-basics/01-first.uk.md": (
            f"---\ntitle: Перший урок\nsource_hash: {text_hash(body_of(LESSON_ONE))}\n---\n\n"
            "Український текст ![Діаграма](media/chart.png).\n"
        ),
        "01-basics/02-second.md": LESSON_TWO,
        "01-basics/check.quiz.md": QUIZ,
        "01-basics/check.quiz.uk.md": QUIZ_UK.format(hash=text_hash(body_of(QUIZ))),
        "02-more/module.yml": "id: more\ntitle:\n  en: More\n",
        "02-more/01-third.md": (
            "---\nid: third-lesson\ntitle: Third lesson\nduration: 5\n---\n\nThird.\n"
        ),
    }
    files.update(overrides)
    for relative, text in files.items():
        path = folder / relative
        if text == "":
            path.unlink(missing_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (folder / "media").mkdir(exist_ok=True)
    (folder / "media" / "chart.png").write_bytes(PNG_1PX)
    return folder


def import_sample_course(root: Path, **overrides: str) -> Course:
    """Write the sample course (see ``write_course``), check it has no problem, import it."""
    source, problems = load_course(write_course(root, **overrides))
    assert problems == []
    import_course(source)
    db.session.commit()
    return db.session.scalar(select(Course).where(Course.slug == source.id))


def complete_sample_course(user, course: Course) -> None:
    """Every lesson completed and the quiz passed with every answer right, then the completion
    rule applied (which issues the certificate of a certifying course). The caller commits."""
    from elearn.content.models import Quiz
    from elearn.content.queries import ordered_lessons
    from elearn.learn.services import complete_lesson
    from elearn.models import utcnow
    from elearn.progress.completion import update_completion
    from elearn.quiz import services as quizzes

    for lesson in ordered_lessons(course):
        complete_lesson(user, lesson, utcnow())
    quiz = db.session.scalar(select(Quiz).where(Quiz.course_id == course.id))
    attempt = quizzes.start_or_resume(user, quiz, locale="en", now=utcnow())
    for question in quiz.questions:
        right = "right" if question.type == "single" else "4"
        quizzes.save_answer(attempt, question.id, right, now=utcnow())
    quizzes.submit(attempt, now=utcnow())
    update_completion(user, course, now=utcnow())
