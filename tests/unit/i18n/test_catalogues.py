"""Every catalogue exists, has the right plural rule, and translates every string the code marks."""

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from elearn.config import PROJECT_ROOT
from elearn.i18n import TRANSLATED_LOCALES

PLURAL_FORMS = {
    "hy": "nplurals=2; plural=(n > 1);",
    "az": "nplurals=2; plural=(n != 1);",
    "ka": "nplurals=2; plural=(n != 1);",
    "ro": "nplurals=3; plural=(n == 1 ? 0 : n == 0 || n != 1 && n % 100 >= 1 && n % 100 <= 19"
    " ? 1 : 2);",
    "uk": "nplurals=3; plural=n % 10 == 1 && n % 100 != 11 ? 0 : n % 10 >= 2 && n % 10 <= 4 && "
    "(n % 100 < 12 || n % 100 > 14) ? 1 : 2;",
}


def catalogue(locale: str):
    path = PROJECT_ROOT / "translations" / locale / "LC_MESSAGES" / "messages.po"
    assert path.exists(), f"missing catalogue {path}"
    with path.open("rb") as po:
        return read_po(po, locale=locale)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> set[str]:
    """The msgids the code marks today, extracted as `make translations` does."""
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    subprocess.run(
        [
            Path(sys.executable).with_name("pybabel"),
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "-o",
            str(pot),
            ".",
        ],
        cwd=PROJECT_ROOT,
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as template:
        return {
            message.id if isinstance(message.id, str) else message.id[0]
            for message in read_po(template)
            if message.id
        }


def test_every_locale_has_a_catalogue():
    assert set(PLURAL_FORMS) == set(TRANSLATED_LOCALES)


@pytest.mark.parametrize("locale", TRANSLATED_LOCALES)
def test_plural_header(locale):
    assert catalogue(locale).plural_forms == PLURAL_FORMS[locale]


@pytest.mark.parametrize("locale", TRANSLATED_LOCALES)
def test_everything_is_translated_and_nothing_is_fuzzy(locale):
    messages = [message for message in catalogue(locale) if message.id]
    untranslated = [
        message.id
        for message in messages
        if message.fuzzy
        or not all(message.string if isinstance(message.string, tuple) else [message.string])
    ]
    assert untranslated == []


@pytest.mark.parametrize("locale", TRANSLATED_LOCALES)
def test_placeholders_match(locale):
    cat = catalogue(locale)
    problems = [
        (message.id, str(error)) for message in cat if message.id for error in message.check(cat)
    ]
    assert problems == []


@pytest.mark.parametrize("locale", TRANSLATED_LOCALES)
def test_catalogue_covers_every_marked_string(locale, extracted):
    present = {
        message.id if isinstance(message.id, str) else message.id[0]
        for message in catalogue(locale)
        if message.id
    }
    assert sorted(extracted - present) == [], "run `make translations`, then translate"


@pytest.mark.parametrize("locale", ["ro"])
def test_romanian_uses_comma_below_letters(locale):
    texts = " ".join(
        " ".join(m.string) if isinstance(m.string, tuple) else m.string
        for m in catalogue(locale)
        if m.id
    )
    assert not set("şţŞŢ") & set(texts)


def test_georgian_has_no_mtavruli_capitals():
    texts = " ".join(
        " ".join(m.string) if isinstance(m.string, tuple) else m.string
        for m in catalogue("ka")
        if m.id
    )
    assert not any("\u1c90" <= char <= "\u1cbf" for char in texts)
