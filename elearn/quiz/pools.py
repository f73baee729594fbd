"""Adding imported (Moodle) questions to a quiz as a pool: to a quiz file (``flask quiz
import-gift --into``), checked with its course, or to the text of a quiz draft in the editor."""

from pathlib import Path

from flask_babel import gettext as _

from elearn.content.answer_keys import answer_key
from elearn.content.exporter import write_markdown
from elearn.content.loader import CourseSource, load_course
from elearn.content.quiz_syntax import parse as parse_quiz
from elearn.content.source import Problem, Problems, read_source
from elearn.quiz.convert import to_quiz_syntax


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


def add_pool(markdown: str, questions: list[dict], pool: str) -> str:
    """A quiz text with the questions appended as a pool, under ids not used in it yet (the web
    editor: the author then saves the draft and submits it for review like any change). Any
    question the course format would refuse refuses them all, named by its place in the file."""
    taken = {q.id for q in parse_quiz(markdown, POOL, 1, Problems())}
    pooled = to_quiz_syntax(questions, pool, taken)
    problems = Problems()
    parsed = parse_quiz(pooled, POOL, 1, problems)
    for question in parsed:
        answer_key(question, POOL, problems)
    if problems:
        raise PoolImportError([_by_question(problem, parsed) for problem in problems])
    return f"{markdown.rstrip()}\n\n{pooled}".lstrip()


POOL = Path("pool")


def _by_question(problem: Problem, parsed: list) -> Problem:
    number, question = max(
        (pair for pair in enumerate(parsed, start=1) if pair[1].line <= problem.line),
        key=lambda pair: pair[1].line,
    )
    message = _(
        "Question %(number)s (%(id)s): %(message)s",
        number=number,
        id=question.id,
        message=problem.message,
    )
    return Problem(POOL, number, message)
