"""question tags and id numbers (from Moodle question banks)

Revision ID: 8c4f2d6e1a57
Revises: 5b1e7c3a9d20
Create Date: 2026-12-07 21:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8c4f2d6e1a57'
down_revision = '5b1e7c3a9d20'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("questions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("tags", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("idnumber", sa.String(length=100), nullable=True))
    op.execute("UPDATE questions SET tags = '[]'")
    with op.batch_alter_table("questions", schema=None) as batch_op:
        batch_op.alter_column("tags", existing_type=sa.JSON(), nullable=False)


def downgrade():
    with op.batch_alter_table("questions", schema=None) as batch_op:
        batch_op.drop_column("idnumber")
        batch_op.drop_column("tags")
