"""Account mails, each rendered in the recipient's language."""

from flask_babel import lazy_gettext as _l

from elearn.auth.models import User
from elearn.mail import mail_user


def _send(user: User, subject, template: str, **context) -> None:
    mail_user(user, subject, f"auth/mail/{template}.txt", **context)


def send_password_reset(user: User, link: str, hours: int) -> None:
    _send(user, _l("Reset your password"), "password_reset", link=link, hours=hours)


def send_invitation(user: User, link: str, days: int, inviter: User) -> None:
    _send(user, _l("Your training account"), "invitation", link=link, days=days, inviter=inviter)


def send_approval(user: User, link: str) -> None:
    _send(user, _l("Your registration was approved"), "approved", link=link)


def send_registration_received(user: User) -> None:
    _send(user, _l("We received your registration"), "registration_received")


def send_registration_attempt(user: User, link: str) -> None:
    subject = _l("Someone tried to register with your address")
    _send(user, subject, "registration_attempt", link=link)
