"""The translation editor shows, beside the English source, the glossary terms that source uses
with their translation in the draft's language; the English editor has no glossary."""

import pytest
from sqlalchemy import select

from elearn.config import PROJECT_ROOT
from elearn.content.glossary import load_glossaries, replace_glossary
from elearn.content.models import Lesson
from elearn.extensions import db
from tests.web.authoring.conftest import (
    assigned_translator,
    certified_trainer,
    sample_course_with_programme,
)

LESSON = """\
---
id: second-lesson
title: Second lesson
duration: 15
---

Put the seized phone in a Faraday bag at once, then fill in the chain-of-custody form.
Seed phrases found at the scene are photographed, never typed into a device.
"""


@pytest.fixture
def lesson_url(tmp_path):
    """The sample course, whose second lesson uses glossary terms, and the bundled glossary."""
    sample_course_with_programme(tmp_path, **{"01-basics/02-second.md": LESSON})
    glossaries, problems = load_glossaries(PROJECT_ROOT / "courses" / "_glossary")
    assert problems == []
    for glossary in glossaries:
        replace_glossary(glossary)
    db.session.commit()
    lesson = db.session.scalar(select(Lesson).where(Lesson.slug == "second-lesson"))
    return lambda locale: f"/authoring/lessons/{lesson.id}/{locale}"


def test_the_georgian_editor_shows_the_terms_the_english_text_uses(browser, users, lesson_url):
    browser.login(assigned_translator(users, country="GE", locale="ka").email)
    page = browser.get(lesson_url("ka")).get_data(as_text=True)
    panel = page[page.index('id="glossary-heading"') : page.index("</aside>")]
    assert "<dt>Faraday bag</dt>" in panel
    assert '<dd lang="ka">ფარადეის ჩანთა' in panel
    assert "<dt>chain of custody</dt>" in panel  # written "chain-of-custody" in the text
    assert "<dt>seed phrase</dt>" in panel  # "Seed phrases"
    assert "სიდ-ფრაზა" in panel
    assert "mixer" not in panel and "მიქსერი" not in panel  # a term the text does not use
    assert "Put the seized phone" in page  # beside the English source


def test_the_panel_says_when_no_term_occurs(browser, users, tmp_path):
    sample_course_with_programme(tmp_path)
    glossaries, _problems = load_glossaries(PROJECT_ROOT / "courses" / "_glossary")
    replace_glossary(next(g for g in glossaries if g.locale == "ka"))
    db.session.commit()
    lesson = db.session.scalar(select(Lesson).where(Lesson.slug == "third-lesson"))
    browser.login(assigned_translator(users, country="GE", locale="en").email)  # English pages
    page = browser.get(f"/authoring/lessons/{lesson.id}/ka").get_data(as_text=True)
    assert "No glossary term occurs in this English text." in page
    assert "<dt>" not in page


def test_the_english_editor_has_no_glossary(browser, users, lesson_url):
    browser.login(certified_trainer(users).email)
    response = browser.get(lesson_url("en"))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "glossary-heading" not in page
    assert "ფარადეის ჩანთა" not in page
