"""`flask trainers import-programmes|list|expire`."""

import json
import sys

import click
from flask.cli import AppGroup
from sqlalchemy import select

from elearn.config import PROJECT_ROOT
from elearn.content.source import Problems, read_text
from elearn.extensions import db
from elearn.models import utcnow
from elearn.trainers import services
from elearn.trainers.models import Candidacy
from elearn.trainers.programmes import check_programme, save_programme
from elearn.trainers.reminders import send_expiry_reminder

trainers_cli = AppGroup("trainers", help="Trainer programmes and the trainer registry.")
PROGRAMMES = PROJECT_ROOT / "courses" / "_programmes"


@trainers_cli.command("import-programmes")
def import_programmes_command():
    """Check and store every programme in courses/_programmes (all or nothing)."""
    problems, loaded = Problems(), []
    for path in sorted(PROGRAMMES.glob("*.yml")):
        text = read_text(path, problems) or ""
        definition = check_programme(text, path, problems)
        if definition:
            loaded.append((definition, text))
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        sys.exit(1)
    for definition, text in loaded:
        save_programme(definition, text)
    db.session.commit()
    click.echo(f"{len(loaded)} programme(s) imported")


@trainers_cli.command("list")
@click.option("--json", "as_json", is_flag=True)
def list_command(as_json):
    """The registry: name, subject area, status, mentor, country, valid until, sessions."""
    mentor_ids = {m.id for m in services.mentors()}
    rows = [
        {
            "name": c.user.latin_name,
            "subject_area": c.programme.subject_area,
            "status": "candidate"
            if c.status.value in ("applied", "active", "recommended")
            else c.status.value,
            "mentor": c.user_id in mentor_ids,
            "country": c.user.country.code,
            "valid_until": c.valid_until.isoformat() if c.valid_until else None,
            "sessions": len(c.sessions),
        }
        for c in db.session.scalars(select(Candidacy).order_by(Candidacy.id))
        if c.status.value != "rejected"
    ]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    for r in rows:
        mentor = "mentor" if r["mentor"] else ""
        click.echo(
            f"{r['name']:28} {r['subject_area']:26} {r['status']:10} {mentor:7} "
            f"{r['country']}  {r['valid_until'] or '':10}  {r['sessions']}"
        )


@trainers_cli.command("expire")
def expire_command():
    """Expire lapsed qualifications and send reminders (run daily)."""
    expired, reminded = services.expire_and_remind(
        utcnow().date(), send_reminder=send_expiry_reminder
    )
    db.session.commit()
    click.echo(f"{len(expired)} expired, {len(reminded)} reminded")
