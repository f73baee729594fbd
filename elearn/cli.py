import os
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from elearn.extensions import db
from elearn.models import utcnow

elearn_cli = AppGroup("elearn", help="Set-up, demo data, backup and restore.")
PASSPHRASE_VARIABLE = "ELEARN_BACKUP_PASSPHRASE"  # nosec B105  # the variable's name


def _passphrase() -> bytes | None:
    value = os.environ.get(PASSPHRASE_VARIABLE)
    return value.encode("utf-8") if value else None


@elearn_cli.command("setup")
def setup_command():
    """Create the reference countries and agencies (idempotent)."""
    from elearn.orgs.reference import ensure_reference_data

    ensure_reference_data()
    db.session.commit()
    click.echo("Countries and agencies are in place.")


@elearn_cli.command("demo")
def demo_command():
    """Create demo accounts (idempotent) and print their logins."""
    from elearn.auth.services import find_user_by_email
    from elearn.demo import DEMO_PASSWORD, load_demo_data

    accounts = load_demo_data()
    db.session.commit()
    click.echo(f"Demo logins (password for all: {DEMO_PASSWORD}):")
    for account in accounts:
        user = find_user_by_email(account.email)  # roles as they are now (an expired trainer...)
        roles = ", ".join(sorted(role.value for role in user.roles))
        click.echo(f"  {user.email:32} {roles:20} {user.status.value}")


@elearn_cli.command("backup")
@click.argument("destination", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--without-key", is_flag=True, help="Leave the signing key out (kept separately).")
def backup_command(destination, without_key):
    """Write the database and the signing key (encrypted) to one archive."""
    from elearn import backup  # cryptography: only for these commands

    passphrase = None if without_key else _passphrase()
    if passphrase is None and not without_key:
        raise click.ClickException(
            f"set {PASSPHRASE_VARIABLE} to encrypt the signing key in the archive, "
            "or use --without-key and keep the key separately"
        )
    db.session.remove()
    key_path, retired_keys = _key_paths()
    try:
        manifest = backup.backup(
            db.engine, key_path, retired_keys, destination, passphrase=passphrase, now=utcnow()
        )
    except backup.BackupError as error:
        raise click.ClickException(str(error)) from error
    key = "encrypted" if backup.KEY_MEMBER in manifest["members"] else "NOT included"
    click.echo(
        f"Backup written to {destination} ({manifest['dialect']}, revision "
        f"{manifest['revision']}, signing key {key})."
    )


@elearn_cli.command("restore")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite a database that is not empty.")
def restore_command(source, force):
    """Restore an archive made by `flask elearn backup` into the configured database."""
    from elearn import backup  # cryptography: only for these commands

    db.session.remove()
    key_path, retired_keys = _key_paths()
    try:
        manifest = backup.restore(
            db.engine, key_path, retired_keys, source, passphrase=_passphrase(), force=force
        )
    except backup.BackupError as error:
        raise click.ClickException(f"nothing restored: {error}") from error
    click.echo(
        f"Restored the backup of {manifest['created_at']} (revision {manifest['revision']})."
    )
    if backup.KEY_MEMBER not in manifest["members"] and not key_path.exists():
        click.echo(f"The archive holds no signing key: put the one kept separately at {key_path}.")
    click.echo("Run `flask db upgrade` if this code is newer than the backup.")


def _key_paths() -> tuple[Path, Path]:
    config = current_app.config
    return Path(config["ELEARN_SIGNING_KEY"]), Path(config["ELEARN_RETIRED_KEYS"])


def register(app: Flask) -> None:
    from elearn.certificates.cli import certificates_cli
    from elearn.content.cli import courses_cli
    from elearn.progress.cli import progress_cli
    from elearn.quiz.cli import quiz_cli
    from elearn.trainers.cli import trainers_cli

    app.cli.add_command(elearn_cli)
    app.cli.add_command(courses_cli)
    app.cli.add_command(quiz_cli)
    app.cli.add_command(progress_cli)
    app.cli.add_command(certificates_cli)
    app.cli.add_command(trainers_cli)
