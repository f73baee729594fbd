"""audit_events: the database refuses every UPDATE (the log is append-only)

Deletes are refused by the application's session (audit.services.guard), not here: the test
suite empties every table between tests. A later batch migration that recreates audit_events on
SQLite drops this trigger and must create it again.

Revision ID: b7d41f0c9e63
Revises: 3e9a7c1d5b42
Create Date: 2026-12-07 21:51:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'b7d41f0c9e63'
down_revision = '3e9a7c1d5b42'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'audit_events is append-only'; END $$"
        )
        op.execute(
            "CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events "
            "FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()"
        )
    else:
        op.execute(
            "CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events "
            "BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END"
        )


def downgrade():
    op.execute("DROP TRIGGER audit_events_no_update" + (
        " ON audit_events" if op.get_bind().dialect.name == "postgresql" else ""
    ))
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION audit_events_append_only()")
