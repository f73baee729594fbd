from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, attribute_keyed_dict, mapped_column, relationship

from elearn.extensions import db
from elearn.i18n import SOURCE_LOCALE
from elearn.models import utcnow


class Course(db.Model):
    """A course as last imported or published; its items keep their stable ``slug`` ids."""

    __tablename__ = "courses"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[dict] = mapped_column(JSON)  # {locale: text}
    summary: Mapped[dict] = mapped_column(JSON)
    topic: Mapped[str] = mapped_column(String(40))
    level: Mapped[str] = mapped_column(String(20))
    subject_area: Mapped[str] = mapped_column(String(64))
    estimated_hours: Mapped[float]
    access: Mapped[str] = mapped_column(String(20))
    audience: Mapped[dict] = mapped_column(JSON)  # {"countries": [...], "roles": [...]}
    completion: Mapped[dict] = mapped_column(JSON)
    certifies: Mapped[bool] = mapped_column(default=False)
    certificate_valid_years: Mapped[int | None]  # None: certificates never expire
    # A course created in the browser stays hidden from trainees until another author publishes it.
    published: Mapped[bool] = mapped_column(default=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    content_hash: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    modules: Mapped[list["Module"]] = relationship(
        back_populates="course", order_by="Module.position", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Course {self.slug}>"


class Module(db.Model):
    __tablename__ = "modules"
    __table_args__ = (UniqueConstraint("course_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"), index=True)
    slug: Mapped[str] = mapped_column(String(64))
    folder: Mapped[str] = mapped_column(String(100))  # its folder in the course format
    position: Mapped[int]
    title: Mapped[dict] = mapped_column(JSON)
    is_archived: Mapped[bool] = mapped_column(default=False)

    course: Mapped[Course] = relationship(back_populates="modules")
    lessons: Mapped[list["Lesson"]] = relationship(
        back_populates="module", order_by="Lesson.position"
    )


class Lesson(db.Model):
    __tablename__ = "lessons"
    __table_args__ = (UniqueConstraint("course_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"), index=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("modules.id"), index=True)
    slug: Mapped[str] = mapped_column(String(64))
    file: Mapped[str] = mapped_column(String(200))  # its English file in the course format
    position: Mapped[int]
    duration: Mapped[int]  # minutes
    jurisdiction: Mapped[str | None] = mapped_column(String(3))
    review_by: Mapped[date | None]
    content_hash: Mapped[str] = mapped_column(String(64))
    is_archived: Mapped[bool] = mapped_column(default=False)

    module: Mapped[Module] = relationship(back_populates="lessons")
    # Every language's Markdown and HTML: loaded only when asked for (authoring, import,
    # export). Pages read what they show through content.queries (issue 16).
    texts: Mapped[dict[str, "LessonText"]] = relationship(
        collection_class=attribute_keyed_dict("locale"),
        cascade="all, delete-orphan",
    )

    @property
    def legal_basis(self) -> str | None:
        """The English legal basis (front matter ``legal_basis``); translations keep their own."""
        english = self.texts.get(SOURCE_LOCALE)
        return english.legal_basis if english else None


class LessonText(db.Model):
    """One language version of a lesson, rendered and sanitised once, at import."""

    __tablename__ = "lesson_texts"

    lesson_id: Mapped[int] = mapped_column(
        ForeignKey("lessons.id", ondelete="CASCADE"), primary_key=True
    )
    locale: Mapped[str] = mapped_column(String(5), primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    markdown: Mapped[str] = mapped_column(Text)
    html: Mapped[str] = mapped_column(Text)
    source_hash: Mapped[str] = mapped_column(String(12))
    # The laws the lesson rests on, in this language: a translation may name its own country's
    # legislation. None in a translation: readers see the English one.
    legal_basis: Mapped[str | None] = mapped_column(String(300))


class MediaFile(db.Model):
    __tablename__ = "media_files"
    __table_args__ = (UniqueConstraint("course_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(40))
    data: Mapped[bytes] = mapped_column(LargeBinary)


class ContentVersion(db.Model):
    """Each import or publish of a course: its content hash and what changed."""

    __tablename__ = "content_versions"
    __table_args__ = (UniqueConstraint("course_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"), index=True)
    number: Mapped[int]
    content_hash: Mapped[str] = mapped_column(String(64))
    changes: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SourceRevision(db.Model):
    """An English lesson or quiz text as it was imported, kept by its hash so that a translation's
    ``source_hash`` still names a readable text after the English source has changed.

    Items are identified by their stable slug (and kind), never by row ids, so a revision outlives
    re-imports and archiving."""

    __tablename__ = "source_revisions"
    __table_args__ = (UniqueConstraint("course_id", "kind", "slug", "source_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"))
    kind: Mapped[str] = mapped_column(String(10))  # "lesson" or "quiz"
    slug: Mapped[str] = mapped_column(String(64))
    source_hash: Mapped[str] = mapped_column(String(12))
    markdown: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Quiz(db.Model):
    """A module quiz, or a final exam when it belongs to no module."""

    __tablename__ = "quizzes"
    __table_args__ = (UniqueConstraint("course_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"), index=True)
    module_id: Mapped[int | None] = mapped_column(ForeignKey("modules.id"), index=True)
    slug: Mapped[str] = mapped_column(String(64))
    file: Mapped[str] = mapped_column(String(200))  # its English file in the course format
    position: Mapped[int]
    settings: Mapped[dict] = mapped_column(JSON)
    content_hash: Mapped[str] = mapped_column(String(64))
    is_archived: Mapped[bool] = mapped_column(default=False)

    course: Mapped["Course"] = relationship()
    # Every language's question list as written: loaded only when asked for; titles are read
    # with content.queries.quiz_titles.
    texts: Mapped[dict[str, "QuizText"]] = relationship(
        collection_class=attribute_keyed_dict("locale"),
        cascade="all, delete-orphan",
    )
    questions: Mapped[list["Question"]] = relationship(
        order_by="Question.position", cascade="all, delete-orphan"
    )


class QuizText(db.Model):
    """A quiz's title and its question list as written, in one language."""

    __tablename__ = "quiz_texts"

    quiz_id: Mapped[int] = mapped_column(
        ForeignKey("quizzes.id", ondelete="CASCADE"), primary_key=True
    )
    locale: Mapped[str] = mapped_column(String(5), primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    markdown: Mapped[str] = mapped_column(Text)
    source_hash: Mapped[str] = mapped_column(String(12))


class Question(db.Model):
    """A question with its language-blind answer key and its rendered texts per locale."""

    __tablename__ = "questions"
    __table_args__ = (UniqueConstraint("quiz_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quizzes.id"), index=True)
    slug: Mapped[str] = mapped_column(String(64))
    position: Mapped[int]
    type: Mapped[str] = mapped_column(String(20))
    points: Mapped[float]
    pool: Mapped[str | None] = mapped_column(String(64))
    # From a question bank (Moodle's tags and id number), for authors finding their questions.
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    idnumber: Mapped[str | None] = mapped_column(String(100))
    answer_key: Mapped[dict] = mapped_column(JSON)
    texts: Mapped[dict] = mapped_column(JSON)  # {locale: {"prompt", "answers", "feedback"}}


class GlossaryTerm(db.Model):
    """One English term and its translation in one language (``courses/_glossary/<locale>.yml``),
    shown to translators beside the text they translate."""

    __tablename__ = "glossary_terms"
    __table_args__ = (UniqueConstraint("locale", "term_en"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    locale: Mapped[str] = mapped_column(String(5))
    term_en: Mapped[str] = mapped_column(String(200))
    translation: Mapped[str] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(String(500))  # when to use it, what to avoid
