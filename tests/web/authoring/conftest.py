"""Shared by the authoring tests: the sample course with the programme whose trainers may edit
it, certified trainers, and saving a draft the way the editor's form does."""

import re

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


def sample_course_with_programme(tmp_path) -> Course:
    """The sample course and the crypto-investigations programme, whose trainers may edit it."""
    import_sample_course(tmp_path)
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


def lesson(slug="first-lesson") -> Lesson:
    return db.session.scalar(select(Lesson).where(Lesson.slug == slug))


def save(browser, url, data, action="save"):
    page = browser.get(url).get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
    return browser.submit(url, {"version": version, "action": action, **data})
