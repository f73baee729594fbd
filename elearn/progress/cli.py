"""`flask progress recompute` (completions missed), `flask progress xapi` (statements to a file)
and `flask progress forward-xapi` (to an LRS)."""

import json
import time
from datetime import UTC, datetime
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from elearn.auth.models import User
from elearn.auth.services import find_user_by_email
from elearn.content.models import Course
from elearn.extensions import db
from elearn.models import utcnow
from elearn.progress.completion import recompute
from elearn.progress.events import learning_events
from elearn.progress.forwarding import forward_batch
from elearn.progress.xapi import LrsClient, statement

progress_cli = AppGroup(
    "progress", help="Progress data: completion repair, xAPI export and LRS forwarding."
)


def _since(value: str | None) -> datetime | None:
    if not value:
        return None
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


@progress_cli.command("recompute")
@click.option("--course", "course_id", metavar="SLUG", help="Only this course (its id).")
@click.option("--user", "email", metavar="EMAIL", help="Only this trainee (their email).")
def recompute_command(course_id, email):
    """Record completions whose rule is met but that were never recorded, with the certificates
    they earn. Safe to run again: a second run records nothing."""
    course = user = None
    if course_id:
        course = db.session.scalar(select(Course).where(Course.slug == course_id))
        if course is None:
            raise click.ClickException(f"no course {course_id!r}")
    if email:
        user = find_user_by_email(email)
        if user is None:
            raise click.ClickException(f"no user {email!r}")
    recorded = recompute(course=course, user=user)
    db.session.commit()
    for completion in recorded:
        trainee = db.session.get(User, completion.user_id)
        completed = db.session.get(Course, completion.course_id)
        when = completion.completed_at.isoformat(timespec="minutes")
        click.echo(f"{trainee.email} {completed.slug}: completed {when}")
    click.echo(f"{len(recorded)} missing completion(s) recorded")


@progress_cli.command("xapi")
@click.option("--since", help="Only events after this date or time (ISO 8601).")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path))
def xapi_command(since, out):
    """Write every learner's xAPI statements as a JSON list."""
    home = current_app.config["ELEARN_BASE_URL"]
    events = learning_events(select(User), _since(since))
    out.write_text(
        json.dumps([statement(e, home_page=home) for e in events], ensure_ascii=False, indent=1),
        encoding="utf-8",
    )
    click.echo(f"{len(events)} statement(s) written to {out}")


@progress_cli.command("forward-xapi")
@click.option("--loop", is_flag=True, help="Keep running, one batch every --interval seconds.")
@click.option("--interval", default=60, show_default=True)
def forward_command(loop, interval):
    """Send new statements to the LRS of ELEARN_LRS_ENDPOINT; retries with back-off."""
    config = current_app.config
    if not config["ELEARN_LRS_ENDPOINT"]:
        raise click.ClickException("ELEARN_LRS_ENDPOINT is not set")
    client = LrsClient(
        config["ELEARN_LRS_ENDPOINT"], config["ELEARN_LRS_USERNAME"], config["ELEARN_LRS_PASSWORD"]
    )
    while True:
        sent = forward_batch(client, now=utcnow())
        db.session.commit()
        click.echo(f"{sent} statement(s) forwarded")
        if not loop:
            return
        if not sent:
            time.sleep(interval)
