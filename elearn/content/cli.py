"""`flask courses validate|import|export|hash`."""

import sys
from datetime import date
from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy import select

from elearn.config import PROJECT_ROOT
from elearn.content.exporter import export_course
from elearn.content.glossary import load_glossaries, replace_glossary
from elearn.content.importer import import_course
from elearn.content.loader import author_warnings, load_course
from elearn.content.models import Course
from elearn.content.source import Problems, read_source, text_hash
from elearn.extensions import db

courses_cli = AppGroup(
    "courses", help="Validate, import and export courses in the Markdown format."
)
BUNDLED = PROJECT_ROOT / "courses"
GLOSSARY = BUNDLED / "_glossary"  # the translators' glossary, one file per language


def _course_folders(paths: tuple[str, ...], every: bool) -> list[Path]:
    if every:
        return sorted(p for p in BUNDLED.iterdir() if (p / "course.yml").is_file())
    if not paths:
        raise click.UsageError("name course folders, or use --all")
    return [Path(p) for p in paths]


def course_folder(folders: list[Path], course_id: str) -> Path:
    return next(folder for folder in folders if folder.name == course_id)


def _load_all(folders: list[Path], *, glossary: bool = False):
    """The courses and, with ``glossary``, the glossaries, and every problem found in them."""
    loaded, problems = [], Problems()
    for folder in folders:
        course, found = load_course(folder)
        problems.extend(found)
        if course is not None:
            loaded.append(course)
    glossaries = []
    if glossary:
        glossaries, found = load_glossaries(GLOSSARY)
        problems.extend(found)
    for problem in problems:
        click.echo(str(problem), err=True)
    return loaded, glossaries, problems


@courses_cli.command("validate")
@click.argument("paths", nargs=-1)
@click.option("--all", "every", is_flag=True, help="Every course under courses/.")
def validate_command(paths, every):
    """Check course folders (with --all, the glossary too); report every problem as
    file:line: message."""
    folders = _course_folders(paths, every)
    loaded, glossaries, problems = _load_all(folders, glossary=every)
    if problems:
        click.echo(f"{len(problems)} problem(s) found.", err=True)
        sys.exit(1)
    for course in loaded:
        click.echo(f"{course.id}: valid ({len(course.modules)} modules)")
        for warning in author_warnings(course, course_folder(folders, course.id), date.today()):
            click.echo(f"warning: {warning}")
    for glossary in glossaries:
        click.echo(f"glossary {glossary.locale}: valid ({len(glossary.terms)} terms)")


@courses_cli.command("import")
@click.argument("paths", nargs=-1)
@click.option("--all", "every", is_flag=True, help="Every course under courses/.")
def import_command(paths, every):
    """Import course folders in one transaction: all or nothing. With --all, the glossary of
    each language that has a file replaces its previous one in the same transaction."""
    loaded, glossaries, problems = _load_all(_course_folders(paths, every), glossary=every)
    if problems:
        click.echo(f"Nothing imported: {len(problems)} problem(s) found.", err=True)
        sys.exit(1)
    try:
        reports = [import_course(course) for course in loaded]
        counts = {glossary.locale: replace_glossary(glossary) for glossary in glossaries}
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    for report in reports:
        click.echo(_describe(report))
    for locale, count in counts.items():
        click.echo(f"glossary {locale}: {count} terms")


def _describe(report) -> str:
    if report.unchanged:
        return f"{report.course}: unchanged (version {report.version})"
    state = "created" if report.created else "updated"
    lines = [f"{report.course}: {state}, version {report.version}"]
    for label in ("added", "changed", "removed", "archived"):
        items = getattr(report, label)
        if items:
            lines.append(f"  {label} ({len(items)}): {', '.join(items)}")
    return "\n".join(lines)


@courses_cli.command("export")
@click.argument("course_id")
@click.argument("destination", type=click.Path(file_okay=False, path_type=Path))
def export_command(course_id, destination):
    """Write an imported course back into the Markdown format."""
    course = db.session.scalar(select(Course).where(Course.slug == course_id))
    if course is None:
        raise click.ClickException(f"no course with id '{course_id}'")
    click.echo(f"Exported to {export_course(course, destination)}")


@courses_cli.command("hash")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
def hash_command(files):
    """Print the source_hash a translation of FILE records."""
    for path in files:
        problems = Problems()
        source = read_source(path, problems)
        if source is None:
            raise click.ClickException("; ".join(map(str, problems)))
        click.echo(f"{text_hash(source.body)}  {path}")
