"""Web authoring: drafts with optimistic locking, review by someone else, publication through the
course format (export, change one file, check, import), so the web and the files never differ."""

import io
import tempfile
from datetime import datetime
from pathlib import Path

from flask_babel import lazy_gettext as _l
from PIL import Image
from sqlalchemy import select
from werkzeug.utils import secure_filename

from elearn.audit.services import record
from elearn.auth.models import Role, User
from elearn.authoring.models import Draft, DraftStatus, ReviewComment
from elearn.content.exporter import export_course, write_markdown
from elearn.content.importer import import_course
from elearn.content.loader import MEDIA_MAX_BYTES, load_course
from elearn.content.models import Course, Lesson
from elearn.content.source import Problems, read_source, text_hash
from elearn.extensions import db
from elearn.i18n import SOURCE_LOCALE
from elearn.refusals import Refused
from elearn.trainers.services import can_author


class AuthoringError(Refused):
    message = _l("You may not change this lesson.")


class EditConflict(AuthoringError):
    message = _l(
        "Someone else saved this lesson after you opened it. Your text was not saved: copy it, "
        "reload the page and apply your changes to the newer text."
    )


class OwnDraft(AuthoringError):
    message = _l("A draft is reviewed by someone other than its author.")


class NotPublishable(AuthoringError):
    def __init__(self, problems):
        super().__init__(
            _l(
                "The lesson cannot be published: %(problems)s",
                problems="; ".join(f"{p.line}: {p.message}" for p in problems),
            )
        )


def may_edit(user: User, course: Course, locale: str) -> bool:
    """Authors of the subject area edit every language; translators their own language."""
    if can_author(user, course):
        return True
    return locale != SOURCE_LOCALE and user.has_role(Role.TRANSLATOR) and user.locale == locale


def may_review(user: User, course: Course) -> bool:
    return can_author(user, course)


def published_text(lesson: Lesson, locale: str) -> tuple[str, str]:
    text = lesson.texts.get(locale)
    return (text.title, text.markdown) if text else ("", "")


def open_draft(actor: User, lesson: Lesson, locale: str) -> Draft:
    """The lesson's open draft in that language (shared by its editors), or a new one."""
    if not may_edit(actor, lesson.module.course, locale):
        raise AuthoringError()
    draft = db.session.scalar(
        select(Draft).where(
            Draft.lesson_id == lesson.id,
            Draft.locale == locale,
            Draft.status != DraftStatus.PUBLISHED,
        )
    )
    if draft is None:
        title, markdown = published_text(lesson, locale)
        source_title = lesson.texts[SOURCE_LOCALE].title
        draft = Draft(
            lesson=lesson,
            locale=locale,
            title=title or source_title,
            markdown=markdown,
            base_markdown=markdown,
            author_id=actor.id,
        )
        db.session.add(draft)
        db.session.flush()
    return draft


def save(actor: User, draft: Draft, *, title: str, markdown: str, version: int, now: datetime):
    """Save if nobody saved since ``version`` was read; a submitted draft goes back to draft."""
    if not draft.is_open or not may_edit(actor, draft.lesson.module.course, draft.locale):
        raise AuthoringError()
    if version != draft.version:
        raise EditConflict()
    draft.title, draft.markdown = title.strip(), markdown.replace("\r\n", "\n")
    draft.version += 1
    draft.status, draft.updated_at = DraftStatus.DRAFT, now
    db.session.flush()


def submit(actor: User, draft: Draft) -> None:
    if draft.status != DraftStatus.DRAFT or not may_edit(
        actor, draft.lesson.module.course, draft.locale
    ):
        raise AuthoringError()
    draft.status = DraftStatus.SUBMITTED
    db.session.flush()


def review(reviewer: User, draft: Draft, *, approve: bool, comment: str, ip: str | None) -> None:
    if not may_review(reviewer, draft.lesson.module.course):
        raise AuthoringError()
    if reviewer.id == draft.author_id:
        raise OwnDraft()
    if draft.status != DraftStatus.SUBMITTED:
        raise AuthoringError()
    if comment.strip():
        draft.comments.append(ReviewComment(author_id=reviewer.id, text=comment.strip()))
    draft.status = DraftStatus.APPROVED if approve else DraftStatus.DRAFT
    draft.reviewer_id = reviewer.id
    record(
        reviewer,
        "authoring.approve" if approve else "authoring.changes",
        ip=ip,
        target=f"lesson:{draft.lesson.slug}:{draft.locale}",
    )
    db.session.flush()


def publish(actor: User, draft: Draft, *, ip: str | None) -> None:
    """Publish an approved draft as a new content version, through the course format."""
    lesson = draft.lesson
    if draft.status != DraftStatus.APPROVED or not may_edit(
        actor, lesson.module.course, draft.locale
    ):
        raise AuthoringError()
    if published_text(lesson, draft.locale)[1] != draft.base_markdown:
        raise EditConflict()
    with tempfile.TemporaryDirectory() as workdir:
        folder = export_course(lesson.module.course, Path(workdir))
        _write_draft(folder / lesson.file, draft)
        course, problems = load_course(folder)
        if problems:
            raise NotPublishable(problems)
        report = import_course(course)
    draft.status = DraftStatus.PUBLISHED
    record(
        actor,
        "authoring.publish",
        ip=ip,
        target=f"lesson:{lesson.slug}:{draft.locale}",
        version=report.version,
    )
    db.session.flush()


def _write_draft(source_file: Path, draft: Draft) -> None:
    """Rewrite the lesson's file (English) or its translation beside it, as the format says."""
    if draft.locale == SOURCE_LOCALE:
        source = read_source(source_file, Problems())
        meta = {**source.meta, "title": draft.title}
        source_file.write_text(write_markdown(meta, draft.markdown.strip()), encoding="utf-8")
        return
    english = draft.lesson.texts[SOURCE_LOCALE].markdown
    path = source_file.with_name(f"{source_file.name.removesuffix('.md')}.{draft.locale}.md")
    meta = {"title": draft.title, "source_hash": text_hash(english)}
    path.write_text(write_markdown(meta, draft.markdown.strip()), encoding="utf-8")


class BadImage(AuthoringError):
    message = _l("Upload a PNG, JPEG, GIF or WebP image of at most 2 MB.")


IMAGE_FORMATS = {"PNG": "png", "JPEG": "jpg", "GIF": "gif", "WEBP": "webp"}


def clean_image(data: bytes) -> tuple[bytes, str]:
    """The image re-encoded without its metadata (camera, place, author), and its extension.
    Anything that is not one of our image formats, or too large, is refused."""
    if len(data) > MEDIA_MAX_BYTES:
        raise BadImage()
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            extension = IMAGE_FORMATS.get(image.format)
            if extension is None:
                raise BadImage()
            out = io.BytesIO()
            # Saving without exif= or pnginfo= writes the pixels only: the metadata stays behind.
            image.save(out, format=image.format)
    except (OSError, ValueError, Image.DecompressionBombError):
        raise BadImage() from None
    return out.getvalue(), extension


def add_image(actor: User, course: Course, name: str, data: bytes, *, ip: str | None) -> str:
    """Store an uploaded image in the course's media (through the course format); returns the
    Markdown path to use, ``media/<name>``."""
    if not can_author(actor, course):
        raise AuthoringError()
    clean, extension = clean_image(data)
    stem = secure_filename(Path(name).stem).lower() or "image"
    filename = f"{stem}.{extension}"
    with tempfile.TemporaryDirectory() as workdir:
        folder = export_course(course, Path(workdir))
        (folder / "media").mkdir(exist_ok=True)
        (folder / "media" / filename).write_bytes(clean)
        source, problems = load_course(folder)
        if problems:
            raise NotPublishable(problems)
        import_course(source)
    record(actor, "authoring.media", ip=ip, target=f"{course.slug}/media/{filename}")
    return f"media/{filename}"
