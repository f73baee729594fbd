"""Web authoring: drafts with optimistic locking, review by someone else, publication through the
course format (export, change files, check, import), so the web and the files never differ."""

import io
import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import yaml
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from PIL import Image
from sqlalchemy import select
from werkzeug.utils import secure_filename

from elearn.audit.services import record
from elearn.auth.models import Role, User
from elearn.authoring.models import Draft, DraftStatus, ItemKind, ReviewComment
from elearn.authoring.preview import line_problem
from elearn.content import restructure
from elearn.content.exporter import (
    export_course,
    lesson_front_matter,
    write_markdown,
    write_yaml,
)
from elearn.content.importer import ImportReport, import_course
from elearn.content.loader import MEDIA_MAX_BYTES, load_course
from elearn.content.models import Course, Lesson, Module
from elearn.content.source import ID_PATTERN, Problem, text_hash
from elearn.extensions import db
from elearn.i18n import SOURCE_LOCALE
from elearn.quiz.models import Quiz
from elearn.refusals import Refused
from elearn.trainers.services import can_author, has_valid_qualification

NEW_QUIZ_SETTINGS = {
    "pass_mark": 70,
    "attempts": 0,
    "time_limit": 0,
    "cooldown": 0,
    "shuffle": True,
    "show_feedback": "after_submission",
    "purpose": "check",
    "draw": {},
}
NUMBERED = re.compile(r"^(\d+)-")


class AuthoringError(Refused):
    message = _l("You may not change this item.")


class EditConflict(AuthoringError):
    message = _l(
        "Someone else saved this text after you opened it. Your text was not saved: copy it, "
        "reload the page and apply your changes to the newer text."
    )


class OwnDraft(AuthoringError):
    message = _l("A draft is reviewed by someone other than its author.")


class IdTaken(AuthoringError):
    message = _l(
        "Choose another id: lower-case letters, digits and hyphens, starting with a letter, "
        "not used elsewhere in the course."
    )


class NotPublishable(AuthoringError):
    def __init__(self, problems: list[str]):
        super().__init__(_l("This cannot be published: %(problems)s", problems="; ".join(problems)))
        self.problems = problems


Item = Lesson | Quiz


def may_edit(user: User, course: Course, locale: str) -> bool:
    """Authors of the subject area edit every language; translators their own language."""
    if can_author(user, course):
        return True
    return locale != SOURCE_LOCALE and user.has_role(Role.TRANSLATOR) and user.locale == locale


def may_review(user: User, course: Course) -> bool:
    return can_author(user, course)


def course_of(item: Item) -> Course:
    return db.session.get(Course, item.course_id)


def published_item(draft: Draft) -> Item | None:
    """The lesson or quiz the draft changes; None while a new item awaits its first publication."""
    model = Lesson if draft.kind == ItemKind.LESSON else Quiz
    return db.session.scalar(
        select(model).where(
            model.course_id == draft.course_id,
            model.slug == draft.slug,
            model.is_archived.is_(False),
        )
    )


def published_front_matter(item: Item | None) -> dict:
    if item is None:
        return {}
    return lesson_front_matter(item) if isinstance(item, Lesson) else dict(item.settings)


def published_text(item: Item | None, locale: str) -> tuple[str, str]:
    text = item.texts.get(locale) if item else None
    return (text.title, text.markdown) if text else ("", "")


def _open_draft_of(course: Course, kind: ItemKind, slug: str, locale: str) -> Draft | None:
    return db.session.scalar(
        select(Draft).where(
            Draft.course_id == course.id,
            Draft.kind == kind,
            Draft.slug == slug,
            Draft.locale == locale,
            Draft.status != DraftStatus.PUBLISHED,
        )
    )


def open_draft(actor: User, item: Item, locale: str) -> Draft:
    """The item's open draft in that language (shared by its editors), or a new one."""
    course = course_of(item)
    if not may_edit(actor, course, locale):
        raise AuthoringError()
    kind = ItemKind.LESSON if isinstance(item, Lesson) else ItemKind.QUIZ
    draft = _open_draft_of(course, kind, item.slug, locale)
    if draft is None:
        title, markdown = published_text(item, locale)
        front_matter = published_front_matter(item) if locale == SOURCE_LOCALE else {}
        draft = Draft(
            course=course,
            kind=kind,
            slug=item.slug,
            locale=locale,
            title=title or item.texts[SOURCE_LOCALE].title,
            markdown=markdown,
            base_markdown=markdown,
            front_matter=front_matter,
            base_front_matter=front_matter,
            author_id=actor.id,
        )
        db.session.add(draft)
        db.session.flush()
    return draft


def suggest_id(title: str) -> str:
    """An id made from an English title: "Cash couriers & hawala" -> "cash-couriers-hawala"."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:64].rstrip("-")
    return slug if ID_PATTERN.match(slug) else f"item-{slug}"[:64].rstrip("-")


def _check_new_id(course: Course, slug: str) -> None:
    """Ids are unique within a course, across lessons, quizzes and drafts of new items."""
    taken = [
        select(model.id).where(model.course_id == course.id, model.slug == slug)
        for model in (Lesson, Quiz, Module)
    ]
    taken.append(
        select(Draft.id).where(
            Draft.course_id == course.id, Draft.slug == slug, Draft.status != DraftStatus.PUBLISHED
        )
    )
    if not ID_PATTERN.match(slug) or any(db.session.scalar(query) for query in taken):
        raise IdTaken()


def start_item(
    actor: User,
    course: Course,
    kind: ItemKind,
    *,
    slug: str,
    title: str,
    module: Module | None,
    front_matter: dict,
) -> Draft:
    """A draft of a new lesson (in ``module``) or quiz (in ``module``, or a final exam when
    None): it becomes part of the course when published, after review like any change."""
    if not can_author(actor, course) or (module and module.course_id != course.id):
        raise AuthoringError()
    _check_new_id(course, slug)
    draft = Draft(
        course=course,
        kind=kind,
        slug=slug,
        locale=SOURCE_LOCALE,
        title=title.strip(),
        markdown="",
        base_markdown="",
        module_slug=module.slug if module else None,
        front_matter=front_matter,
        author_id=actor.id,
    )
    db.session.add(draft)
    db.session.flush()
    return draft


def save(
    actor: User,
    draft: Draft,
    *,
    title: str,
    markdown: str,
    version: int,
    now: datetime,
    front_matter: dict | None = None,
):
    """Save if nobody saved since ``version`` was read; a submitted draft goes back to draft.
    ``front_matter`` (English drafts) replaces the settings besides id and title."""
    if not draft.is_open or not may_edit(actor, draft.course, draft.locale):
        raise AuthoringError()
    if version != draft.version:
        raise EditConflict()
    draft.title, draft.markdown = title.strip(), markdown.replace("\r\n", "\n")
    if front_matter is not None and draft.locale == SOURCE_LOCALE:
        draft.front_matter = front_matter
    draft.version += 1
    draft.status, draft.updated_at = DraftStatus.DRAFT, now
    db.session.flush()


def submit(actor: User, draft: Draft, *, note: str = "") -> None:
    """Submit for review once the draft passes the course format's checks; the author's note
    joins the draft's comments, where the reviewer answers."""
    if draft.status != DraftStatus.DRAFT or not may_edit(actor, draft.course, draft.locale):
        raise AuthoringError()
    if problems := check(draft):
        raise NotPublishable(problems)
    _comment(draft, actor, note)
    draft.status = DraftStatus.SUBMITTED
    db.session.flush()


def _comment(draft: Draft, author: User, text: str) -> None:
    if text.strip():
        draft.comments.append(ReviewComment(author_id=author.id, text=text.strip()))


def review(reviewer: User, draft: Draft, *, approve: bool, comment: str, ip: str | None) -> None:
    if not may_review(reviewer, draft.course):
        raise AuthoringError()
    if reviewer.id == draft.author_id:
        raise OwnDraft()
    if draft.status != DraftStatus.SUBMITTED:
        raise AuthoringError()
    _comment(draft, reviewer, comment)
    draft.status = DraftStatus.APPROVED if approve else DraftStatus.DRAFT
    draft.reviewer_id = reviewer.id
    record(
        reviewer,
        "authoring.approve" if approve else "authoring.changes",
        ip=ip,
        target=_target(draft),
    )
    db.session.flush()


def _target(draft: Draft) -> str:
    return f"{draft.kind.value}:{draft.course.slug}/{draft.slug}:{draft.locale}"


def publish(actor: User, draft: Draft, *, ip: str | None) -> None:
    """Publish an approved draft as a new content version, through the course format."""
    if draft.status != DraftStatus.APPROVED or not may_edit(actor, draft.course, draft.locale):
        raise AuthoringError()
    item = published_item(draft)
    if published_text(item, draft.locale)[1] != draft.base_markdown or (
        draft.locale == SOURCE_LOCALE and published_front_matter(item) != draft.base_front_matter
    ):
        raise EditConflict()
    report = _change_course(draft.course, lambda folder: _write_draft(folder, draft, item))
    draft.status = DraftStatus.PUBLISHED
    record(actor, "authoring.publish", ip=ip, target=_target(draft), version=report.version)
    db.session.flush()


def check(draft: Draft) -> list[str]:
    """What the course format's checks find when the draft is written into its course; problems
    in the draft's own file are given by line of the draft's text."""
    if not draft.markdown.strip():
        return [_("Write the text before submitting it.")]
    with _exported(draft.course) as folder:
        path, offset = _write_draft(folder, draft, published_item(draft))
        return [
            line_problem(problem.line - offset, problem.message)
            if problem.path == path and problem.line > offset
            else _located(problem, folder)
            for problem in load_course(folder)[1]
        ]


def _located(problem: Problem, folder: Path) -> str:
    return f"{problem.path.relative_to(folder.parent)}:{problem.line}: {problem.message}"


@contextmanager
def _exported(course: Course) -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as workdir:
        yield export_course(course, Path(workdir))


def _import_checked(folder: Path) -> ImportReport:
    source, problems = load_course(folder)
    if problems:
        raise NotPublishable([_located(problem, folder) for problem in problems])
    return import_course(source)


def _change_course(course: Course, change: Callable[[Path], object]) -> ImportReport:
    """Export the course, apply ``change`` to its folder, check it and import it."""
    with _exported(course) as folder:
        change(folder)
        return _import_checked(folder)


def _write_draft(folder: Path, draft: Draft, item: Item | None) -> tuple[Path, int]:
    """Write the draft as the course format says: the English file, or the translation beside
    it. Returns the file and the number of lines before the draft's text in it."""
    english = folder / (item.file if item else _new_file(folder, draft))
    if draft.locale == SOURCE_LOCALE:
        path = english
        meta = {"id": draft.slug, "title": draft.title, **draft.front_matter}
    else:
        path = english.with_name(f"{english.name.removesuffix('.md')}.{draft.locale}.md")
        meta = {"title": draft.title, "source_hash": text_hash(item.texts[SOURCE_LOCALE].markdown)}
    text = write_markdown(meta, draft.markdown.strip())
    path.write_text(text, encoding="utf-8")
    return path, text.count("\n") - draft.markdown.strip().count("\n") - 1


def _new_file(folder: Path, draft: Draft) -> str:
    """Where a new item goes: a lesson after the module's last lesson, a quiz in its module
    (or at the course root for a final exam)."""
    module_folder = _module_folder(folder, draft.module_slug) if draft.module_slug else None
    if draft.kind == ItemKind.QUIZ:
        name = f"{draft.slug}.quiz.md"
        return f"{module_folder}/{name}" if module_folder else name
    numbers = [
        int(match.group(1))
        for path in (folder / module_folder).glob("*.md")
        if (match := NUMBERED.match(path.name))
    ]
    return f"{module_folder}/{max(numbers, default=0) + 1:02d}-{draft.slug}.md"


def _module_folder(folder: Path, module_slug: str) -> str:
    module = db.session.scalar(select(Module).where(Module.slug == module_slug))
    if module is None or not (folder / module.folder).is_dir():
        raise AuthoringError()
    return module.folder


def _write_module(course_folder: Path, slug: str, title: str) -> None:
    numbers = [int(m.group(1)) for p in course_folder.iterdir() if (m := NUMBERED.match(p.name))]
    module_folder = course_folder / f"{max(numbers, default=0) + 1:02d}-{slug}"
    module_folder.mkdir()
    meta = {"id": slug, "title": {SOURCE_LOCALE: title.strip()}}
    (module_folder / "module.yml").write_text(write_yaml(meta), encoding="utf-8")


def add_module(actor: User, course: Course, *, slug: str, title: str, ip: str | None) -> None:
    """A new, empty module at the end of the course; its lessons come through drafts."""
    if not can_author(actor, course):
        raise AuthoringError()
    _check_new_id(course, slug)
    _change_course(course, lambda folder: _write_module(folder, slug, title))
    record(actor, "authoring.module", ip=ip, target=f"{course.slug}/{slug}")


def move(actor: User, course: Course, item: Module | Lesson, offset: int, *, ip: str | None):
    """Move a module or a lesson one place up (-1) or down (+1). Files are renamed and every
    link to them rewritten, in published texts and in open drafts alike."""
    if not can_author(actor, course) or item.course_id != course.id:
        raise AuthoringError()
    renamed: dict[str, str] = {}

    def rename(folder: Path) -> None:
        if isinstance(item, Module):
            renamed.update(restructure.move_module(folder, item.folder, offset))
        else:
            renamed.update(restructure.move_lesson(folder, item.file, offset))

    try:
        _change_course(course, rename)
    except restructure.CannotMove:
        raise AuthoringError() from None
    for draft in db.session.scalars(
        select(Draft).where(Draft.course_id == course.id, Draft.status != DraftStatus.PUBLISHED)
    ):
        _follow_renames(draft, renamed)
    record(actor, "authoring.move", ip=ip, target=f"{course.slug}/{item.slug}", offset=offset)
    db.session.flush()


def _follow_renames(draft: Draft, renamed: dict[str, str]) -> None:
    """Rewrite the links of an open draft of a published item after files were renamed."""
    item = published_item(draft)
    if item is None:
        return
    old_file = {new: old for old, new in renamed.items()}.get(item.file, item.file)
    for field in ("markdown", "base_markdown"):
        text = restructure.rewrite_links(getattr(draft, field), old_file, renamed, item.file)
        setattr(draft, field, text)


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
    filename = f"{secure_filename(Path(name).stem).lower() or 'image'}.{extension}"

    def store(folder: Path) -> None:
        (folder / "media").mkdir(exist_ok=True)
        (folder / "media" / filename).write_bytes(clean)

    _change_course(course, store)
    record(actor, "authoring.media", ip=ip, target=f"{course.slug}/media/{filename}")
    return f"media/{filename}"


def may_create_course(user: User, subject_area: str) -> bool:
    return user.is_admin or has_valid_qualification(user, subject_area)


def create_course(actor: User, meta: dict, *, module_slug: str, module_title: str, ip: str | None):
    """A new course, written in the course format with one empty module and imported
    unpublished: only its authors see it until someone else publishes it."""
    slug = meta["id"]
    if not may_create_course(actor, meta["subject_area"]):
        raise AuthoringError()
    taken = db.session.scalar(select(Course.id).where(Course.slug == slug))
    if not ID_PATTERN.match(slug) or taken:
        raise IdTaken()
    with tempfile.TemporaryDirectory() as workdir:
        folder = Path(workdir) / slug
        folder.mkdir()
        course_meta = {**meta, "published": False}
        (folder / "course.yml").write_text(write_yaml(course_meta), encoding="utf-8")
        _write_module(folder, module_slug, module_title)
        _import_checked(folder)
    course = db.session.scalar(select(Course).where(Course.slug == slug))
    course.created_by_id = actor.id
    record(actor, "authoring.course", ip=ip, target=slug)
    db.session.flush()
    return course


class OwnCourse(AuthoringError):
    message = _l("A new course is published by someone other than the author who created it.")


def publish_course(actor: User, course: Course, *, ip: str | None) -> None:
    """Make a new course visible in the catalogue; its lessons were each reviewed, the course
    as a whole is checked by a second author."""
    if not may_review(actor, course) or course.published:
        raise AuthoringError()
    if actor.id == course.created_by_id:
        raise OwnCourse()

    def set_published(folder: Path) -> None:
        path = folder / "course.yml"
        meta = {**yaml.safe_load(path.read_text(encoding="utf-8")), "published": True}
        path.write_text(write_yaml(meta), encoding="utf-8")

    report = _change_course(course, set_published)
    record(actor, "authoring.publish_course", ip=ip, target=course.slug, version=report.version)
    db.session.flush()
