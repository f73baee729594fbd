"""Every translated lesson of every bundled course is about as long as its English source: a
translation far shorter was probably summarised or left unfinished, one far longer probably
carries text the English does not have. Armenian, Azerbaijani and Georgian words are longer than
English ones, hence the wide band."""

import re
from pathlib import Path

from elearn.config import PROJECT_ROOT
from elearn.content.source import Problems, read_source
from elearn.i18n import TRANSLATED_LOCALES

LOWEST, HIGHEST = 0.6, 1.6  # translated words per English word
WORD = re.compile(r"\w+")
TRANSLATION = re.compile(rf"\.({'|'.join(TRANSLATED_LOCALES)})\.md$")


def words(path: Path) -> int:
    source = read_source(path, Problems())
    assert source is not None, path
    return len(WORD.findall(source.body))


def english_lessons() -> list[Path]:
    return sorted(
        path
        for course in (PROJECT_ROOT / "courses").iterdir()
        if (course / "course.yml").is_file()
        for path in course.rglob("*.md")
        if not TRANSLATION.search(path.name) and not path.name.endswith(".quiz.md")
    )


def test_translated_lessons_are_about_as_long_as_their_source():
    outliers, compared = [], 0
    for english in english_lessons():
        english_words = words(english)
        for locale in TRANSLATED_LOCALES:
            translation = english.with_name(f"{english.stem}.{locale}.md")
            if not translation.is_file():
                continue
            compared += 1
            ratio = words(translation) / english_words
            if not LOWEST <= ratio <= HIGHEST:
                relative = translation.relative_to(PROJECT_ROOT)
                outliers.append(f"{relative}: {ratio:.2f} × the English word count")
    assert compared > 0
    assert outliers == [], "\n".join(outliers)
