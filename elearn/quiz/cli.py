"""`flask quiz import-gift|import-aiken`: read Moodle question files, check them, and add them
to a course's quiz file as a pool. `flask quiz regrade`: apply fixed questions to attempts."""

import json
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy import select

from elearn.content.models import Course, Quiz
from elearn.extensions import db
from elearn.quiz import services
from elearn.quiz.aiken import parse_aiken
from elearn.quiz.gift import GiftResult, parse_gift
from elearn.quiz.pools import PoolImportError, add_to_quiz_file

quiz_cli = AppGroup("quiz", help="Moodle GIFT and Aiken files; regrading.")

FILE = click.argument("file", type=click.Path(exists=True, dir_okay=False))
DRY_RUN = click.option("--dry-run", is_flag=True, help="Parse and check only; change nothing.")
AS_JSON = click.option("--json", "as_json", is_flag=True, help="Print the questions as JSON.")


INTO = click.option(
    "--into",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A quiz file of a course folder (*.quiz.md) that receives the questions as a pool.",
)
POOL = click.option("--pool", default="imported", show_default=True, help="The pool's name.")


@quiz_cli.command("import-gift")
@FILE
@DRY_RUN
@AS_JSON
@INTO
@POOL
def import_gift_command(file, dry_run, as_json, into, pool):
    """Read a Moodle GIFT file; report every problem as file:line: message."""
    _import(file, parse_gift, dry_run, as_json, into, pool)


@quiz_cli.command("import-aiken")
@FILE
@DRY_RUN
@AS_JSON
@INTO
@POOL
def import_aiken_command(file, dry_run, as_json, into, pool):
    """Read a Moodle Aiken file; report every problem as file:line: message."""
    _import(file, parse_aiken, dry_run, as_json, into, pool)


def _import(file, parse: Callable[[str], GiftResult], dry_run, as_json, into, pool) -> None:
    if not dry_run and into is None:
        raise click.UsageError(
            "name the quiz file that receives the questions (--into), or --dry-run"
        )
    try:
        text = Path(file).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise click.FileError(file, hint="the file is not valid UTF-8") from error
    result = parse(text)
    for problem in result.problems:
        click.echo(f"{file}:{problem.line}: {problem.message}", err=True)
    if result.problems:
        sys.exit(1)
    if as_json:
        click.echo(json.dumps(result.questions, ensure_ascii=False, indent=2))
    elif dry_run:
        types = Counter(question["type"] for question in result.questions)
        summary = ", ".join(f"{count} {kind}" for kind, count in types.items())
        click.echo(f"{file}: {len(result.questions)} question(s) ({summary}); nothing was stored.")
    if dry_run:
        return
    try:
        add_to_quiz_file(into, result.questions, pool)
    except PoolImportError as error:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        raise click.ClickException(
            "the questions would break the course; nothing was changed"
        ) from None
    count = len(result.questions)
    click.echo(
        f"{into}: {count} question(s) added to pool '{pool}'. Import the course to use them."
    )


@quiz_cli.command("regrade")
@click.argument("course_id")
@click.argument("quiz_id")
def regrade_command(course_id, quiz_id):
    """Apply the quiz's current answer keys to its submitted attempts (audited)."""
    quiz = db.session.scalar(
        select(Quiz).join(Course).where(Course.slug == course_id, Quiz.slug == quiz_id)
    )
    if quiz is None:
        raise click.ClickException(f"no quiz '{quiz_id}' in course '{course_id}'")
    changed = services.regrade(None, quiz, ip=None)
    db.session.commit()
    click.echo(f"{len(changed)} attempt(s) changed score.")
    for attempt in changed:
        click.echo(f"  attempt {attempt.id}: {attempt.score}")
