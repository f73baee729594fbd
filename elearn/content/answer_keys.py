"""Answer keys: what each question type expects (``elearn.content.question_types``), built from
the English source and checked."""

from pathlib import Path

from flask_babel import gettext as _

from elearn.content.question_types import QUESTION_TYPES, question_type
from elearn.content.question_types.base import Reporter
from elearn.content.quiz_syntax import Question
from elearn.content.source import ID_PATTERN, Problems


def answer_key(question: Question, path: Path, problems: Problems) -> dict:
    """The language-blind grading key of a question; problems are reported with line numbers.
    A question of an unknown type (reported by the parser) has none."""
    report = Reporter(path, problems, question)
    _check_ids(question, report)
    kind = QUESTION_TYPES.get(question.type)
    return kind.answer_key(question, report) if kind else {}


def _check_ids(question: Question, report: Reporter) -> None:
    seen = set()
    for answer in question.answers:
        if not ID_PATTERN.match(answer.id):
            report(_("invalid answer id '%(id)s'", id=answer.id), answer.line)
        if answer.id in seen:
            report(
                _("answer id '%(id)s' is used twice in this question", id=answer.id), answer.line
            )
        seen.add(answer.id)
    kind = QUESTION_TYPES.get(question.type)
    if kind and not kind.takes_answers and question.answers:
        report(
            _("a %(type)s question has no answers", type=question.type), question.answers[0].line
        )
    if not question.prompt_text:
        report(_("the question has no text"))


def check_translation(
    source: list[Question], translation: list[Question], path: Path, problems: Problems
) -> None:
    """A translated question has the source's type, ids and numbers. A question the translation
    lacks (added to the source since) is shown in English until it is translated."""
    by_id = {q.id: q for q in translation}
    for question in source:
        translated = by_id.pop(question.id, None)
        if translated is None:
            continue
        if (translated.type, translated.points, translated.pool) != (
            question.type,
            question.points,
            question.pool,
        ):
            problems.add(path, translated.line, _("type, points or pool differ from the source"))
        if [a.id for a in translated.answers] != [a.id for a in question.answers]:
            problems.add(path, translated.line, _("answer ids differ from the source"))
        elif (kind := QUESTION_TYPES.get(question.type)) is not None:
            kind.check_translated_answers(question, translated, path, problems)
    for extra in by_id.values():
        problems.add(path, extra.line, _("question '%(id)s' is not in the source", id=extra.id))


def model_response(kind: str, key: dict, texts: dict):
    """A response that earns full credit (for demo data and load tests); None for essays and
    descriptions, which have no key."""
    return question_type(kind).model_response(key, texts)
