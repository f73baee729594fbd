from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from elearn.mail import Mail, send
from elearn.trainers.models import Candidacy


def send_expiry_reminder(candidacy: Candidacy) -> None:
    """A mail in the trainer's language; the in-app notice shows on their trainer page."""
    user = candidacy.user
    with force_locale(user.locale):
        send(
            Mail(
                to=user.email,
                subject=str(_l("Your trainer certification expires soon")),
                body=render_template(
                    "trainers/mail/expiry.txt",
                    user=user,
                    candidacy=candidacy,
                    link=candidacy_link(candidacy),
                ),
            )
        )


def candidacy_link(candidacy: Candidacy) -> str:
    """The trainer's page, built from ELEARN_BASE_URL: reminders are sent outside requests."""
    base = current_app.config["ELEARN_BASE_URL"].rstrip("/")
    return f"{base}/trainers/candidacies/{candidacy.id}"
