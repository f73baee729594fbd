"""Changes to a course's structure and media: new courses, new and empty modules removed, the
order of modules and lessons, images, and publishing a new course. Lessons and quizzes
themselves come and go through drafts (``services``).

A change to a course nobody reads yet (unpublished) applies at once; a change to a published
course is proposed as a draft (kind ``structure``, the change in its ``front_matter``, an image
in ``media``), reviewed by another author and applied when published, like any text."""

import shutil
import tempfile
from pathlib import Path

from sqlalchemy import select

from elearn.audit.services import record
from elearn.auth.models import User
from elearn.authoring import notices, services
from elearn.authoring.errors import (
    AuthoringError,
    IdTaken,
    ModuleNotEmpty,
    NotPublishable,
    OwnCourse,
)
from elearn.authoring.models import Draft, DraftStatus, ItemKind
from elearn.authoring.permissions import can_author_course, can_review
from elearn.authoring.workfolder import (
    change_course,
    exported,
    import_checked,
    located,
    next_number,
    update_yaml,
)
from elearn.content import restructure
from elearn.content.exporter import write_yaml
from elearn.content.loader import load_course
from elearn.content.models import Course, Lesson, Module, Quiz
from elearn.content.source import ID_PATTERN
from elearn.extensions import db
from elearn.i18n import SOURCE_LOCALE
from elearn.trainers.services import has_valid_qualification

AUDITED = {
    "add_module": "authoring.module",
    "remove_module": "authoring.remove_module",
    "move_module": "authoring.move",
    "move_lesson": "authoring.move",
    "move_to_module": "authoring.move",
    "image": "authoring.media",
}


def _write_module(course_folder: Path, slug: str, title: str) -> None:
    number = next_number(path.name for path in course_folder.iterdir())
    module_folder = course_folder / f"{number:02d}-{slug}"
    module_folder.mkdir()
    meta = {"id": slug, "title": {SOURCE_LOCALE: title.strip()}}
    (module_folder / "module.yml").write_text(write_yaml(meta), encoding="utf-8")


def add_module(actor: User, course: Course, *, slug: str, title: str, ip: str | None) -> None:
    """A new, empty module at the end of the course; its lessons come through drafts."""
    if not can_author_course(actor, course):
        raise AuthoringError()
    services.check_new_id(course, slug)
    change = {"change": "add_module", "slug": slug, "title": title.strip()}
    _change(actor, course, change, title=title.strip(), slug=slug, ip=ip)


def remove_module(actor: User, course: Course, module: Module, *, ip: str | None) -> None:
    """Remove an empty module; a module's lessons and quizzes are removed through review first."""
    if not can_author_course(actor, course) or module.course_id != course.id:
        raise AuthoringError()
    if not _is_empty(module):
        raise ModuleNotEmpty()
    change = {"change": "remove_module", "module": module.slug}
    _change(actor, course, change, title=module.title[SOURCE_LOCALE], slug=module.slug, ip=ip)


def _is_empty(module: Module) -> bool:
    return not any(
        db.session.scalar(
            select(model.id).where(model.module_id == module.id, model.is_archived.is_(False))
        )
        for model in (Lesson, Quiz)
    )


def move(actor: User, course: Course, item: Module | Lesson, offset: int, *, ip: str | None):
    """Move a module or a lesson one place up (-1) or down (+1). Files are renamed and every
    link to them rewritten, in published texts and in open drafts alike."""
    if not can_author_course(actor, course) or item.course_id != course.id:
        raise AuthoringError()
    if isinstance(item, Module):
        change = {"change": "move_module", "module": item.slug, "offset": offset}
        title = item.title[SOURCE_LOCALE]
    else:
        change = {"change": "move_lesson", "lesson": item.slug, "offset": offset}
        title = item.texts[SOURCE_LOCALE].title
    _change(actor, course, change, title=title, slug=item.slug, ip=ip)


def move_to_module(actor: User, course: Course, lesson: Lesson, module: Module, *, ip: str | None):
    """Move a lesson to the end of another module of its course."""
    if not can_author_course(actor, course) or {lesson.course_id, module.course_id} != {course.id}:
        raise AuthoringError()
    change = {"change": "move_to_module", "lesson": lesson.slug, "module": module.slug}
    title = lesson.texts[SOURCE_LOCALE].title
    _change(actor, course, change, title=title, slug=lesson.slug, ip=ip)


def add_image(actor: User, course: Course, filename: str, data: bytes, *, ip: str | None) -> None:
    """Store a cleaned image (``media.clean_image``) in the course's media as ``filename``."""
    if not can_author_course(actor, course):
        raise AuthoringError()
    change = {"change": "image", "filename": filename}
    _change(actor, course, change, title=f"media/{filename}", slug="media", ip=ip, media=data)


def _change(actor, course, change: dict, *, title: str, slug: str, ip, media=None) -> None:
    """Apply the change to an unpublished course; propose it for review otherwise, once the
    course passes the format's checks with it."""
    if not course.published:
        _apply(course, change, media)
        target = f"{course.slug}/{title if media else slug}"
        record(actor, AUDITED[change["change"]], ip=ip, target=target, **change)
        db.session.flush()
        return
    with exported(course) as folder:
        _write(folder, course, change, media)
        if problems := [located(problem, folder) for problem in load_course(folder)[1]]:
            raise NotPublishable(problems)
    draft = Draft(
        course=course,
        kind=ItemKind.STRUCTURE,
        slug=slug,
        locale=SOURCE_LOCALE,
        title=title,
        markdown="",
        base_markdown="",
        front_matter=change,
        media=media,
        author_id=actor.id,
        editor_ids=[actor.id],
        status=DraftStatus.SUBMITTED,
    )
    db.session.add(draft)
    record(actor, "authoring.propose", ip=ip, target=course.slug, **change)
    db.session.flush()
    notices.draft_submitted(draft)


def publish_change(actor: User, draft: Draft, *, ip: str | None) -> None:
    """Apply an approved structure change, to the course as it is now."""
    services.check_publication(actor, draft)
    if draft.kind != ItemKind.STRUCTURE:
        raise AuthoringError()
    report = _apply(draft.course, draft.front_matter, draft.media)
    services.mark_published(actor, draft, report.version, action="authoring.publish", ip=ip)


def _module(course: Course, slug: str) -> Module:
    module = next((m for m in course.modules if m.slug == slug and not m.is_archived), None)
    if module is None:
        raise AuthoringError()  # removed since the change was proposed
    return module


def _lesson(course: Course, slug: str) -> Lesson:
    lesson = db.session.scalar(
        select(Lesson).where(
            Lesson.course_id == course.id, Lesson.slug == slug, Lesson.is_archived.is_(False)
        )
    )
    if lesson is None:
        raise AuthoringError()
    return lesson


def _write(folder: Path, course: Course, change: dict, media: bytes | None) -> dict[str, str]:
    """Write the change into the course's folder; returns the files renamed (old: new)."""
    kind = change["change"]
    try:
        if kind == "add_module":
            _write_module(folder, change["slug"], change["title"])
        elif kind == "remove_module":
            module = _module(course, change["module"])
            if not _is_empty(module):
                raise ModuleNotEmpty()
            shutil.rmtree(folder / module.folder)
        elif kind == "image":
            (folder / "media").mkdir(exist_ok=True)
            (folder / "media" / change["filename"]).write_bytes(media)
        elif kind == "move_module":
            module = _module(course, change["module"])
            return restructure.move_module(folder, module.folder, change["offset"])
        elif kind == "move_lesson":
            lesson = _lesson(course, change["lesson"])
            return restructure.move_lesson(folder, lesson.file, change["offset"])
        elif kind == "move_to_module":
            lesson, module = _lesson(course, change["lesson"]), _module(course, change["module"])
            return restructure.move_lesson_to_module(folder, lesson.file, module.folder)
    except restructure.CannotMove:
        raise AuthoringError() from None
    return {}


def _apply(course: Course, change: dict, media: bytes | None):
    """Apply the change through the course format, then rewrite the links of open drafts the
    way the published texts were rewritten."""
    renamed: dict[str, str] = {}
    report = change_course(
        course, lambda folder: renamed.update(_write(folder, course, change, media))
    )
    relink = (
        restructure.relink_moved
        if change["change"] == "move_to_module"
        else restructure.rewrite_links
    )
    previous = {new: old for old, new in renamed.items()}
    for draft in db.session.scalars(
        select(Draft).where(Draft.course_id == course.id, Draft.status != DraftStatus.PUBLISHED)
    ):
        if renamed and isinstance(published := services.published_item(draft), Lesson | Quiz):
            old_file = previous.get(published.file, published.file)
            for field in ("markdown", "base_markdown"):
                setattr(
                    draft, field, relink(getattr(draft, field), old_file, renamed, published.file)
                )
    return report


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
        import_checked(folder)
    course = db.session.scalar(select(Course).where(Course.slug == slug))
    course.created_by_id = actor.id
    record(actor, "authoring.course", ip=ip, target=slug)
    db.session.flush()
    return course


def publish_course(actor: User, course: Course, *, ip: str | None) -> None:
    """Make a new course visible in the catalogue; its lessons were each reviewed, the course
    as a whole is checked by a second author."""
    if not can_review(actor, course) or course.published:
        raise AuthoringError()
    if actor.id == course.created_by_id:
        raise OwnCourse()

    def set_published(folder: Path) -> None:
        update_yaml(folder / "course.yml", lambda data: data.update(published=True))

    report = change_course(course, set_published)
    record(actor, "authoring.publish_course", ip=ip, target=course.slug, version=report.version)
    db.session.flush()
