"""users.erased_at: accounts erased on the officer's request

Revision ID: 3e9a7c1d5b42
Revises: 7a652cb623a3
Create Date: 2026-12-07 21:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3e9a7c1d5b42'
down_revision = '7a652cb623a3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("erased_at")
