"""Write a course from the database back into the course format (docs/course-format.md)."""

from pathlib import Path

import yaml
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from elearn.content.models import Course, Lesson, LessonText, MediaFile, Module, Quiz
from elearn.extensions import db
from elearn.i18n import SOURCE_LOCALE


def write_yaml(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def write_markdown(meta: dict, body: str) -> str:
    """A course-format Markdown file: YAML front matter, then the body."""
    return f"---\n{write_yaml(meta)}---\n\n{body}\n"


def export_course(course: Course, destination: Path) -> Path:
    """Write ``course`` into ``destination/<course id>/`` and return that folder."""
    folder = destination / course.slug
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "course.yml").write_text(write_yaml(_course_meta(course)), encoding="utf-8")
    for module in course.modules:
        if not module.is_archived:
            _write_module(folder, module)
    _write_quizzes(folder, _quizzes(course, module=None))
    for media in db.session.scalars(select(MediaFile).where(MediaFile.course_id == course.id)):
        path = folder / "media" / media.name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(media.data)
    return folder


def _course_meta(course: Course) -> dict:
    meta = {
        "id": course.slug,
        "title": course.title,
        "summary": course.summary,
        "topic": course.topic,
        "level": course.level,
        "subject_area": course.subject_area,
        "estimated_hours": course.estimated_hours,
        "access": course.access,
        "audience": course.audience,
        "completion": course.completion,
        "certificate": course.certifies,
    }
    if course.certificate_valid_years:
        meta["certificate_valid_years"] = course.certificate_valid_years
    if not course.published:
        meta["published"] = False
    return meta


def _write_module(course_folder: Path, module: Module) -> None:
    folder = course_folder / module.folder
    folder.mkdir(exist_ok=True)
    (folder / "module.yml").write_text(
        write_yaml({"id": module.slug, "title": module.title}), encoding="utf-8"
    )
    lessons = db.session.scalars(
        select(Lesson)
        .where(Lesson.module_id == module.id, Lesson.is_archived.is_(False))
        .order_by(Lesson.position)
        .options(selectinload(Lesson.texts))
    )
    for lesson in lessons:
        _write_lesson(course_folder, lesson)
    _write_quizzes(course_folder, _quizzes(module.course, module=module))


def lesson_front_matter(lesson: Lesson) -> dict:
    """A lesson's front matter besides its id and title."""
    optional = {
        "jurisdiction": lesson.jurisdiction,
        "legal_basis": lesson.legal_basis,
        "review_by": lesson.review_by.isoformat() if lesson.review_by else None,
    }
    return {"duration": lesson.duration} | {k: v for k, v in optional.items() if v is not None}


def lesson_translation_front_matter(text: LessonText) -> dict:
    """A lesson translation's front matter besides its title and source hash."""
    return {"legal_basis": text.legal_basis} if text.legal_basis else {}


def _write_lesson(course_folder: Path, lesson: Lesson) -> None:
    meta = {"id": lesson.slug, "title": lesson.texts[SOURCE_LOCALE].title}
    _write_versions(
        course_folder / lesson.file,
        meta | lesson_front_matter(lesson),
        lesson.texts,
        lesson_translation_front_matter,
    )


def _write_versions(source_file: Path, source_meta: dict, texts: dict, translation_meta=None):
    """The English file with ``source_meta``, and each translation beside it with its title,
    the hash of the source it was made from and what ``translation_meta`` adds."""
    stem = source_file.name.removesuffix(".md")
    for locale, text in texts.items():
        if locale == SOURCE_LOCALE:
            path, meta = source_file, source_meta
        else:
            path = source_file.with_name(f"{stem}.{locale}.md")
            meta = {"title": text.title, "source_hash": text.source_hash}
            meta |= translation_meta(text) if translation_meta else {}
        path.write_text(write_markdown(meta, text.markdown), encoding="utf-8")


def _quizzes(course: Course, module: Module | None) -> list[Quiz]:
    query = (
        select(Quiz)
        .where(Quiz.course_id == course.id, Quiz.is_archived.is_(False))
        .options(selectinload(Quiz.texts))
    )
    if module is None:
        query = query.where(Quiz.module_id.is_(None))
    else:
        query = query.where(Quiz.module_id == module.id)
    return list(db.session.scalars(query.order_by(Quiz.position)))


def _write_quizzes(course_folder: Path, quizzes: list[Quiz]) -> None:
    for quiz in quizzes:
        meta = {"id": quiz.slug, "title": quiz.texts[SOURCE_LOCALE].title, **quiz.settings}
        _write_versions(course_folder / quiz.file, meta, quiz.texts)
