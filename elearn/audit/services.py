from typing import TYPE_CHECKING

from sqlalchemy import Select, event, select
from sqlalchemy.orm import ORMExecuteState, Session

from elearn.audit.models import AuditEvent
from elearn.extensions import db
from elearn.transactions import survive_rollback

if TYPE_CHECKING:
    from elearn.auth.models import User


def record(
    actor: "User | None",
    action: str,
    *,
    ip: str | None,
    target_user: "User | None" = None,
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


def record_refusal(
    actor: "User | None",
    action: str,
    *,
    ip: str | None,
    target_user: "User | None" = None,
    target: str | None = None,
    **details,
) -> AuditEvent:
    """Write the audit of a refused action: it stays when the request's work is rolled back."""
    fields = {
        "actor_id": actor.id if actor else None,
        "action": action,
        "target_user_id": target_user.id if target_user else None,
        "target": target,
        "ip_address": ip,
        "details": details,
    }
    event = AuditEvent(**fields)
    db.session.add(event)
    db.session.flush()
    survive_rollback(lambda: AuditEvent(**fields))
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


class AppendOnly(RuntimeError):
    """Something tried to change or delete an audit event."""


def guard() -> None:
    """Make the audit log append-only for the application: its session refuses to flush a
    changed or deleted event and to run an UPDATE or DELETE on the table (once per process)."""
    for name, listener in (("before_flush", _refuse_changes), ("do_orm_execute", _refuse_bulk)):
        if not event.contains(db.session, name, listener):
            event.listen(db.session, name, listener)


def _refuse_changes(session: Session, _context, _instances) -> None:
    for event_row in session.deleted:
        if isinstance(event_row, AuditEvent):
            raise AppendOnly(f"audit event {event_row.id} cannot be deleted")
    for event_row in session.dirty:
        if isinstance(event_row, AuditEvent) and session.is_modified(event_row):
            raise AppendOnly(f"audit event {event_row.id} cannot be changed")


def _refuse_bulk(state: ORMExecuteState) -> None:
    if (state.is_update or state.is_delete) and any(
        mapper.class_ is AuditEvent for mapper in state.all_mappers
    ):
        raise AppendOnly("the audit log is append-only")
