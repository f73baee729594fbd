"""Trainer programmes from YAML (``courses/_programmes/*.yml``): checked, then stored."""

from pathlib import Path

import yaml
from flask_babel import gettext as _
from sqlalchemy import select

from elearn.content.source import ID_PATTERN, Problems, load_yaml
from elearn.extensions import db
from elearn.trainers.models import Programme

KEYS = {
    "id",
    "subject_area",
    "title",
    "prerequisites",
    "assessment",
    "sessions",
    "rubric",
    "pass_rule",
    "validity_years",
    "renewal",
}
LEVELS = (1, 2, 3, 4)


def check_programme(text: str, path: Path, problems: Problems) -> dict | None:
    """The programme's definition, or None with every problem reported as file:line."""
    data, lines = load_yaml(text, path, problems)
    if not isinstance(data, dict):
        problems.add(path, 1, _("a programme file is a mapping of keys to values"))
        return None
    found = len(problems)

    def fail(key: str, message: str) -> None:
        problems.add(path, lines.get(key, 1), message)

    for key in sorted(set(data) - KEYS):
        fail(key, _("unknown key '%(key)s'", key=key))
    for key in sorted(KEYS - set(data)):
        fail(key, _("'%(key)s' is required", key=key))
    if not ID_PATTERN.match(str(data.get("id", ""))):
        fail("id", _("'id' must be an id (a-z, 0-9 and '-')"))
    if not (data.get("title") or {}).get("en"):
        fail("title", _("'title' needs an 'en' text"))
    for item in data.get("prerequisites") or []:
        if not (isinstance(item, dict) and item.get("course") and _percent(item.get("min_score"))):
            fail("prerequisites", _("each prerequisite needs 'course' and 'min_score' (0-100)"))
    assessment = data.get("assessment") or {}
    if not (
        assessment.get("course")
        and assessment.get("quiz")
        and _percent(assessment.get("min_score"))
    ):
        fail("assessment", _("'assessment' needs 'course', 'quiz' and 'min_score'"))
    if not isinstance(data.get("sessions"), int) or data.get("sessions", 0) < 1:
        fail("sessions", _("'sessions' is the number of supervised sessions, at least 1"))
    _check_rubric(data.get("rubric"), fail)
    rule = data.get("pass_rule") or {}
    if not (rule.get("min_average") in LEVELS and rule.get("min_each") in LEVELS):
        fail("pass_rule", _("'pass_rule' needs 'min_average' and 'min_each' between 1 and 4"))
    if not isinstance(data.get("validity_years"), int) or data.get("validity_years", 0) < 1:
        fail("validity_years", _("'validity_years' is a whole number of years, at least 1"))
    renewal = data.get("renewal") or {}
    if not (isinstance(renewal.get("sessions"), int) and renewal.get("refresher_course")):
        fail("renewal", _("'renewal' needs 'sessions' and 'refresher_course'"))
    return data if len(problems) == found else None


def _percent(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value <= 100


def _check_rubric(rubric, fail) -> None:
    if not isinstance(rubric, list) or not rubric:
        fail("rubric", _("'rubric' lists the observation criteria"))
        return
    for criterion in rubric:
        levels = (criterion or {}).get("levels") or {}
        if not (
            criterion.get("id")
            and (criterion.get("title") or {}).get("en")
            and sorted(levels) == list(LEVELS)
        ):
            fail(
                "rubric", _("each criterion needs 'id', 'title' and descriptors for levels 1 to 4")
            )


def save_programme(definition: dict, source: str) -> Programme:
    programme = db.session.scalar(select(Programme).where(Programme.slug == definition["id"]))
    if programme is None:
        programme = Programme(slug=definition["id"])
        db.session.add(programme)
    programme.subject_area = definition["subject_area"]
    programme.definition = definition
    programme.source = source
    db.session.flush()
    return programme


def dump(definition: dict) -> str:
    return yaml.safe_dump(definition, allow_unicode=True, sort_keys=False)
