"""Shared by the authoring tests: the sample course with the programme whose trainers may edit
it, certified trainers, and saving a draft the way the editor's form does."""

from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from elearn.auth.models import Role
from elearn.config import PROJECT_ROOT
from elearn.content.models import Course, Lesson
from elearn.content.source import Problems
from elearn.extensions import db
from elearn.models import utcnow
from elearn.trainers import services as trainers
from elearn.trainers.programmes import check_programme, save_programme
from tests.course_files import import_sample_course


def sample_course_with_programme(tmp_path, **overrides: str) -> Course:
    """The sample course (with ``overrides``, see ``write_course``) and the
    crypto-investigations programme, whose trainers may edit it."""
    import_sample_course(tmp_path, **overrides)
    text = (PROJECT_ROOT / "courses/_programmes/crypto-investigations.yml").read_text()
    save_programme(check_programme(text, tmp_path / "p.yml", Problems()), text)
    db.session.commit()
    return db.session.scalar(select(Course))


@pytest.fixture
def course(tmp_path):
    return sample_course_with_programme(tmp_path)


def certified_trainer(users, country="GE"):
    from elearn.trainers.models import Programme

    trainer = users(Role.TRAINER, country=country)
    programme = db.session.scalar(select(Programme))
    trainers.certify(None, trainers.apply(trainer, programme, ip=None), now=utcnow(), ip=None)
    db.session.commit()
    return trainer


def assigned_translator(
    users, *, country="GE", locale="en", area="crypto-investigations", course=None, roles=()
):
    """A translator an admin assigned a subject area (or, given ``course``, that course)."""
    from elearn.authoring import translators

    translator = users(Role.TRANSLATOR, *roles, country=country, locale=locale)
    admin = users(Role.ADMIN)
    if course is None:
        translators.assign(admin, translator, subject_area=area, ip=None)
    else:
        translators.assign(admin, translator, course=course, ip=None)
    db.session.commit()
    return translator


def lesson(slug="first-lesson") -> Lesson:
    return db.session.scalar(select(Lesson).where(Lesson.slug == slug))


class EditorForm(HTMLParser):
    """The values the page's editing form (the one with a draft ``version``: the editor's, a
    question's) would post as the page shows them, as a browser sends them (checked boxes only,
    the selected option, the text of text areas)."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, str]] = []
        self._inside = self._select = self._textarea = None
        self.feed(html)
        self.values = next(form for form in self.forms if "version" in form)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._inside, self.values = True, {}
            self.forms.append(self.values)
        if tag == "option" and self._select:
            self._option(attrs)
        if not self._inside or "name" not in attrs:
            return
        name = attrs["name"]
        if tag == "input" and attrs.get("type") not in ("checkbox", "submit"):
            self.values[name] = attrs.get("value", "")
        elif tag == "input" and "checked" in attrs:
            self.values[name] = attrs.get("value", "y")
        elif tag == "textarea":
            self._textarea, self.values[name] = name, ""
        elif tag == "select":
            self._select = name

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def _option(self, attrs: dict) -> None:
        """The selected option, or the first one when none is marked selected."""
        if "selected" in attrs or self._select not in self.values:
            self.values[self._select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._inside = False
        self._textarea = None if tag == "textarea" else self._textarea
        self._select = None if tag == "select" else self._select

    def handle_data(self, data):
        if self._textarea:
            if not self.values[self._textarea]:  # a newline right after <textarea> is not text
                data = data.removeprefix("\r").removeprefix("\n")
            self.values[self._textarea] += data


def save(browser, url, data, action="save", **kwargs):
    """Post the editor's form as shown, with ``data`` typed over it."""
    page = browser.get(url).get_data(as_text=True)
    return browser.submit(url, {**EditorForm(page).values, "action": action, **data}, **kwargs)
