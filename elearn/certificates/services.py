"""Issuing, verifying and revoking certificates. Functions flush; callers commit."""

import secrets
from datetime import date, datetime
from pathlib import Path

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from elearn.audit.services import record
from elearn.auth.errors import NotAllowed
from elearn.auth.models import User
from elearn.certificates import keys, openbadges, proof
from elearn.certificates.data import CertificateData
from elearn.certificates.models import Certificate
from elearn.config import ConfigError, missing_signing_key
from elearn.content.models import Course
from elearn.extensions import db
from elearn.orgs import scope
from elearn.progress.completion import completion_of, update_completion

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
    path = Path(current_app.config["ELEARN_SIGNING_KEY"])
    if current_app.config["ELEARN_DEVELOPMENT"] or current_app.testing:
        return keys.load_or_create_key(path)
    try:
        return keys.load_key(path)
    except FileNotFoundError:
        raise ConfigError(missing_signing_key(str(path))) from None


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
    try:
        return issued.replace(year=issued.year + years)
    except ValueError:  # 29 February
        return issued.replace(year=issued.year + years, day=28)


def signed_certificate(
    user: User,
    *,
    title: dict[str, str],
    course_version: int,
    hours: int,
    score: float | None,
    expires_on: date | None,
    now: datetime,
    actor: User | None,
    **subject,
) -> Certificate:
    """A new certificate of ``user``, signed over its printed data. ``subject`` names what it
    certifies: ``course=`` or ``programme=``."""
    locale = user.locale
    config = current_app.config
    certificate = Certificate(
        serial=new_serial(now.year),
        user_id=user.id,
        course_version=course_version,
        locale=locale,
        holder_name=user.display_name,
        holder_latin_name=user.latin_name,
        course_title={"en": title["en"], locale: title.get(locale, title["en"])},
        hours=hours,
        score=score,
        issued_at=now,
        issued_on=now.date(),
        expires_on=expires_on,
        issuer=config["ELEARN_CERT_ISSUER"],
        signatory=config["ELEARN_CERT_SIGNATORY"],
        signature="",
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
    certificate = _issue(user, course, now=now, actor=actor)
    try:
        with db.session.begin_nested():
            db.session.add(certificate)
    except IntegrityError:
        return current_certificate(user, course)
    record(actor, "certificate.issue", ip=ip, target_user=user, target=certificate.serial)
    return certificate


def signature_is_valid(certificate: Certificate) -> bool:
    public_key = signing_key().public_key()
    data = certificate_data(certificate).canonical()
    return keys.verify_signature(public_key, data, certificate.signature)


def find(serial: str) -> Certificate | None:
    return db.session.scalar(
        select(Certificate).where(Certificate.serial == normalise_serial(serial))
    )


def can_manage(actor: User, certificate: Certificate) -> bool:
    return scope.can_manage_user(actor, certificate.holder)


def revoke(actor: User | None, certificate: Certificate, reason: str, *, ip: str | None,
           now: datetime) -> None:  # fmt: skip
    if actor is not None and not can_manage(actor, certificate):
        record(actor, "scope.denied", ip=ip, target_user=certificate.holder,
               attempted="certificate.revoke")  # fmt: skip
        raise NotAllowed()
    if certificate.revoked_at is not None:
        raise NotAllowed()
    certificate.revoked_at = now
    certificate.revoked_reason = reason.strip()
    certificate.revoked_by_id = actor.id if actor else None
    record(actor, "certificate.revoke", ip=ip, target_user=certificate.holder,
           target=certificate.serial, reason=certificate.revoked_reason)  # fmt: skip
    db.session.flush()


def reissue(actor: User, certificate: Certificate, *, ip: str | None, now: datetime) -> Certificate:
    """After a name correction: the old serial is revoked and points at the new certificate."""
    revoke(actor, certificate, "Re-issued", ip=ip, now=now)
    replacement = _issue(certificate.holder, certificate.course, now=now, actor=actor)
    db.session.add(replacement)
    db.session.flush()
    certificate.replaced_by_id = replacement.id
    record(actor, "certificate.reissue", ip=ip, target_user=certificate.holder,
           target=replacement.serial, replaces=certificate.serial)  # fmt: skip
    db.session.flush()
    return replacement


def update_completion_and_certify(user: User, course: Course, *, now: datetime) -> None:
    """After any learning step: record a met completion rule, then issue the certificate."""
    if update_completion(user, course, now=now) is not None:
        issue_if_eligible(user, course, now=now)


def issuer_id() -> str:
    return f"{current_app.config['ELEARN_BASE_URL'].rstrip('/')}/issuer"


def open_badge(certificate: Certificate) -> dict:
    """The certificate as an Open Badges 3.0 credential with an embedded eddsa-rdfc-2022 proof."""
    base = current_app.config["ELEARN_BASE_URL"].rstrip("/")
    unsigned = openbadges.credential(
        certificate_data(certificate),
        issuer_id=issuer_id(),
        issuer_name=certificate.issuer,
        credential_id=verify_url(certificate.serial),
        achievement_id=f"{base}/achievements/{certificate.subject_id}",
    )
    return proof.add_proof(
        unsigned,
        signing_key(),
        verification_method=f"{issuer_id()}#key-1",
        created=certificate.issued_at,
    )


def check_open_badge(document: dict, *, today: date) -> str | None:
    """Why an Open Badge credential is not valid (offline: signature, schema, dates), or None."""
    try:
        proof.verify_proof(document, signing_key().public_key())
    except proof.InvalidProof as error:
        return str(error)
    unsigned = {key: value for key, value in document.items() if key != "proof"}
    problems = openbadges.validate(unsigned)
    if problems:
        return problems[0]
    valid_until = document.get("validUntil")
    if valid_until and date.fromisoformat(valid_until[:10]) < today:
        return f"expired on {valid_until[:10]}"
    return None
