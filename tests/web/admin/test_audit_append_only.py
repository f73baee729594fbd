"""The audit log is append-only: no route changes it, and the application's session refuses to
change or delete an event, whichever code path tries."""

import re
from pathlib import Path

import pytest
from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import DBAPIError

import elearn
from elearn.audit.models import AuditEvent
from elearn.audit.services import AppendOnly, record
from elearn.auth.models import Role
from elearn.extensions import db

READ_ONLY = {"GET", "HEAD", "OPTIONS"}


def test_no_route_under_audit_changes_anything(app):
    rules = [rule for rule in app.url_map.iter_rules() if "audit" in rule.rule]
    assert rules, "the audit log page is gone"
    for rule in rules:
        assert rule.methods <= READ_ONLY, f"{rule.rule} accepts {rule.methods - READ_ONLY}"


def test_the_audit_page_refuses_posts(browser, users):
    browser.login(users(Role.ADMIN).email)
    before = db.session.scalar(select(AuditEvent.id).order_by(AuditEvent.id.desc()))
    assert browser.submit("/admin/audit", {}).status_code == 405
    assert db.session.scalar(select(AuditEvent.id).order_by(AuditEvent.id.desc())) == before


@pytest.fixture
def event(users):
    actor = users()
    written = record(actor, "user.roles", ip="192.0.2.7", target_user=actor, before=[])
    db.session.commit()
    return written


def _stored(event_id: int) -> tuple:
    db.session.rollback()
    row = db.session.get(AuditEvent, event_id)
    return row.action, row.ip_address, row.details


def test_a_changed_event_is_refused_at_flush(event):
    event.action = "user.approve"
    event.details = {"forged": True}
    with pytest.raises(AppendOnly):
        db.session.commit()
    assert _stored(event.id) == ("user.roles", "192.0.2.7", {"before": []})


def test_a_deleted_event_is_refused_at_flush(event):
    db.session.delete(event)
    with pytest.raises(AppendOnly):
        db.session.commit()
    assert _stored(event.id)[0] == "user.roles"


@pytest.mark.parametrize(
    "statement",
    [
        update(AuditEvent).values(ip_address=None),
        delete(AuditEvent),
        update(AuditEvent).where(AuditEvent.action == "user.roles").values(details={}),
    ],
    ids=["update all", "delete all", "update some"],
)
def test_bulk_updates_and_deletes_are_refused(event, statement):
    with pytest.raises(AppendOnly):
        db.session.execute(statement)
    assert _stored(event.id) == ("user.roles", "192.0.2.7", {"before": []})


def test_appending_still_works(event):
    record(None, "address.locked", ip="192.0.2.8")
    db.session.commit()
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "address.locked"))


WRITES_TO_AUDIT = re.compile(
    r"(update|delete)\s*\(\s*AuditEvent\b|(UPDATE|DELETE\s+FROM)\s+\"?audit_events\b",
    re.IGNORECASE,
)


def test_no_code_issues_update_or_delete_on_audit_events():
    """Raw SQL would pass the session's guard: no such statement is written anywhere."""
    package = Path(elearn.__file__).parent
    offending = [
        f"{path.relative_to(package)}:{number}"
        for path in package.rglob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if WRITES_TO_AUDIT.search(line)
    ]
    assert offending == []


def test_the_database_itself_refuses_an_update(event):
    """Raw SQL passes the session's guard; the migration's trigger stops it (both databases)."""
    event_id = event.id
    with pytest.raises(DBAPIError, match="append-only"):
        db.session.execute(text("UPDATE audit_events SET action = 'user.approve'"))
    assert _stored(event_id) == ("user.roles", "192.0.2.7", {"before": []})
