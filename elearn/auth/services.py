"""Account use cases: registration, approval, sign-in, passwords. They flush; callers commit."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select

from elearn.audit.services import record, record_refusal
from elearn.auth import lockout, scope
from elearn.auth.errors import (
    AccountPending,
    AccountUnavailable,
    EmailTaken,
    InvalidCredentials,
    InvalidToken,
    NotAllowed,
    WeakPassword,
)
from elearn.auth.models import CoordinatorScope, Role, User, UserRole, UserStatus
from elearn.auth.passwords import hash_password, password_problems, verify_password
from elearn.auth.sessions import end_all_sessions
from elearn.extensions import db
from elearn.models import utcnow
from elearn.orgs.models import Agency

RESET_PURPOSE = "reset"
INVITATION_PURPOSE = "invitation"


@dataclass(frozen=True)
class Profile:
    """What a person says about themselves when registering or being nominated."""

    email: str
    display_name: str
    latin_name: str
    agency_id: int
    locale: str


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def _new_user(profile: Profile, status: UserStatus) -> User:
    email = normalise_email(profile.email)
    owner = find_user_by_email(email)
    if owner is not None:
        raise EmailTaken(owner)
    user = User(
        email=email,
        display_name=profile.display_name.strip(),
        latin_name=profile.latin_name.strip(),
        agency=db.session.get_one(Agency, profile.agency_id),
        locale=profile.locale,
        status=status,
        role_rows=[UserRole(role=Role.TRAINEE)],
    )
    db.session.add(user)
    db.session.flush()
    return user


def _check_policy(password: str, email: str) -> None:
    problems = password_problems(
        password, email=email, min_length=current_app.config["ELEARN_PASSWORD_MIN_LENGTH"]
    )
    if problems:
        raise WeakPassword(problems)


def register(profile: Profile, password: str) -> User:
    """Self-registration: a pending trainee until a coordinator in scope or an admin approves.
    An address already in use raises ``EmailTaken``: the caller mails its owner and answers as
    for a new registration, so the form does not tell who has an account."""
    _check_policy(password, profile.email)
    # Hashed before the address is checked, so a taken address is not answered faster.
    password_hash = _hash(password)
    user = _new_user(profile, UserStatus.PENDING)
    user.password_hash = password_hash
    return user


def nominate(actor: User, profile: Profile, *, ip: str | None) -> User:
    """A coordinator creates an active account; the officer sets a password from an invitation."""
    agency = db.session.get_one(Agency, profile.agency_id)
    if not scope.can_manage_agency(actor, agency):
        raise NotAllowed()
    user = _new_user(profile, UserStatus.ACTIVE)
    user.approved_at = utcnow()
    record(actor, "user.nominate", ip=ip, target_user=user)
    return user


def _change_status(actor: User, user: User, status: UserStatus, action: str, ip: str | None):
    if not scope.can_manage_user(actor, user):
        record_refusal(actor, "scope.denied", ip=ip, target_user=user, attempted=action)
        raise NotAllowed()
    user.status = status
    end_all_sessions(user, now=utcnow())
    record(actor, action, ip=ip, target_user=user)


def approve(actor: User, user: User, *, ip: str | None) -> None:
    if user.status != UserStatus.PENDING:
        raise NotAllowed()
    _change_status(actor, user, UserStatus.ACTIVE, "user.approve", ip)
    user.approved_at = utcnow()


def reject(actor: User, user: User, *, ip: str | None) -> None:
    if user.status != UserStatus.PENDING:
        raise NotAllowed()
    _change_status(actor, user, UserStatus.REJECTED, "user.reject", ip)


def suspend(actor: User, user: User, *, ip: str | None) -> None:
    if user.status != UserStatus.ACTIVE:
        raise NotAllowed()
    _change_status(actor, user, UserStatus.SUSPENDED, "user.suspend", ip)


def reactivate(actor: User, user: User, *, ip: str | None) -> None:
    if user.status != UserStatus.SUSPENDED:
        raise NotAllowed()
    _change_status(actor, user, UserStatus.ACTIVE, "user.reactivate", ip)


def assign_roles(
    actor: User,
    user: User,
    roles: set[Role],
    coordinator_scope: CoordinatorScope,
    *,
    ip: str | None,
) -> None:
    if not scope.can_assign_roles(actor) or actor.id == user.id:
        record_refusal(actor, "scope.denied", ip=ip, target_user=user, attempted="user.roles")
        raise NotAllowed()
    before = sorted(user.roles)
    user.role_rows = [UserRole(role=role) for role in sorted(roles)]
    user.coordinator_scope = coordinator_scope
    end_all_sessions(user, now=utcnow())
    record(
        actor,
        "user.roles",
        ip=ip,
        target_user=user,
        before=before,
        after=sorted(roles),
        scope=coordinator_scope.value,
    )


def _verify(user: User | None, password: str) -> bool:
    method = current_app.config["ELEARN_PASSWORD_HASH_METHOD"]
    return verify_password(user.password_hash if user else None, password, method=method)


def authenticate(email: str, password: str, *, ip: str | None, now: datetime) -> User:
    """Check a sign-in. Known and unknown addresses take the same steps (one password hash, the
    same throttling and the same refusals), so neither the answer nor its time tells them apart."""
    email = normalise_email(email)
    lockout.check(email, ip, now=now)
    user = find_user_by_email(email)
    if not _verify(user, password):
        lockout.count_failure(email, ip, user=user, now=now)
        raise InvalidCredentials()
    if user.status == UserStatus.PENDING:
        raise AccountPending()
    if user.status != UserStatus.ACTIVE:
        raise AccountUnavailable()
    lockout.clear_account(email, ip)
    user.last_login_at = now
    return user


def _hash(password: str) -> str:
    return hash_password(password, current_app.config["ELEARN_PASSWORD_HASH_METHOD"])


def _store_password(user: User, password: str) -> None:
    user.password_hash = _hash(password)
    end_all_sessions(user, now=utcnow())


def set_password(user: User, password: str) -> None:
    _check_policy(password, user.email)
    _store_password(user, password)


def change_password(user: User, current: str, new: str) -> None:
    if not _verify(user, current):
        raise InvalidCredentials()
    set_password(user, new)


def update_profile(user: User, *, display_name: str, latin_name: str, locale: str) -> None:
    user.display_name = display_name.strip()
    user.latin_name = latin_name.strip()
    user.locale = locale


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=purpose)


def _fingerprint(user: User) -> str:
    # Part of the token: once the password changes, every earlier link stops working.
    return (user.password_hash or "none")[-16:]


def make_token(user: User, purpose: str) -> str:
    return _serializer(purpose).dumps([user.id, _fingerprint(user)])


def token_lifetime(purpose: str) -> timedelta:
    config = current_app.config
    if purpose == INVITATION_PURPOSE:
        return timedelta(days=config["ELEARN_INVITATION_TOKEN_DAYS"])
    return timedelta(hours=config["ELEARN_RESET_TOKEN_HOURS"])


def user_for_token(token: str, purpose: str) -> User:
    """The user a password link was made for, if it is genuine, unexpired and unused."""
    max_age = int(token_lifetime(purpose).total_seconds())
    try:
        user_id, fingerprint = _serializer(purpose).loads(token, max_age=max_age)
    except (BadSignature, ValueError, TypeError):
        raise InvalidToken() from None
    user = db.session.get(User, user_id)
    if user is None or _fingerprint(user) != fingerprint or user.status != UserStatus.ACTIVE:
        raise InvalidToken()
    return user
