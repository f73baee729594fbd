"""Password policy and hashing."""

import gzip
import secrets
from functools import cache
from pathlib import Path

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from werkzeug.security import check_password_hash, generate_password_hash

# Django's list of 20,000 common passwords (BSD licence), shipped so no request leaves the server.
COMMON_PASSWORDS_FILE = Path(__file__).with_name("common-passwords.txt.gz")


@cache
def common_passwords() -> frozenset[str]:
    with gzip.open(COMMON_PASSWORDS_FILE, "rt", encoding="utf-8") as lines:
        return frozenset(line.strip().lower() for line in lines if line.strip())


def password_problems(password: str, *, email: str, min_length: int) -> list[str]:
    """Every reason the password is refused, as translated messages; empty when it is fine."""
    problems = []
    if len(password) < min_length:
        problems.append(
            ngettext(
                "Use at least %(num)d character.", "Use at least %(num)d characters.", min_length
            )
        )
    lowered = password.lower()
    local_part = email.lower().partition("@")[0]
    if lowered == email.lower() or (len(local_part) >= 4 and local_part in lowered):
        problems.append(str(_l("The password must not contain your email address.")))
    if lowered in common_passwords():
        problems.append(str(_l("This password is too common; choose another one.")))
    return problems


def hash_password(password: str, method: str) -> str:
    return generate_password_hash(password, method=method)


@cache
def _dummy_hash(method: str) -> str:
    return generate_password_hash(secrets.token_urlsafe(16), method=method)


def verify_password(password_hash: str | None, password: str, *, method: str) -> bool:
    """Always one hash computation: without a hash (no such account, or a password never set) a
    dummy one is checked, so the time taken does not tell whether the account exists."""
    if password_hash is None:
        check_password_hash(_dummy_hash(method), password)
        return False
    return check_password_hash(password_hash, password)
