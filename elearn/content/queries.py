"""Read-side questions about course content: outlines, language coverage, titles.

Pages read only what they show: titles by column queries, one lesson text with its HTML, and
coverage counted by the database; none loads every language's Markdown and HTML (issue 16)."""

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import load_only, selectinload

from elearn.content.models import Course, Lesson, LessonText, Module, Question, Quiz, QuizText
from elearn.extensions import db
from elearn.i18n import LOCALES, SOURCE_LOCALE, localized


@dataclass(frozen=True)
class OutlineModule:
    module: Module
    lessons: list[Lesson]
    quizzes: list[Quiz]


def outline(
    course: Course, quizzes_of_course: list[Quiz] | None = None, *, with_texts: bool = False
) -> list[OutlineModule]:
    """The course's current modules and lessons, in order, without archived items
    (``quizzes_of_course``: ``course_quizzes(course)`` when the caller has them already;
    ``with_texts``: every language's texts loaded too, for authoring)."""
    query = (
        select(Lesson)
        .join(Lesson.module)
        .where(Lesson.course_id == course.id, Lesson.is_archived.is_(False))
        .order_by(Module.position, Lesson.position)
    )
    if with_texts:
        query = query.options(selectinload(Lesson.texts))
    lessons = db.session.scalars(query).all()
    by_module: dict[int, list[Lesson]] = {}
    for lesson in lessons:
        by_module.setdefault(lesson.module_id, []).append(lesson)
    quizzes: dict[int | None, list[Quiz]] = {}
    if quizzes_of_course is None:
        quizzes_of_course = course_quizzes(course, with_texts=with_texts)
    for quiz in quizzes_of_course:
        quizzes.setdefault(quiz.module_id, []).append(quiz)
    return [
        OutlineModule(module, by_module.get(module.id, []), quizzes.get(module.id, []))
        for module in course.modules
        if not module.is_archived
    ]


def course_quizzes(course: Course, *, with_texts: bool = False) -> list[Quiz]:
    query = (
        select(Quiz)
        .where(Quiz.course_id == course.id, Quiz.is_archived.is_(False))
        .order_by(Quiz.module_id.is_(None), Quiz.position)
    )
    if with_texts:
        query = query.options(selectinload(Quiz.texts))
    return list(db.session.scalars(query))


def final_exams(course: Course) -> list[Quiz]:
    return [quiz for quiz in course_quizzes(course) if quiz.module_id is None]


def _current_lessons():
    """Lessons neither archived nor in an archived module: the ones readers see."""
    return (
        select(Lesson)
        .join(Lesson.module)
        .where(Lesson.is_archived.is_(False), Module.is_archived.is_(False))
    )


def ordered_lessons(course: Course, *, with_texts: bool = False) -> list[Lesson]:
    """The course's current lessons in reading order, in one query (as ``outline`` lists them)."""
    query = (
        _current_lessons()
        .where(Lesson.course_id == course.id)
        .order_by(Module.position, Lesson.position)
    )
    if with_texts:
        query = query.options(selectinload(Lesson.texts))
    return list(db.session.scalars(query))


def _english_first(coverage: dict[str, int]) -> dict[str, int]:
    order = {locale: position for position, locale in enumerate(LOCALES)}
    return dict(
        sorted(
            coverage.items(),
            key=lambda item: (item[0] != SOURCE_LOCALE, order.get(item[0], len(order))),
        )
    )


def language_coverage(lessons: list[Lesson]) -> dict[str, int]:
    """Percent of ``lessons`` available in each locale (English first), counted in one query."""
    if not lessons:
        return {}
    rows = db.session.execute(
        select(LessonText.locale, func.count())
        .where(LessonText.lesson_id.in_([lesson.id for lesson in lessons]))
        .group_by(LessonText.locale)
    )
    return _english_first({locale: round(100 * n / len(lessons)) for locale, n in rows if n})


def coverage_by_course(course_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """Per course, the percent of its current lessons available in each locale (English first),
    counted by the database in one query; a course without lessons has ``{}``."""
    ids = list(course_ids)
    current = (
        _current_lessons()
        .with_only_columns(Lesson.id, Lesson.course_id)
        .where(Lesson.course_id.in_(ids))
        .cte("current_lessons")
    )
    totals = (
        select(current.c.course_id, func.count().label("total"))
        .group_by(current.c.course_id)
        .subquery("totals")
    )
    rows = db.session.execute(
        select(current.c.course_id, LessonText.locale, func.count(), totals.c.total)
        .join(LessonText, LessonText.lesson_id == current.c.id)
        .join(totals, totals.c.course_id == current.c.course_id)
        .group_by(current.c.course_id, LessonText.locale, totals.c.total)
    )
    counts: dict[int, dict[str, int]] = {course_id: {} for course_id in ids}
    for course_id, locale, count, total in rows:
        counts[course_id][locale] = round(100 * count / total)
    return {course_id: _english_first(coverage) for course_id, coverage in counts.items()}


def _localized_titles(rows, locale: str) -> dict[int, str]:
    texts: dict[int, dict[str, str]] = {}
    for item_id, code, title in rows:
        texts.setdefault(item_id, {})[code] = title
    return {
        item_id: localized(titles, locale)
        if SOURCE_LOCALE in titles
        else next(iter(titles.values()))
        for item_id, titles in texts.items()
    }


def lesson_titles(lesson_ids: Iterable[int], locale: str) -> dict[int, str]:
    """The lessons' titles in ``locale``, else in English: two short columns, one query."""
    ids = list(lesson_ids)
    if not ids:
        return {}
    return _localized_titles(
        db.session.execute(
            select(LessonText.lesson_id, LessonText.locale, LessonText.title).where(
                LessonText.lesson_id.in_(ids), LessonText.locale.in_({locale, SOURCE_LOCALE})
            )
        ),
        locale,
    )


def quiz_titles(quiz_ids: Iterable[int], locale: str) -> dict[int, str]:
    """The quizzes' titles in ``locale``, else in English, without their question lists."""
    ids = list(quiz_ids)
    if not ids:
        return {}
    return _localized_titles(
        db.session.execute(
            select(QuizText.quiz_id, QuizText.locale, QuizText.title).where(
                QuizText.quiz_id.in_(ids), QuizText.locale.in_({locale, SOURCE_LOCALE})
            )
        ),
        locale,
    )


def question_counts(quiz_ids: Iterable[int]) -> dict[int, int]:
    ids = list(quiz_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        select(Question.quiz_id, func.count())
        .where(Question.quiz_id.in_(ids))
        .group_by(Question.quiz_id)
    )
    return dict.fromkeys(ids, 0) | {quiz_id: count for quiz_id, count in rows}


@dataclass(frozen=True)
class Reading:
    """What the lesson page shows of a lesson's texts."""

    text: LessonText  # the one shown, with its HTML (its Markdown is not read)
    locales: list[str]  # every language the lesson is available in
    stale: bool  # a translation made from an older English text
    english_legal_basis: str | None
    neighbour_titles: dict[int, str]  # in the reader's language, else English


def lesson_reading(
    lesson: Lesson, *, requested: str | None, reader_locale: str, neighbour_ids: list[int]
) -> Reading:
    """The lesson in the requested language if it has it, else the reader's, else English; in
    two queries: the short columns of its languages and its neighbours' titles, then one HTML."""
    rows = db.session.execute(
        select(
            LessonText.lesson_id,
            LessonText.locale,
            LessonText.title,
            LessonText.source_hash,
            LessonText.legal_basis,
        ).where(
            (LessonText.lesson_id == lesson.id)
            | (
                LessonText.lesson_id.in_(neighbour_ids)
                & LessonText.locale.in_({reader_locale, SOURCE_LOCALE})
            )
        )
    ).all()
    own = {row.locale: row for row in rows if row.lesson_id == lesson.id}
    if requested in own:
        locale = requested
    else:
        locale = reader_locale if reader_locale in own else SOURCE_LOCALE
    text = db.session.scalars(
        select(LessonText)
        .options(load_only(LessonText.title, LessonText.html, LessonText.legal_basis))
        .where(LessonText.lesson_id == lesson.id, LessonText.locale == locale)
    ).one()
    english = own.get(SOURCE_LOCALE)
    return Reading(
        text=text,
        locales=[code for code in LOCALES if code in own],
        stale=english is not None
        and locale != SOURCE_LOCALE
        and own[locale].source_hash != english.source_hash,
        english_legal_basis=english.legal_basis if english else None,
        neighbour_titles=_localized_titles(
            [(row.lesson_id, row.locale, row.title) for row in rows if row.lesson_id != lesson.id],
            reader_locale,
        ),
    )


def is_stale(text: LessonText, source: LessonText) -> bool:
    """A translation made from an older English text."""
    return text.locale != SOURCE_LOCALE and text.source_hash != source.source_hash
