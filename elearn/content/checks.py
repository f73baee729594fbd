"""Checks of the fields of course.yml and of front matter, each problem reported at the line of
the key it is about."""

import datetime
import math
import re
from pathlib import Path

from flask_babel import gettext as _

from elearn.content.source import ID_PATTERN, Problems
from elearn.i18n import LOCALES, SOURCE_LOCALE
from elearn.web.routing import MAX_ID

ROLES = ("trainee", "trainer", "mentor", "coordinator", "admin")


def column_length(attribute) -> int | None:
    """The length of the String column behind a model attribute: the database's limit, read from
    the model so that the checks cannot drift from the schema."""
    return attribute.property.columns[0].type.length


def check_path_length(problems: Problems, path: Path, value: str, attribute) -> None:
    """A file or folder name the importer stores must fit its column."""
    limit = column_length(attribute)
    if len(value) > limit:
        problems.add(
            path,
            1,
            _("the path '%(path)s' is longer than %(limit)s characters", path=value, limit=limit),
        )


class FieldChecker:
    """Field checks that report the line of the offending key."""

    def __init__(self, path: Path, lines: dict[str, int], problems: Problems):
        self.path, self.lines, self.problems = path, lines, problems

    def _fail(self, key: str, message: str) -> None:
        self.problems.add(self.path, self.lines.get(key, 1), message)

    def known_keys(self, data: dict, allowed: set[str]) -> None:
        for key in data:
            if key not in allowed:
                self._fail(
                    key,
                    _(
                        "unknown key '%(key)s' (allowed: %(allowed)s)",
                        key=key,
                        allowed=", ".join(sorted(allowed)),
                    ),
                )

    def text(self, data: dict, key: str, *, required=True, column=None) -> str | None:
        """A text value; with ``column`` (a model attribute) it must also fit that column."""
        value = data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self._fail(key, _("'%(key)s' is required", key=key))
            return None
        if not isinstance(value, str | int | float):
            self._fail(key, _("'%(key)s' must be text", key=key))
            return None
        value = str(value).strip()
        limit = column_length(column) if column is not None else None
        if limit is not None and len(value) > limit:
            self._fail(
                key, _("'%(key)s' is longer than %(limit)s characters", key=key, limit=limit)
            )
        return value

    def identifier(self, data: dict, key: str, column) -> str | None:
        """An id stored in ``column`` (a model attribute)."""
        value = self.text(data, key, column=column)
        if value is not None and not ID_PATTERN.match(value):
            self._fail(
                key,
                _(
                    "'%(value)s' is not a valid id (a-z, 0-9 and '-', starting with a letter)",
                    value=value,
                ),
            )
        return value

    def choice(self, data: dict, key: str, allowed, *, required=True, default=None):
        value = data.get(key, default)
        if value is None:
            if required:
                self._fail(
                    key,
                    _(
                        "'%(key)s' is required (one of %(allowed)s)",
                        key=key,
                        allowed=", ".join(allowed),
                    ),
                )
            return None
        if value not in allowed:
            self._fail(
                key,
                _(
                    "'%(key)s' must be one of %(allowed)s, not '%(value)s'",
                    key=key,
                    allowed=", ".join(allowed),
                    value=value,
                ),
            )
        return value

    def number(
        self, data: dict, key: str, *, minimum=None, maximum=None, default=None, required=True
    ):
        value = data.get(key, default)
        if value is None and not required:
            return None
        number = isinstance(value, int | float) and not isinstance(value, bool)
        if not number or not math.isfinite(value):
            self._fail(key, _("'%(key)s' must be a number", key=key))
            return None
        maximum = MAX_ID if maximum is None else maximum  # what a database column holds
        if (minimum is not None and value < minimum) or value > maximum:
            self._fail(key, _("'%(key)s' is out of range", key=key))
        return value

    def boolean(self, data: dict, key: str, *, default: bool) -> bool:
        value = data.get(key, default)
        if not isinstance(value, bool):
            self._fail(key, _("'%(key)s' must be true or false", key=key))
            return default
        return value

    def date(self, data: dict, key: str) -> str | None:
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, datetime.date):
            return value.isoformat()
        try:
            return datetime.date.fromisoformat(str(value)).isoformat()
        except ValueError:
            self._fail(key, _("'%(key)s' must be a date like 2027-06-30", key=key))
            return None

    def localised(self, data: dict, key: str) -> dict[str, str]:
        value = data.get(key)
        if not isinstance(value, dict) or not str(value.get(SOURCE_LOCALE) or "").strip():
            self._fail(
                key,
                _("'%(key)s' needs at least an '%(locale)s' text", key=key, locale=SOURCE_LOCALE),
            )
            return {}
        for locale in value:
            if locale not in LOCALES:
                self._fail(
                    key, _("unknown locale '%(locale)s' in '%(key)s'", locale=locale, key=key)
                )
        return {locale: str(text).strip() for locale, text in value.items() if locale in LOCALES}

    def audience(self, data: dict) -> dict:
        audience = data.get("audience") or {}
        if not isinstance(audience, dict):
            self._fail("audience", _("'audience' must map countries, agencies and roles to lists"))
            return {"countries": [], "agencies": [], "roles": []}
        countries = audience.get("countries") or []
        agencies = audience.get("agencies") or []
        roles = audience.get("roles") or []
        if not all(isinstance(name, str) and name.strip() for name in agencies):
            self._fail("audience", _("agencies are listed by their English names"))
        for code in countries:
            if not (isinstance(code, str) and re.fullmatch(r"[A-Z]{2}", code)):
                self._fail("audience", _("'%(code)s' is not a country code like GE", code=code))
        for role in roles:
            if role not in ROLES:
                self._fail(
                    "audience",
                    _("unknown role '%(role)s' (use %(roles)s)", role=role, roles=", ".join(ROLES)),
                )
        unknown = set(audience) - {"countries", "agencies", "roles"}
        if unknown:
            self._fail("audience", _("unknown audience key '%(key)s'", key=sorted(unknown)[0]))
        return {
            "countries": sorted(countries),
            "agencies": sorted(str(name).strip() for name in agencies),
            "roles": sorted(roles),
        }

    def completion(self, data: dict) -> dict:
        rule = data.get("completion") or {}
        if not isinstance(rule, dict):
            self._fail("completion", _("'completion' must be a mapping"))
            return {}
        check = FieldChecker(
            self.path, {k: self.lines.get("completion", 1) for k in rule}, self.problems
        )
        check.known_keys(rule, {"lessons", "quizzes", "final_exam_min_score", "deadline_days"})
        result = {
            "lessons": check.choice(rule, "lessons", ("all", "none"), default="all"),
            "quizzes": check.choice(rule, "quizzes", ("all", "none"), default="all"),
            "final_exam_min_score": check.number(
                rule, "final_exam_min_score", minimum=0, maximum=100, default=0
            ),
        }
        if "deadline_days" in rule:
            result["deadline_days"] = check.number(rule, "deadline_days", minimum=1)
        return result
