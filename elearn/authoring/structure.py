"""Changes to a course's structure: new courses, new and empty modules removed, the order of
modules and lessons, and publishing a new course. Lessons and quizzes themselves come and go
through drafts (``services``)."""

import shutil
import tempfile
from pathlib import Path

from sqlalchemy import select

from elearn.audit.services import record
from elearn.auth.models import User
from elearn.authoring.errors import AuthoringError, IdTaken, ModuleNotEmpty, OwnCourse
from elearn.authoring.models import Draft, DraftStatus
from elearn.authoring.permissions import may_author, may_review
from elearn.authoring.services import check_new_id, published_item
from elearn.authoring.workfolder import change_course, import_checked, next_number, update_yaml
from elearn.content import restructure
from elearn.content.exporter import write_yaml
from elearn.content.models import Course, Lesson, Module
from elearn.content.source import ID_PATTERN
from elearn.extensions import db
from elearn.i18n import SOURCE_LOCALE
from elearn.quiz.models import Quiz
from elearn.trainers.services import has_valid_qualification


def _write_module(course_folder: Path, slug: str, title: str) -> None:
    number = next_number(path.name for path in course_folder.iterdir())
    module_folder = course_folder / f"{number:02d}-{slug}"
    module_folder.mkdir()
    meta = {"id": slug, "title": {SOURCE_LOCALE: title.strip()}}
    (module_folder / "module.yml").write_text(write_yaml(meta), encoding="utf-8")


def add_module(actor: User, course: Course, *, slug: str, title: str, ip: str | None) -> None:
    """A new, empty module at the end of the course; its lessons come through drafts."""
    if not may_author(actor, course):
        raise AuthoringError()
    check_new_id(course, slug)
    change_course(course, lambda folder: _write_module(folder, slug, title))
    record(actor, "authoring.module", ip=ip, target=f"{course.slug}/{slug}")


def remove_module(actor: User, course: Course, module: Module, *, ip: str | None) -> None:
    """Remove an empty module; a module's lessons and quizzes are removed through review first."""
    if not may_author(actor, course) or module.course_id != course.id:
        raise AuthoringError()
    if not _is_empty(module):
        raise ModuleNotEmpty()
    change_course(course, lambda folder: shutil.rmtree(folder / module.folder))
    record(actor, "authoring.remove_module", ip=ip, target=f"{course.slug}/{module.slug}")


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

    def rename(folder: Path) -> dict[str, str]:
        if isinstance(item, Module):
            return restructure.move_module(folder, item.folder, offset)
        return restructure.move_lesson(folder, item.file, offset)

    _relocate(actor, course, item, rename, restructure.rewrite_links)
    record(actor, "authoring.move", ip=ip, target=f"{course.slug}/{item.slug}", offset=offset)
    db.session.flush()


def move_to_module(actor: User, course: Course, lesson: Lesson, module: Module, *, ip: str | None):
    """Move a lesson to the end of another module of its course."""
    if module.course_id != course.id:
        raise AuthoringError()

    def rename(folder: Path) -> dict[str, str]:
        return restructure.move_lesson_to_module(folder, lesson.file, module.folder)

    _relocate(actor, course, lesson, rename, restructure.relink_moved)
    record(actor, "authoring.move", ip=ip, target=f"{course.slug}/{lesson.slug}",
           module=module.slug)  # fmt: skip
    db.session.flush()


def _relocate(actor: User, course: Course, item, rename, relink) -> None:
    """Rename files through the course format, then rewrite the links of open drafts the same
    way (``relink``) as the published texts were."""
    if not may_author(actor, course) or item.course_id != course.id:
        raise AuthoringError()
    renamed: dict[str, str] = {}
    try:
        change_course(course, lambda folder: renamed.update(rename(folder)))
    except restructure.CannotMove:
        raise AuthoringError() from None
    previous = {new: old for old, new in renamed.items()}
    for draft in db.session.scalars(
        select(Draft).where(Draft.course_id == course.id, Draft.status != DraftStatus.PUBLISHED)
    ):
        if isinstance(published := published_item(draft), Lesson | Quiz):
            old_file = previous.get(published.file, published.file)
            for field in ("markdown", "base_markdown"):
                text = relink(getattr(draft, field), old_file, renamed, published.file)
                setattr(draft, field, text)


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
    if not may_review(actor, course) or course.published:
        raise AuthoringError()
    if actor.id == course.created_by_id:
        raise OwnCourse()

    def set_published(folder: Path) -> None:
        update_yaml(folder / "course.yml", lambda data: data.update(published=True))

    report = change_course(course, set_published)
    record(actor, "authoring.publish_course", ip=ip, target=course.slug, version=report.version)
    db.session.flush()
