"""`flask certificates list|export|verify|revoke|work|create-key|rotate-key|upgrade-signatures`."""

import json
import sys
import time
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from elearn.certificates import services
from elearn.certificates.bulk import pending_jobs, work_on
from elearn.certificates.models import Certificate, RevocationReason
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
@click.option(
    "--json",
    "json_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The Open Badges 3.0 credential.",
)
def export_command(serial, pdf_path, json_path):
    """Write a certificate as PDF and/or as an Open Badges 3.0 credential."""
    from elearn.certificates import badges  # pyld, jsonschema: only where used

    certificate = _certificate(serial)
    if pdf_path:
        pdf_path.write_bytes(services.certificate_pdf(certificate))
        click.echo(f"PDF written to {pdf_path}")
    if json_path:
        document = badges.open_badge(certificate)
        json_path.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
        click.echo(f"Open Badge written to {json_path}")


@certificates_cli.command("verify")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--fetch-status",
    is_flag=True,
    help="Fetch the status list from its URL, as a verifier elsewhere does, instead "
    "of reading this platform's database.",
)
def verify_command(file, fetch_status):
    """Check an Open Badge credential: contexts, key, proof, schema, dates and revocation
    status. Exit 0 when valid, 1 with the reason when not."""
    from elearn.certificates import badges  # pyld, jsonschema: only where used

    status_lists = badges.fetched_status_list if fetch_status else badges.local_status_list
    try:
        document = badges.parse_credential(file.read_bytes())
        badges.check_open_badge(document, today=utcnow().date(), status_lists=status_lists)
    except badges.Refusal as refusal:
        click.echo(f"invalid: {refusal}", err=True)
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
    from elearn.certificates import keys  # cryptography: only where used

    path = Path(current_app.config["ELEARN_SIGNING_KEY"])
    if path.exists():
        raise click.ClickException(f"{path} exists already; it is kept as it is")
    keys.create_key(path)
    click.echo(f"Signing key written to {path} (mode 0600). Back it up: see docs/deployment.md.")


@certificates_cli.command("revoke")
@click.argument("serial")
@click.option("--reason", required=True, type=click.Choice([r.value for r in RevocationReason]))
@click.option("--note", default="", help="Free text kept with the reason.")
def revoke_command(serial, reason, note):
    """Revoke a certificate (audited, as an operator action); its status list shows it at once."""
    certificate = _certificate(serial)
    if certificate.revoked_at is not None:
        raise click.ClickException(f"{serial} is already revoked")
    services.revoke(None, certificate, RevocationReason(reason), note, ip=None, now=utcnow())
    db.session.commit()
    click.echo(f"{serial} revoked")


@certificates_cli.command("upgrade-signatures")
def upgrade_signatures_command():
    """Re-sign, in the canonical form, genuine certificates signed in an older form (audited)."""
    resigned, not_genuine = services.upgrade_signatures()
    db.session.commit()
    for certificate in resigned:
        click.echo(f"{certificate.serial} re-signed")
    for certificate in not_genuine:
        click.echo(f"{certificate.serial} matches no form of its data: left as it is", err=True)
    click.echo(f"{len(resigned)} re-signed, {len(not_genuine)} not genuine")
    if not_genuine:
        sys.exit(1)


@certificates_cli.command("rotate-key")
def rotate_key_command():
    """Retire the signing key (its public half stays in the DID document, so what it signed
    still verifies) and start signing with a new one."""
    from elearn.certificates import keys  # cryptography: only where used

    config = current_app.config
    services.signing_key()  # there is a key to retire
    key_path, retired_keys = Path(config["ELEARN_SIGNING_KEY"]), Path(config["ELEARN_RETIRED_KEYS"])
    retired = keys.retire_key(key_path, retired_keys, stamp=utcnow().strftime("%Y%m%dT%H%M%SZ"))
    keys.create_key(key_path)
    click.echo(f"old key kept as {retired}; new key at {config['ELEARN_SIGNING_KEY']}")
