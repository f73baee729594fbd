"""Device sessions: one row per signed-in browser, so each can be signed out on its own.

The session and remember cookies carry only a random token; the database keeps its SHA-256
digest, so a copy of the table opens no session. Revoking the row (sign out, sign out
everywhere, password change, suspension, role change) makes every copy of those cookies useless.
"""

import hashlib
import secrets
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.orm.attributes import set_committed_value

from elearn.audit.services import record
from elearn.auth.errors import NotAllowed
from elearn.auth.models import User, UserSession, UserStatus
from elearn.extensions import db

# Checked in order: Edge and Opera also say "Chrome", Chrome also says "Safari"; Android and iOS
# also say "Linux" and "Mac OS X".
BROWSERS = [("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome")]
BROWSERS += [("Safari/", "Safari")]
SYSTEMS = [("Android", "Android"), ("iPhone", "iOS"), ("iPad", "iPadOS"), ("Windows", "Windows")]
SYSTEMS += [("CrOS", "ChromeOS"), ("Mac OS X", "macOS"), ("Linux", "Linux")]


def device_summary(user_agent: str) -> str:
    """A coarse, recognisable name for a browser ("Firefox · Windows"); empty when unknown."""
    browser = next((name for marker, name in BROWSERS if marker in user_agent), "")
    system = next((name for marker, name in SYSTEMS if marker in user_agent), "")
    return " · ".join(part for part in (browser, system) if part)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def expires_at(session: UserSession) -> datetime:
    """A remembered device lasts as long as its cookie; another one until it has been idle for
    the session lifetime."""
    config = current_app.config
    if session.is_remembered:
        return session.created_at + config["REMEMBER_COOKIE_DURATION"]
    return session.last_seen_at + config["PERMANENT_SESSION_LIFETIME"]


def is_alive(session: UserSession, now: datetime) -> bool:
    return session.revoked_at is None and expires_at(session) > now


def _attach(user: User, session: UserSession, token: str) -> User:
    user.session_token = token
    user.current_session = session
    return user


def start_session(user: User, *, user_agent: str, remembered: bool, now: datetime) -> UserSession:
    """Sign a device in; the caller hands ``user`` (now carrying the token) to Flask-Login."""
    for old in list_sessions(user, now=now, alive=False):
        db.session.delete(old)
    token = secrets.token_urlsafe(32)
    session = UserSession(
        user=user,
        token_digest=_digest(token),
        created_at=now,
        last_seen_at=now,
        device=device_summary(user_agent)[:80],
        is_remembered=remembered,
    )
    db.session.add(session)
    db.session.flush()
    _attach(user, session, token)
    return session


def load_session_user(token: str, *, now: datetime) -> User | None:
    """Flask-Login's loader: an unknown, revoked or expired token, or an inactive account, signs
    out. The last use is written at most once per ELEARN_SESSION_TOUCH_MINUTES, in its own short
    transaction so that it never joins (or commits) the request's work."""
    session = db.session.scalar(
        select(UserSession).where(UserSession.token_digest == _digest(token))
    )
    if session is None or not is_alive(session, now) or session.user.status != UserStatus.ACTIVE:
        return None
    touch_every = timedelta(minutes=current_app.config["ELEARN_SESSION_TOUCH_MINUTES"])
    if now - session.last_seen_at >= touch_every:
        with db.engine.begin() as connection:
            connection.execute(
                update(UserSession).where(UserSession.id == session.id).values(last_seen_at=now)
            )
        set_committed_value(session, "last_seen_at", now)
    return _attach(session.user, session, token)


def list_sessions(user: User, *, now: datetime, alive: bool = True) -> list[UserSession]:
    """The user's signed-in devices, most recently used first (or, with ``alive=False``, the
    revoked and expired ones)."""
    sessions = db.session.scalars(
        select(UserSession)
        .where(UserSession.user_id == user.id)
        .order_by(UserSession.last_seen_at.desc(), UserSession.id.desc())
    ).all()
    return [session for session in sessions if is_alive(session, now) == alive]


def sign_out(user: User, *, now: datetime) -> None:
    """Logout: this device's session ends, so a copy of its cookies no longer works."""
    if user.current_session is not None:
        user.current_session.revoked_at = now


def end_all_sessions(user: User, *, now: datetime) -> None:
    """Every device of the user is signed out (password change, suspension, role change)."""
    db.session.execute(
        update(UserSession)
        .where(UserSession.user_id == user.id, UserSession.revoked_at.is_(None))
        .values(revoked_at=now)
        .execution_options(synchronize_session="fetch")
    )


def revoke_session(user: User, session_id: int, *, ip: str | None, now: datetime) -> None:
    """The user signs one of their devices out from the profile."""
    # Looked up among the user's own sessions: another user's id, or any number, is just absent.
    session = next((s for s in list_sessions(user, now=now) if s.id == session_id), None)
    if session is None:
        raise NotAllowed()
    session.revoked_at = now
    record(user, "session.revoke", ip=ip, target_user=user, device=session.device)


def sign_out_everywhere(user: User, *, ip: str | None, now: datetime) -> None:
    count = len(list_sessions(user, now=now))
    end_all_sessions(user, now=now)
    record(user, "session.revoke_all", ip=ip, target_user=user, sessions=count)
