"""Sign-in throttling that slows a guesser without letting a stranger lock an officer out.

Failures are counted under two keys, never under the account alone:
- the client address, whatever account it tries (a generous threshold: many officers may share
  an agency's address);
- the account *at that address*: an officer signing in from an address that has not failed is
  never held back by someone else's failures.
From a key's threshold on, each further failure doubles the wait (exponential back-off), up to
the counting window. Keys use the typed email, not the account, so an unknown address is throttled
(and answered) exactly like a real one. See docs/security.md, "Accounts and sessions".
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, func, select

from elearn.audit.services import record
from elearn.auth.errors import AccountLocked
from elearn.auth.models import SignInFailure, User
from elearn.extensions import db

MAX_DOUBLINGS = 30  # keeps the arithmetic bounded; the window caps the wait long before


@dataclass(frozen=True)
class Rule:
    threshold: int
    first_wait: timedelta


def blocked_until(
    failures: int, last_failure: datetime, rule: Rule, cap: timedelta
) -> datetime | None:
    """When a key may try again after ``failures`` failures, the last at ``last_failure``."""
    if failures < rule.threshold:
        return None
    doublings = min(failures - rule.threshold, MAX_DOUBLINGS)
    return last_failure + min(rule.first_wait * 2**doublings, cap)


def _window() -> timedelta:
    return timedelta(hours=current_app.config["ELEARN_LOCKOUT_WINDOW_HOURS"])


def _keys(email: str, ip: str | None) -> tuple[str, str]:
    """The address's key and the account-at-this-address key (a digest: no typed email is kept)."""
    address = ip or "unknown"
    account = hashlib.sha256(f"{email}\n{address}".encode()).hexdigest()
    return f"address:{address}", f"account:{account}"


def _rules(address_key: str, account_key: str) -> dict[str, Rule]:
    config = current_app.config
    return {
        address_key: Rule(
            config["ELEARN_LOCKOUT_ADDRESS_THRESHOLD"],
            timedelta(minutes=config["ELEARN_LOCKOUT_ADDRESS_MINUTES"]),
        ),
        account_key: Rule(
            config["ELEARN_LOCKOUT_THRESHOLD"], timedelta(minutes=config["ELEARN_LOCKOUT_MINUTES"])
        ),
    }


def _failures(keys: list[str], now: datetime) -> dict[str, tuple[int, datetime]]:
    rows = db.session.execute(
        select(SignInFailure.key, func.count(), func.max(SignInFailure.failed_at))
        .where(SignInFailure.key.in_(keys), SignInFailure.failed_at > now - _window())
        .group_by(SignInFailure.key)
    ).all()
    return {key: (count, last) for key, count, last in rows}


def _blocked(rules: dict[str, Rule], now: datetime) -> dict[str, datetime]:
    blocked = {}
    for key, (count, last) in _failures(list(rules), now).items():
        until = blocked_until(count, last, rules[key], _window())
        if until is not None and until > now:
            blocked[key] = until
    return blocked


def check(email: str, ip: str | None, *, now: datetime) -> None:
    """Refuse the attempt, before any password is checked, while its address or the account at
    that address is waiting; the same refusal for real and unknown accounts."""
    address_key, account_key = _keys(email, ip)
    _one_at_a_time(account_key)
    if _blocked(_rules(address_key, account_key), now):
        raise AccountLocked()


def _one_at_a_time(key: str) -> None:
    """Attempts on one account from one address wait for each other until the caller commits, so
    a burst of simultaneous guesses cannot all pass the check before the first failure counts.
    (Not the address key: that would queue every officer behind one agency's address.)"""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(select(func.pg_advisory_xact_lock(func.hashtext(key))))


def count_failure(email: str, ip: str | None, *, user: User | None, now: datetime) -> None:
    address_key, account_key = _keys(email, ip)
    db.session.execute(delete(SignInFailure).where(SignInFailure.failed_at <= now - _window()))
    db.session.add_all(SignInFailure(key=key, failed_at=now) for key in (address_key, account_key))
    db.session.flush()
    for key in _blocked(_rules(address_key, account_key), now):
        if key == address_key:
            record(None, "address.locked", ip=ip)
        elif user is not None:
            record(None, "user.locked", ip=ip, target_user=user)


def clear_account(email: str, ip: str | None) -> None:
    """A success forgets the account's failures at this address (not the address's own: an
    attacker with an account of their own must not reset their count by signing in)."""
    _address_key, account_key = _keys(email, ip)
    db.session.execute(delete(SignInFailure).where(SignInFailure.key == account_key))
