"""`flask certificates list|export|verify|work|create-key|revoke`."""

import json
import sys
import time
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from elearn.certificates import keys, services
from elearn.certificates.bulk import pending_jobs, work_on
from elearn.certificates.document import render_pdf
from elearn.certificates.labels import printed_labels
from elearn.certificates.models import Certificate
from elearn.extensions import db
from elearn.models import utcnow

certificates_cli = AppGroup("certificates", help="List, export, verify and revoke certificates.")


def _certificate(serial: str) -> Certificate:
    certificate = services.find(serial)
    if certificate is None:
        raise click.ClickException(f"no certificate {serial}")
    return certificate


@certificates_cli.command("list")
@click.option("--json", "as_json", is_flag=True)
def list_command(as_json):
    """Every certificate: serial, holder, course, dates, status."""
    today = utcnow().date()
    rows = [
        {
            "serial": c.serial,
            "holder": c.holder_latin_name,
            "course": c.subject_id,
            "issued_on": c.issued_on.isoformat(),
            "expires_on": c.expires_on.isoformat() if c.expires_on else None,
            "status": c.status(today),
        }
        for c in db.session.scalars(select(Certificate).order_by(Certificate.issued_at))
    ]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    for row in rows:
        columns = (row["serial"], f"{row['status']:8}", row["issued_on"], f"{row['course']:32}")
        click.echo("  ".join(columns) + "  " + row["holder"])


@certificates_cli.command("export")
@click.argument("serial")
@click.option("--pdf", "pdf_path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "json_path", type=click.Path(dir_okay=False, path_type=Path),
              help="The Open Badges 3.0 credential.")  # fmt: skip
def export_command(serial, pdf_path, json_path):
    """Write a certificate as PDF and/or as an Open Badges 3.0 credential."""
    certificate = _certificate(serial)
    if pdf_path:
        labels = printed_labels(sorted({"en", certificate.locale}), certificate.kind)
        pdf_path.write_bytes(render_pdf(services.certificate_data(certificate), labels))
        click.echo(f"PDF written to {pdf_path}")
    if json_path:
        document = services.open_badge(certificate)
        json_path.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
        click.echo(f"Open Badge written to {json_path}")


@certificates_cli.command("verify")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def verify_command(file):
    """Check an Open Badge credential offline: exit 0 when valid, 1 with the reason when not."""
    try:
        document = json.loads(file.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        click.echo(f"invalid: not a JSON file ({error})", err=True)
        sys.exit(1)
    reason = services.check_open_badge(document, today=utcnow().date())
    if reason:
        click.echo(f"invalid: {reason}", err=True)
        sys.exit(1)
    click.echo("valid")


@certificates_cli.command("work")
@click.option("--loop", is_flag=True, help="Keep running, checking for work every --interval s.")
@click.option("--interval", default=10, show_default=True)
def work_command(loop, interval):
    """Work through requested bulk issues (run from cron, or as a service with --loop)."""
    while True:
        for job_id in pending_jobs():
            job = work_on(job_id, now=utcnow(), commit=db.session.commit)
            if job is not None:  # else another worker finished it
                click.echo(
                    f"bulk issue {job.id}: {job.issued} certificate(s) issued "
                    f"for {job.done} member(s)"
                )
        if not loop:
            return
        time.sleep(interval)


@certificates_cli.command("create-key")
def create_key_command():
    """Create the issuer's signing key at ELEARN_SIGNING_KEY (never replaces one)."""
    path = Path(current_app.config["ELEARN_SIGNING_KEY"])
    if path.exists():
        raise click.ClickException(f"{path} exists already; it is kept as it is")
    keys.create_key(path)
    click.echo(f"Signing key written to {path} (mode 0600). Back it up: see docs/deployment.md.")


@certificates_cli.command("revoke")
@click.argument("serial")
@click.option("--reason", required=True)
def revoke_command(serial, reason):
    """Revoke a certificate (audited, as an operator action)."""
    certificate = _certificate(serial)
    if certificate.revoked_at is not None:
        raise click.ClickException(f"{serial} is already revoked")
    services.revoke(None, certificate, reason, ip=None, now=utcnow())
    db.session.commit()
    click.echo(f"{serial} revoked")
