"""`flask progress xapi` (the learning record to a file), `flask progress forward-xapi` (to an
LRS) and `flask progress backfill-record` (record the facts stored before the record existed)."""

import json
import time
from datetime import UTC, datetime
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from elearn.auth.models import User
from elearn.extensions import db
from elearn.models import utcnow
from elearn.progress.backfill import backfill_record
from elearn.progress.forwarding import BATCH, forward_batch
from elearn.progress.record import recorded_statements
from elearn.progress.xapi import LrsClient

progress_cli = AppGroup("progress", help="Progress data: xAPI export and LRS forwarding.")


def _moment(value: str | None) -> datetime | None:
    if not value:
        return None
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


@progress_cli.command("xapi")
@click.option("--since", help="Only statements stored after this date or time (ISO 8601).")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path))
def xapi_command(since, out):
    """Write every learner's xAPI statements, as recorded, as a JSON list."""
    statements = db.session.scalars(recorded_statements(select(User), since=_moment(since))).all()
    out.write_text(json.dumps(statements, ensure_ascii=False, indent=1), encoding="utf-8")
    click.echo(f"{len(statements)} statement(s) written to {out}")


@progress_cli.command("forward-xapi")
@click.option("--loop", is_flag=True, help="Keep running, one batch every --interval seconds.")
@click.option("--interval", default=60, show_default=True)
@click.option("--batch", default=BATCH, show_default=True, help="Statements per request.")
def forward_command(loop, interval, batch):
    """Send the statements the LRS of ELEARN_LRS_ENDPOINT has not acknowledged yet, batch after
    batch until none is left or the LRS fails (then back off: with --loop, try again later)."""
    config = current_app.config
    if not config["ELEARN_LRS_ENDPOINT"]:
        raise click.ClickException("ELEARN_LRS_ENDPOINT is not set")
    client = LrsClient(
        config["ELEARN_LRS_ENDPOINT"], config["ELEARN_LRS_USERNAME"], config["ELEARN_LRS_PASSWORD"]
    )
    while True:
        sent = forward_batch(client, now=utcnow(), batch=batch)
        db.session.commit()
        click.echo(f"{sent} statement(s) forwarded")
        if not loop and not sent:
            return
        if not sent:
            time.sleep(interval)


@progress_cli.command("backfill-record")
@click.option(
    "--forwarded-until",
    help="The old forwarder's cursor (lrs_forwarding.sent_until before the upgrade): facts up "
    "to then were sent already and are not sent again.",
)
def backfill_command(forwarded_until):
    """Record, once, the learning facts stored before the learning record existed."""
    outcome = backfill_record(forwarded_until=_moment(forwarded_until), now=utcnow())
    db.session.commit()
    click.echo(f"{outcome.added} statement(s) recorded, {outcome.skipped} already there")
