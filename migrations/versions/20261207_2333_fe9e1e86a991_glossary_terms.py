"""glossary_terms: the translators' glossary, one row per English term and language

Loaded from courses/_glossary/<locale>.yml by `flask courses import --all`.

Revision ID: fe9e1e86a991
Revises: b7d41f0c9e63
Create Date: 2026-12-07 23:33:45.316148

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'fe9e1e86a991'
down_revision = 'b7d41f0c9e63'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('glossary_terms',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('locale', sa.String(length=5), nullable=False),
    sa.Column('term_en', sa.String(length=200), nullable=False),
    sa.Column('translation', sa.String(length=200), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_glossary_terms')),
    sa.UniqueConstraint('locale', 'term_en', name=op.f('uq_glossary_terms_locale'))
    )


def downgrade():
    op.drop_table('glossary_terms')
