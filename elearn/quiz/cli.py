"""`flask quiz import-gift|import-aiken`: read Moodle question files and check them;
`flask quiz regrade`: apply fixed questions to submitted attempts.

Storing the questions needs question pools, which come later; until then only --dry-run runs."""

import json
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy import select

from elearn.content.models import Course
from elearn.extensions import db
from elearn.quiz import services
from elearn.quiz.aiken import parse_aiken
from elearn.quiz.gift import GiftResult, parse_gift
from elearn.quiz.models import Quiz

quiz_cli = AppGroup("quiz", help="Moodle GIFT and Aiken files; regrading.")

FILE = click.argument("file", type=click.Path(exists=True, dir_okay=False))
DRY_RUN = click.option("--dry-run", is_flag=True, help="Parse and check only; change nothing.")
AS_JSON = click.option("--json", "as_json", is_flag=True, help="Print the questions as JSON.")


@quiz_cli.command("import-gift")
@FILE
@DRY_RUN
@AS_JSON
def import_gift_command(file, dry_run, as_json):
    """Read a Moodle GIFT file; report every problem as file:line: message."""
    _import(file, parse_gift, dry_run, as_json)


@quiz_cli.command("import-aiken")
@FILE
@DRY_RUN
@AS_JSON
def import_aiken_command(file, dry_run, as_json):
    """Read a Moodle Aiken file; report every problem as file:line: message."""
    _import(file, parse_aiken, dry_run, as_json)


def _import(file: str, parse: Callable[[str], GiftResult], dry_run: bool, as_json: bool) -> None:
    if not dry_run:
        raise click.UsageError(
            "use --dry-run; importing into a question pool arrives with question pools"
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
        return
    types = Counter(question["type"] for question in result.questions)
    summary = ", ".join(f"{count} {kind}" for kind, count in types.items())
    click.echo(f"{file}: {len(result.questions)} question(s) ({summary}); nothing was stored.")


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
