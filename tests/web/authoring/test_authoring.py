"""Web authoring: edit, preview, lock, review by someone else, publish through the course format."""

import io
import zipfile

import pytest
from sqlalchemy import select

from elearn.auth.models import Role
from elearn.authoring.models import Draft, DraftStatus
from elearn.catalog.services import enrol_self
from elearn.content.loader import load_course
from elearn.content.models import ContentVersion, Course, Module
from elearn.extensions import db
from elearn.mail import outbox
from elearn.models import utcnow
from tests.conftest import Browser
from tests.web.authoring.conftest import (
    EditorForm,
    assigned_translator,
    certified_trainer,
    lesson,
    save,
)

HOSTILE = (
    "Safe text.\n\n<script>alert(1)</script><img src=x onerror=alert(1)> [x](javascript:alert(1))"
)


def edit_url(locale="en", slug="first-lesson"):
    return f"/authoring/lessons/{lesson(slug).id}/{locale}"


def test_author_edits_a_reviewer_approves_and_publishing_makes_a_new_version(app, users, course):
    author, reviewer = certified_trainer(users), certified_trainer(users)
    author_browser, reviewer_browser = Browser(app.test_client()), Browser(app.test_client())
    author_browser.login(author.email)
    preview = save(
        author_browser, edit_url(), {"title": "First lesson", "markdown": HOSTILE}, "preview"
    )
    html = preview.get_data(as_text=True)
    rendered = html.split("data-live-preview>", 1)[1].split("</article>", 1)[0]
    assert "Safe text." in rendered
    assert "<script" not in rendered and "onerror" not in rendered and "javascript:" not in rendered
    save(
        author_browser,
        edit_url(),
        {"title": "First lesson, revised", "markdown": "New text."},
        "submit",
    )
    draft = db.session.scalar(select(Draft))
    assert draft.status == DraftStatus.SUBMITTED

    own = author_browser.submit(
        f"/authoring/drafts/{draft.id}", {"action": "approve"}, follow_redirects=True
    )
    assert "by someone who did not write it" in own.get_data(as_text=True)

    reviewer_browser.login(reviewer.email)
    review = reviewer_browser.get(f"/authoring/drafts/{draft.id}").get_data(as_text=True)
    assert "+New text." in review
    reviewer_browser.submit(
        f"/authoring/drafts/{draft.id}", {"action": "approve", "comment": "Good"}
    )
    reviewer_browser.submit(f"/authoring/drafts/{draft.id}", {"action": "publish"})

    db.session.expire_all()
    assert db.session.get(Draft, draft.id).status == DraftStatus.PUBLISHED
    assert lesson().texts["en"].markdown == "New text."
    assert lesson().texts["en"].title == "First lesson, revised"
    assert (
        db.session.scalar(select(ContentVersion.number).order_by(ContentVersion.number.desc())) == 2
    )

    workspace = reviewer_browser.get("/authoring/courses/sample-course").get_data(as_text=True)
    assert "Stale" in workspace  # the Ukrainian translation was made from the old text
    translation = reviewer_browser.get(edit_url("uk")).get_data(as_text=True)
    assert "Changed since this translation was made" in translation
    assert '<span class="added">+New text.</span>' in translation
    assert "<title>Authoring · Sample course" in workspace
    assert workspace.count("Add an image") == 1


def test_opening_the_editor_writes_nothing_until_the_first_save(browser, users, course):
    browser.login(certified_trainer(users).email)
    page = browser.get(edit_url()).get_data(as_text=True)
    assert "## Why it matters" in page  # the published text, ready to edit
    assert db.session.scalar(select(Draft)) is None
    save(browser, edit_url(), {"markdown": "Revised."})
    draft = db.session.scalar(select(Draft))
    assert (draft.markdown, draft.status) == ("Revised.", DraftStatus.DRAFT)


def test_trainees_only_see_published_text(app, users, course):
    author = certified_trainer(users)
    browser = Browser(app.test_client())
    browser.login(author.email)
    save(browser, edit_url(), {"title": "First lesson", "markdown": "Unpublished draft."})
    trainee = users(country="GE")
    enrol_self(trainee, course)
    db.session.commit()
    reader = Browser(app.test_client())
    reader.login(trainee.email)
    page = reader.get("/courses/sample-course/lessons/first-lesson").get_data(as_text=True)
    assert "Unpublished draft." not in page and "Text with an image" in page


def test_a_stale_form_does_not_overwrite_newer_text(app, users, course):
    first, second = certified_trainer(users), certified_trainer(users)
    one, two = Browser(app.test_client()), Browser(app.test_client())
    one.login(first.email)
    two.login(second.email)
    stale_page = one.get(edit_url()).get_data(as_text=True)
    save(two, edit_url(), {"title": "T", "markdown": "Second author's text."})
    stale_form = EditorForm(stale_page).values
    response = one.submit(
        edit_url(),
        {**stale_form, "action": "save", "title": "T", "markdown": "First author's text."},
    )
    assert response.status_code == 409
    assert "Someone else saved this text" in response.get_data(as_text=True)
    assert db.session.scalar(select(Draft.markdown)) == "Second author's text."


def test_without_rights_for_the_subject_area_403(browser, users, course):
    browser.login(users(Role.TRAINER, country="GE").email)  # a trainer, but not certified
    assert browser.get(edit_url()).status_code == 403
    assert browser.get("/authoring/courses/sample-course").status_code == 403


def test_an_expired_trainer_cannot_edit(browser, users, course):
    from datetime import timedelta

    from elearn.trainers.models import Candidacy

    trainer = certified_trainer(users)
    qualification = db.session.scalar(select(Candidacy).where(Candidacy.user_id == trainer.id))
    qualification.valid_until = utcnow().date() - timedelta(days=1)
    db.session.commit()
    browser.login(trainer.email)
    assert browser.get(edit_url()).status_code == 403


def test_a_translator_translates_into_their_countrys_language_whatever_their_ui(
    browser, users, course
):
    browser.login(assigned_translator(users, country="UA", locale="en").email)
    assert browser.get(edit_url("uk")).status_code == 200
    assert browser.get(edit_url("ro")).status_code == 403
    assert browser.get(edit_url("en")).status_code == 403


def test_a_translator_translates_into_their_own_language_only(browser, users, course):
    translator = assigned_translator(users, country="UA", locale="uk")
    browser.login(translator.email)
    assert browser.get(edit_url("en")).status_code == 403
    assert browser.get(edit_url("ro")).status_code == 403
    response = save(
        browser,
        edit_url("uk", "second-lesson"),
        {"title": "Другий урок", "markdown": "Переклад."},
        "submit",
    )
    assert response.status_code == 302


def test_zip_export_imports_back_with_the_same_hash(browser, users, course, tmp_path):
    browser.login(certified_trainer(users).email)
    response = browser.get("/authoring/courses/sample-course/export.zip")
    zipfile.ZipFile(io.BytesIO(response.data)).extractall(tmp_path / "unzipped")
    source, problems = load_course(tmp_path / "unzipped" / "sample-course")
    assert problems == []
    assert source.content_hash() == db.session.scalar(select(Course)).content_hash


def _jpeg_with_location() -> bytes:
    from PIL import Image

    image = Image.new("RGB", (4, 3), "red")
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"  # Make
    exif[0x8825] = {2: (41.0, 43.0, 0.0)}  # GPS latitude
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def upload(browser, data: bytes, name: str):
    return browser.submit(
        "/authoring/courses/sample-course",
        {"image": (io.BytesIO(data), name)},
        action="/authoring/courses/sample-course/media",
        content_type="multipart/form-data",
        follow_redirects=True,
    )


def test_uploaded_images_lose_their_metadata(app, browser, users, course):
    from PIL import Image

    from elearn.content.models import MediaFile

    browser.login(certified_trainer(users).email)
    original = _jpeg_with_location()
    assert b"CameraMaker" in original
    page = upload(browser, original, "Scene photo.JPG").get_data(as_text=True)
    assert "media/scene_photo.jpg" in page
    reviewer = Browser(app.test_client())
    reviewer.login(certified_trainer(users).email)
    draft_url = f"/authoring/drafts/{db.session.scalar(select(Draft.id))}"
    reviewer.submit(draft_url, {"action": "approve"})
    reviewer.submit(draft_url, {"action": "publish"})
    stored = db.session.scalar(select(MediaFile).where(MediaFile.name == "scene_photo.jpg"))
    assert b"CameraMaker" not in stored.data
    assert Image.open(io.BytesIO(stored.data)).size == (4, 3)


@pytest.mark.parametrize(
    "data, name", [(b"<svg onload=alert(1)></svg>", "x.png"), (b"MZ\x90\x00", "x.jpg")]
)
def test_non_images_are_refused(browser, users, course, data, name):
    from elearn.content.models import MediaFile

    browser.login(certified_trainer(users).email)
    page = upload(browser, data, name).get_data(as_text=True)
    assert "Upload a PNG, JPEG, GIF or WebP image" in page
    assert db.session.scalar(select(MediaFile).where(MediaFile.name != "chart.png")) is None


def test_oversized_images_are_refused(browser, users, course):
    browser.login(certified_trainer(users).email)
    page = upload(browser, b"\x89PNG" + b"0" * (2 * 1024 * 1024 + 10), "big.png").get_data(
        as_text=True
    )
    assert "at most 2 MB" in page


def test_confirming_a_stale_translation_records_the_new_source_hash(app, users, course):
    author, reviewer = certified_trainer(users), certified_trainer(users)
    editor, checker = Browser(app.test_client()), Browser(app.test_client())
    editor.login(author.email)
    checker.login(reviewer.email)
    translated = lesson().texts["uk"].markdown
    for browser, locale, text in ((editor, "en", "New English."), (editor, "uk", None)):
        data = {"markdown": text} if text else {}  # the translation is confirmed as it is
        assert save(browser, edit_url(locale), data, "submit").status_code == 302
        draft = db.session.scalar(select(Draft).where(Draft.status == DraftStatus.SUBMITTED))
        checker.submit(f"/authoring/drafts/{draft.id}", {"action": "approve"})
        checker.submit(f"/authoring/drafts/{draft.id}", {"action": "publish"})
    db.session.expire_all()
    texts = lesson().texts
    assert texts["uk"].source_hash == texts["en"].source_hash
    assert texts["uk"].markdown == translated


def test_a_translator_translates_the_course_description_and_module_titles(app, users, course):
    translator = assigned_translator(users, country="GE", locale="ka")
    reviewer = certified_trainer(users)
    writer, checker = Browser(app.test_client()), Browser(app.test_client())
    writer.login(translator.email)
    checker.login(reviewer.email)
    workspace = writer.get("/authoring/courses/sample-course").get_data(as_text=True)
    module = db.session.scalar(select(Module).where(Module.slug == "more"))
    assert "/authoring/courses/sample-course/description/ka" in workspace
    assert f"/authoring/modules/{module.id}/ka" in workspace
    assert f"/authoring/lessons/{lesson().id}/en" not in workspace  # no structure for translators
    edits = {
        "/authoring/courses/sample-course/description/ka": {
            "title": "სანიმუშო კურსი",
            "markdown": "მოკლე აღწერა.",
        },
        f"/authoring/modules/{module.id}/ka": {"title": "მეტი"},
    }
    for url, data in edits.items():
        assert save(writer, url, data, "submit").status_code == 302
        draft = db.session.scalar(select(Draft).where(Draft.status == DraftStatus.SUBMITTED))
        checker.submit(f"/authoring/drafts/{draft.id}", {"action": "approve"})
        checker.submit(f"/authoring/drafts/{draft.id}", {"action": "publish"})
    db.session.expire_all()
    published = db.session.scalar(select(Course))
    assert (published.title["ka"], published.summary["ka"]) == ("სანიმუშო კურსი", "მოკლე აღწერა.")
    assert db.session.get(Module, module.id).title["ka"] == "მეტი"
    assert writer.get("/authoring/courses/sample-course/description/uk").status_code == 403


def test_nobody_who_wrote_a_draft_approves_or_publishes_it(app, users, course):
    author, co_author, reviewer = (certified_trainer(users) for _ in range(3))
    browsers = {}
    for user in (author, co_author, reviewer):
        browsers[user.id] = Browser(app.test_client())
        browsers[user.id].login(user.email)
    save(browsers[author.id], edit_url(), {"markdown": "First version."})
    save(browsers[co_author.id], edit_url(), {"markdown": "Second version."}, "submit")
    draft_url = f"/authoring/drafts/{db.session.scalar(select(Draft.id))}"

    refused = browsers[co_author.id].submit(draft_url, {"action": "approve"}, follow_redirects=True)
    assert "by someone who did not write it" in refused.get_data(as_text=True)
    browsers[reviewer.id].submit(draft_url, {"action": "approve"})
    refused = browsers[author.id].submit(draft_url, {"action": "publish"}, follow_redirects=True)
    assert "by someone who did not write it" in refused.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.scalar(select(Draft.status)) == DraftStatus.APPROVED
    assert lesson().texts["en"].markdown != "Second version."


def test_reviewers_and_writers_are_told_by_mail_in_their_language(app, users, course):
    author = certified_trainer(users)
    reviewer = certified_trainer(users)
    reviewer.locale = "uk"
    db.session.commit()
    outbox().clear()
    editor, checker = Browser(app.test_client()), Browser(app.test_client())
    editor.login(author.email)
    checker.login(reviewer.email)
    save(editor, edit_url(), {"markdown": "Shorter."}, "submit")
    draft_id = db.session.scalar(select(Draft.id))
    waiting = [mail for mail in outbox() if mail.to == reviewer.email]
    assert len(waiting) == 1 and "очікує" in waiting[0].subject.lower()
    assert f"/authoring/drafts/{draft_id}" in waiting[0].body
    assert not [mail for mail in outbox() if mail.to == author.email]

    checker.submit(f"/authoring/drafts/{draft_id}", {"action": "changes", "comment": "Dates?"})
    sent_back = outbox()[-1]
    assert (sent_back.to, sent_back.subject) == (author.email, "Your draft was sent back")
    assert "Dates?" in sent_back.body and f"/authoring/drafts/{draft_id}/edit" in sent_back.body
