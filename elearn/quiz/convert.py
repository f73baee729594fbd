"""Moodle questions (as ``gift.parse_gift`` returns them) written in the course format's quiz
syntax, so that they join a quiz file as a pool and go through the normal course import.

Each text is shown as Moodle shows it in its format (Moodle's format_text): HTML is sanitised by
the one sanitiser and kept as HTML; Moodle's own auto-format is HTML whose line breaks count; plain
text is escaped, so ``<html class="cool"> & images`` reads as written; Markdown stays Markdown."""

import html
import re

from elearn.content import quiz_syntax as syntax
from elearn.content.markdown import sanitise
from elearn.content.source import unique_id

# Moodle's answer weights become ours; a single-choice question has no partial credit here.
WEIGHTED_TYPES = {"multiple", "shortanswer", "numerical"}
# Markdown leaves a block that starts with one of these tags as it is.
BLOCK_TAG = re.compile(r"^<(?:p|div|pre|ul|ol|table|blockquote|h[1-6]|dl|figure|hr)\b", re.I)
MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]])")
# What would start a block in Markdown, or a line of the quiz syntax, at the start of a line.
LINE_START = re.compile(r"^(?:[#>+-]|\d+(?=\.))")
ONE_PARAGRAPH = re.compile(r"^<p>((?:(?!</?p\b).)*)</p>$", re.S)
TAG = re.compile(r"(<[^>]*>)")
ID_NUMBER_MAX = 100


def course_text(text: str, text_format: str, *, inline: bool = False) -> str:
    """A Moodle text as the quiz syntax's Markdown that renders as Moodle shows it; ``inline``
    for an answer or feedback, where a text in one paragraph loses the paragraph."""
    if text_format == "markdown":
        return text
    if text_format == "plain":
        return _inline(html.escape(text, quote=False).replace("\n", "<br>"))
    clean = sanitise(text.replace("\n", "<br>") if text_format == "moodle" else text).strip()
    if inline and (paragraph := ONE_PARAGRAPH.match(clean)):
        clean = paragraph[1].strip()
    if BLOCK_TAG.match(clean):
        return _raw_block(clean)
    return _inline(" ".join(clean.split()))


def _inline(markup: str) -> str:
    """HTML inside Markdown text: Markdown's own characters in the text between tags escaped, so
    that ``2*3*4`` stays as written, and no block (a list, a heading) started by the first."""
    escaped = "".join(
        part if part.startswith("<") else MARKDOWN_INLINE.sub(r"\\\1", part)
        for part in TAG.split(markup)
    )
    # "\-", "\#", "\>", "\+" and "1\." are Markdown's escapes of these.
    return LINE_START.sub(lambda m: m[0] + "\\" if m[0].isdigit() else "\\" + m[0], escaped)


def _raw_block(markup: str) -> str:
    """HTML that Markdown passes through as it is: one ``<div>`` with no blank line (which would
    end it). A line may not start like the quiz syntax's own lines (``## ``, ``- [x]``, ``> ``):
    such a first character becomes a character reference."""
    lines = [line if line.strip() else "&#32;" for line in markup.split("\n")]
    lines = [f"&#{ord(line[0])};{line[1:]}" if LINE_START.match(line) else line for line in lines]
    return "<div>" + "\n".join(lines) + "</div>"


def _plain_number(value: float) -> str:
    """A number as the quiz syntax reads it: never in exponent notation (1e-05)."""
    return f"{value:.10f}".rstrip("0").rstrip(".")


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _marker(kind: str, fraction: float) -> str:
    if kind in WEIGHTED_TYPES and fraction not in (0.0, 1.0):
        return f"[{fraction * 100:g}%]"
    return "[x]" if fraction >= 1 else "[ ]"


def _feedback(text: str, text_format: str, indent: str) -> list[str]:
    if not text.strip():
        return []
    return [f"{indent}> {_one_line(course_text(text, text_format, inline=True))}"]


def _answers(question: dict) -> list[str]:
    kind = question["type"]
    lines = []
    if kind == "matching":
        for number, pair in enumerate(question["pairs"], start=1):
            if not pair["left"]:  # Moodle's extra answer to choose from has no place here
                continue
            left = _one_line(course_text(pair["left"], pair["format"], inline=True))
            right = _one_line(course_text(pair["right"], "plain", inline=True))
            lines.append(f"- p{number}: {left} -> {right}")
    elif kind == "numerical":
        for number, answer in enumerate(question["numerical"], start=1):
            if answer["value"] == "*":  # Moodle's "any other answer" feedback has no place here
                continue
            tolerance = answer["tolerance"]
            value = _plain_number(answer["value"]) + (
                f" ± {_plain_number(tolerance)}" if tolerance else ""
            )
            lines.append(f"- {_marker(kind, answer['fraction'])} n{number}: {value}")
            lines += _feedback(answer["feedback"], answer["feedback_format"], "  ")
    else:
        for number, choice in enumerate(question["choices"], start=1):
            ident = choice["text"] if kind == "truefalse" else f"c{number}"
            if kind == "truefalse":
                text = choice["text"].capitalize()
            elif kind == "shortanswer":  # an accepted answer, compared with what trainees type
                text = _one_line(choice["text"])
            else:
                text = _one_line(course_text(choice["text"], choice["format"], inline=True))
            fraction = max(choice["fraction"], 0.0) if kind != "multiple" else choice["fraction"]
            lines.append(f"- {_marker(kind, fraction)} {ident}: {text}")
            lines += _feedback(choice["feedback"], choice["feedback_format"], "  ")
    return lines


def to_quiz_syntax(questions: list[dict], pool: str, taken: set[str]) -> str:
    """The questions as quiz Markdown, each in ``pool``, with ids unique among ``taken``; their
    Moodle tags and id number go into the heading."""
    blocks = []
    for question in questions:
        # A stable id from the question's Moodle name (ASCII, lower case), unique in the quiz.
        name = question["name"] or question["text"][:40]
        ident = unique_id(name, taken, fallback_prefix="gift")
        heading = syntax.Question(
            question["type"],
            ident,
            syntax.default_points(question["type"]),
            0,
            pool=pool,
            tags=question["tags"],
            idnumber=question["id_number"][:ID_NUMBER_MAX] or None,
        )
        text = course_text(question["text"], question["format"]).strip()
        lines = [syntax.write_heading(heading), text, ""]
        answers = _answers(question)
        if answers:
            lines += [*answers, ""]
        general = question["general_feedback"]
        if general.strip():
            text = course_text(general, question["general_feedback_format"])
            lines += [f"> {_one_line(text)}", ""]
        blocks.append("\n".join(lines))
    return "\n".join(blocks)
