"""Reorder the modules and lessons of a course folder (docs/course-format.md).

Positions come only from the numeric prefixes of the names, so a move renames files and folders;
every relative link to a renamed file is then rewritten, in every Markdown file of the course."""

import posixpath
import re
import tempfile
from collections import defaultdict
from itertools import pairwise
from pathlib import Path

import yaml

from elearn.content.files import LINK
from elearn.content.source import text_hash

NUMBERED = re.compile(r"^(\d+)-")
TRANSLATION = re.compile(r"^(?P<stem>.+)\.[a-z]{2}(_[A-Za-z]+)?\.md$")
EXTERNAL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)
FRONT_MATTER_END = "\n---\n"


class CannotMove(ValueError):
    """The module or lesson is already first (or last), or the course has no such item."""


def move_module(course_folder: Path, module_folder: str, offset: int) -> dict[str, str]:
    """Move a module one place up (-1) or down (+1); returns the renamed files, old → new."""
    renamed = _reordered(_module_folders(course_folder), module_folder, offset)
    moved = {
        f"{old}/{file}": f"{new}/{file}"
        for old, new in renamed.items()
        for file in _files_under(course_folder / old)
    }
    _rename(course_folder, renamed)
    _rewrite_course_links(course_folder, moved)
    return moved


def move_lesson(course_folder: Path, lesson_file: str, offset: int) -> dict[str, str]:
    """Move a lesson (``01-basics/02-x.md``, with its translations) one place up (-1) or down
    (+1) among the lessons of its module; returns the renamed files, old → new."""
    module, _, name = lesson_file.partition("/")
    lessons = _lessons(course_folder / module) if module in _module_folders(course_folder) else {}
    stem = name.removesuffix(".md")
    if not name.endswith(".md") or stem not in lessons:
        raise CannotMove(f"there is no lesson '{lesson_file}'")
    renamed = {
        file: new_stem + file.removeprefix(old_stem)
        for old_stem, new_stem in _reordered(list(lessons), stem, offset).items()
        for file in lessons[old_stem]
    }
    _rename(course_folder / module, renamed)
    moved = {f"{module}/{old}": f"{module}/{new}" for old, new in renamed.items()}
    _rewrite_course_links(course_folder, moved)
    return moved


def move_lesson_to_module(course_folder: Path, lesson_file: str, module_folder: str) -> dict:
    """Move a lesson, with its translations, to the end of another module; returns the moved
    files, old → new. Links are rewritten file by file (``relink_moved``)."""
    module, _, name = lesson_file.partition("/")
    folders = _module_folders(course_folder)
    lessons = _lessons(course_folder / module) if module in folders else {}
    stem = name.removesuffix(".md")
    if stem not in lessons or module_folder not in folders or module_folder == module:
        raise CannotMove(f"cannot move '{lesson_file}' to '{module_folder}'")
    last = max(
        (
            int(match[1])
            for other in _lessons(course_folder / module_folder)
            if (match := NUMBERED.match(other))
        ),
        default=0,
    )
    new_stem = f"{last + 1:02d}-{NUMBERED.sub('', stem)}"
    moved = {
        f"{module}/{file}": f"{module_folder}/{new_stem}{file.removeprefix(stem)}"
        for file in lessons[stem]
    }
    for old, new in moved.items():
        (course_folder / old).rename(course_folder / new)
    _rewrite_course_links(course_folder, moved, relink=relink_moved)
    return moved


def relink_moved(text: str, file: str, moved: dict[str, str], new_file: str | None = None) -> str:
    """``text`` of the course file ``file`` (now at ``new_file``) with each relative link whose
    target moved, or that starts from a file that moved, made relative to where things are now,
    anchor kept. Unlike ``rewrite_links`` it follows single files across folders."""
    new_file = new_file if new_file is not None else moved.get(file, file)
    old_folder, new_folder = posixpath.dirname(file), posixpath.dirname(new_file)

    def relink(match: re.Match) -> str:
        path, hash_sign, anchor = match.group(1).partition("#")
        if not path or EXTERNAL.match(path) or path.startswith(("/", "media/")):
            return match.group(0)
        target = posixpath.normpath(posixpath.join(old_folder, path))
        if target not in moved and new_folder == old_folder:
            return match.group(0)
        link = posixpath.relpath(moved.get(target, target), new_folder or ".")
        start, end = match.start(1) - match.start(), match.end(1) - match.start()
        return match.group(0)[:start] + link + hash_sign + anchor + match.group(0)[end:]

    return "\n".join(LINK.sub(relink, line) for line in text.split("\n"))


def rewrite_links(
    text: str, file: str, mapping: dict[str, str], new_file: str | None = None
) -> str:
    """``text`` of the course file ``file`` (now at ``new_file``, by default where ``mapping``
    put it) with each relative link that no longer reaches its target, renamed or not, pointing
    at it again, anchor kept. Every other link, external and media links among them, stays."""
    names = _new_names(mapping)
    old_folder = posixpath.dirname(file)
    new_folder = posixpath.dirname(new_file if new_file is not None else _renamed(file, names))

    def relink(match: re.Match) -> str:
        path, hash_sign, anchor = match.group(1).partition("#")
        if not path or EXTERNAL.match(path) or path.startswith(("/", "media/")):
            return match.group(0)
        followed = _followed(path, old_folder, names)
        if followed is None:
            return match.group(0)
        link, target = followed
        if posixpath.normpath(posixpath.join(new_folder, link)) != target:
            link = posixpath.relpath(target, new_folder or ".")
        start, end = match.start(1) - match.start(), match.end(1) - match.start()
        return match.group(0)[:start] + link + hash_sign + anchor + match.group(0)[end:]

    return "\n".join(LINK.sub(relink, line) for line in text.split("\n"))


# reordering ---------------------------------------------------------------------------------


def _reordered(names: list[str], name: str, offset: int) -> dict[str, str]:
    """New names, old → new, for moving ``name`` by ``offset`` among ``names`` (in name order);
    names that keep their place keep their name."""
    if offset not in (-1, 1):
        raise ValueError("the offset is -1 (up) or +1 (down)")
    if name not in names:
        raise CannotMove(f"there is no '{name}' to move")
    index = names.index(name)
    if not 0 <= index + offset < len(names):
        raise CannotMove(f"'{name}' is already {'first' if offset < 0 else 'last'}")
    order = names.copy()
    order.insert(index + offset, order.pop(index))
    renumbered = {
        old: f"{number}-{NUMBERED.sub('', old)}"
        for number, old in zip(_numbers(names), order, strict=True)
    }
    return {old: new for old, new in renumbered.items() if old != new}


def _numbers(names: list[str]) -> list[str]:
    """The prefix of each place: the names' own when they already count up in name order,
    otherwise 1, 2, 3... in the widest existing width (at least two digits)."""
    prefixes = [NUMBERED.match(name) for name in names]
    if all(prefixes) and all(int(a[1]) < int(b[1]) for a, b in pairwise(prefixes)):
        return [prefix[1] for prefix in prefixes]
    width = max([2, len(str(len(names)))] + [len(prefix[1]) for prefix in prefixes if prefix])
    return [f"{place:0{width}d}" for place in range(1, len(names) + 1)]


def _module_folders(course_folder: Path) -> list[str]:
    return sorted(p.name for p in course_folder.iterdir() if p.is_dir() and p.name != "media")


def _lessons(module_folder: Path) -> dict[str, list[str]]:
    """The module's lessons in order, each as its stem → the names of its English file and
    translations (``02-x`` → ``["02-x.md", "02-x.uk.md"]``)."""
    files = defaultdict(list)
    for path in sorted(module_folder.glob("*.md")):
        files[_english_stem(path.name)].append(path.name)
    return {
        stem: names
        for stem, names in sorted(files.items())
        if f"{stem}.md" in names and not stem.endswith(".quiz")
    }


def _english_stem(name: str) -> str:
    """The stem of the English file a Markdown file belongs to: ``02-x`` for ``02-x.uk.md``."""
    translation = TRANSLATION.match(name)
    return translation["stem"] if translation else name.removesuffix(".md")


def _files_under(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def _rename(folder: Path, renamed: dict[str, str]) -> None:
    """Rename entries of ``folder``, old → new name, through a staging folder so that a new
    name never meets an old one midway."""
    staging = Path(tempfile.mkdtemp(prefix=".renaming-", dir=folder))
    for old, new in renamed.items():
        (folder / old).rename(staging / new)
    for new in renamed.values():
        (staging / new).rename(folder / new)
    staging.rmdir()


# links --------------------------------------------------------------------------------------


def _new_names(mapping: dict[str, str]) -> dict[str, str]:
    """Each renamed file or folder of ``mapping`` (renames in place) → its new name:
    ``{"01-a/x.md": "02-a/x.md"}`` gives ``{"01-a": "02-a"}``."""
    names = {}
    for old, new in mapping.items():
        old_parts, new_parts = old.split("/"), new.split("/")
        for depth, (old_name, new_name) in enumerate(zip(old_parts, new_parts, strict=True), 1):
            if old_name != new_name:
                names["/".join(old_parts[:depth])] = new_name
    return names


def _renamed(path: str, names: dict[str, str]) -> str:
    parts = path.split("/")
    return "/".join(
        names.get("/".join(parts[:depth]), part) for depth, part in enumerate(parts, start=1)
    )


def _followed(link: str, folder: str, names: dict[str, str]) -> tuple[str, str] | None:
    """The link with each renamed folder or file in it renamed, and the new course path of its
    target; None for a link leading out of the course."""
    position = folder.split("/") if folder else []
    segments = []
    for segment in link.split("/"):
        if segment == "..":
            if not position:
                return None
            position.pop()
        elif segment not in ("", "."):
            position.append(segment)
            segment = names.get("/".join(position), segment)
        segments.append(segment)
    return "/".join(segments), _renamed("/".join(position) or ".", names)


def _rewrite_course_links(course_folder: Path, moved: dict[str, str], relink=rewrite_links):
    """Rewrite the links of every Markdown file after ``moved`` with ``relink``. A translation
    made from an English text whose links alone changed records the new text's hash, so it
    stays current."""
    previous = {new: old for old, new in moved.items()}
    hashes = {}
    for path in sorted([*course_folder.glob("*.md"), *course_folder.glob("*/*.md")]):
        file = path.relative_to(course_folder).as_posix()
        text = path.read_text(encoding="utf-8")
        relinked = relink(text, previous.get(file, file), moved, file)
        if relinked != text:
            path.write_text(relinked, encoding="utf-8")
            hashes[path] = text_hash(_body(text)), text_hash(_body(relinked))
    for english, (before, after) in hashes.items():
        stem = english.name.removesuffix(".md")
        for path in english.parent.glob("*.md"):
            if path != english and _english_stem(path.name) == stem:
                _record_source_hash(path, before, after)


def _body(text: str) -> str:
    return text.partition(FRONT_MATTER_END)[2]


def _record_source_hash(translation: Path, before: str, after: str) -> None:
    """Replace the translation's ``source_hash: <before>`` with ``after``."""
    text = translation.read_text(encoding="utf-8")
    front_matter, delimiter, body = text.partition(FRONT_MATTER_END)
    line = re.compile(rf"^source_hash:[ \t]*(['\"]?){before}\1[ \t]*$", re.M)
    recorded = yaml.safe_dump({"source_hash": after}).strip()
    updated = line.sub(lambda _: recorded, front_matter, count=1)
    if updated != front_matter:
        translation.write_text(updated + delimiter + body, encoding="utf-8")
