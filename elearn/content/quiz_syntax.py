"""The quiz syntax of the course format (docs/course-format.md): parsing and checking.

Pure functions: text in, questions and problems out. Grading keys are built from the English
source only; translations supply texts for the same ids."""

import re
from pathlib import Path

from flask_babel import gettext as _

from elearn.content.question_types import QUESTION_TYPES, QuestionType
from elearn.content.question_types.parsed import Answer, Question
from elearn.content.source import ID_PATTERN, Problems

HEADING = re.compile(r"^##\s+(\S+)\s+(\S+)(?:\s+\{([^}]*)\})?\s*$")
# Heading attributes: key=value, or key="value with spaces".
ATTRIBUTE_WORD = re.compile(r'[a-z]+="[^"]*"|\S+')
ATTRIBUTE = re.compile(r'(?P<key>[a-z]+)=(?:"(?P<quoted>[^"]*)"|(?P<bare>[^\s"]+))')
ATTRIBUTE_VALUES = {
    "points": re.compile(r"\d+(?:\.\d+)?"),
    "pool": re.compile(r"[a-z][a-z0-9-]*"),
    "tags": re.compile(r"[^,]+(?:,[^,]+)*"),  # comma-separated
    "idnumber": re.compile(r".{1,100}"),
}
CHOICE = re.compile(r"^- \[(x| |-?\d{1,3}(?:\.\d+)?%)\] (\S+?): (.+)$")
PAIR = re.compile(r"^- (\S+?): (.+?) -> (.+)$")
STEP = re.compile(r"^(\d+)\. (\S+?): (.+)$")
CHOICE_FEEDBACK = re.compile(r"^\s{2,}> ?(.*)$")
GENERAL_FEEDBACK = re.compile(r"^> ?(.*)$")


def parse(body: str, path: Path, first_line: int, problems: Problems) -> list[Question]:
    """Split a quiz body into questions; syntax problems are added to ``problems``."""
    questions: list[Question] = []
    for offset, line in enumerate(body.split("\n")):
        number = first_line + offset
        if line.startswith("## "):
            questions.append(_heading(line, path, number, problems))
        elif not questions:
            if line.strip():
                problems.add(path, number, _("text before the first question ('## type id')"))
        else:
            _body_line(questions[-1], line, path, number, problems)
    if not questions:
        problems.add(path, first_line, _("the quiz has no questions"))
    return questions


def _heading(line: str, path: Path, number: int, problems: Problems) -> Question:
    match = HEADING.match(line)
    if not match:
        problems.add(path, number, _("a question heading must read '## <type> <id> {points=N}'"))
        return Question("description", "invalid", 0, number)
    kind, ident, attributes = match.groups()
    found = _attributes(attributes or "", path, number, problems)
    if kind not in QUESTION_TYPES:
        problems.add(
            path,
            number,
            _(
                "unknown question type '%(type)s' (use %(types)s)",
                type=kind,
                types=", ".join(QUESTION_TYPES),
            ),
        )
    if not ID_PATTERN.match(ident):
        problems.add(path, number, _("invalid question id '%(id)s'", id=ident))
    points = float(found.get("points", default_points(kind)))
    tags = [tag.strip() for tag in found.get("tags", "").split(",") if tag.strip()]
    return Question(
        kind,
        ident,
        points,
        number,
        pool=found.get("pool"),
        tags=tags,
        idnumber=found.get("idnumber") or None,
    )


def _attributes(text: str, path: Path, number: int, problems: Problems) -> dict[str, str]:
    """``points=2 pool=basics tags="fees,case law" idnumber=Q7`` as a dict; anything else is a
    problem."""
    found = {}
    for word in ATTRIBUTE_WORD.findall(text):
        match = ATTRIBUTE.fullmatch(word)
        value = match and (match["bare"] if match["quoted"] is None else match["quoted"])
        pattern = match and ATTRIBUTE_VALUES.get(match["key"])
        if pattern is None or not pattern.fullmatch(value):
            problems.add(
                path,
                number,
                _(
                    "unknown question attribute '%(attribute)s' (use points=N, pool=name, "
                    "tags=a,b, idnumber=X)",
                    attribute=word,
                ),
            )
            continue
        found[match["key"]] = value
    return found


def _body_line(question: Question, line: str, path: Path, number: int, problems: Problems):
    if question.feedback:
        if line.strip() and not GENERAL_FEEDBACK.match(line):
            problems.add(path, number, _("text after the question's general feedback"))
        question.feedback.append(GENERAL_FEEDBACK.sub(r"\1", line))
        return
    if question.answers and (feedback := CHOICE_FEEDBACK.match(line)):
        question.answers[-1].feedback.append(feedback.group(1))
        return
    if match := GENERAL_FEEDBACK.match(line):
        question.feedback.append(match.group(1))
        return
    answer = _answer(line, number)
    if answer is not None:
        question.answers.append(answer)
    elif question.answers and line.strip():
        problems.add(path, number, _("unexpected text among the answers"))
    elif not question.answers:
        question.prompt.append(line)


def _answer(line: str, number: int) -> Answer | None:
    if match := CHOICE.match(line):
        marker, ident, text = match.groups()
        return Answer(ident, number, text.strip(), marker=marker)
    if match := PAIR.match(line):
        ident, left, right = match.groups()
        return Answer(ident, number, left.strip(), right=right.strip())
    if match := STEP.match(line):
        position, ident, text = match.groups()
        return Answer(ident, number, text.strip(), position=int(position))
    return None


def default_points(kind: str) -> float:
    return QUESTION_TYPES.get(kind, QuestionType).default_points


def write_heading(question: Question) -> str:
    """``## type id {attributes}``, the attributes left out where they have their default."""
    points = question.points
    attributes = [f"points={points:g}"] if points != default_points(question.type) else []
    attributes += [f"pool={question.pool}"] if question.pool else []
    attributes += [_attribute("tags", ",".join(question.tags))] if question.tags else []
    attributes += [_attribute("idnumber", question.idnumber)] if question.idnumber else []
    heading = f"## {question.type} {question.id}"
    return heading + (" {" + " ".join(attributes) + "}" if attributes else "")


def write_question(question: Question) -> str:
    """The question in the quiz syntax, as ``parse`` reads it back (the web's question form)."""
    lines = [write_heading(question), question.prompt_text, ""]
    for answer in question.answers:
        lines.append(answer_line(answer))
        lines += [f"  > {line}" for line in answer.feedback if line.strip()]
    if question.answers:
        lines.append("")
    if question.feedback_text:
        lines += [f"> {line}" for line in question.feedback_text.split("\n")] + [""]
    return "\n".join(lines)


def _attribute(key: str, value: str) -> str:
    """``key=value``, quoted when the value has spaces; quotes and braces cannot be written."""
    value = value.replace('"', "").replace("}", "")
    return f'{key}="{value}"' if re.search(r"\s", value) else f"{key}={value}"


def answer_line(answer: Answer) -> str:
    """An answer's line in the quiz syntax (a choice, a pair or a step), without its feedback."""
    if answer.right is not None:
        return f"- {answer.id}: {answer.text} -> {answer.right}"
    if answer.position is not None:
        return f"{answer.position}. {answer.id}: {answer.text}"
    return f"- [{answer.marker}] {answer.id}: {answer.text}"


def question_spans(body: str) -> dict[str, tuple[int, int]]:
    """Each question's lines in ``body``: id → (first line, line after its last), 0-based."""
    questions = parse(body, Path("quiz"), 0, Problems())
    ends = [question.line for question in questions[1:]] + [len(body.split("\n"))]
    # Without questions the one end left over is not used.
    return {q.id: (q.line, end) for q, end in zip(questions, ends, strict=False)}
