"""Load a course folder (docs/course-format.md) into plain data, reporting every problem.

Nothing here touches the database: ``load_course`` returns the parsed course and the problems
found, each as ``file:line: message``; the importer only ever sees a course without problems."""

import datetime
import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from flask_babel import gettext as _

from elearn.content import answer_keys as keys
from elearn.content import markdown
from elearn.content import quiz_syntax as syntax
from elearn.content.checks import FieldChecker, check_path_length, column_length
from elearn.content.files import LINK, link_problem, read_media, symbolic_links
from elearn.content.models import Course, Lesson, LessonText, Module, Question, Quiz, QuizText
from elearn.content.source import (
    Problems,
    SourceFile,
    load_yaml,
    read_source,
    read_text,
    text_hash,
)
from elearn.i18n import LOCALES, SOURCE_LOCALE

TOPICS = ("cybercrime", "financial-crime", "digital-forensics", "training-methodology")
LEVELS = ("introductory", "intermediate", "advanced")
ACCESS_TIERS = ("public", "law-enforcement", "restricted")
JURISDICTIONS = ("AM", "AZ", "GE", "MD", "UA", "EU", "COE")
SHOW_FEEDBACK = ("immediately", "after_submission", "after_close", "never")
QUIZ_PURPOSES = ("check", "pretest", "posttest")
COURSE_KEYS = {
    "id",
    "title",
    "summary",
    "topic",
    "level",
    "subject_area",
    "estimated_hours",
    "access",
    "audience",
    "completion",
    "certificate",
    "certificate_valid_years",
    "published",
}
LESSON_KEYS = {"id", "title", "duration", "jurisdiction", "legal_basis", "review_by"}
QUIZ_KEYS = {
    "id",
    "title",
    "pass_mark",
    "attempts",
    "time_limit",
    "cooldown",
    "shuffle",
    "show_feedback",
    "draw",
    "purpose",
}
TRANSLATION_KEYS = {"title", "source_hash"}
LESSON_TRANSLATION_KEYS = TRANSLATION_KEYS | {"legal_basis"}


@dataclass
class Text:
    """One language version of a lesson or quiz: its title, Markdown body and, for a
    translation, the hash of the English body it was made from."""

    title: str
    markdown: str
    source_hash: str


@dataclass
class LessonSource:
    id: str
    file: str  # path of the English file within the course folder, e.g. "01-basics/02-x.md"
    duration: int
    jurisdiction: str | None
    review_by: str | None
    texts: dict[str, Text]
    legal_basis: dict[str, str]  # {locale: text}, the English and any translation's own


@dataclass
class QuizSource:
    id: str
    file: str
    settings: dict
    texts: dict[str, Text]
    answer_keys: dict[str, dict]
    questions: dict[str, list[syntax.Question]] = field(repr=False, default_factory=dict)


@dataclass
class ModuleSource:
    id: str
    folder: str
    title: dict[str, str]
    lessons: list[LessonSource] = field(default_factory=list)
    quizzes: list[QuizSource] = field(default_factory=list)


@dataclass
class CourseSource:
    id: str
    meta: dict
    modules: list[ModuleSource]
    quizzes: list[QuizSource]
    media: dict[str, bytes]

    @property
    def title(self) -> dict[str, str]:
        return self.meta["title"]

    def content_hash(self) -> str:
        """A hash of everything the course says, independent of file names and formatting."""
        data = {
            "meta": self.meta,
            "modules": [_module_data(m) for m in self.modules],
            "quizzes": [_quiz_data(q) for q in self.quizzes],
            "media": {name: hashlib.sha256(data).hexdigest() for name, data in self.media.items()},
        }
        canonical = json.dumps(data, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _module_data(module: ModuleSource) -> dict:
    return {
        "id": module.id,
        "folder": module.folder,
        "title": module.title,
        "lessons": [asdict(lesson) for lesson in module.lessons],
        "quizzes": [_quiz_data(q) for q in module.quizzes],
    }


def _quiz_data(quiz: QuizSource) -> dict:
    return {
        "id": quiz.id,
        "file": quiz.file,
        "settings": quiz.settings,
        "texts": {k: asdict(v) for k, v in quiz.texts.items()},
    }


def author_warnings(course: CourseSource, folder: Path, today: datetime.date) -> list[str]:
    """What authors should act on but does not block an import: lessons past their legal
    review date, and translations made from an older English text (stale)."""
    warnings = []
    items = [
        (item.file, item.texts)
        for module in course.modules
        for item in [*module.lessons, *module.quizzes]
    ] + [(quiz.file, quiz.texts) for quiz in course.quizzes]
    for module in course.modules:
        for lesson in module.lessons:
            if lesson.review_by and lesson.review_by < today.isoformat():
                warnings.append(
                    f"{folder / lesson.file}: legal review was due on {lesson.review_by}"
                )
    for file, texts in items:
        current = texts[SOURCE_LOCALE].source_hash
        for locale, text in texts.items():
            if text.source_hash != current:
                warnings.append(f"{folder / file}: the {locale} translation is stale")
    return warnings


def load_course(folder: Path) -> tuple[CourseSource | None, Problems]:
    problems = Problems()
    course = _CourseReader(folder, problems).read()
    return (None if problems else course), problems


def _duplicate_id(kind: str, ident: str, first: Path) -> str:
    """One whole sentence per kind, so that each translates with its own grammar."""
    if kind == "module":
        return _("duplicate module id '%(id)s' (also in %(file)s)", id=ident, file=first)
    if kind == "lesson":
        return _("duplicate lesson id '%(id)s' (also in %(file)s)", id=ident, file=first)
    return _("duplicate quiz id '%(id)s' (also in %(file)s)", id=ident, file=first)


class _CourseReader:
    def __init__(self, folder: Path, problems: Problems):
        self.folder = folder
        self.problems = problems
        self.ids: dict[str, dict[str, Path]] = {"module": {}, "lesson": {}, "quiz": {}}
        self.media: dict[str, bytes] = {}

    def read(self) -> CourseSource | None:
        course_file = self.folder / "course.yml"
        if not course_file.is_file():
            self.problems.add(course_file, 1, _("course.yml is missing"))
            return None
        if symbolic_links(self.folder, self.problems):
            return None
        meta = self._course_meta(course_file)
        self.media = read_media(self.folder, self.problems)
        modules = [
            module
            for folder in sorted(p for p in self.folder.iterdir() if p.is_dir())
            if folder.name != "media" and (module := self._module(folder))
        ]
        lessons, quizzes = self._items(self.folder)
        if lessons:
            self.problems.add(lessons[0][1], 1, _("lessons belong in a module folder"))
        if meta is None:
            return None
        if not modules:
            self.problems.add(course_file, 1, _("the course has no module folders"))
        return CourseSource(meta["id"], meta, modules, quizzes, self.media)

    # course.yml and module.yml -------------------------------------------------------------

    def _course_meta(self, path: Path) -> dict | None:
        text = read_text(path, self.problems)
        data, lines = load_yaml(text or "", path, self.problems)
        if not isinstance(data, dict):
            if text is not None and data is not None:
                self.problems.add(path, 1, _("course.yml must be a mapping of keys to values"))
            return None
        check = FieldChecker(path, lines, self.problems)
        check.known_keys(data, COURSE_KEYS)
        meta = {
            "id": check.identifier(data, "id", Course.slug),
            "title": check.localised(data, "title"),
            "summary": check.localised(data, "summary"),
            "topic": check.choice(data, "topic", TOPICS),
            "level": check.choice(data, "level", LEVELS),
            "subject_area": check.identifier(data, "subject_area", Course.subject_area),
            "estimated_hours": float(check.number(data, "estimated_hours", minimum=0) or 0),
            "access": check.choice(data, "access", ACCESS_TIERS),
            "audience": check.audience(data),
            "completion": check.completion(data),
            "certificate": check.boolean(data, "certificate", default=False),
            "published": check.boolean(data, "published", default=True),
            "certificate_valid_years": check.number(
                data, "certificate_valid_years", minimum=1, required=False
            ),
        }
        if meta["id"] and meta["id"] != self.folder.name:
            self.problems.add(path, lines.get("id", 1), _("the id must equal the folder's name"))
        return meta

    def _module(self, folder: Path) -> ModuleSource | None:
        path = folder / "module.yml"
        if not path.is_file():
            self.problems.add(path, 1, _("module.yml is missing"))
            return None
        data, lines = load_yaml(read_text(path, self.problems) or "", path, self.problems)
        if not isinstance(data, dict):
            self.problems.add(path, 1, _("module.yml must be a mapping with id and title"))
            return None
        check = FieldChecker(path, lines, self.problems)
        check.known_keys(data, {"id", "title"})
        check_path_length(self.problems, path, folder.name, Module.folder)
        module = ModuleSource(
            check.identifier(data, "id", Module.slug), folder.name, check.localised(data, "title")
        )
        self._claim("module", module.id, path, lines.get("id", 1))
        module.lessons, module.quizzes = self._items(folder)
        return module

    # lessons, quizzes and their translations -------------------------------------------------

    def _items(self, folder: Path):
        sources, translations = self._markdown_files(folder)
        lessons, quizzes = [], []
        for stem, path in sorted(sources.items()):
            source = read_source(path, self.problems)
            if source is None:
                continue
            versions = {
                locale: translation
                for (translated_stem, locale), tpath in translations.items()
                if translated_stem == stem and (translation := read_source(tpath, self.problems))
            }
            if stem.endswith(".quiz"):
                quizzes.append(self._quiz(source, versions))
            else:
                lessons.append((self._lesson(source, versions), path))
        for (stem, _locale), path in translations.items():
            if stem not in sources:
                self.problems.add(path, 1, _("a translation without its English source file"))
        return [lesson for lesson, _path in lessons if lesson], [quiz for quiz in quizzes if quiz]

    def _markdown_files(self, folder: Path):
        sources, translations = {}, {}
        for path in sorted(folder.glob("*.md")):
            stem = path.name.removesuffix(".md")
            base, _dot, suffix = stem.rpartition(".")
            if base and suffix != "quiz" and re.fullmatch(r"[a-z]{2}(_[A-Za-z]+)?", suffix):
                if suffix not in LOCALES or suffix == SOURCE_LOCALE:
                    self.problems.add(
                        path, 1, _("unknown locale '%(locale)s' in the file name", locale=suffix)
                    )
                    continue
                translations[(base, suffix)] = path
            else:
                sources[stem] = path
        return sources, translations

    def _lesson(self, source: SourceFile, versions: dict[str, SourceFile]) -> LessonSource | None:
        check = FieldChecker(source.path, source.meta_lines, self.problems)
        meta = source.meta
        check.known_keys(meta, LESSON_KEYS)
        lesson_id = check.identifier(meta, "id", Lesson.slug)
        self._claim("lesson", lesson_id, source.path, source.line_of("id"))
        self._check_links(source)
        review_by = check.date(meta, "review_by")
        lesson = LessonSource(
            id=lesson_id,
            file=self._relative(source.path, Lesson.file),
            duration=check.number(meta, "duration", minimum=1),
            jurisdiction=check.choice(meta, "jurisdiction", JURISDICTIONS, required=False),
            review_by=review_by,
            texts={SOURCE_LOCALE: self._source_text(source, check, LessonText.title)},
            legal_basis={},
        )
        for locale, version in [(SOURCE_LOCALE, source), *versions.items()]:
            if locale != SOURCE_LOCALE:
                lesson.texts[locale] = self._translation_text(
                    version, LESSON_TRANSLATION_KEYS, LessonText.title
                )
                self._check_links(version)
            legal_basis = FieldChecker(version.path, version.meta_lines, self.problems).text(
                version.meta, "legal_basis", required=False, column=LessonText.legal_basis
            )
            if legal_basis:
                lesson.legal_basis[locale] = legal_basis
        return lesson

    def _quiz(self, source: SourceFile, versions: dict[str, SourceFile]) -> QuizSource | None:
        check = FieldChecker(source.path, source.meta_lines, self.problems)
        meta = source.meta
        check.known_keys(meta, QUIZ_KEYS)
        quiz_id = check.identifier(meta, "id", Quiz.slug)
        self._claim("quiz", quiz_id, source.path, source.line_of("id"))
        settings = {
            "pass_mark": check.number(meta, "pass_mark", minimum=0, maximum=100),
            "attempts": check.number(meta, "attempts", minimum=0, default=0),
            "time_limit": check.number(meta, "time_limit", minimum=0, default=0),
            "cooldown": check.number(meta, "cooldown", minimum=0, default=0),
            "purpose": check.choice(meta, "purpose", QUIZ_PURPOSES, default="check"),
            "shuffle": check.boolean(meta, "shuffle", default=True),
            "show_feedback": check.choice(
                meta, "show_feedback", SHOW_FEEDBACK, default="after_submission"
            ),
        }
        self._check_nesting(source)
        questions = syntax.parse(source.body, source.path, source.body_line, self.problems)
        self._check_questions(questions, source.path)
        settings["draw"] = self._draw(source, questions)
        answer_keys = {q.id: keys.answer_key(q, source.path, self.problems) for q in questions}
        quiz = QuizSource(
            quiz_id,
            self._relative(source.path, Quiz.file),
            settings,
            {SOURCE_LOCALE: self._source_text(source, check, QuizText.title)},
            answer_keys,
            {SOURCE_LOCALE: questions},
        )
        for locale, translation in versions.items():
            quiz.texts[locale] = self._translation_text(
                translation, TRANSLATION_KEYS, QuizText.title
            )
            translated = syntax.parse(
                translation.body, translation.path, translation.body_line, self.problems
            )
            keys.check_translation(questions, translated, translation.path, self.problems)
            quiz.questions[locale] = translated
        return quiz

    def _draw(self, source: SourceFile, questions: list[syntax.Question]) -> dict[str, int]:
        """``draw: {pool: how many}``: each attempt shows that many of the pool's questions."""
        draw = source.meta.get("draw") or {}
        line = source.line_of("draw")
        if not isinstance(draw, dict):
            self.problems.add(source.path, line, _("'draw' maps pool names to how many to draw"))
            return {}
        sizes = {}
        for question in questions:
            if question.pool:
                sizes[question.pool] = sizes.get(question.pool, 0) + 1
        for pool, count in draw.items():
            if pool not in sizes:
                self.problems.add(
                    source.path, line, _("no question is in pool '%(pool)s'", pool=pool)
                )
            elif (
                not isinstance(count, int)
                or isinstance(count, bool)
                or not 0 < count <= sizes[pool]
            ):
                self.problems.add(
                    source.path,
                    line,
                    _(
                        "draw between 1 and %(count)s from pool '%(pool)s'",
                        count=sizes[pool],
                        pool=pool,
                    ),
                )
        for pool in sizes.keys() - draw.keys():
            self.problems.add(
                source.path, line, _("pool '%(pool)s' needs a 'draw' count", pool=pool)
            )
        return dict(sorted(draw.items()))

    def _check_questions(self, questions, path: Path) -> None:
        """Each question id once; each pool name short enough to be stored."""
        seen, limit = set(), column_length(Question.pool)
        for question in questions:
            if question.id in seen:
                self.problems.add(
                    path, question.line, _("question id '%(id)s' is used twice", id=question.id)
                )
            seen.add(question.id)
            if question.pool and len(question.pool) > limit:
                message = _(
                    "pool name '%(pool)s' is longer than %(limit)s characters",
                    pool=question.pool,
                    limit=limit,
                )
                self.problems.add(path, question.line, message)

    def _source_text(self, source: SourceFile, check: "FieldChecker", title_column) -> Text:
        body = source.body.strip()
        return Text(check.text(source.meta, "title", column=title_column), body, text_hash(body))

    def _translation_text(self, translation: SourceFile, keys: set[str], title_column) -> Text:
        check = FieldChecker(translation.path, translation.meta_lines, self.problems)
        check.known_keys(translation.meta, keys)
        recorded = check.text(translation.meta, "source_hash")
        if recorded and not re.fullmatch(r"[0-9a-f]{12}", recorded):
            self.problems.add(
                translation.path,
                translation.line_of("source_hash"),
                _("source_hash must be 12 hexadecimal digits (flask courses hash FILE)"),
            )
        title = check.text(translation.meta, "title", column=title_column)
        return Text(title, translation.body.strip(), recorded)

    def _relative(self, path: Path, column) -> str:
        """The path within the course folder, as stored in ``column``."""
        relative = path.relative_to(self.folder).as_posix()
        check_path_length(self.problems, path, relative, column)
        return relative

    # ids, links and media --------------------------------------------------------------------

    def _claim(self, kind: str, ident: str, path: Path, line: int) -> None:
        if not ident:
            return
        if ident in self.ids[kind]:
            self.problems.add(path, line, _duplicate_id(kind, ident, self.ids[kind][ident]))
        else:
            self.ids[kind][ident] = path

    def _check_nesting(self, source: SourceFile) -> None:
        try:
            markdown.check_nesting(source.body)
        except markdown.TooDeeplyNested as error:
            self.problems.add(source.path, source.body_line, str(error.message))

    def _check_links(self, source: SourceFile) -> None:
        self._check_nesting(source)
        for offset, line in enumerate(source.body.split("\n")):
            for target in LINK.findall(line):
                problem = link_problem(self.folder, self.media, source.path, target)
                if problem:
                    self.problems.add(source.path, source.body_line + offset, problem)
