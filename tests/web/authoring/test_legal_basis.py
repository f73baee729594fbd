"""A translator gives a lesson the legal basis of their own country; readers see it in their
language, and the English one where a translation names none."""

from sqlalchemy import select

from elearn.authoring.models import Draft, DraftStatus
from elearn.catalog.services import enrol_self
from elearn.extensions import db
from tests.conftest import Browser
from tests.web.authoring.conftest import assigned_translator, certified_trainer, lesson, save

UKRAINIAN_LAW = "Кримінальний процесуальний кодекс України, ст. 168"
LESSON = "/courses/sample-course/lessons/second-lesson"


def meta_line(page: str) -> str:
    return page.split('<p class="meta">', 1)[1].split("</p>", 1)[0]


def test_a_translated_legal_basis_is_edited_reviewed_published_and_read(app, users, course):
    translator = assigned_translator(users, country="UA", locale="uk")
    reviewer = certified_trainer(users)
    writer, checker = Browser(app.test_client()), Browser(app.test_client())
    writer.login(translator.email)
    checker.login(reviewer.email)
    url = f"/authoring/lessons/{lesson('second-lesson').id}/uk"
    editor = writer.get(url).get_data(as_text=True)
    assert 'name="legal_basis"' in editor  # the translation's own field, shown open

    fields = {"title": "Другий урок", "markdown": "Другий урок.", "legal_basis": UKRAINIAN_LAW}
    assert save(writer, url, fields, "submit").status_code == 302
    draft = db.session.scalar(select(Draft).where(Draft.status == DraftStatus.SUBMITTED))
    review = checker.get(f"/authoring/drafts/{draft.id}").get_data(as_text=True)
    assert UKRAINIAN_LAW in review  # the reviewer sees the change
    checker.submit(f"/authoring/drafts/{draft.id}", {"action": "approve"})
    checker.submit(f"/authoring/drafts/{draft.id}", {"action": "publish"})
    db.session.expire_all()
    texts = lesson("second-lesson").texts
    assert texts["uk"].legal_basis == UKRAINIAN_LAW
    assert texts["en"].legal_basis == "Criminal Procedure Code of Ukraine"

    reader = users(country="UA", locale="uk")
    enrol_self(reader, course)
    db.session.commit()
    browser = Browser(app.test_client())
    browser.login(reader.email)
    assert UKRAINIAN_LAW in meta_line(browser.get(LESSON).get_data(as_text=True))
    english = meta_line(browser.get(LESSON + "?text=en").get_data(as_text=True))
    assert "Criminal Procedure Code of Ukraine" in english and UKRAINIAN_LAW not in english


def test_a_translation_without_its_own_shows_the_english_legal_basis(app, users, course):
    author, reviewer = certified_trainer(users), certified_trainer(users)
    writer, checker = Browser(app.test_client()), Browser(app.test_client())
    writer.login(author.email)
    checker.login(reviewer.email)
    url = f"/authoring/lessons/{lesson('second-lesson').id}/uk"
    assert (
        save(writer, url, {"title": "Другий урок", "markdown": "Текст."}, "submit").status_code
        == 302
    )
    draft = db.session.scalar(select(Draft).where(Draft.status == DraftStatus.SUBMITTED))
    checker.submit(f"/authoring/drafts/{draft.id}", {"action": "approve"})
    checker.submit(f"/authoring/drafts/{draft.id}", {"action": "publish"})
    db.session.expire_all()
    assert lesson("second-lesson").texts["uk"].legal_basis is None

    reader = users(country="UA", locale="uk")
    enrol_self(reader, course)
    db.session.commit()
    browser = Browser(app.test_client())
    browser.login(reader.email)
    page = browser.get(LESSON).get_data(as_text=True)
    assert 'lang="uk"' in page and "Текст." in page
    assert '<span lang="en">Criminal Procedure Code of Ukraine</span>' in meta_line(page)
