"""The course loader reports every problem as file:line: message and accepts the bundled courses."""

from pathlib import Path

import pytest
from PIL import Image

from elearn.config import PROJECT_ROOT
from elearn.content.loader import load_course
from tests.course_files import LESSON_ONE, QUIZ, write_course


def problems_of(folder: Path) -> list[str]:
    course, problems = load_course(folder)
    assert (course is None) == bool(problems)
    return [str(problem) for problem in problems]


def test_the_sample_course_is_valid(tmp_path):
    course, problems = load_course(write_course(tmp_path))
    assert problems == []
    assert [m.id for m in course.modules] == ["basics", "more"]
    lesson = course.modules[0].lessons[0]
    assert set(lesson.texts) == {"en", "uk"}
    assert course.modules[0].quizzes[0].answer_keys["count"]["answers"] == [
        {"id": "exact", "value": 4.0, "tolerance": 1.0, "fraction": 1.0}
    ]


@pytest.mark.parametrize(
    "relative, text, expected",
    [
        ("course.yml", "id: sample-course\n\ttitle: x\n", "course.yml:2: invalid YAML"),
        ("course.yml", "id: other-id\n", "course.yml:1: the id must equal the folder's name"),
        (
            "01-basics/02-second.md",
            "---\nid: second-lesson\ntitle: T\nduration: ten\n---\n\nx\n",
            "02-second.md:4: 'duration' must be a number",
        ),
        (
            "01-basics/02-second.md",
            "---\nid: first-lesson\ntitle: T\nduration: 5\n---\n\nx\n",
            "02-second.md:2: duplicate lesson id 'first-lesson'",
        ),
        (
            "01-basics/02-second.md",
            "---\nid: second-lesson\ntitle: T\nduration: 5\ncolour: red\n---\n\nx\n",
            "02-second.md:5: unknown key 'colour'",
        ),
        (
            "01-basics/02-second.md",
            "---\nid: second-lesson\ntitle: T\nduration: 5\n---\n\nSee ![x](media/none.png).\n",
            "02-second.md:7: missing media file 'media/none.png'",
        ),
        (
            "01-basics/02-second.md",
            "---\nid: second-lesson\ntitle: T\nduration: 5\n---\n\n\n[next](03-nowhere.md)\n",
            "02-second.md:8: broken link '03-nowhere.md'",
        ),
        (
            "01-basics/02-second.fr.md",
            "---\ntitle: T\n---\n",
            "02-second.fr.md:1: unknown locale 'fr'",
        ),
        (
            "01-basics/check.quiz.md",
            QUIZ.replace("- [ ] wrong: The wrong one", "- [x] wrong: The wrong one"),
            "check.quiz.md:11: a single question needs exactly one [x] answer",
        ),
        (
            "01-basics/check.quiz.md",
            QUIZ.replace("## numerical count", "## guess count"),
            "check.quiz.md:20: unknown question type 'guess'",
        ),
        (
            "01-basics/check.quiz.md",
            QUIZ.replace("3..5", "three"),
            "check.quiz.md:23: write a number as 42, 42 ± 0.5 or 40..44",
        ),
        (
            "01-basics/01-first.md",
            LESSON_ONE.replace("id: first-lesson", "id: First Lesson"),
            "01-first.md:2: 'First Lesson' is not a valid id",
        ),
        ("02-more/module.yml", "", "02-more/module.yml:1: module.yml is missing"),
    ],
)
def test_problems_name_file_and_line(tmp_path, relative, text, expected):
    found = problems_of(write_course(tmp_path, **{relative: text}))
    assert any(expected in problem for problem in found), found


def test_every_problem_is_reported_not_just_the_first(tmp_path):
    folder = write_course(
        tmp_path,
        **{
            "01-basics/02-second.md": "---\nid: Bad\ntitle: T\nduration: -1\n---\n\nx\n",
            "02-more/01-third.md": "no front matter\n",
        },
    )
    found = problems_of(folder)
    assert len(found) >= 3
    assert any("01-third.md:1:" in p for p in found)


def test_a_quiz_translation_must_keep_the_ids(tmp_path):
    from elearn.content.source import text_hash
    from tests.course_files import QUIZ_UK, body_of

    broken = QUIZ_UK.format(hash=text_hash(body_of(QUIZ))).replace("wrong:", "other:")
    found = problems_of(write_course(tmp_path, **{"01-basics/check.quiz.uk.md": broken}))
    assert any("check.quiz.uk.md:" in p and "answer ids differ" in p for p in found)


def test_a_translated_number_is_refused(tmp_path):
    from elearn.content.source import text_hash
    from tests.course_files import QUIZ_UK, body_of

    broken = QUIZ_UK.format(hash=text_hash(body_of(QUIZ))).replace("3..5", "3..6")
    found = problems_of(write_course(tmp_path, **{"01-basics/check.quiz.uk.md": broken}))
    assert any("numbers are not translated" in p for p in found)


def test_svg_media_is_refused(tmp_path):
    folder = write_course(tmp_path)
    (folder / "media" / "x.svg").write_text("<svg onload='alert(1)'/>")
    assert any("media must be an image" in p for p in problems_of(folder))


def test_a_text_file_named_as_an_image_is_refused(tmp_path):
    folder = write_course(tmp_path)
    (folder / "media" / "notes.png").write_text("root:x:0:0:root:/root:/bin/bash\n")
    found = problems_of(folder)
    assert any("media/notes.png:1:" in p and "not the image its name says" in p for p in found)


def test_an_image_with_the_wrong_suffix_is_refused(tmp_path):
    folder = write_course(tmp_path)
    Image.new("RGB", (4, 4)).save(folder / "media" / "photo.gif", format="PNG")
    assert any("not the image its name says" in p for p in problems_of(folder))


def test_an_image_with_too_many_pixels_is_refused(tmp_path):
    folder = write_course(tmp_path)
    Image.new("1", (6000, 6000)).save(folder / "media" / "huge.png")  # 4 KB, 36 megapixels
    assert any("media/huge.png:1:" in p for p in problems_of(folder))


@pytest.mark.parametrize("linked", ["media/passwd.png", "01-basics/02-second.md", "02-linked"])
def test_symbolic_links_are_refused_and_nothing_is_read(tmp_path, linked):
    folder = write_course(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("not for trainees")
    target = folder / linked
    if target.exists():
        target.unlink()
    target.symlink_to(outside if linked == "02-linked" else outside / "secret.txt")
    found = problems_of(folder)
    assert f"{target}:1: symbolic links are not allowed in a course folder" in found
    assert load_course(folder)[0] is None


def test_a_link_out_of_the_course_folder_is_refused(tmp_path):
    folder = write_course(tmp_path)
    (tmp_path / "elsewhere.md").write_text("outside")
    lesson = folder / "01-basics" / "01-first.md"
    lesson.write_text(lesson.read_text() + "\n[See](../../elsewhere.md)\n")
    assert any("broken link '../../elsewhere.md'" in p for p in problems_of(folder))


@pytest.mark.parametrize(
    "course",
    sorted(p.name for p in (PROJECT_ROOT / "courses").iterdir() if (p / "course.yml").exists()),
)
def test_bundled_courses_are_valid(course):
    assert problems_of(PROJECT_ROOT / "courses" / course) == []


POOLED = QUIZ.replace("## single pick-one", "## single pick-one {pool=basics}").replace(
    "## numerical count", "## numerical count {points=2 pool=basics}"
)


def test_pools_and_draw_counts_are_checked(tmp_path):
    with_draw = POOLED.replace(
        "show_feedback: after_submission", "show_feedback: after_submission\ndraw: {basics: 1}"
    )
    course, problems = load_course(
        write_course(
            tmp_path, **{"01-basics/check.quiz.md": with_draw, "01-basics/check.quiz.uk.md": ""}
        )
    )
    assert problems == []
    assert course.modules[0].quizzes[0].settings["draw"] == {"basics": 1}

    found = problems_of(
        write_course(
            tmp_path / "a", **{"01-basics/check.quiz.md": POOLED, "01-basics/check.quiz.uk.md": ""}
        )
    )
    assert any("pool 'basics' needs a 'draw' count" in p for p in found)
    too_many = with_draw.replace("basics: 1", "basics: 3")
    found = problems_of(
        write_course(
            tmp_path / "b",
            **{"01-basics/check.quiz.md": too_many, "01-basics/check.quiz.uk.md": ""},
        )
    )
    assert any("draw between 1 and 2 from pool 'basics'" in p for p in found)
    unknown = QUIZ.replace("## single pick-one", "## single pick-one {colour=red}")
    found = problems_of(write_course(tmp_path / "c", **{"01-basics/check.quiz.md": unknown}))
    assert any("unknown question attribute 'colour=red'" in p for p in found)
