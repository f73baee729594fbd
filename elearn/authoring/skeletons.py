"""Question skeletons in the quiz syntax (docs/course-format.md), one per question type, that
the quiz editor adds to a quiz for the author to fill in: nobody has to learn the syntax first."""

import re

from flask_babel import gettext as _

from elearn.content.question_types import question_type


def add_question(markdown: str, kind: str) -> str:
    """``markdown`` with a new question of that type at the end, under an id not yet used."""
    used = set(re.findall(r"^##\s+\S+\s+(\S+)", markdown, flags=re.MULTILINE))
    number = next(n for n in range(1, len(used) + 2) if f"{kind}-{n}" not in used)
    prompt = (
        _("Write the question here.") if question_type(kind).scored else _("Write the text here.")
    )
    answers = question_type(kind).skeleton()
    question = "\n".join([f"## {kind} {kind}-{number}", prompt, "", *answers])
    return f"{markdown.rstrip()}\n\n{question}\n".lstrip()
