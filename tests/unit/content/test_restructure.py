"""Moving modules and lessons renames their files and rewrites every link to them."""

import datetime
from pathlib import Path

import pytest

from elearn.content.loader import author_warnings, load_course
from elearn.content.restructure import (
    CannotMove,
    move_lesson,
    move_lesson_to_module,
    move_module,
    rewrite_links,
)
from elearn.content.source import text_hash
from tests.course_files import LESSON_ONE, LESSON_TWO, QUIZ, QUIZ_UK, body_of, write_course

LESSON_ONE_LINKED = LESSON_ONE + (
    "\nRead on in [the third lesson](../02-more/01-third.md#part), or on"
    " [the web](https://example.org/02-second.md).\n"
)
LESSON_TWO_UK = """\
---
title: Другий урок
source_hash: {hash}
---

Повернутися до [першого](01-first.md#why-it-matters), ![Діаграма](media/chart.png).
"""
THIRD = """\
---
id: third-lesson
title: Third lesson
duration: 5
---

Back to [the second lesson](../01-basics/02-second.md#top) and [itself](01-third.md).
"""
QUIZ_UK_LINKED = QUIZ_UK.replace("Котрий?", "Котрий? Див. [урок](02-second.md#top).")


def linked_course(root: Path, **overrides: str) -> Path:
    """The sample course with links across modules and within one, in lessons, translations
    and a quiz translation."""
    files = {
        "01-basics/01-first.md": LESSON_ONE_LINKED,
        "01-basics/01-first.uk.md": (
            f"---\ntitle: Перший урок\nsource_hash: {text_hash(body_of(LESSON_ONE_LINKED))}\n"
            "---\n\nДалі [другий урок](02-second.md).\n"
        ),
        "01-basics/02-second.uk.md": LESSON_TWO_UK.format(hash=text_hash(body_of(LESSON_TWO))),
        "01-basics/check.quiz.uk.md": QUIZ_UK_LINKED.format(hash=text_hash(body_of(QUIZ))),
        "02-more/01-third.md": THIRD,
    }
    return write_course(root, **(files | overrides))


def loaded(folder: Path):
    course, problems = load_course(folder)
    assert [str(problem) for problem in problems] == []
    return course


def lesson_ids(folder: Path) -> list[str]:
    return [lesson.id for module in loaded(folder).modules for lesson in module.lessons]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in folder.rglob("*")
        if path.is_file()
    }


def text(folder: Path, file: str) -> str:
    return (folder / file).read_text(encoding="utf-8")


def test_moving_a_module_renames_its_folder_and_rewrites_links(tmp_path):
    folder = linked_course(tmp_path)

    moved = move_module(folder, "02-more", -1)

    assert moved == {
        "01-basics/01-first.md": "02-basics/01-first.md",
        "01-basics/01-first.uk.md": "02-basics/01-first.uk.md",
        "01-basics/02-second.md": "02-basics/02-second.md",
        "01-basics/02-second.uk.md": "02-basics/02-second.uk.md",
        "01-basics/check.quiz.md": "02-basics/check.quiz.md",
        "01-basics/check.quiz.uk.md": "02-basics/check.quiz.uk.md",
        "01-basics/module.yml": "02-basics/module.yml",
        "02-more/01-third.md": "01-more/01-third.md",
        "02-more/module.yml": "01-more/module.yml",
    }
    assert [module.id for module in loaded(folder).modules] == ["more", "basics"]
    assert lesson_ids(folder) == ["third-lesson", "first-lesson", "second-lesson"]
    first = text(folder, "02-basics/01-first.md")
    assert "[the third lesson](../01-more/01-third.md#part)" in first
    assert "[link](02-second.md)" in first
    assert "[the web](https://example.org/02-second.md)" in first
    assert "![A chart](media/chart.png)" in first
    third = text(folder, "01-more/01-third.md")
    assert "[the second lesson](../02-basics/02-second.md#top)" in third
    assert "[itself](01-third.md)" in third


def test_moving_a_lesson_renames_it_with_its_translations_and_rewrites_links(tmp_path):
    folder = linked_course(tmp_path)
    quiz = text(folder, "01-basics/check.quiz.md")

    moved = move_lesson(folder, "01-basics/02-second.md", -1)

    assert moved == {
        "01-basics/02-second.md": "01-basics/01-second.md",
        "01-basics/02-second.uk.md": "01-basics/01-second.uk.md",
        "01-basics/01-first.md": "01-basics/02-first.md",
        "01-basics/01-first.uk.md": "01-basics/02-first.uk.md",
    }
    assert lesson_ids(folder) == ["second-lesson", "first-lesson", "third-lesson"]
    assert "[link](01-second.md)" in text(folder, "01-basics/02-first.md")
    assert "[другий урок](01-second.md)" in text(folder, "01-basics/02-first.uk.md")
    assert "[першого](02-first.md#why-it-matters)" in text(folder, "01-basics/01-second.uk.md")
    assert "[урок](01-second.md#top)" in text(folder, "01-basics/check.quiz.uk.md")
    assert text(folder, "01-basics/check.quiz.md") == quiz
    assert "(../01-basics/01-second.md#top)" in text(folder, "02-more/01-third.md")


@pytest.mark.parametrize(
    "move, item, moved_item",
    [
        (move_module, "01-basics", "02-basics"),
        (move_lesson, "01-basics/01-first.md", "01-basics/02-first.md"),
    ],
)
def test_moving_there_and_back_gives_back_the_same_course(tmp_path, move, item, moved_item):
    folder = linked_course(tmp_path)
    before, content_hash = snapshot(folder), loaded(folder).content_hash()

    move(folder, item, +1)
    assert loaded(folder).content_hash() != content_hash
    move(folder, moved_item, -1)

    assert snapshot(folder) == before
    assert loaded(folder).content_hash() == content_hash


@pytest.mark.parametrize(
    "move, item, offset",
    [
        (move_module, "01-basics", +1),
        (move_lesson, "01-basics/02-second.md", -1),
    ],
)
def test_a_move_keeps_up_to_date_translations_up_to_date(tmp_path, move, item, offset):
    folder = linked_course(tmp_path)
    long_ago = datetime.date(2000, 1, 1)
    assert author_warnings(loaded(folder), folder, long_ago) == []

    move(folder, item, offset)

    assert author_warnings(loaded(folder), folder, long_ago) == []


def test_a_stale_translation_stays_stale(tmp_path):
    stale = LESSON_TWO_UK.format(hash="0123456789ab")
    folder = linked_course(tmp_path, **{"01-basics/02-second.uk.md": stale})

    move_lesson(folder, "01-basics/01-first.md", +1)

    assert "source_hash: 0123456789ab" in text(folder, "01-basics/01-second.uk.md")


@pytest.mark.parametrize(
    "move, item, offset",
    [
        (move_module, "01-basics", -1),
        (move_module, "02-more", +1),
        (move_module, "03-missing", -1),
        (move_module, "media", -1),
        (move_lesson, "01-basics/01-first.md", -1),
        (move_lesson, "01-basics/02-second.md", +1),
        (move_lesson, "02-more/01-third.md", -1),
        (move_lesson, "01-basics/03-missing.md", -1),
        (move_lesson, "01-basics/01-first.uk.md", +1),
        (move_lesson, "01-basics/check.quiz.md", -1),
        (move_lesson, "01-basics", +1),
        (move_lesson, "../sample-course/01-basics/01-first.md", +1),
    ],
)
def test_impossible_moves_raise_and_change_nothing(tmp_path, move, item, offset):
    folder = linked_course(tmp_path)
    before = snapshot(folder)

    with pytest.raises(CannotMove):
        move(folder, item, offset)

    assert snapshot(folder) == before
    assert issubclass(CannotMove, ValueError)


def test_a_move_takes_the_places_numbers_and_keeps_the_rest_of_the_names(tmp_path):
    folder = linked_course(tmp_path, **{"07-extra/module.yml": "id: extra\ntitle:\n  en: Extra\n"})

    moved = move_module(folder, "07-extra", -1)

    assert moved == {
        "02-more/01-third.md": "07-more/01-third.md",
        "02-more/module.yml": "07-more/module.yml",
        "07-extra/module.yml": "02-extra/module.yml",
    }
    assert [module.id for module in loaded(folder).modules] == ["basics", "extra", "more"]


def test_names_without_a_number_get_one(tmp_path):
    summary = "---\nid: summary\ntitle: Summary\nduration: 5\n---\n\nBack to [3](01-third.md).\n"
    folder = linked_course(tmp_path, **{"02-more/summary.md": summary})

    moved = move_lesson(folder, "02-more/summary.md", -1)

    assert moved == {
        "02-more/summary.md": "02-more/01-summary.md",
        "02-more/01-third.md": "02-more/02-third.md",
    }
    assert lesson_ids(folder)[-2:] == ["summary", "third-lesson"]
    assert "[3](02-third.md)" in text(folder, "02-more/01-summary.md")


def test_rewrite_links_follows_renamed_folders_and_files_in_a_draft():
    mapping = {"01-a/01-x.md": "02-a/02-x.md", "02-b/01-y.md": "01-b/01-y.md"}
    draft = (
        '[x](01-x.md#part) [y](../02-b/01-y.md) [y again](<../02-b/01-y.md> "title")\n'
        "[kept](01-z.md) [out](../../elsewhere/01-x.md) [web](http://example.org/01-x.md)\n"
        "[top](#top) ![img](media/01-x.md)"
    )

    rewritten = rewrite_links(draft, "01-a/01-z.md", mapping)

    assert rewritten == (
        '[x](02-x.md#part) [y](../01-b/01-y.md) [y again](<../01-b/01-y.md> "title")\n'
        "[kept](01-z.md) [out](../../elsewhere/01-x.md) [web](http://example.org/01-x.md)\n"
        "[top](#top) ![img](media/01-x.md)"
    )


def test_rewrite_links_writes_links_relative_to_the_new_place_of_the_file():
    mapping = {"01-a/01-x.md": "01-a/02-x.md"}

    rewritten = rewrite_links("[x](01-x.md#part)", "01-a/02-y.md", mapping, "final.quiz.md")

    assert rewritten == "[x](01-a/02-x.md#part)"


def test_moving_a_lesson_to_another_module_follows_its_links_both_ways(tmp_path):
    folder = linked_course(tmp_path)
    moved = move_lesson_to_module(folder, "01-basics/02-second.md", "02-more")

    assert moved == {
        "01-basics/02-second.md": "02-more/02-second.md",
        "01-basics/02-second.uk.md": "02-more/02-second.uk.md",
    }
    assert lesson_ids(folder) == ["first-lesson", "third-lesson", "second-lesson"]
    # links to it, from its old module, its new module and a quiz translation
    assert "[другий урок](../02-more/02-second.md)" in text(folder, "01-basics/01-first.uk.md")
    assert "[the second lesson](02-second.md#top)" in text(folder, "02-more/01-third.md")
    assert "(../02-more/02-second.md#top)" in text(folder, "01-basics/check.quiz.uk.md")
    # links from it, anchors kept; media links are course-relative and stay
    moved_uk = text(folder, "02-more/02-second.uk.md")
    assert "[першого](../01-basics/01-first.md#why-it-matters)" in moved_uk
    assert "![Діаграма](media/chart.png)" in moved_uk
    assert author_warnings(loaded(folder), folder, datetime.date(2000, 1, 1)) == []  # none stale


@pytest.mark.parametrize(
    ("lesson", "module"),
    [
        ("01-basics/02-second.md", "01-basics"),
        ("01-basics/02-second.md", "09-none"),
        ("01-basics/09-none.md", "02-more"),
        ("01-basics/check.quiz.md", "02-more"),
    ],
)
def test_impossible_moves_to_another_module_change_nothing(tmp_path, lesson, module):
    folder = linked_course(tmp_path)
    before = snapshot(folder)
    with pytest.raises(CannotMove):
        move_lesson_to_module(folder, lesson, module)
    assert snapshot(folder) == before
