"""legal basis per language: lesson_texts.legal_basis replaces lessons.legal_basis

Revision ID: 5b1e7c3a9d20
Revises: 11d5f241dad0
Create Date: 2026-12-07 20:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5b1e7c3a9d20'
down_revision = '11d5f241dad0'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("lesson_texts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("legal_basis", sa.String(length=300), nullable=True))
    # The English legal basis moves to the lesson's English text.
    op.execute(
        "UPDATE lesson_texts SET legal_basis = (SELECT lessons.legal_basis FROM lessons "
        "WHERE lessons.id = lesson_texts.lesson_id) WHERE locale = 'en'"
    )
    with op.batch_alter_table("lessons", schema=None) as batch_op:
        batch_op.drop_column("legal_basis")


def downgrade():
    with op.batch_alter_table("lessons", schema=None) as batch_op:
        batch_op.add_column(sa.Column("legal_basis", sa.String(length=300), nullable=True))
    # Translations' own legal bases are lost: before this revision there was only the English.
    op.execute(
        "UPDATE lessons SET legal_basis = (SELECT lesson_texts.legal_basis FROM lesson_texts "
        "WHERE lesson_texts.lesson_id = lessons.id AND lesson_texts.locale = 'en')"
    )
    with op.batch_alter_table("lesson_texts", schema=None) as batch_op:
        batch_op.drop_column("legal_basis")
