"""The editor's preview, rendered on the server by the importer's renderer and sanitiser: a
lesson as trainees will read it, a quiz as its questions with their answers and problems."""

from pathlib import Path

from flask import render_template
from flask_babel import gettext as _
from markupsafe import Markup

from elearn.authoring.models import ItemKind
from elearn.content import quiz_syntax as syntax
from elearn.content.answer_keys import answer_key
from elearn.content.importer import question_text
from elearn.content.markdown import TooDeeplyNested, check_nesting, render
from elearn.content.source import Problems


def render_draft(kind: ItemKind, markdown: str) -> str:
    """The preview, or what keeps the text from being shown (saving it is refused as well)."""
    try:
        check_nesting(markdown)
    except TooDeeplyNested as error:
        return str(Markup("<p>%s</p>") % error.message)
    if kind == ItemKind.LESSON:
        return render(markdown)
    problems = Problems()
    questions = syntax.parse(markdown.replace("\r\n", "\n"), Path("draft"), 1, problems)
    return render_template(
        "authoring/_quiz_preview.html",
        questions=[(question, question_text(question)) for question in questions],
        problems=[line_problem(problem.line, problem.message) for problem in problems],
    )


def line_problem(line: int, message: str) -> str:
    return _("Line %(line)s: %(message)s", line=line, message=message)


def question_problems(block: str) -> list[str]:
    """What the quiz syntax and its answer keys find wrong in one question's text."""
    problems = Problems()
    try:
        check_nesting(block)
    except TooDeeplyNested as error:
        return [str(error.message)]
    for question in syntax.parse(block, Path("question"), 1, problems):
        answer_key(question, Path("question"), problems)
    return [problem.message for problem in problems]
