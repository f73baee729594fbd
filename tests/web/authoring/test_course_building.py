"""Building a course in the browser: a new course, modules, lessons and quizzes through review,
reordering, publication, and the round trip through the course format into a fresh database."""

import io
import zipfile

import flask_migrate
import pytest
from sqlalchemy import select

from elearn import create_app
from elearn.authoring.models import Draft, DraftStatus, ItemKind
from elearn.authoring.skeletons import add_question
from elearn.catalog.services import enrol_self
from elearn.content.importer import import_course
from elearn.content.loader import load_course
from elearn.content.models import Course, Lesson, Module, Quiz
from elearn.content.question_types import QUESTION_TYPES
from elearn.extensions import db
from elearn.learn.models import LessonProgress
from elearn.learn.services import record_visit
from elearn.models import utcnow
from tests.conftest import Browser
from tests.web.authoring.conftest import certified_trainer, save

NEW_COURSE = {
    "title": "Cash couriers",
    "summary": "Spotting and stopping cash smuggling.",
    "topic": "financial-crime",
    "level": "introductory",
    "subject_area": "crypto-investigations",
    "estimated_hours": "3",
    "access": "law-enforcement",
    "certificate": "y",
    "module_title": "Spotting couriers",
}
WORKSPACE = "/authoring/courses/cash-couriers"


@pytest.fixture
def authors(app, users, course):
    """Two certified trainers of the subject area, signed in: the creator and a reviewer."""
    signed_in = []
    for _ in range(2):
        browser = Browser(app.test_client())
        browser.login(certified_trainer(users).email)
        signed_in.append(browser)
    return signed_in


def create_course(browser):
    response = browser.submit("/authoring/courses/new", NEW_COURSE)
    assert response.status_code == 302, response.get_data(as_text=True)
    assert response.location.endswith(WORKSPACE)


def new_item(kind: str, data: dict) -> dict:
    """The workspace's form for a new lesson, quiz or module, filled in."""
    prefix = {"lessons": "lesson", "quizzes": "quiz", "modules": "module"}[kind]
    return {f"{prefix}-{name}": value for name, value in data.items()}


def start(browser, kind: str, data: dict) -> str:
    """Start a new lesson or quiz from the workspace; returns its editor's address."""
    response = browser.submit(WORKSPACE, new_item(kind, data), action=f"{WORKSPACE}/{kind}")
    assert response.status_code == 302 and "/drafts/" in response.location, response.location
    return response.location


def submit(browser, editor: str, title: str, markdown: str) -> None:
    response = save(browser, editor, {"title": title, "markdown": markdown}, "submit")
    assert response.status_code == 302, response.get_data(as_text=True)


def approve_and_publish(reviewer):
    for draft in db.session.scalars(select(Draft).where(Draft.status == DraftStatus.SUBMITTED)):
        url = f"/authoring/drafts/{draft.id}"
        reviewer.submit(url, {"action": "approve"})
        reviewer.submit(url, {"action": "publish"})
    db.session.expire_all()
    assert not db.session.scalar(select(Draft.id).where(Draft.status != DraftStatus.PUBLISHED))


def every_question_type() -> str:
    markdown = ""
    for kind in QUESTION_TYPES:
        markdown = add_question(markdown, kind)
    return markdown


def test_a_course_built_in_the_browser_imports_into_a_fresh_database_unchanged(
    app, authors, users, tmp_path
):
    creator, reviewer = authors
    create_course(creator)
    creator.submit(
        WORKSPACE, new_item("modules", {"title": "Interviews"}), action=f"{WORKSPACE}/modules"
    )
    first = start(
        creator, "lessons", {"title": "Signs", "module": "spotting-couriers", "duration": "10"}
    )
    submit(creator, first, "Signs", "## At the border\n\nCash in layers.")
    quiz = start(
        creator, "quizzes", {"title": "Check", "module": "spotting-couriers", "pass_mark": "60"}
    )
    submit(creator, quiz, "Check", every_question_type())
    approve_and_publish(reviewer)
    second = start(
        creator, "lessons", {"title": "Asking questions", "module": "interviews", "duration": "15"}
    )
    link = "See [the signs](../01-spotting-couriers/01-signs.md#at-the-border)."
    submit(creator, second, "Asking questions", link)
    approve_and_publish(reviewer)

    course = db.session.scalar(select(Course).where(Course.slug == "cash-couriers"))
    assert [
        lesson.slug
        for lesson in db.session.scalars(
            select(Lesson).where(Lesson.course_id == course.id).order_by(Lesson.module_id)
        )
    ] == ["signs", "asking-questions"]
    check = db.session.scalar(select(Quiz).where(Quiz.slug == "check"))
    assert check.settings["pass_mark"] == 60
    assert {q.type for q in check.questions} == set(QUESTION_TYPES)

    creator.submit(
        WORKSPACE, {"offset": "-1"}, action=f"/authoring/modules/{course.modules[1].id}/move"
    )
    db.session.expire_all()
    asking = db.session.scalar(select(Lesson).where(Lesson.slug == "asking-questions"))
    assert asking.file == "01-interviews/01-asking-questions.md"
    assert "../02-spotting-couriers/01-signs.md#at-the-border" in asking.texts["en"].markdown

    response = creator.get(f"{WORKSPACE}/export.zip")
    zipfile.ZipFile(io.BytesIO(response.data)).extractall(tmp_path / "unzipped")
    source, problems = load_course(tmp_path / "unzipped" / "cash-couriers")
    assert problems == []
    web_hash = db.session.scalar(select(Course.content_hash).where(Course.slug == "cash-couriers"))
    assert source.content_hash() == web_hash

    fresh = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'fresh.db'}",
        }
    )
    with fresh.app_context():
        flask_migrate.upgrade()
        import_course(source)
        db.session.commit()
        assert db.session.scalar(select(Course.content_hash)) == web_hash
        assert db.session.scalar(select(Course.published)) is False
        db.engine.dispose()


def test_a_new_course_is_hidden_until_another_author_publishes_it(app, authors, users):
    creator, reviewer = authors
    create_course(creator)
    trainee = Browser(app.test_client())
    trainee.login(users(country="GE").email)
    assert "Cash couriers" not in trainee.get("/courses").get_data(as_text=True)
    assert trainee.get("/courses/cash-couriers").status_code == 404

    own = creator.submit(WORKSPACE, {}, action=f"{WORKSPACE}/publish", follow_redirects=True)
    assert "published by someone other than the author" in own.get_data(as_text=True)
    reviewer.submit(WORKSPACE, {}, action=f"{WORKSPACE}/publish")
    assert "Cash couriers" in trainee.get("/courses").get_data(as_text=True)


def test_only_certified_authors_create_courses(browser, users, course):
    browser.login(users("trainer", country="GE").email)
    assert browser.get("/authoring/courses/new").status_code == 403


def test_a_broken_quiz_is_saved_but_not_submitted_and_the_line_is_named(authors):
    creator, _ = authors
    create_course(creator)
    quiz = start(
        creator, "quizzes", {"title": "Check", "module": "spotting-couriers", "pass_mark": "70"}
    )
    broken = "## single pick\nWhich one?\n\n- [ ] a: One\n- [ ] b: Two\n"
    response = save(creator, quiz, {"title": "Check", "markdown": broken}, "submit")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Line 1:" in page  # no right answer marked: reported at the question's heading
    draft = db.session.scalar(select(Draft).where(Draft.slug == "check"))
    assert draft.markdown == broken.strip() + "\n" or draft.markdown == broken
    assert draft.status == DraftStatus.DRAFT


def test_the_add_question_button_inserts_a_model_of_the_chosen_type(authors):
    creator, _ = authors
    create_course(creator)
    quiz = start(
        creator, "quizzes", {"title": "Check", "module": "spotting-couriers", "pass_mark": "70"}
    )
    response = save(
        creator,
        quiz,
        {"title": "Check", "markdown": "", "question_type": "matching"},
        "add_question",
    )
    page = response.get_data(as_text=True)
    assert "## matching matching-1" in page
    assert "Matching pairs" in page  # the preview names the type


def test_an_id_already_used_in_the_course_is_refused(authors):
    creator, _ = authors
    create_course(creator)
    response = creator.submit(
        WORKSPACE,
        new_item(
            "lessons",
            {
                "title": "Again",
                "item_id": "spotting-couriers",
                "module": "spotting-couriers",
                "duration": "5",
            },
        ),
        action=f"{WORKSPACE}/lessons",
        follow_redirects=True,
    )
    assert "Choose another id" in response.get_data(as_text=True)
    assert db.session.scalar(select(Draft.id)) is None


def test_moving_the_first_lesson_up_changes_nothing(authors):
    creator, _ = authors
    first_lesson = db.session.scalar(select(Lesson).where(Lesson.slug == "first-lesson"))
    before = first_lesson.file
    response = creator.submit(
        "/authoring/courses/sample-course",
        {"offset": "-1"},
        action=f"/authoring/lessons/{first_lesson.id}/move",
        follow_redirects=True,
    )
    assert "You may not change this item." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Lesson, first_lesson.id).file == before


def test_the_authors_note_and_the_reviewers_answer_stay_with_the_draft(authors):
    creator, reviewer = authors
    lesson_id = db.session.scalar(select(Lesson.id).where(Lesson.slug == "first-lesson"))
    url = f"/authoring/lessons/{lesson_id}/en"
    save(
        creator,
        url,
        {"title": "First lesson", "markdown": "Shorter.", "note": "Cut the history part."},
        "submit",
    )
    draft = db.session.scalar(select(Draft))
    reviewer.submit(
        f"/authoring/drafts/{draft.id}", {"action": "changes", "comment": "Keep the dates."}
    )
    page = creator.get(url).get_data(as_text=True)
    assert "Cut the history part." in page and "Keep the dates." in page
    db.session.expire_all()
    assert db.session.get(Draft, draft.id).status == DraftStatus.DRAFT


def test_a_new_lesson_without_title_says_which_field_is_missing(authors):
    creator, _ = authors
    create_course(creator)
    data = new_item("lessons", {"title": "", "module": "spotting-couriers", "duration": "10"})
    response = creator.submit(WORKSPACE, data, action=f"{WORKSPACE}/lessons", follow_redirects=True)
    assert "Title (English): This field is required." in response.get_data(as_text=True)
    assert db.session.scalar(select(Draft.id)) is None


def test_removing_a_lesson_is_reviewed_and_keeps_the_progress_records(app, authors, users):
    creator, reviewer = authors
    trainee = users(country="GE")
    third = db.session.scalar(select(Lesson).where(Lesson.slug == "third-lesson"))
    enrol_self(trainee, db.session.scalar(select(Course).where(Course.slug == "sample-course")))
    record_visit(trainee, third, utcnow())
    db.session.commit()
    url = f"/authoring/lessons/{third.id}/en"
    assert save(creator, url, {}, "remove").status_code == 302
    assert not db.session.get(Lesson, third.id).is_archived  # nothing changes before review
    review = reviewer.get(f"/authoring/drafts/{db.session.scalar(select(Draft.id))}")
    assert "removes this lesson or quiz from the course" in review.get_data(as_text=True)
    approve_and_publish(reviewer)
    assert db.session.get(Lesson, third.id).is_archived
    kept = select(LessonProgress).where(LessonProgress.lesson_id == third.id)
    assert db.session.scalar(kept).user_id == trainee.id


def test_a_lesson_that_others_link_to_cannot_be_removed(authors):
    creator, _ = authors
    first = db.session.scalar(select(Lesson).where(Lesson.slug == "first-lesson"))
    linked = "See [the first lesson](01-first.md)."
    second = db.session.scalar(select(Lesson).where(Lesson.slug == "second-lesson"))
    submit(creator, f"/authoring/lessons/{second.id}/en", "Second lesson", linked)
    approve_and_publish(authors[1])
    response = save(creator, f"/authoring/lessons/{first.id}/en", {}, "remove")
    assert response.status_code == 422 and "01-first.md" in response.get_data(as_text=True)
    assert "without it the course would have these problems" in response.get_data(as_text=True)
    assert not db.session.get(Lesson, first.id).is_archived
    db.session.expire_all()
    removal = select(Draft.removes).where(Draft.slug == "first-lesson")
    assert not db.session.scalar(removal)  # nothing of the proposal was kept


def test_only_an_empty_module_is_removed(authors):
    creator, _ = authors
    create_course(creator)
    module = db.session.scalar(select(Module).where(Module.slug == "spotting-couriers"))
    creator.submit(
        WORKSPACE, new_item("modules", {"title": "Interviews"}), action=f"{WORKSPACE}/modules"
    )
    extra = db.session.scalar(select(Module.id).where(Module.slug == "interviews"))
    creator.submit(WORKSPACE, {}, action=f"/authoring/modules/{extra}/remove")
    db.session.expire_all()
    assert db.session.get(Module, extra) is None  # nothing referred to it: deleted
    last = creator.submit(
        WORKSPACE, {}, action=f"/authoring/modules/{module.id}/remove", follow_redirects=True
    )
    assert "the course has no module folders" in last.get_data(as_text=True)
    assert not db.session.get(Module, module.id).is_archived


def test_a_lesson_moves_to_another_module_and_open_drafts_follow(authors):
    creator, reviewer = authors
    first = db.session.scalar(select(Lesson).where(Lesson.slug == "first-lesson"))
    draft_url = f"/authoring/lessons/{first.id}/en"
    save(creator, draft_url, {"markdown": "Next: [the second lesson](02-second.md#top)."})
    second = db.session.scalar(select(Lesson).where(Lesson.slug == "second-lesson"))
    workspace = "/authoring/courses/sample-course"
    creator.submit(
        workspace,
        {"relocate-lesson": str(second.id), "relocate-module": "more"},
        action=f"{workspace}/move-lesson",
    )
    db.session.expire_all()
    assert db.session.get(Lesson, second.id).module.slug == "basics"  # proposed, not yet moved
    change = db.session.scalar(select(Draft).where(Draft.kind == ItemKind.STRUCTURE))
    for action in ("approve", "publish"):
        reviewer.submit(f"/authoring/drafts/{change.id}", {"action": action})
    db.session.expire_all()
    moved = db.session.get(Lesson, second.id)
    assert (moved.module.slug, moved.file) == ("more", "02-more/02-second.md")
    draft = db.session.scalar(select(Draft).where(Draft.kind == ItemKind.LESSON))
    assert draft.markdown == "Next: [the second lesson](../02-more/02-second.md#top)."
    submit(creator, draft_url, "First lesson", draft.markdown)
    approve_and_publish(reviewer)
    assert "../02-more/02-second.md" in db.session.get(Lesson, first.id).texts["en"].markdown
