"""device sessions and sign-in failures

Revision ID: 7a652cb623a3
Revises: f522366b02e5
Create Date: 2026-12-07 20:13:57.411901

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7a652cb623a3'
down_revision = 'f522366b02e5'
branch_labels = None
depends_on = None


def upgrade():
    # Device sessions replace the one session token per user: a cookie holding an old token finds
    # no session, so its holder is simply signed out and signs in again.
    op.create_table(
        "sign_in_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("failed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_in_failures")),
    )
    with op.batch_alter_table("sign_in_failures", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sign_in_failures_failed_at"), ["failed_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_sign_in_failures_key"), ["key"], unique=False)

    op.create_table(
        "user_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_digest", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("device", sa.String(length=80), nullable=False),
        sa.Column("is_remembered", sa.Boolean(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_user_sessions_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_sessions")),
        sa.UniqueConstraint("token_digest", name=op.f("uq_user_sessions_token_digest")),
    )
    with op.batch_alter_table("user_sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_user_sessions_user_id"), ["user_id"], unique=False)

    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_users_session_token"), type_="unique")
        batch_op.drop_column("failed_login_count")
        batch_op.drop_column("session_token")
        batch_op.drop_column("locked_until")


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("session_token", sa.String(length=32), nullable=True))
        batch_op.add_column(
            sa.Column("failed_login_count", sa.Integer(), nullable=False, server_default="0")
        )
    # A fresh random token per user: every device session ends, everyone signs in again.
    if op.get_bind().dialect.name == "postgresql":
        random_token = "md5(random()::text || id::text)"
    else:
        random_token = "lower(hex(randomblob(16)))"
    op.execute(f"UPDATE users SET session_token = {random_token}")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.alter_column("session_token", existing_type=sa.String(length=32), nullable=False)
        batch_op.alter_column("failed_login_count", existing_type=sa.Integer(), server_default=None)
        batch_op.create_unique_constraint(batch_op.f("uq_users_session_token"), ["session_token"])

    with op.batch_alter_table("user_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_user_sessions_user_id"))
    op.drop_table("user_sessions")
    with op.batch_alter_table("sign_in_failures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sign_in_failures_key"))
        batch_op.drop_index(batch_op.f("ix_sign_in_failures_failed_at"))
    op.drop_table("sign_in_failures")
