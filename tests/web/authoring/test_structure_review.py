"""Structure and media changes to a published course (a new or removed module, moving a module
or a lesson, an image) go through the same four-eyes review as text: proposed as a draft,
nothing trainees read changes until another author approves and publishes it."""

import io

import pytest
from sqlalchemy import select, text

from elearn.authoring.models import Draft, DraftStatus, ItemKind
from elearn.config import PROJECT_ROOT
from elearn.content.models import ContentVersion, Lesson, MediaFile, Module
from elearn.content.source import Problems
from elearn.extensions import db
from elearn.trainers.programmes import check_programme, save_programme
from tests.conftest import Browser
from tests.course_files import COURSE_YML, PNG_1PX, import_sample_course
from tests.web.authoring.conftest import certified_trainer

SPARE_MODULE = {"03-spare/module.yml": "id: spare\ntitle:\n  en: Spare\n"}
WORKSPACE = "/authoring/courses/sample-course"
PUBLISHED_CONTENT = ("courses", "modules", "lessons", "lesson_texts", "media_files")


def _module(slug: str) -> Module:
    return db.session.scalar(select(Module).where(Module.slug == slug))


def _lesson(slug: str) -> Lesson:
    return db.session.scalar(select(Lesson).where(Lesson.slug == slug))


# Each change: the form posted to the workspace, and what is true once it is published.
CHANGES = {
    "image": (
        lambda: (f"{WORKSPACE}/media", {"image": (io.BytesIO(PNG_1PX), "Course.png")}),
        lambda: db.session.scalar(select(MediaFile).where(MediaFile.name == "course.png")),
    ),
    "add_module": (
        lambda: (
            f"{WORKSPACE}/modules",
            {"module-title": "Interviews", "module-item_id": "interviews"},
        ),
        lambda: _module("interviews") is not None,
    ),
    "remove_module": (
        lambda: (f"/authoring/modules/{_module('spare').id}/remove", {}),
        lambda: _module("spare") is None,
    ),
    "move_module": (
        lambda: (f"/authoring/modules/{_module('more').id}/move", {"offset": "-1"}),
        lambda: _module("more").folder.startswith("01-"),
    ),
    "move_lesson": (
        lambda: (f"/authoring/lessons/{_lesson('second-lesson').id}/move", {"offset": "-1"}),
        lambda: _lesson("second-lesson").file == "01-basics/01-second.md",
    ),
    "move_to_module": (
        lambda: (
            f"{WORKSPACE}/move-lesson",
            {"relocate-lesson": str(_lesson("second-lesson").id), "relocate-module": "more"},
        ),
        lambda: _lesson("second-lesson").module.slug == "more",
    ),
}


@pytest.fixture
def published_course(tmp_path):
    course = import_sample_course(tmp_path, **SPARE_MODULE)
    source = (PROJECT_ROOT / "courses/_programmes/crypto-investigations.yml").read_text()
    save_programme(check_programme(source, tmp_path / "p.yml", Problems()), source)
    db.session.commit()
    assert course.published
    return course


def _content() -> dict[str, list]:
    db.session.expire_all()
    with db.engine.connect() as connection:
        return {
            table: sorted(map(repr, connection.execute(text(f"SELECT * FROM {table}"))))  # noqa: S608
            for table in PUBLISHED_CONTENT
        }


@pytest.mark.parametrize("kind", CHANGES)
def test_a_structure_change_reaches_trainees_only_after_review(app, users, published_course, kind):
    form, published = CHANGES[kind]
    author, reviewer = Browser(app.test_client()), Browser(app.test_client())
    author.login(certified_trainer(users).email)
    reviewer.login(certified_trainer(users).email)
    before = _content()

    url, data = form()
    proposed = author.submit(WORKSPACE, data, action=url, follow_redirects=True)
    assert proposed.status_code == 200
    change = db.session.scalar(select(Draft).where(Draft.kind == ItemKind.STRUCTURE))
    assert change.status == DraftStatus.SUBMITTED and change.front_matter["change"] == kind
    assert _content() == before  # trainees read the course as it was

    draft_url = f"/authoring/drafts/{change.id}"
    refused = author.submit(draft_url, {"action": "approve"}, follow_redirects=True)
    assert "by someone who did not write it" in refused.get_data(as_text=True)
    review = reviewer.get(draft_url).get_data(as_text=True)
    assert change.title in review
    assert f'{change.id}">' in reviewer.get("/authoring/reviews").get_data(as_text=True)
    reviewer.submit(draft_url, {"action": "approve"})
    assert _content() == before

    versions = db.session.scalar(select(db.func.count()).select_from(ContentVersion))
    reviewer.submit(draft_url, {"action": "publish"})
    db.session.expire_all()
    assert db.session.get(Draft, change.id).status == DraftStatus.PUBLISHED
    assert published()
    assert db.session.scalar(select(db.func.count()).select_from(ContentVersion)) == versions + 1


def test_the_reviewer_sees_the_proposed_image(app, users, published_course):
    author, reviewer = Browser(app.test_client()), Browser(app.test_client())
    author.login(certified_trainer(users).email)
    reviewer.login(certified_trainer(users).email)
    author.submit(WORKSPACE, {"image": (io.BytesIO(PNG_1PX), "x.png")}, action=f"{WORKSPACE}/media")
    change = db.session.scalar(select(Draft))
    image = reviewer.get(f"/authoring/drafts/{change.id}/image")
    assert (image.status_code, image.mimetype) == (200, "image/png")
    assert image.data.startswith(b"\x89PNG")


def test_an_unpublished_course_changes_at_once(app, users, tmp_path):
    course = import_sample_course(tmp_path, **{"course.yml": COURSE_YML + "published: false\n"})
    source = (PROJECT_ROOT / "courses/_programmes/crypto-investigations.yml").read_text()
    save_programme(check_programme(source, tmp_path / "p.yml", Problems()), source)
    db.session.commit()
    author = Browser(app.test_client())
    author.login(certified_trainer(users).email)
    workspace = f"/authoring/courses/{course.slug}"
    data = {"module-title": "Interviews", "module-item_id": "interviews"}
    author.submit(workspace, data, action=f"{workspace}/modules")
    assert _module("interviews") is not None
    assert db.session.scalar(select(Draft)) is None
