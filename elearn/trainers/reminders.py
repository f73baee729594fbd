from flask_babel import lazy_gettext as _l

from elearn.links import site_url
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
    return site_url("trainers.candidacy", candidacy_id=candidacy.id)
