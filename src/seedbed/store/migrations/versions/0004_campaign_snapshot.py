"""campaigns: the snapshot token; the partition lives in campaign_id alone

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22

``fingerprint.parent`` (the union-find parent) is dropped: a campaign's members are the rows
sharing its ``campaign_id``, which is all a rebuild needs, and keeping parents in step cost a
write per merged item. ``campaign_snapshot`` holds the token of the campaign index snapshot
written beside the database (see seedbed.campaigns): a snapshot whose token differs is stale;
and ``seen_upto``, the highest item id the campaign index has considered (item ids only grow),
so that finding the new items does not scan them all.
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "campaign_snapshot",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("token", sa.String(), nullable=False),
        sa.Column("seen_upto", sa.Integer(), nullable=False),
    )
    with op.batch_alter_table("fingerprint", schema=None) as batch_op:
        batch_op.drop_column("parent")


def downgrade() -> None:
    with op.batch_alter_table("fingerprint", schema=None) as batch_op:
        batch_op.add_column(sa.Column("parent", sa.Integer(), nullable=False,
                                      server_default="0"))
    op.drop_table("campaign_snapshot")
