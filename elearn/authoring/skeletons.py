"""Question skeletons in the quiz syntax (docs/course-format.md), one per question type, that
the quiz editor adds to a quiz for the author to fill in: nobody has to learn the syntax first."""

import re

from flask_babel import gettext as _


def _answers(kind: str) -> list[str]:
    right, wrong, accepted = _("A right answer"), _("A wrong answer"), _("An accepted answer")
    term, meaning, step = _("Term"), _("Its meaning"), _("A step")
    # The answer ids are what grading and statistics use; the texts may change freely.
    return {
        "single": [f"- [x] right: {right}", f"- [ ] wrong-1: {wrong}", f"- [ ] wrong-2: {wrong}"],
        "multiple": [f"- [x] right-1: {right}", f"- [x] right-2: {right}", f"- [ ] wrong: {wrong}"],
        # The English source says True and False; translations translate them.
        "truefalse": ["- [x] true: True", "- [ ] false: False"],
        "shortanswer": [f"- [100%] answer-1: {accepted}"],
        "numerical": ["- [x] value: 42 ± 0.5"],
        "matching": [f"- pair-{n}: {term} -> {meaning}" for n in range(1, 4)],
        "ordering": [f"{n}. step-{n}: {step}" for n in range(1, 4)],
    }.get(kind, [])


def add_question(markdown: str, kind: str) -> str:
    """``markdown`` with a new question of that type at the end, under an id not yet used."""
    used = set(re.findall(r"^##\s+\S+\s+(\S+)", markdown, flags=re.MULTILINE))
    number = next(n for n in range(1, len(used) + 2) if f"{kind}-{n}" not in used)
    prompt = _("Write the question here.") if kind != "description" else _("Write the text here.")
    question = "\n".join([f"## {kind} {kind}-{number}", prompt, "", *_answers(kind)])
    return f"{markdown.rstrip()}\n\n{question}\n".lstrip()
