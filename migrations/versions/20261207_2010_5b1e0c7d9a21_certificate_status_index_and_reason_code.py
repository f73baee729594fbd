"""certificates: a bit in the revocation status list each, and the revocation reason as a code

Revision ID: 5b1e0c7d9a21
Revises: 8c4f2d6e1a57
Create Date: 2026-12-07 20:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5b1e0c7d9a21'
down_revision = '8c4f2d6e1a57'
branch_labels = None
depends_on = None

# The English texts the code stored before reason codes, and the code each stands for.
KNOWN_REASONS = {"Renewed": "renewed", "Re-issued": "reissued"}


def upgrade():
    with op.batch_alter_table("certificates", schema=None) as batch_op:
        batch_op.add_column(sa.Column("status_index", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("revoked_reason_code", sa.String(length=16), nullable=True))
    certificates = sa.table(
        "certificates",
        sa.column("id", sa.Integer()),
        sa.column("status_index", sa.Integer()),
        sa.column("revoked_at", sa.DateTime()),
        sa.column("revoked_reason", sa.Text()),
        sa.column("revoked_reason_code", sa.String()),
    )
    # Certificates issued before status lists take the bits from their ids (unique); new ones
    # are placed at random.
    op.execute(certificates.update().values(status_index=certificates.c.id))
    for text, code in KNOWN_REASONS.items():
        op.execute(
            certificates.update()
            .where(certificates.c.revoked_reason == text)
            .values(revoked_reason_code=code, revoked_reason=None)
        )
    op.execute(
        certificates.update()
        .where(certificates.c.revoked_at.is_not(None), certificates.c.revoked_reason_code.is_(None))
        .values(revoked_reason_code="other")
    )
    with op.batch_alter_table("certificates", schema=None) as batch_op:
        batch_op.alter_column("status_index", existing_type=sa.Integer(), nullable=False)
        batch_op.create_unique_constraint(
            batch_op.f("uq_certificates_status_index"), ["status_index"]
        )


def downgrade():
    certificates = sa.table(
        "certificates",
        sa.column("revoked_reason", sa.Text()),
        sa.column("revoked_reason_code", sa.String()),
    )
    for text, code in KNOWN_REASONS.items():
        op.execute(
            certificates.update()
            .where(certificates.c.revoked_reason_code == code)
            .values(revoked_reason=text)
        )
    with op.batch_alter_table("certificates", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_certificates_status_index"), type_="unique")
        batch_op.drop_column("revoked_reason_code")
        batch_op.drop_column("status_index")
