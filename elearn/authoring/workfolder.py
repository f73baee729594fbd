"""Changing a course through its folder in the course format: export it to a temporary folder,
change files, check the folder with the loader and import it. A web change is thereby checked
exactly like a file edit and becomes a new content version, and the web and the files never
differ."""

import re
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import yaml
from sqlalchemy import select

from elearn.authoring.errors import NotPublishable
from elearn.content.exporter import export_course, write_yaml
from elearn.content.importer import ImportReport, import_course
from elearn.content.loader import load_course
from elearn.content.models import Course
from elearn.content.source import Problem
from elearn.extensions import db

NUMBERED = re.compile(r"^(\d+)-")


def located(problem: Problem, folder: Path) -> str:
    return f"{problem.path.relative_to(folder.parent)}:{problem.line}: {problem.message}"


@contextmanager
def exported(course: Course) -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as workdir:
        yield export_course(course, Path(workdir))


def import_checked(folder: Path) -> ImportReport:
    source, problems = load_course(folder)
    if problems:
        raise NotPublishable([located(problem, folder) for problem in problems])
    return import_course(source)


def lock_course(course: Course) -> None:
    """Hold the course's row until the transaction ends, then read everything afresh: two
    changes at the same moment apply one after the other, the second to the course as the first
    left it, so neither undoes the other (PostgreSQL; SQLite lets one writer in at a time)."""
    db.session.flush()
    db.session.execute(select(Course.id).where(Course.id == course.id).with_for_update())
    db.session.expire_all()


def change_course(course: Course, change: Callable[[Path], object]) -> ImportReport:
    """Export the course, apply ``change`` to its folder, check it and import it."""
    lock_course(course)
    with exported(course) as folder:
        change(folder)
        return import_checked(folder)


def update_yaml(path: Path, change: Callable[[dict], None]) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(write_yaml(data), encoding="utf-8")


def next_number(names) -> int:
    """The number after the highest ``NN-`` prefix among ``names`` (1 when there is none)."""
    return max((int(m.group(1)) for name in names if (m := NUMBERED.match(name))), default=0) + 1
