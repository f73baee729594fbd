"""Web authoring: drafts of lessons, quizzes, module titles and course descriptions, shared by
their editors under optimistic locking, reviewed and published by someone who did not write them,
through the course format (``workfolder``)."""

from datetime import datetime
from pathlib import Path

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from elearn.audit.services import record
from elearn.auth.models import User
from elearn.authoring import notices
from elearn.authoring.errors import AuthoringError, EditConflict, IdTaken, NotPublishable, OwnDraft
from elearn.authoring.models import Draft, DraftStatus, ItemKind, ReviewComment
from elearn.authoring.permissions import can_author_course, can_edit, can_edit_draft, can_review
from elearn.authoring.preview import line_problem
from elearn.authoring.workfolder import (
    change_course,
    exported,
    located,
    lock_course,
    next_number,
    update_yaml,
)
from elearn.content.exporter import (
    lesson_front_matter,
    lesson_translation_front_matter,
    write_markdown,
)
from elearn.content.loader import load_course
from elearn.content.models import Course, Lesson, Module, Quiz
from elearn.content.source import ID_PATTERN, text_hash
from elearn.extensions import db
from elearn.i18n import SOURCE_LOCALE

NEW_QUIZ_SETTINGS = {
    "pass_mark": 70,  # nosec B105  # a pass mark, not a password
    "attempts": 0,
    "time_limit": 0,
    "cooldown": 0,
    "shuffle": True,
    "show_feedback": "after_submission",
    "purpose": "check",
    "draw": {},
}

Item = Lesson | Quiz | Module | Course
KINDS = {
    Lesson: ItemKind.LESSON,
    Quiz: ItemKind.QUIZ,
    Module: ItemKind.MODULE,
    Course: ItemKind.COURSE,
}
MODELS = {kind: model for model, kind in KINDS.items()}


def course_of(item: Item) -> Course:
    return item if isinstance(item, Course) else db.session.get(Course, item.course_id)


def published_item(draft: Draft) -> Item | None:
    """What the draft changes; None while a new lesson or quiz awaits its first publication."""
    if draft.kind in (ItemKind.COURSE, ItemKind.STRUCTURE):
        return draft.course
    model = MODELS[draft.kind]
    return db.session.scalar(
        select(model).where(
            model.course_id == draft.course_id,
            model.slug == draft.slug,
            model.is_archived.is_(False),
        )
    )


def published_front_matter(item: Item | None, locale: str = SOURCE_LOCALE) -> dict:
    """The settings a draft edits: in English a lesson's or quiz's front matter, a course's
    settings in course.yml (modules have none); in a lesson translation its legal basis."""
    if locale != SOURCE_LOCALE:
        text = item.texts.get(locale) if isinstance(item, Lesson) else None
        return lesson_translation_front_matter(text) if text else {}
    if isinstance(item, Lesson):
        return lesson_front_matter(item)
    if isinstance(item, Course):
        return _course_settings(item)
    return dict(item.settings) if isinstance(item, Quiz) else {}


def _course_settings(course: Course) -> dict:
    return {
        "topic": course.topic,
        "level": course.level,
        "estimated_hours": course.estimated_hours,
        "access": course.access,
        "audience": {key: course.audience.get(key, []) for key in ("countries", "roles")},
        "completion": course.completion,
        "certificate": course.certifies,
        "certificate_valid_years": course.certificate_valid_years,
    }


def published_text(item: Item | None, locale: str) -> tuple[str, str]:
    """The title and text as trainees read them in that language ("" where there is none):
    a course's text is its catalogue summary, a module has a title only."""
    if isinstance(item, Course):
        return item.title.get(locale, ""), item.summary.get(locale, "")
    if isinstance(item, Module):
        return item.title.get(locale, ""), ""
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


def draft_to_edit(actor: User, item: Item, locale: str) -> Draft:
    """The item's open draft in that language (shared by its editors), or a new one that is saved
    only when its editor saves it (opening the editor writes nothing)."""
    course, kind = course_of(item), KINDS[type(item)]
    if not can_edit(actor, course, locale, kind):
        raise AuthoringError()
    draft = _open_draft_of(course, kind, item.slug, locale)
    if draft is None:
        title, markdown = published_text(item, locale)
        front_matter = published_front_matter(item, locale)
        draft = Draft(
            course=course,
            course_id=course.id,  # read before the draft is saved
            kind=kind,
            slug=item.slug,
            locale=locale,
            title=title or published_text(item, SOURCE_LOCALE)[0],
            markdown=markdown,
            base_markdown=markdown,
            front_matter=front_matter,
            base_front_matter=front_matter,
            author_id=actor.id,
            status=DraftStatus.DRAFT,
            version=1,
        )
    return draft


def open_draft(actor: User, item: Item, locale: str) -> Draft:
    """The item's open draft in that language, saved: a new one is written now."""
    draft = draft_to_edit(actor, item, locale)
    if draft.id is None:
        db.session.add(draft)
        db.session.flush()
    return draft


def check_new_id(course: Course, slug: str) -> None:
    """Ids are unique within a course, across lessons, quizzes and drafts of new items."""
    taken = [
        select(model.id).where(model.course_id == course.id, model.slug == slug)
        for model in (Lesson, Quiz, Module)
    ]
    sent_back_change = (Draft.kind == ItemKind.STRUCTURE) & (Draft.status == DraftStatus.DRAFT)
    taken.append(
        select(Draft.id).where(
            Draft.course_id == course.id,
            Draft.slug == slug,
            Draft.status != DraftStatus.PUBLISHED,
            ~sent_back_change,  # closed: proposed again as a new change
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
    if not can_author_course(actor, course) or (module and module.course_id != course.id):
        raise AuthoringError()
    check_new_id(course, slug)
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
    ``front_matter`` replaces the settings besides id and title (None: the form has none)."""
    if not draft.is_open or not can_edit_draft(actor, draft):
        raise AuthoringError()
    if version != draft.version:
        raise EditConflict()
    draft.title, draft.markdown = title.strip(), markdown.replace("\r\n", "\n")
    if front_matter is not None:
        draft.front_matter = front_matter
    draft.removes = False  # writing withdraws a proposed removal
    _add_editor(draft, actor)
    draft.status, draft.updated_at = DraftStatus.DRAFT, now
    try:
        db.session.flush()
    except StaleDataError:  # saved by someone else since it was read here
        raise EditConflict() from None


def submit(actor: User, draft: Draft, *, note: str = "") -> None:
    """Submit for review once the draft passes the course format's checks; the author's note
    joins the draft's comments, where the reviewer answers."""
    if draft.status != DraftStatus.DRAFT or not can_edit_draft(actor, draft):
        raise AuthoringError()
    if problems := check(draft):
        raise NotPublishable(problems)
    _comment(draft, actor, note)
    draft.status = DraftStatus.SUBMITTED
    db.session.flush()
    notices.draft_submitted(draft)


def propose_removal(actor: User, draft: Draft, *, note: str = "") -> None:
    """Submit the removal of a published lesson or quiz for review, once the course passes the
    checks without it (no lesson may still link to it)."""
    removable = draft.kind in (ItemKind.LESSON, ItemKind.QUIZ) and draft.locale == SOURCE_LOCALE
    if not removable or published_item(draft) is None:
        raise AuthoringError()
    draft.removes = True
    _add_editor(draft, actor)
    submit(actor, draft, note=note)


def _add_editor(draft: Draft, actor: User) -> None:
    if actor.id not in draft.editor_ids:
        draft.editor_ids = [*draft.editor_ids, actor.id]


def _comment(draft: Draft, author: User, text: str) -> None:
    if text.strip():
        draft.comments.append(ReviewComment(author_id=author.id, text=text.strip()))


def review(reviewer: User, draft: Draft, *, approve: bool, comment: str, ip: str | None) -> None:
    if not can_review(reviewer, draft.course):
        raise AuthoringError()
    if draft.was_written_by(reviewer):
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
    notices.draft_reviewed(draft, approved=approve, comment=comment.strip())


def _target(draft: Draft) -> str:
    return f"{draft.kind.value}:{draft.course.slug}/{draft.slug}:{draft.locale}"


def check_publication(actor: User, draft: Draft) -> None:
    """Refuse unless the actor may publish the approved draft, which they did not write."""
    lock_course(draft.course)  # a publication at the same moment ends first: see its result
    if draft.status != DraftStatus.APPROVED or not can_review(actor, draft.course):
        raise AuthoringError()
    if draft.was_written_by(actor):
        raise OwnDraft()


def mark_published(actor: User, draft: Draft, version: int, *, action: str, ip: str | None):
    draft.status = DraftStatus.PUBLISHED
    record(actor, action, ip=ip, target=_target(draft), version=version)
    db.session.flush()
    notices.draft_published(draft)


def publish(actor: User, draft: Draft, *, ip: str | None) -> None:
    """Publish an approved draft as a new content version, through the course format (a
    structure change is published by ``structure.publish_change``)."""
    check_publication(actor, draft)
    if draft.kind == ItemKind.STRUCTURE:
        raise AuthoringError()
    item = published_item(draft)
    if (
        published_text(item, draft.locale)[1] != draft.base_markdown
        or published_front_matter(item, draft.locale) != draft.base_front_matter
    ):
        raise EditConflict()
    report = change_course(draft.course, lambda folder: _write_draft(folder, draft, item))
    action = "authoring.remove" if draft.removes else "authoring.publish"
    mark_published(actor, draft, report.version, action=action, ip=ip)


def check(draft: Draft) -> list[str]:
    """What the course format's checks find when the draft is written into its course; problems
    in the draft's own file are given by line of the draft's text."""
    if not draft.markdown.strip() and draft.kind != ItemKind.MODULE and not draft.removes:
        return [_("Write the text before submitting it.")]
    with exported(draft.course) as folder:
        path, offset = _write_draft(folder, draft, published_item(draft))
        return [
            line_problem(problem.line - offset, problem.message)
            if problem.path == path and problem.line > offset
            else located(problem, folder)
            for problem in load_course(folder)[1]
        ]


def _write_draft(folder: Path, draft: Draft, item: Item | None) -> tuple[Path | None, int]:
    """Write the draft as the course format says: the English file, or the translation beside
    it. Returns the file and the number of lines before the draft's text in it (no file for
    the titles and summary kept in course.yml and module.yml)."""
    if isinstance(item, Course | Module):
        _write_titles(folder, draft, item)
        return None, 0
    if draft.removes:
        english = folder / item.file
        for path in english.parent.glob(f"{english.name.removesuffix('.md')}.*md"):
            path.unlink()  # the English file and its translations
        return None, 0
    english = folder / (item.file if item else _new_file(folder, draft))
    if draft.locale == SOURCE_LOCALE:
        path = english
        meta = {"id": draft.slug, "title": draft.title, **draft.front_matter}
    else:
        path = english.with_name(f"{english.name.removesuffix('.md')}.{draft.locale}.md")
        meta = {"title": draft.title, "source_hash": text_hash(item.texts[SOURCE_LOCALE].markdown)}
        meta |= draft.front_matter
    text = write_markdown(meta, draft.markdown.strip())
    path.write_text(text, encoding="utf-8")
    return path, text.count("\n") - draft.markdown.strip().count("\n") - 1


def _write_titles(folder: Path, draft: Draft, item: Course | Module) -> None:
    def set_texts(data: dict) -> None:
        data["title"][draft.locale] = draft.title
        if isinstance(item, Course):
            data["summary"][draft.locale] = draft.markdown.strip()
            _set_course_settings(data, draft.front_matter)

    path = folder / ("course.yml" if isinstance(item, Course) else f"{item.folder}/module.yml")
    update_yaml(path, set_texts)


def _set_course_settings(data: dict, settings: dict) -> None:
    """The settings as edited (none in a translation); the audience's agencies, which the
    browser does not edit, stay as they are."""
    if not settings:
        return
    agencies = data.get("audience", {}).get("agencies", [])
    data.update(settings, audience={**settings["audience"], "agencies": agencies})
    if data["certificate_valid_years"] is None:
        del data["certificate_valid_years"]


def _new_file(folder: Path, draft: Draft) -> str:
    """Where a new item goes: a lesson after the module's last lesson, a quiz in its module
    (or at the course root for a final exam)."""
    module_folder = _module_folder(folder, draft) if draft.module_slug else None
    if draft.kind == ItemKind.QUIZ:
        name = f"{draft.slug}.quiz.md"
        return f"{module_folder}/{name}" if module_folder else name
    number = next_number(path.name for path in (folder / module_folder).glob("*.md"))
    return f"{module_folder}/{number:02d}-{draft.slug}.md"


def _module_folder(folder: Path, draft: Draft) -> str:
    module = db.session.scalar(
        select(Module).where(Module.course_id == draft.course_id, Module.slug == draft.module_slug)
    )
    if module is None or not (folder / module.folder).is_dir():
        raise AuthoringError()
    return module.folder
