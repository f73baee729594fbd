"""`flask progress recompute` (completions missed), `flask progress xapi` (the learning record to
a file), `flask progress forward-xapi` (to an LRS), `flask progress backfill-record` (record the
facts stored before the record existed) and `flask progress xapi-client` (LRS clients)."""

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
from elearn.orgs.models import Agency, Country
from elearn.progress.backfill import backfill_record
from elearn.progress.clients import clients, issue_client, revoke_client, scope_label
from elearn.progress.completion import recompute
from elearn.progress.forwarding import BATCH, forward_batch
from elearn.progress.models import XapiClient
from elearn.progress.statements import StatementQuery, recorded_statements
from elearn.progress.xapi import LrsClient

progress_cli = AppGroup(
    "progress", help="Progress data: completion repair, xAPI export and LRS forwarding."
)


def _moment(value: str | None) -> datetime | None:
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
@click.option("--since", help="Only statements stored after this date or time (ISO 8601).")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path))
def xapi_command(since, out):
    """Write every learner's xAPI statements, as recorded, as a JSON list."""
    query = StatementQuery(since=_moment(since), ascending=True)
    statements = [
        row.statement for row in db.session.execute(recorded_statements(select(User), query))
    ]
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


clients_cli = AppGroup("xapi-client", help="HTTP Basic credentials of outside xAPI readers.")
progress_cli.add_command(clients_cli)


@clients_cli.command("issue")
@click.argument("name")
@click.option("--country", help="ISO code of the country whose officers it may read.")
@click.option("--agency", type=int, help="Id of the agency whose officers it may read.")
def issue_client_command(name, country, agency):
    """Issue credentials; the secret is printed once and never stored."""
    if bool(country) == bool(agency):
        raise click.UsageError("give exactly one of --country or --agency")
    found_country = db.session.scalar(
        select(Country).where(Country.code == (country or "").upper())
    )
    found_agency = db.session.get(Agency, agency) if agency else None
    if country and found_country is None or agency and found_agency is None:
        raise click.ClickException(
            f"no such {'country' if country else 'agency'}: {country or agency}"
        )
    client, secret = issue_client(
        None, name, country=found_country, agency=found_agency, ip=None, now=utcnow()
    )
    db.session.commit()
    click.echo(f"key:    {client.key}\nsecret: {secret}\n(the secret is not shown again)")


@clients_cli.command("revoke")
@click.argument("key")
def revoke_client_command(key):
    """Revoke a client's credentials at once."""
    client = db.session.scalar(select(XapiClient).where(XapiClient.key == key))
    if client is None:
        raise click.ClickException(f"no xAPI client with key {key}")
    revoke_client(None, client, ip=None, now=utcnow())
    db.session.commit()
    click.echo(f"{key} revoked")


@clients_cli.command("list")
def list_clients_command():
    """Every client with its scope and state."""
    for client in clients():
        state = f"revoked {client.revoked_at:%Y-%m-%d}" if client.is_revoked else "active"
        click.echo(f"{client.key}  {scope_label(client):30}  {state:18}  {client.name}")
