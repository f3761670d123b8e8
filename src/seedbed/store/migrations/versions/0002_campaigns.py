"""campaigns: fingerprints of inbound items and shared reports

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "fingerprint",
        sa.Column("item_pk", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("skeleton", sa.Text(), nullable=False),
        sa.Column("exact", sa.String(), nullable=False),
        sa.Column("digest", sa.LargeBinary(), nullable=False),
        sa.Column("parent", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(["item_pk"], ["item.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("item_pk"),
        sa.UniqueConstraint("seq"),
    )
    with op.batch_alter_table("fingerprint", schema=None) as batch_op:
        batch_op.create_index("ix_fingerprint_campaign", ["campaign_id"], unique=False)
    op.create_table(
        "shared_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("exact", sa.String(), nullable=False),
        sa.Column("bands_json", sa.Text(), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("source", "exact", "bands_json"),
    )
    with op.batch_alter_table("shared_report", schema=None) as batch_op:
        batch_op.create_index("ix_shared_report_exact", ["exact"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("shared_report", schema=None) as batch_op:
        batch_op.drop_index("ix_shared_report_exact")
    op.drop_table("shared_report")
    with op.batch_alter_table("fingerprint", schema=None) as batch_op:
        batch_op.drop_index("ix_fingerprint_campaign")
    op.drop_table("fingerprint")
