"""The translators' glossary (``courses/_glossary/<locale>.yml``, docs/course-format.md): the
law-enforcement terms the courses use, each with the translation every course gives it in that
language, so that one English term gets one translation across courses.

``load_glossaries`` checks the files and reports every problem as ``file:line: message``, like
the course loader; ``replace_glossary`` stores one language's terms in place of the old ones
(it flushes, the caller commits); ``terms_in`` finds the terms an English text uses."""

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from flask_babel import gettext as _
from sqlalchemy import delete, select

from elearn.content.checks import column_length
from elearn.content.models import GlossaryTerm
from elearn.content.source import Problems, load_yaml, read_text
from elearn.extensions import db
from elearn.i18n import SOURCE_LOCALE, TRANSLATED_LOCALES

NOTE = "note"


@dataclass(frozen=True)
class TermSource:
    en: str
    translation: str
    note: str | None


@dataclass(frozen=True)
class GlossarySource:
    locale: str
    terms: tuple[TermSource, ...]


def load_glossaries(folder: Path) -> tuple[list[GlossarySource], Problems]:
    """Every ``<locale>.yml`` of ``folder`` (none if the folder does not exist), checked."""
    problems = Problems()
    glossaries = []
    for path in sorted(folder.glob("*.yml")) if folder.is_dir() else []:
        glossary = load_glossary(path, problems)
        if glossary is not None:
            glossaries.append(glossary)
    return glossaries, problems


def load_glossary(path: Path, problems: Problems) -> GlossarySource | None:
    """One glossary file, or None with its problems added to ``problems``."""
    locale = path.stem
    if locale not in TRANSLATED_LOCALES:
        problems.add(
            path,
            1,
            _(
                "unknown locale '%(locale)s': a glossary file is named after its language "
                "(%(locales)s)",
                locale=locale,
                locales=", ".join(f"{code}.yml" for code in TRANSLATED_LOCALES),
            ),
        )
        return None
    text = read_text(path, problems)
    if text is None:
        return None
    found = len(problems)
    data, _lines = load_yaml(text, path, problems)
    if len(problems) > found:
        return None
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    if not isinstance(data, list) or not data:
        problems.add(
            path,
            1,
            _(
                "a glossary file is a list of terms, each with '%(en)s' and '%(locale)s'",
                en=SOURCE_LOCALE,
                locale=locale,
            ),
        )
        return None
    checker = _TermChecker(path, locale, problems)
    terms = [
        checker.term(entry, entry_node) for entry, entry_node in zip(data, node.value, strict=True)
    ]
    if len(problems) > found:
        return None
    return GlossarySource(locale, tuple(terms))


class _TermChecker:
    """The checks of one file's terms, each problem at the line of the key it is about."""

    def __init__(self, path: Path, locale: str, problems: Problems):
        self.path, self.locale, self.problems = path, locale, problems
        self.seen: dict[str, int] = {}  # case-folded English term -> its line

    def term(self, entry, node) -> TermSource | None:
        line = node.start_mark.line + 1
        if not isinstance(entry, dict):
            self.problems.add(
                self.path,
                line,
                _(
                    "each term is a mapping with '%(en)s', '%(locale)s' and optionally '%(note)s'",
                    en=SOURCE_LOCALE,
                    locale=self.locale,
                    note=NOTE,
                ),
            )
            return None
        lines = {}
        for key_node, _value in node.value:
            if key_node.value in lines:
                self.problems.add(
                    self.path,
                    key_node.start_mark.line + 1,
                    _("'%(key)s' is given twice in this term", key=key_node.value),
                )
            lines.setdefault(key_node.value, key_node.start_mark.line + 1)
        allowed = {SOURCE_LOCALE, self.locale, NOTE}
        for key in entry:
            if key not in allowed:
                self.problems.add(
                    self.path,
                    lines.get(str(key), line),
                    _(
                        "unknown key '%(key)s' (allowed: %(allowed)s)",
                        key=key,
                        allowed=", ".join(sorted(allowed)),
                    ),
                )
        english = self._text(entry, SOURCE_LOCALE, lines, line, GlossaryTerm.term_en)
        if english is not None and english.casefold() in self.seen:
            self.problems.add(
                self.path,
                lines.get(SOURCE_LOCALE, line),
                _(
                    "'%(term)s' is already in the glossary (line %(line)s)",
                    term=english,
                    line=self.seen[english.casefold()],
                ),
            )
        elif english is not None:
            self.seen[english.casefold()] = lines.get(SOURCE_LOCALE, line)
        translation = self._text(entry, self.locale, lines, line, GlossaryTerm.translation)
        note = self._text(entry, NOTE, lines, line, GlossaryTerm.note, required=False)
        if english is None or translation is None:
            return None
        return TermSource(english, translation, note)

    def _text(self, entry, key, lines, line, column, *, required=True) -> str | None:
        """A text value, its white space runs made single spaces."""
        value = entry.get(key)
        at = lines.get(key, line)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problems.add(self.path, at, _("'%(key)s' is required", key=key))
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.problems.add(self.path, at, _("'%(key)s' must be text", key=key))
            return None
        value = " ".join(str(value).split())
        limit = column_length(column)
        if len(value) > limit:
            self.problems.add(
                self.path,
                at,
                _("'%(key)s' is longer than %(limit)s characters", key=key, limit=limit),
            )
        return value


def replace_glossary(glossary: GlossarySource) -> int:
    """Store a checked glossary in place of that language's previous terms; the number stored."""
    db.session.execute(delete(GlossaryTerm).where(GlossaryTerm.locale == glossary.locale))
    db.session.add_all(
        GlossaryTerm(
            locale=glossary.locale, term_en=term.en, translation=term.translation, note=term.note
        )
        for term in glossary.terms
    )
    db.session.flush()
    return len(glossary.terms)


def terms_in(text: str, locale: str) -> list[GlossaryTerm]:
    """The glossary terms of ``locale`` that the English ``text`` uses (see ``mentions``), in
    alphabetical order; none for English itself."""
    if locale == SOURCE_LOCALE or not text.strip():
        return []
    terms = db.session.scalars(select(GlossaryTerm).where(GlossaryTerm.locale == locale))
    found = [term for term in terms if mentions(text, term.term_en)]
    return sorted(found, key=lambda term: term.term_en.casefold())


def mentions(text: str, term: str) -> bool:
    """Whether ``text`` uses the English ``term``: as whole words in any case, also in the plural
    ("wallet" finds "Wallets", "shell company" finds "shell companies"), with a space or a hyphen
    between its words ("chain of custody" finds "chain-of-custody")."""
    return _pattern(term).search(text) is not None


@functools.lru_cache(maxsize=2048)
def _pattern(term: str) -> re.Pattern:
    *words, last = re.split(r"[\s-]+", term.strip())
    if re.search(r"[^aeiou]y$", last, re.IGNORECASE):
        last_word = re.escape(last[:-1]) + "(?:y|ies)"  # company, companies
    else:
        last_word = re.escape(last) + "(?:e?s)?"  # wallet(s), address(es)
    body = r"[\s-]+".join([*map(re.escape, words), last_word])
    return re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE)
