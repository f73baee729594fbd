"""The authoring services called directly (no request): drafts opened, saved under the version
lock, checked on submission, reviewed and published by someone else as a new content version,
and translators' rights per language."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select, update

from elearn.audit.models import AuditEvent
from elearn.auth.models import Role
from elearn.authoring import services, translators
from elearn.authoring.errors import (
    AuthoringError,
    EditConflict,
    IdTaken,
    NotPublishable,
    OwnDraft,
)
from elearn.authoring.models import Draft, DraftStatus, ItemKind
from elearn.content.models import ContentVersion, Lesson, Module, Quiz
from elearn.content.source import text_hash
from elearn.extensions import db
from elearn.mail import outbox
from tests.course_files import LESSON_ONE, body_of, import_sample_course
from tests.programmes import certified_trainer, sample_programme

NOW = datetime(2026, 4, 1, 8, 0, tzinfo=UTC)
BROKEN_QUIZ = "## single pick\nWhich one?\n\n- [ ] one: One\n- [ ] two: Two\n"  # no right answer


@pytest.fixture
def course(tmp_path):
    course = import_sample_course(tmp_path)  # audience GE and UA, area crypto-investigations
    sample_programme(tmp_path, on_sample_course=False)
    return course


@pytest.fixture
def author(users, course):
    return certified_trainer(users, display_name="Author")


@pytest.fixture
def reviewer(users, course):
    return certified_trainer(users, display_name="Reviewer")


def lesson(slug="first-lesson") -> Lesson:
    return db.session.scalar(select(Lesson).where(Lesson.slug == slug))


def quiz() -> Quiz:
    return db.session.scalar(select(Quiz))


def drafts() -> int:
    return db.session.scalar(select(func.count()).select_from(Draft))


def versions() -> list[int]:
    return list(db.session.scalars(select(ContentVersion.number).order_by(ContentVersion.number)))


def audits(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def saved(actor, draft, markdown, *, title=None, version=None):
    services.save(
        actor,
        draft,
        title=title or draft.title,
        markdown=markdown,
        version=draft.version if version is None else version,
        now=NOW,
    )
    db.session.commit()
    return draft


def submitted(author, markdown="New text.", item=None, locale="en", note=""):
    draft = services.open_draft(author, item or lesson(), locale)
    saved(author, draft, markdown)
    services.submit(author, draft, note=note)
    db.session.commit()
    return draft


def approved(author, reviewer, markdown="New text.", **kwargs):
    draft = submitted(author, markdown, **kwargs)
    services.review(reviewer, draft, approve=True, comment="", ip=None)
    db.session.commit()
    return draft


# Opening a draft


def test_opening_the_editor_writes_nothing_until_the_draft_is_saved(author):
    draft = services.draft_to_edit(author, lesson(), "en")
    assert draft.id is None and drafts() == 0
    assert (draft.title, draft.markdown) == ("First lesson", body_of(LESSON_ONE).strip())
    assert draft.base_markdown == draft.markdown
    assert draft.front_matter == draft.base_front_matter and draft.front_matter["duration"] == 10
    opened = services.open_draft(author, lesson(), "en")
    db.session.commit()
    assert opened.id is not None and drafts() == 1
    assert (opened.status, opened.version, opened.author_id) == (DraftStatus.DRAFT, 1, author.id)


def test_an_items_open_draft_is_shared_by_its_editors(author, reviewer):
    first = services.open_draft(author, lesson(), "en")
    db.session.commit()
    assert services.open_draft(reviewer, lesson(), "en").id == first.id
    assert services.open_draft(reviewer, lesson(), "uk").id != first.id  # one per language
    assert drafts() == 2


def test_someone_without_authoring_rights_opens_no_draft(users, course):
    outside_the_audience = certified_trainer(users, country="AM")
    for nobody in (users(Role.TRAINER), users(), outside_the_audience):
        with pytest.raises(AuthoringError):
            services.draft_to_edit(nobody, lesson(), "en")
    assert services.open_draft(users(Role.ADMIN), lesson(), "en").id is not None


# Saving under the version lock


def test_saving_increments_the_version_and_records_the_editor(author, reviewer):
    draft = services.open_draft(author, lesson(), "en")
    saved(author, draft, "Line one.\r\nLine two.", title="  Revised title ")
    assert (draft.title, draft.markdown, draft.version) == (
        "Revised title",
        "Line one.\nLine two.",
        2,
    )
    assert (draft.updated_at, draft.editor_ids) == (NOW, [author.id])
    saved(reviewer, draft, "Third.")
    assert draft.version == 3 and draft.editor_ids == [author.id, reviewer.id]
    assert lesson().texts["en"].markdown == body_of(LESSON_ONE).strip()  # nothing published


def test_a_save_from_a_stale_version_is_refused(author, reviewer):
    draft = services.open_draft(author, lesson(), "en")
    db.session.commit()
    read_by_the_author = draft.version
    saved(reviewer, draft, "The reviewer's text.")
    with pytest.raises(EditConflict):
        saved(author, draft, "The author's text.", version=read_by_the_author)
    db.session.rollback()
    assert (draft.markdown, draft.version, draft.editor_ids) == (
        "The reviewer's text.",
        2,
        [reviewer.id],
    )


def test_a_save_racing_another_one_is_refused_by_the_row_version(author):
    draft = services.open_draft(author, lesson(), "en")
    db.session.commit()
    with db.engine.begin() as other_request:  # saved elsewhere after this session read the row
        other_request.execute(
            update(Draft).where(Draft.id == draft.id).values(markdown="Theirs.", version=2)
        )
    with pytest.raises(EditConflict):
        services.save(author, draft, title="T", markdown="Mine.", version=1, now=NOW)
    db.session.rollback()
    assert (db.session.get(Draft, draft.id).markdown, draft.version) == ("Theirs.", 2)


def test_saving_a_published_draft_is_refused(author, reviewer):
    draft = approved(author, reviewer)
    services.publish(reviewer, draft, ip=None)
    db.session.commit()
    with pytest.raises(AuthoringError):
        saved(author, draft, "Too late.")
    assert services.draft_to_edit(author, lesson(), "en").id is None  # the next one is new


# Submission


def test_an_empty_draft_is_not_submitted(author):
    draft = saved(author, services.open_draft(author, lesson(), "en"), "   ")
    with pytest.raises(NotPublishable) as refused:
        services.submit(author, draft)
    assert refused.value.problems == ["Write the text before submitting it."]
    assert draft.status == DraftStatus.DRAFT


def test_format_problems_refuse_the_submission_and_name_the_line(author):
    draft = saved(author, services.open_draft(author, quiz(), "en"), BROKEN_QUIZ)
    with pytest.raises(NotPublishable) as refused:
        services.submit(author, draft)
    problems = refused.value.problems
    # In the draft's own text by its line (the question's heading); elsewhere by file and line:
    # the Ukrainian translation still has the questions this draft removed.
    assert problems[0] == "Line 1: a single question needs exactly one [x] answer"
    assert problems[1:] == [
        "sample-course/01-basics/check.quiz.uk.md:6: question 'pick-one' is not in the source",
        "sample-course/01-basics/check.quiz.uk.md:15: question 'count' is not in the source",
    ]
    assert draft.status == DraftStatus.DRAFT and draft.comments == []
    assert outbox() == []


def test_submission_keeps_the_note_and_tells_the_other_authors(author, reviewer):
    draft = submitted(author, note="  Please check the figures. ")
    assert draft.status == DraftStatus.SUBMITTED
    assert [(c.author_id, c.text) for c in draft.comments] == [
        (author.id, "Please check the figures.")
    ]
    assert [mail.to for mail in outbox()] == [reviewer.email]  # not the author
    with pytest.raises(AuthoringError):  # submitted already
        services.submit(author, draft)


# Review


def test_a_draft_is_reviewed_by_someone_who_did_not_write_it(users, author, reviewer):
    co_author = certified_trainer(users)
    draft = services.open_draft(author, lesson(), "en")
    saved(co_author, draft, "Written by two.")
    services.submit(co_author, draft)
    for writer in (author, co_author):
        with pytest.raises(OwnDraft):
            services.review(writer, draft, approve=True, comment="", ip=None)
    with pytest.raises(AuthoringError):
        services.review(users(Role.TRAINER), draft, approve=True, comment="", ip=None)
    assert draft.status == DraftStatus.SUBMITTED and audits("authoring.approve") == []

    services.review(reviewer, draft, approve=True, comment=" Good ", ip="198.51.100.2")
    db.session.commit()
    assert (draft.status, draft.reviewer_id) == (DraftStatus.APPROVED, reviewer.id)
    assert draft.comments[-1].text == "Good"
    [event] = audits("authoring.approve")
    assert (event.actor_id, event.target, event.ip_address) == (
        reviewer.id,
        "lesson:sample-course/first-lesson:en",
        "198.51.100.2",
    )
    with pytest.raises(AuthoringError):  # approved already
        services.review(reviewer, draft, approve=False, comment="", ip=None)


def test_a_draft_sent_back_returns_to_its_writers(author, reviewer):
    draft = submitted(author)
    outbox().clear()
    services.review(reviewer, draft, approve=False, comment="Cite the law.", ip=None)
    db.session.commit()
    assert draft.status == DraftStatus.DRAFT and draft.comments[-1].text == "Cite the law."
    assert audits("authoring.changes")[0].actor_id == reviewer.id
    assert [mail.to for mail in outbox()] == [author.email]
    with pytest.raises(AuthoringError):  # a draft is reviewed once submitted
        services.review(reviewer, draft, approve=True, comment="", ip=None)


# Publication


def test_publishing_makes_a_new_content_version(author, reviewer):
    draft = approved(author, reviewer, "New text.")
    assert versions() == [1]
    with pytest.raises(OwnDraft):
        services.publish(author, draft, ip=None)
    services.publish(reviewer, draft, ip="198.51.100.3")
    db.session.commit()
    assert draft.status == DraftStatus.PUBLISHED
    assert lesson().texts["en"].markdown == "New text."
    assert versions() == [1, 2]
    [event] = audits("authoring.publish")
    assert (event.actor_id, event.details) == (reviewer.id, {"version": 2})
    # The Ukrainian translation was made from the old English text: it is stale now.
    assert lesson().texts["uk"].source_hash != text_hash("New text.")


def test_only_an_approved_draft_is_published(author, reviewer):
    draft = submitted(author)
    with pytest.raises(AuthoringError):
        services.publish(reviewer, draft, ip=None)
    assert draft.status == DraftStatus.SUBMITTED and versions() == [1]


def test_a_publication_in_between_refuses_the_older_draft(author, reviewer):
    draft = approved(author, reviewer, "Mine.")
    lesson().texts["en"].markdown = "Published from the files meanwhile."
    db.session.commit()
    with pytest.raises(EditConflict):
        services.publish(reviewer, draft, ip=None)
    db.session.rollback()
    assert db.session.get(Draft, draft.id).status == DraftStatus.APPROVED
    assert versions() == [1] and audits("authoring.publish") == []


def test_a_new_lesson_becomes_part_of_the_course_when_published(author, reviewer):
    basics = db.session.scalar(select(Module).where(Module.slug == "basics"))
    course = basics.course
    for taken in ("first-lesson", "basics-check", "basics", "Not An Id"):
        with pytest.raises(IdTaken):
            services.start_item(
                author,
                course,
                ItemKind.LESSON,
                slug=taken,
                title="T",
                module=basics,
                front_matter={"duration": 5},
            )
    draft = services.start_item(
        author,
        course,
        ItemKind.LESSON,
        slug="new-lesson",
        title=" New lesson ",
        module=basics,
        front_matter={"duration": 5},
    )
    with pytest.raises(IdTaken):  # a draft holds the id already
        services.check_new_id(course, "new-lesson")
    assert lesson("new-lesson") is None
    saved(author, draft, "A new lesson's text.")
    services.submit(author, draft)
    services.review(reviewer, draft, approve=True, comment="", ip=None)
    services.publish(reviewer, draft, ip=None)
    db.session.commit()
    new = lesson("new-lesson")
    assert new.file == "01-basics/03-new-lesson.md" and new.duration == 5
    assert (new.texts["en"].title, new.texts["en"].markdown) == (
        "New lesson",
        "A new lesson's text.",
    )


# Translators


def test_a_translator_edits_their_own_languages_only(users, course):
    georgian = users(Role.TRANSLATOR, country="GE", locale="en")
    with pytest.raises(AuthoringError):  # not assigned yet
        services.draft_to_edit(georgian, lesson(), "ka")
    with pytest.raises(AuthoringError):  # only admins assign
        translators.assign(
            users(Role.COORDINATOR), georgian, subject_area=course.subject_area, ip=None
        )
    translators.assign(users(Role.ADMIN), georgian, subject_area=course.subject_area, ip=None)
    assert services.draft_to_edit(georgian, lesson(), "ka").locale == "ka"  # the country's
    for other in ("en", "uk", "hy"):
        with pytest.raises(AuthoringError):
            services.draft_to_edit(georgian, lesson(), other)


def test_a_translator_who_could_sit_the_quiz_does_not_edit_it(users, course):
    admin = users(Role.ADMIN)
    georgian = users(Role.TRANSLATOR, country="GE", locale="ka")  # in the audience
    armenian = users(Role.TRANSLATOR, country="AM", locale="hy")  # outside it
    for translator in (georgian, armenian):
        translators.assign(admin, translator, course=course, ip=None)
    with pytest.raises(AuthoringError):
        services.draft_to_edit(georgian, quiz(), "ka")
    assert services.draft_to_edit(armenian, quiz(), "hy").kind == ItemKind.QUIZ
    assert services.draft_to_edit(georgian, lesson(), "ka").kind == ItemKind.LESSON


def test_a_published_translation_records_the_english_it_was_made_from(users, course, reviewer):
    ukrainian = users(Role.TRANSLATOR, country="UA", locale="uk")
    translators.assign(users(Role.ADMIN), ukrainian, course=course, ip=None)
    draft = submitted(ukrainian, "Новий український текст.", locale="uk")
    services.review(reviewer, draft, approve=True, comment="", ip=None)
    with pytest.raises(AuthoringError):  # reviewing is for authors, not translators
        services.publish(ukrainian, draft, ip=None)
    services.publish(reviewer, draft, ip=None)
    db.session.commit()
    texts = lesson().texts
    assert texts["uk"].markdown == "Новий український текст."
    assert texts["uk"].source_hash == text_hash(texts["en"].markdown)
    assert texts["en"].markdown == body_of(LESSON_ONE).strip()  # the English is untouched
