"""Read-side questions about course content: outlines, language coverage."""

from dataclasses import dataclass

from sqlalchemy import select

from elearn.content.models import Course, Lesson, LessonText, Module, Quiz
from elearn.extensions import db
from elearn.i18n import LOCALES, SOURCE_LOCALE


@dataclass(frozen=True)
class OutlineModule:
    module: Module
    lessons: list[Lesson]
    quizzes: list[Quiz]


def outline(course: Course) -> list[OutlineModule]:
    """The course's current modules and lessons, in order, without archived items."""
    lessons = db.session.scalars(
        select(Lesson)
        .join(Lesson.module)
        .where(Lesson.course_id == course.id, Lesson.is_archived.is_(False))
        .order_by(Module.position, Lesson.position)
    ).all()
    by_module: dict[int, list[Lesson]] = {}
    for lesson in lessons:
        by_module.setdefault(lesson.module_id, []).append(lesson)
    quizzes: dict[int | None, list[Quiz]] = {}
    for quiz in course_quizzes(course):
        quizzes.setdefault(quiz.module_id, []).append(quiz)
    return [
        OutlineModule(module, by_module.get(module.id, []), quizzes.get(module.id, []))
        for module in course.modules
        if not module.is_archived
    ]


def course_quizzes(course: Course) -> list[Quiz]:
    return list(
        db.session.scalars(
            select(Quiz)
            .where(Quiz.course_id == course.id, Quiz.is_archived.is_(False))
            .order_by(Quiz.module_id.is_(None), Quiz.position)
        )
    )


def final_exams(course: Course) -> list[Quiz]:
    return [quiz for quiz in course_quizzes(course) if quiz.module_id is None]


def ordered_lessons(course: Course) -> list[Lesson]:
    return [lesson for part in outline(course) for lesson in part.lessons]


def language_coverage(lessons: list[Lesson]) -> dict[str, int]:
    """Percent of lessons available in each locale (English first)."""
    if not lessons:
        return {}
    counts = dict.fromkeys(LOCALES, 0)
    for lesson in lessons:
        for locale in lesson.texts:
            counts[locale] += 1
    coverage = {locale: round(100 * n / len(lessons)) for locale, n in counts.items() if n}
    return dict(sorted(coverage.items(), key=lambda item: item[0] != SOURCE_LOCALE))


def is_stale(text: LessonText, source: LessonText) -> bool:
    """A translation made from an older English text."""
    return text.locale != SOURCE_LOCALE and text.source_hash != source.source_hash
