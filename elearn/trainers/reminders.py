from flask import current_app
from flask_babel import lazy_gettext as _l

from elearn.mail import mail_user
from elearn.trainers.models import Candidacy


def send_expiry_reminder(candidacy: Candidacy) -> None:
    """A mail in the trainer's language; the in-app notice shows on their trainer page."""
    mail_user(
        candidacy.user,
        _l("Your trainer certification expires soon"),
        "trainers/mail/expiry.txt",
        candidacy=candidacy,
        link=candidacy_link(candidacy),
    )


def candidacy_link(candidacy: Candidacy) -> str:
    """The trainer's page, built from ELEARN_BASE_URL: reminders are sent outside requests."""
    base = current_app.config["ELEARN_BASE_URL"].rstrip("/")
    return f"{base}/trainers/candidacies/{candidacy.id}"
