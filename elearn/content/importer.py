"""Write a loaded course into the database: update by stable id, keep history, report changes.

The caller validates first (``loader.load_course``) and commits once; any exception leaves the
transaction to be rolled back, so an import is all or nothing."""

import datetime
import hashlib
import json
import posixpath
from dataclasses import asdict, dataclass, field
from pathlib import PurePosixPath

from sqlalchemy import delete, exists, select
from sqlalchemy.orm import selectinload

from elearn.content import markdown
from elearn.content.files import MEDIA_TYPES
from elearn.content.loader import (
    CourseSource,
    LessonSource,
    ModuleSource,
    QuizSource,
    Text,
)
from elearn.content.models import (
    ContentVersion,
    Course,
    Lesson,
    LessonText,
    MediaFile,
    Module,
    Question,
    Quiz,
    QuizText,
    SourceRevision,
)
from elearn.content.quiz_syntax import Question as ParsedQuestion
from elearn.content.signals import lesson_history_asked
from elearn.extensions import db
from elearn.i18n import SOURCE_LOCALE
from elearn.signals import anyone_agrees


def media_path(course_slug: str, name: str) -> str:
    """Where a course's media file is served (``catalog.views.media``)."""
    return f"/media/{course_slug}/{name}"


def lesson_path(course_slug: str, lesson_slug: str) -> str:
    """Where a lesson is read (``learn.views.lesson``)."""
    return f"/courses/{course_slug}/lessons/{lesson_slug}"


@dataclass
class ImportReport:
    course: str
    version: int
    created: bool = False
    unchanged: bool = False
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    archived: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            k: v
            for k, v in asdict(self).items()
            if k in ("added", "changed", "removed", "archived")
        }


def _digest(data) -> str:
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def import_course(source: CourseSource) -> ImportReport:
    content_hash = source.content_hash()
    course = db.session.scalar(select(Course).where(Course.slug == source.id))
    if course is not None and course.content_hash == content_hash:
        return ImportReport(source.id, course.version, unchanged=True)
    report = ImportReport(source.id, 1, created=course is None)
    if course is None:
        course = Course(slug=source.id, version=0)
        db.session.add(course)
    _course_fields(course, source, content_hash)
    db.session.flush()
    _Sync(course, report).run(source)
    course.version += 1
    report.version = course.version
    db.session.add(
        ContentVersion(
            course_id=course.id,
            number=course.version,
            content_hash=content_hash,
            changes=report.as_dict(),
        )
    )
    db.session.flush()
    return report


def _course_fields(course: Course, source: CourseSource, content_hash: str) -> None:
    meta = source.meta
    course.title = meta["title"]
    course.summary = meta["summary"]
    course.topic = meta["topic"]
    course.level = meta["level"]
    course.subject_area = meta["subject_area"]
    course.estimated_hours = meta["estimated_hours"]
    course.access = meta["access"]
    course.audience = meta["audience"]
    course.completion = meta["completion"]
    course.certifies = meta["certificate"]
    course.certificate_valid_years = meta["certificate_valid_years"]
    course.published = meta["published"]
    course.content_hash = content_hash
    course.updated_at = datetime.datetime.now(datetime.UTC)


class _Sync:
    def __init__(self, course: Course, report: ImportReport):
        self.course = course
        self.report = report
        self.modules = {
            m.slug: m
            for m in db.session.scalars(select(Module).where(Module.course_id == course.id))
        }
        self.lessons = {
            lesson.slug: lesson
            for lesson in db.session.scalars(
                select(Lesson)
                .where(Lesson.course_id == course.id)
                .options(selectinload(Lesson.texts))
            )
        }
        self.quizzes = {
            q.slug: q
            for q in db.session.scalars(
                select(Quiz).where(Quiz.course_id == course.id).options(selectinload(Quiz.texts))
            )
        }
        self.revisions = {
            tuple(row)
            for row in db.session.execute(
                select(SourceRevision.kind, SourceRevision.slug, SourceRevision.source_hash).where(
                    SourceRevision.course_id == course.id
                )
            )
        }

    def run(self, source: CourseSource) -> None:
        self.lesson_files = {
            lesson.file: lesson.id for module in source.modules for lesson in module.lessons
        }
        seen_lessons, seen_quizzes = set(), set()
        for position, module_source in enumerate(source.modules, start=1):
            module = self._module(module_source, position)
            for lesson_position, lesson in enumerate(module_source.lessons, start=1):
                self._lesson(module, lesson, lesson_position)
                seen_lessons.add(lesson.id)
            for quiz_position, quiz in enumerate(module_source.quizzes, start=1):
                self._quiz(module, quiz, quiz_position)
                seen_quizzes.add(quiz.id)
        for quiz_position, quiz in enumerate(source.quizzes, start=1):
            self._quiz(None, quiz, quiz_position)
            seen_quizzes.add(quiz.id)
        self._remove_lessons(set(self.lessons) - seen_lessons)
        self._remove_quizzes(set(self.quizzes) - seen_quizzes)
        self._remove_modules({m.id for m in source.modules})
        self._media(source.media)

    def _module(self, source: ModuleSource, position: int) -> Module:
        module = self.modules.get(source.id)
        if module is None:
            module = Module(course_id=self.course.id, slug=source.id, folder=source.folder)
            db.session.add(module)
            self.modules[source.id] = module
            self.report.added.append(f"module {source.id}")
        elif (module.title, module.position, module.is_archived) != (source.title, position, False):
            self.report.changed.append(f"module {source.id}")
        module.title, module.position, module.is_archived = source.title, position, False
        module.folder = source.folder
        db.session.flush()
        return module

    def _lesson(self, module: Module, source: LessonSource, position: int) -> None:
        digest = _digest(asdict(source))
        lesson = self.lessons.get(source.id)
        if lesson is None:
            lesson = Lesson(course_id=self.course.id, slug=source.id)
            db.session.add(lesson)
            self.report.added.append(f"lesson {source.id}")
        elif lesson.content_hash != digest or lesson.is_archived:
            self.report.changed.append(f"lesson {source.id}")
        lesson.module_id, lesson.position, lesson.is_archived = module.id, position, False
        lesson.file = source.file
        lesson.duration = source.duration
        lesson.jurisdiction = source.jurisdiction
        lesson.review_by = (
            datetime.date.fromisoformat(source.review_by) if source.review_by else None
        )
        if lesson.content_hash != digest:
            lesson.texts = {
                locale: LessonText(
                    locale=locale,
                    title=text.title,
                    markdown=text.markdown,
                    html=markdown.render(
                        text.markdown, self._media_url, self._link_resolver(source.file)
                    ),
                    source_hash=text.source_hash,
                    legal_basis=source.legal_basis.get(locale),
                )
                for locale, text in source.texts.items()
            }
        lesson.content_hash = digest
        self._keep_revision("lesson", source.id, source.texts[SOURCE_LOCALE])

    def _media_url(self, name: str) -> str:
        return media_path(self.course.slug, name)

    def _link_resolver(self, file: str):
        folder = PurePosixPath(file).parent

        def lesson_url(target: str) -> str | None:
            resolved = posixpath.normpath((folder / target).as_posix())
            slug = self.lesson_files.get(resolved)
            return lesson_path(self.course.slug, slug) if slug else None

        return lesson_url

    def _quiz(self, module: Module | None, source: QuizSource, position: int) -> None:
        texts = {locale: asdict(text) for locale, text in source.texts.items()}
        digest = _digest({"file": source.file, "settings": source.settings, "texts": texts})
        quiz = self.quizzes.get(source.id)
        if quiz is None:
            quiz = Quiz(course_id=self.course.id, slug=source.id, content_hash="")
            db.session.add(quiz)
            self.report.added.append(f"quiz {source.id}")
        elif quiz.content_hash != digest or quiz.is_archived:
            self.report.changed.append(f"quiz {source.id}")
        quiz.module_id = module.id if module else None
        quiz.position, quiz.settings, quiz.is_archived = position, source.settings, False
        quiz.file = source.file
        if quiz.content_hash != digest:
            quiz.texts = {
                locale: QuizText(
                    locale=locale, title=t.title, markdown=t.markdown, source_hash=t.source_hash
                )
                for locale, t in source.texts.items()
            }
            _questions(quiz, source)
        quiz.content_hash = digest
        self._keep_revision("quiz", source.id, source.texts[SOURCE_LOCALE])

    def _keep_revision(self, kind: str, slug: str, english: Text) -> None:
        """Keep the English text under its hash, once, for the diffs of stale translations."""
        key = (kind, slug, english.source_hash)
        if key in self.revisions:
            return
        self.revisions.add(key)
        db.session.add(
            SourceRevision(
                course_id=self.course.id,
                kind=kind,
                slug=slug,
                source_hash=english.source_hash,
                markdown=english.markdown,
            )
        )

    def _retire(self, kind: str, slug: str, item, has_history: bool) -> None:
        """Archive an item that history refers to; delete one that nothing refers to."""
        if has_history:
            if not item.is_archived:
                item.is_archived = True
                self.report.archived.append(f"{kind} {slug}")
        else:
            db.session.delete(item)
            self.report.removed.append(f"{kind} {slug}")

    def _remove_lessons(self, slugs: set[str]) -> None:
        for slug in sorted(slugs):
            lesson = self.lessons[slug]
            self._retire("lesson", slug, lesson, anyone_agrees(lesson_history_asked, lesson))
        db.session.flush()

    def _remove_quizzes(self, slugs: set[str]) -> None:
        for slug in sorted(slugs):
            db.session.delete(self.quizzes[slug])
            self.report.removed.append(f"quiz {slug}")
        db.session.flush()

    def _remove_modules(self, kept: set[str]) -> None:
        for slug, module in self.modules.items():
            if slug not in kept:
                lessons = exists().where(Lesson.module_id == module.id)
                self._retire("module", slug, module, db.session.scalar(select(lessons)))

    def _media(self, media: dict[str, bytes]) -> None:
        db.session.execute(delete(MediaFile).where(MediaFile.course_id == self.course.id))
        for name, data in media.items():
            content_type = MEDIA_TYPES[PurePosixPath(name).suffix.lower()]
            db.session.add(
                MediaFile(course_id=self.course.id, name=name, content_type=content_type, data=data)
            )


def _questions(quiz: Quiz, source: QuizSource) -> None:
    existing = {q.slug: q for q in quiz.questions}
    ordered = []
    for position, parsed in enumerate(source.questions["en"], start=1):
        question = existing.get(parsed.id) or Question(slug=parsed.id)
        question.position = position
        question.type = parsed.type
        question.points = parsed.points
        question.pool = parsed.pool
        question.tags, question.idnumber = parsed.tags, parsed.idnumber
        question.answer_key = source.answer_keys[parsed.id]
        question.texts = {
            locale: question_text(translated)
            for locale, questions in source.questions.items()
            for translated in questions
            if translated.id == parsed.id
        }
        ordered.append(question)
    quiz.questions = ordered


def question_text(question: ParsedQuestion) -> dict:
    return {
        "prompt": markdown.render(question.prompt_text),
        "feedback": markdown.render(question.feedback_text) if question.feedback_text else "",
        "answers": {
            answer.id: {
                "text": answer.text,
                "html": markdown.render_inline(answer.text),
                "right": markdown.render_inline(answer.right) if answer.right else None,
                "feedback": markdown.render_inline("\n".join(answer.feedback).strip()),
            }
            for answer in question.answers
        },
    }
