"""Moodle questions (as ``gift.parse_gift`` returns them) written in the course format's quiz
syntax, so that they join a quiz file as a pool and go through the normal course import.

Each text is shown as Moodle shows it in its format (Moodle's format_text): HTML is sanitised by
the one sanitiser and kept as HTML; Moodle's own auto-format is HTML whose line breaks count; plain
text is escaped, so ``<html class="cool"> & images`` reads as written; Markdown stays Markdown."""

import html
import re

from elearn.content import quiz_syntax as syntax
from elearn.content.markdown import sanitise
from elearn.content.question_types import question_type
from elearn.content.question_types.base import one_line
from elearn.content.source import unique_id

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


def _inline_line(text: str, text_format: str) -> str:
    """An answer's or a feedback's text on one line of the quiz syntax."""
    return one_line(course_text(text, text_format, inline=True))


def _answers(question: dict) -> list[str]:
    """The answer lines (with their feedback) as the question's type writes them."""
    lines = []
    for answer in question_type(question["type"]).moodle_answers(question, _inline_line):
        lines.append(syntax.answer_line(answer))
        lines += [f"  > {line}" for line in answer.feedback]
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
            lines += [f"> {one_line(text)}", ""]
        blocks.append("\n".join(lines))
    return "\n".join(blocks)
