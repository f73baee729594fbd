"""Moodle questions (as ``gift.parse_gift`` returns them) written in the course format's quiz
syntax, so that they join a quiz file as a pool and go through the normal course import."""

from elearn.content.source import unique_id

# Moodle's answer weights become ours; a single-choice question has no partial credit here.
WEIGHTED_TYPES = {"multiple", "shortanswer", "numerical"}


def _plain_number(value: float) -> str:
    """A number as the quiz syntax reads it: never in exponent notation (1e-05)."""
    return f"{value:.10f}".rstrip("0").rstrip(".")


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _marker(kind: str, fraction: float) -> str:
    if kind in WEIGHTED_TYPES and fraction not in (0.0, 1.0):
        return f"[{fraction * 100:g}%]"
    return "[x]" if fraction >= 1 else "[ ]"


def _feedback(text: str, indent: str) -> list[str]:
    return [f"{indent}> {_one_line(text)}"] if text.strip() else []


def _answers(question: dict) -> list[str]:
    kind = question["type"]
    lines = []
    if kind == "matching":
        for number, pair in enumerate(question["pairs"], start=1):
            lines.append(f"- p{number}: {_one_line(pair['left'])} -> {_one_line(pair['right'])}")
    elif kind == "numerical":
        for number, answer in enumerate(question["numerical"], start=1):
            if answer["value"] == "*":  # Moodle's "any other answer" feedback has no place here
                continue
            tolerance = answer["tolerance"]
            value = _plain_number(answer["value"]) + (
                f" ± {_plain_number(tolerance)}" if tolerance else ""
            )
            lines.append(f"- {_marker(kind, answer['fraction'])} n{number}: {value}")
            lines += _feedback(answer["feedback"], "  ")
    else:
        for number, choice in enumerate(question["choices"], start=1):
            ident = choice["text"] if kind == "truefalse" else f"c{number}"
            text = choice["text"].capitalize() if kind == "truefalse" else _one_line(choice["text"])
            fraction = max(choice["fraction"], 0.0) if kind != "multiple" else choice["fraction"]
            lines.append(f"- {_marker(kind, fraction)} {ident}: {text}")
            lines += _feedback(choice["feedback"], "  ")
    return lines


def to_quiz_syntax(questions: list[dict], pool: str, taken: set[str]) -> str:
    """The questions as quiz Markdown, each in ``pool``, with ids unique among ``taken``."""
    blocks = []
    for question in questions:
        # A stable id from the question's Moodle name (ASCII, lower case), unique in the quiz.
        name = question["name"] or question["text"][:40]
        ident = unique_id(name, taken, fallback_prefix="gift")
        lines = [f"## {question['type']} {ident} {{pool={pool}}}", question["text"].strip(), ""]
        answers = _answers(question)
        if answers:
            lines += [*answers, ""]
        if question["general_feedback"].strip():
            lines += [f"> {_one_line(question['general_feedback'])}", ""]
        blocks.append("\n".join(lines))
    return "\n".join(blocks)
