"""Outgoing mail. Backends: ``smtp`` (production), ``log`` (development), ``memory`` (tests)."""

import logging
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage

from flask import current_app, render_template
from flask_babel import force_locale

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    body: str


def mail_user(user, subject, template: str, **context) -> None:
    """Send ``template`` (a text template) to ``user``, subject and body in their language."""
    with force_locale(user.locale):
        body = render_template(template, user=user, **context)
        send(Mail(to=user.email, subject=str(subject), body=body))


def outbox() -> list[Mail]:
    """Messages sent with the ``memory`` backend, oldest first."""
    return current_app.extensions.setdefault("elearn_outbox", [])


def send(mail: Mail) -> None:
    backend = current_app.config["ELEARN_MAIL_BACKEND"]
    if backend == "memory":
        outbox().append(mail)
    elif backend == "log":
        log.warning("Mail to %s: %s\n%s", mail.to, mail.subject, mail.body)
    else:
        _send_smtp(mail)


def _send_smtp(mail: Mail) -> None:
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["ELEARN_MAIL_SENDER"]
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message.set_content(mail.body)
    with smtplib.SMTP(config["ELEARN_SMTP_HOST"], config["ELEARN_SMTP_PORT"], timeout=10) as smtp:
        if config["ELEARN_SMTP_STARTTLS"]:
            smtp.starttls()
        if config["ELEARN_SMTP_USER"]:
            smtp.login(config["ELEARN_SMTP_USER"], config["ELEARN_SMTP_PASSWORD"])
        smtp.send_message(message)
