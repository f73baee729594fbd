import click
from flask import Flask
from flask.cli import AppGroup

from elearn.extensions import db

elearn_cli = AppGroup("elearn", help="Set-up and demo data.")


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
