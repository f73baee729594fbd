"""The bundled crypto-investigations trainer programme on the sample course, and certified
trainers, for the service tests of trainers, authoring and certificates."""

from pathlib import Path

from sqlalchemy import select

from elearn.auth.models import Role, User
from elearn.config import PROJECT_ROOT
from elearn.content.source import Problems
from elearn.extensions import db
from elearn.models import utcnow
from elearn.trainers import services as trainers
from elearn.trainers.models import Programme
from elearn.trainers.programmes import check_programme, save_programme

PROGRAMME_FILE = PROJECT_ROOT / "courses/_programmes/crypto-investigations.yml"


def sample_programme(folder: Path, *, on_sample_course: bool = True) -> Programme:
    """The bundled programme; ``on_sample_course``: its courses, quiz and refresher are the
    sample course and its quiz, with every minimum score 0, so it can be completed fast."""
    text = PROGRAMME_FILE.read_text(encoding="utf-8")
    if on_sample_course:
        text = text.replace("course: crypto-tracing", "course: sample-course")
        text = text.replace("course: trainer-methodology", "course: sample-course")
        text = text.replace("quiz: designing-a-session-check", "quiz: basics-check")
        text = text.replace("min_score: 80", "min_score: 0").replace(
            "min_score: 70", "min_score: 0"
        )
    problems = Problems()
    definition = check_programme(text, folder / "programme.yml", problems)
    assert problems == []
    programme = save_programme(definition, text)
    db.session.commit()
    return programme


def certified_trainer(users, *roles: Role, country: str = "GE", **kwargs) -> User:
    """A trainer certified now in the (only) programme's subject area."""
    trainer = users(Role.TRAINER, *roles, country=country, **kwargs)
    programme = db.session.scalar(select(Programme))
    trainers.certify(None, trainers.apply(trainer, programme, ip=None), now=utcnow(), ip=None)
    db.session.commit()
    return trainer
