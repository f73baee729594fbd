"""Adding imported (Moodle) questions to a quiz as a pool, through the course format, so that
files and database never disagree: the course is written out, the quiz file extended, the course
checked and imported again."""

import tempfile
from pathlib import Path

from elearn.content.exporter import export_course, write_markdown
from elearn.content.importer import import_course
from elearn.content.loader import CourseSource, load_course
from elearn.content.source import Problem, Problems, read_source
from elearn.quiz.convert import to_quiz_syntax
from elearn.quiz.models import Quiz
from elearn.quiz.syntax import parse as parse_quiz


class PoolImportError(Exception):
    """The questions would break the course; ``problems`` says how. Nothing was changed."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(map(str, problems)))
        self.problems = problems


def add_to_quiz_file(quiz_file: Path, questions: list[dict], pool: str) -> CourseSource:
    """Append the questions to a course's quiz file as a pool and return the course as loaded.
    If the course would no longer validate, the file is left as it was."""
    problems = Problems()
    source = read_source(quiz_file, problems)
    if source is None:
        raise PoolImportError(problems)
    taken = {q.id for q in parse_quiz(source.body, quiz_file, source.body_line, Problems())}
    meta = dict(source.meta)
    meta["draw"] = dict(meta.get("draw") or {})
    meta["draw"].setdefault(pool, len(questions))
    pooled = to_quiz_syntax(questions, pool, taken)
    original = quiz_file.read_text(encoding="utf-8")
    quiz_file.write_text(
        write_markdown(meta, f"{source.body.strip()}\n\n{pooled}"), encoding="utf-8"
    )
    course_folder = next(p for p in quiz_file.resolve().parents if (p / "course.yml").is_file())
    course, found = load_course(course_folder)
    if found:
        quiz_file.write_text(original, encoding="utf-8")
        raise PoolImportError(found)
    return course


def add_to_quiz(quiz: Quiz, questions: list[dict], pool: str) -> int:
    """The same for a quiz in the database (web upload): export, extend, check, re-import."""
    with tempfile.TemporaryDirectory() as workdir:
        folder = export_course(quiz.course, Path(workdir))
        course = add_to_quiz_file(folder / quiz.file, questions, pool)
        import_course(course)
    return len(questions)
