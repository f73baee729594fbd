from sqlalchemy import Select, select

from elearn.audit.models import AuditEvent
from elearn.auth.models import User
from elearn.extensions import db


def record(
    actor: User | None,
    action: str,
    *,
    ip: str | None,
    target_user: User | None = None,
    target: str | None = None,
    **details,
) -> AuditEvent:
    """Write one audit event; the caller's transaction commits it with the action itself."""
    event = AuditEvent(
        actor=actor,
        action=action,
        target_user=target_user,
        target=target,
        ip_address=ip,
        details=details,
    )
    db.session.add(event)
    db.session.flush()
    return event


def recent_events(*, action: str | None = None, user_id: int | None = None) -> Select:
    query = select(AuditEvent).order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
    if action:
        query = query.where(AuditEvent.action == action)
    if user_id:
        query = query.where(
            (AuditEvent.actor_id == user_id) | (AuditEvent.target_user_id == user_id)
        )
    return query
