"""triage: verdicts as shown, the person index and per-owner triage state

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23

Reading a verdict no longer judges the owner again: ``final_verdict`` holds each inbound
item's verdict as shown (the model's with the owner's word over it), ``triage_state`` what
the stored verdicts were made from (and the owner's network figures), ``person_link`` who
each row is about by identity key (filled by the next triage from ``person_link_upto``),
``campaign_summary`` each campaign as the pages list it (kept from ``summary_state``).
``verdict`` gains the pitch's embedding key and the campaign facts it was judged with. An
existing store is checked whole by its next triage.
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("verdict", schema=None) as batch_op:
        batch_op.add_column(sa.Column("pitch_key", sa.String(), nullable=True))
        batch_op.add_column(sa.Column("campaign_size", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("campaign_senders", sa.Integer(), nullable=True))
    op.create_table(
        "final_verdict",
        sa.Column("item_pk", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("label", sa.String(), nullable=False),
        sa.Column("spam_probability", sa.Float(), nullable=False),
        sa.Column("unsure", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("clues_json", sa.Text(), nullable=False),
        sa.Column("alternative_json", sa.Text(), nullable=True),
        sa.Column("reports", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["item_pk"], ["item.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["owner_id"], ["owner.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("item_pk"),
    )
    with op.batch_alter_table("final_verdict", schema=None) as batch_op:
        batch_op.create_index("ix_final_verdict_label", ["label", "sent_at"], unique=False)
        batch_op.create_index("ix_final_verdict_owner", ["owner_id", "label"], unique=False)
    op.create_table(
        "person_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("role", sa.String(), nullable=False),
        sa.Column("ref", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["owner_id"], ["owner.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("person_link", schema=None) as batch_op:
        batch_op.create_index("ix_person_link_key", ["owner_id", "key", "role"], unique=False)
    op.create_table(
        "person_link_upto",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_upto", sa.Integer(), nullable=False),
        sa.Column("connection_upto", sa.Integer(), nullable=False),
        sa.Column("relation_upto", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "triage_state",
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("judged_key", sa.String(), nullable=False),
        sa.Column("lists_json", sa.Text(), nullable=False),
        sa.Column("item_upto", sa.Integer(), nullable=False),
        sa.Column("connection_upto", sa.Integer(), nullable=False),
        sa.Column("relation_upto", sa.Integer(), nullable=False),
        sa.Column("campaign_token", sa.String(), nullable=True),
        sa.Column("overlay_json", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("network_json", sa.Text(), nullable=False, server_default="{}"),
        sa.ForeignKeyConstraint(["owner_id"], ["owner.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("owner_id"),
    )
    op.create_table(
        "campaign_summary",
        sa.Column("campaign_id", sa.String(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("welcome", sa.Integer(), nullable=False),
        sa.Column("relevant_pitch", sa.Integer(), nullable=False),
        sa.Column("ask_why", sa.Integer(), nullable=False),
        sa.Column("spam", sa.Integer(), nullable=False),
        sa.Column("first_at", sa.DateTime(), nullable=True),
        sa.Column("last_at", sa.DateTime(), nullable=True),
        sa.Column("senders_json", sa.Text(), nullable=False),
        sa.Column("sender_count", sa.Integer(), nullable=False),
        sa.Column("oldest_json", sa.Text(), nullable=False),
        sa.Column("template_json", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("campaign_id"),
    )
    with op.batch_alter_table("campaign_summary", schema=None) as batch_op:
        batch_op.create_index("ix_campaign_summary_size", ["size", "campaign_id"], unique=False)
    op.create_table(
        "summary_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    op.drop_table("summary_state")
    with op.batch_alter_table("campaign_summary", schema=None) as batch_op:
        batch_op.drop_index("ix_campaign_summary_size")
    op.drop_table("campaign_summary")
    op.drop_table("triage_state")
    op.drop_table("person_link_upto")
    with op.batch_alter_table("person_link", schema=None) as batch_op:
        batch_op.drop_index("ix_person_link_key")
    op.drop_table("person_link")
    with op.batch_alter_table("final_verdict", schema=None) as batch_op:
        batch_op.drop_index("ix_final_verdict_owner")
        batch_op.drop_index("ix_final_verdict_label")
    op.drop_table("final_verdict")
    with op.batch_alter_table("verdict", schema=None) as batch_op:
        batch_op.drop_column("campaign_senders")
        batch_op.drop_column("campaign_size")
        batch_op.drop_column("pitch_key")
