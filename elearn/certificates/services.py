"""Issuing, verifying and revoking certificates. Functions flush; callers commit."""

import secrets
from datetime import date, datetime
from pathlib import Path

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from elearn.audit.services import record, record_refusal
from elearn.auth.errors import NotAllowed
from elearn.auth.models import User
from elearn.certificates.data import CertificateData
from elearn.certificates.labels import printed_labels
from elearn.certificates.models import Certificate, RevocationReason
from elearn.certificates.permissions import can_manage_certificate
from elearn.certificates.statuslist import LIST_SIZE
from elearn.config import ConfigError, missing_signing_key
from elearn.content.models import Course
from elearn.extensions import db
from elearn.i18n import localized
from elearn.models import years_after
from elearn.progress.completion import completion_of

# Crockford's base 32: no I, L, O or U, so a serial read aloud or typed is not misread.
SERIAL_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_serial(year: int) -> str:
    """``TC-2026-7F3K-9QX2``: 40 random bits, not guessable."""
    code = "".join(secrets.choice(SERIAL_ALPHABET) for _ in range(8))
    return f"TC-{year}-{code[:4]}-{code[4:]}"


def normalise_serial(text: str) -> str:
    return text.strip().upper().replace("O", "0").replace("I", "1").replace("L", "1")


def signing_key():
    """The issuer's key; created on first use only in development and tests."""
    from elearn.certificates import keys  # cryptography: only where used

    path = Path(current_app.config["ELEARN_SIGNING_KEY"])
    if current_app.config["ELEARN_DEVELOPMENT"] or current_app.testing:
        return keys.load_or_create_key(path)
    try:
        return keys.load_key(path)
    except FileNotFoundError:
        raise ConfigError(missing_signing_key(str(path))) from None


def public_keys() -> list:
    """Every key the issuer has signed with: the current one first, then the retired ones."""
    from elearn.certificates import keys  # cryptography: only where used

    retired = keys.retired_public_keys(Path(current_app.config["ELEARN_RETIRED_KEYS"]))
    return [signing_key().public_key(), *retired]


def new_status_index() -> int:
    """A random unused bit of the revocation status lists (random, so that a bit's position
    tells nothing about when or to whom a certificate was issued); one more list comes into use
    whenever the ones in use are half full."""
    issued = db.session.scalar(select(func.count()).select_from(Certificate))
    lists = issued // (LIST_SIZE // 2) + 1
    while True:
        index = secrets.randbelow(lists * LIST_SIZE)
        taken = select(Certificate.id).where(Certificate.status_index == index)
        if db.session.scalar(taken) is None:
            return index


def verify_url(serial: str) -> str:
    return f"{current_app.config['ELEARN_BASE_URL'].rstrip('/')}/verify/{serial}"


def certificate_data(certificate: Certificate) -> CertificateData:
    return CertificateData(
        serial=certificate.serial,
        holder_name=certificate.holder_name,
        holder_latin_name=certificate.holder_latin_name,
        holder_locale=certificate.locale,
        course_id=certificate.subject_id,
        course_version=certificate.course_version,
        course_title=certificate.course_title,
        hours=certificate.hours,
        score=certificate.score,
        issued_on=certificate.issued_on,
        expires_on=certificate.expires_on,
        issuer=certificate.issuer,
        signatory=certificate.signatory,
        verify_url=verify_url(certificate.serial),
    )


def certificate_pdf(certificate: Certificate) -> bytes:
    from elearn.certificates.document import render_pdf  # reportlab, segno: only here

    locales = sorted({"en", certificate.locale})
    labels = printed_labels(locales, certificate.kind)
    for locale in locales:
        labels[locale]["issuer"] = _in_locale(certificate.issuer, "ELEARN_CERT_ISSUER", locale)
        labels[locale]["signatory"] = _in_locale(
            certificate.signatory, "ELEARN_CERT_SIGNATORY", locale
        )
    return render_pdf(certificate_data(certificate), labels)


def _in_locale(stated: str, setting: str, locale: str) -> str:
    """The issuer name or signatory title a certificate states (in English), in `locale` when
    setting_<LOCALE> gives it and the certificate states the English value configured now (so
    a renamed issuer never shows a later translation on an older certificate)."""
    config = current_app.config
    if stated != config[setting]:
        return stated
    return config.get(f"{setting}_{locale.upper()}", stated)


def current_certificate(user: User, course: Course) -> Certificate | None:
    return db.session.scalar(
        select(Certificate).where(
            Certificate.user_id == user.id,
            Certificate.course_id == course.id,
            Certificate.revoked_at.is_(None),
        )
    )


def _expiry(course: Course, issued: date) -> date | None:
    years = course.certificate_valid_years
    if not years:
        return None
    return years_after(issued, years)


def signed_certificate(
    user: User,
    *,
    title: dict[str, str],
    course_version: int,
    hours: float,
    score: float | None,
    expires_on: date | None,
    now: datetime,
    actor: User | None,
    **subject,
) -> Certificate:
    """A new certificate of ``user``, signed over its printed data. ``subject`` names what it
    certifies: ``course=`` or ``programme=``."""
    from elearn.certificates import keys  # cryptography: only where used

    locale = user.locale
    config = current_app.config
    certificate = Certificate(
        serial=new_serial(now.year),
        user_id=user.id,
        course_version=course_version,
        locale=locale,
        holder_name=user.display_name,
        holder_latin_name=user.latin_name,
        course_title={"en": title["en"], locale: localized(title, locale)},
        hours=hours,
        score=score,
        issued_at=now,
        issued_on=now.date(),
        expires_on=expires_on,
        issuer=config["ELEARN_CERT_ISSUER"],
        signatory=config["ELEARN_CERT_SIGNATORY"],
        signature="",
        status_index=new_status_index(),
        issued_by_id=actor.id if actor else None,
        **subject,
    )
    certificate.signature = keys.sign(signing_key(), certificate_data(certificate).canonical())
    return certificate


def _issue(user: User, course: Course, *, now: datetime, actor: User | None) -> Certificate:
    completion = completion_of(user, course)
    return signed_certificate(
        user,
        course=course,
        course_version=completion.course_version,
        title=course.title,
        hours=course.estimated_hours,
        score=completion.final_score,
        expires_on=_expiry(course, now.date()),
        now=now,
        actor=actor,
    )


ISSUE_ATTEMPTS = 3


def issue_if_eligible(
    user: User, course: Course, *, now: datetime, actor: User | None = None, ip: str | None = None
) -> Certificate | None:
    """The holder's certificate for a completed, certifying course: issued exactly once, even
    when two requests complete the course at the same moment (a unique index decides)."""
    if not course.certifies or completion_of(user, course) is None:
        return None
    existing = current_certificate(user, course)
    if existing is not None:
        return existing
    for attempt in range(ISSUE_ATTEMPTS):
        certificate = _issue(user, course, now=now, actor=actor)
        try:
            with db.session.begin_nested():
                db.session.add(certificate)
        except IntegrityError:
            existing = current_certificate(user, course)
            if existing is not None:
                return existing
            if attempt == ISSUE_ATTEMPTS - 1:
                raise
            continue  # another issue drew the same random serial or status bit: draw again
        record(actor, "certificate.issue", ip=ip, target_user=user, target=certificate.serial)
        return certificate


def signature_is_valid(certificate: Certificate) -> bool:
    """Whether the issuer's current key or a retired one signed the certificate's data."""
    from elearn.certificates import keys  # cryptography: only where used

    data = certificate_data(certificate).canonical()
    return any(keys.verify_signature(key, data, certificate.signature) for key in public_keys())


def upgrade_signatures() -> tuple[list[Certificate], list[Certificate]]:
    """Re-sign in the canonical form the certificates whose signature matches only an older form
    of the same data (so nothing forged is ever re-signed); returns (re-signed, not genuine)."""
    from elearn.certificates import keys  # cryptography: only where used

    key = signing_key()
    resigned, not_genuine = [], []
    for certificate in db.session.scalars(select(Certificate).order_by(Certificate.id)):
        if signature_is_valid(certificate):
            continue
        data = certificate_data(certificate)
        if any(
            keys.verify_signature(public_key, legacy, certificate.signature)
            for legacy in data.legacy_canonicals()
            for public_key in public_keys()
        ):
            certificate.signature = keys.sign(key, data.canonical())
            record(
                None,
                "certificate.resign",
                ip=None,
                target_user=certificate.holder,
                target=certificate.serial,
            )
            resigned.append(certificate)
        else:
            not_genuine.append(certificate)
    db.session.flush()
    return resigned, not_genuine


def find(serial: str) -> Certificate | None:
    return db.session.scalar(
        select(Certificate).where(Certificate.serial == normalise_serial(serial))
    )


def revoke(
    actor: User | None,
    certificate: Certificate,
    reason: RevocationReason,
    note: str = "",
    *,
    ip: str | None,
    now: datetime,
) -> None:
    """Revokes the certificate; its bit in the status list is set from now on (the list is made
    from the revocations on every request)."""
    if actor is not None and not can_manage_certificate(actor, certificate):
        record_refusal(
            actor,
            "scope.denied",
            ip=ip,
            target_user=certificate.holder,
            attempted="certificate.revoke",
        )
        raise NotAllowed()
    if certificate.revoked_at is not None:
        raise NotAllowed()
    certificate.revoked_at = now
    certificate.revoked_reason_code = RevocationReason(reason).value
    certificate.revoked_reason = note.strip() or None
    certificate.revoked_by_id = actor.id if actor else None
    record(
        actor,
        "certificate.revoke",
        ip=ip,
        target_user=certificate.holder,
        target=certificate.serial,
        reason=certificate.revoked_reason_code,
        note=certificate.revoked_reason,
    )
    db.session.flush()


def reissue(actor: User, certificate: Certificate, *, ip: str | None, now: datetime) -> Certificate:
    """After a name correction: the old serial is revoked and points at the new certificate."""
    revoke(actor, certificate, RevocationReason.REISSUED, ip=ip, now=now)
    replacement = _reissued(certificate, now=now, actor=actor)
    db.session.add(replacement)
    db.session.flush()
    certificate.replaced_by_id = replacement.id
    record(
        actor,
        "certificate.reissue",
        ip=ip,
        target_user=certificate.holder,
        target=replacement.serial,
        replaces=certificate.serial,
    )
    db.session.flush()
    return replacement


def _reissued(certificate: Certificate, *, now: datetime, actor: User) -> Certificate:
    """The same certificate for the holder as they are named today: a course certificate from the
    completion, a trainer certificate from the programme it names, with its hours and validity."""
    if certificate.course is not None:
        return _issue(certificate.holder, certificate.course, now=now, actor=actor)
    return signed_certificate(
        certificate.holder,
        programme=certificate.programme,
        course_version=certificate.course_version,
        title=certificate.programme.title,
        hours=certificate.hours,
        score=certificate.score,
        expires_on=certificate.expires_on,
        now=now,
        actor=actor,
    )


def certify_completion(sender, *, user_id: int, course_id: int, completed_at: datetime) -> None:
    """Listens to ``progress.signals.course_completed``: a certifying course's certificate, in
    the transaction that recorded the completion and dated with it."""
    user, course = db.session.get(User, user_id), db.session.get(Course, course_id)
    issue_if_eligible(user, course, now=completed_at)
