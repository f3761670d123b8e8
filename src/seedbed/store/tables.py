"""The SQLite schema, as SQLAlchemy Core tables. Alembic migrations create it.

Owns: table definitions and the UTC datetime column type.
Must not import: seedbed.sources, seedbed.judge, the CLI or the web layer.

Every row that comes from an export carries a ``natural_key`` (unique per owner) built from
stable fields, so that importing the same export twice adds nothing and a newer export adds
only what is new.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
)
from sqlalchemy.engine import Dialect


class UTCDateTime(TypeDecorator[datetime]):
    """Stores aware datetimes as naive UTC; returns them aware (UTC)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC)


metadata = MetaData()

owner = Table(
    "owner",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String, nullable=False, unique=True),
    Column("name", String, nullable=False),
    Column("headline", Text, nullable=False, default=""),
    Column("profile_url", String),
    Column("profile_json", Text, nullable=False),
    Column("prefs_json", Text),
    Column("prefs_source", String),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)

connection = Table(
    "connection",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("owner_id", Integer, ForeignKey("owner.id", ondelete="CASCADE"), nullable=False),
    Column("natural_key", String, nullable=False),
    Column("person_key", String, nullable=False),
    Column("first_name", String, nullable=False),
    Column("last_name", String, nullable=False),
    Column("profile_url", String),
    Column("email", String, nullable=False),
    Column("company", String, nullable=False),
    Column("position", String, nullable=False),
    Column("connected_on", Date),
    Column("hidden", Boolean, nullable=False),
    UniqueConstraint("owner_id", "natural_key"),
    Index("ix_connection_person", "owner_id", "person_key"),
)

item = Table(
    "item",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("item_id", String, nullable=False, unique=True),
    Column("owner_id", Integer, ForeignKey("owner.id", ondelete="CASCADE"), nullable=False),
    Column("natural_key", String, nullable=False),
    Column("kind", String, nullable=False),
    Column("direction", String, nullable=False),
    Column("conversation_id", String),
    Column("conversation_title", Text, nullable=False),
    Column("sender_name", String, nullable=False),
    Column("sender_url", String),
    Column("sender_key", String, nullable=False),
    Column("recipients_json", Text, nullable=False),
    Column("sent_at", UTCDateTime),
    Column("subject", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("html", Text),
    Column("folder", String, nullable=False),
    # A row LinkedIn wrote itself ("… left the conversation"): kept in its thread, not judged.
    Column("system", Boolean, nullable=False, default=False, server_default=false()),
    # A LinkedIn ad (Sponsored InMail).
    Column("sponsored", Boolean, nullable=False, default=False, server_default=false()),
    UniqueConstraint("owner_id", "natural_key"),
    Index("ix_item_owner_direction", "owner_id", "direction"),
    Index("ix_item_conversation", "owner_id", "conversation_id"),
    Index("ix_item_sender", "owner_id", "sender_key"),
)

article = Table(
    "article",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("owner_id", Integer, ForeignKey("owner.id", ondelete="CASCADE"), nullable=False),
    Column("natural_key", String, nullable=False),
    Column("title", Text, nullable=False),
    Column("url", String, nullable=False),
    Column("published_at", UTCDateTime),
    Column("text", Text, nullable=False),
    UniqueConstraint("owner_id", "natural_key"),
)

post = Table(
    "post",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("owner_id", Integer, ForeignKey("owner.id", ondelete="CASCADE"), nullable=False),
    Column("natural_key", String, nullable=False),
    Column("posted_at", UTCDateTime),
    Column("url", String, nullable=False),
    Column("text", Text, nullable=False),
    Column("is_comment", Boolean, nullable=False),
    UniqueConstraint("owner_id", "natural_key"),
)

# Endorsements, recommendations and notes: who vouched for whom. ``kind`` says which,
# ``direction`` which way; ``person_key`` is the other side.
relation = Table(
    "relation",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("owner_id", Integer, ForeignKey("owner.id", ondelete="CASCADE"), nullable=False),
    Column("natural_key", String, nullable=False),
    Column("kind", String, nullable=False),
    Column("direction", String, nullable=False),
    Column("person_key", String, nullable=False),
    Column("person_name", String, nullable=False),
    Column("detail", Text, nullable=False),
    Column("at", UTCDateTime),
    UniqueConstraint("owner_id", "natural_key"),
    Index("ix_relation_person", "owner_id", "person_key"),
)

import_run = Table(
    "import_run",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("owner_id", Integer, ForeignKey("owner.id", ondelete="CASCADE"), nullable=False),
    Column("source", Text, nullable=False),
    Column("imported_at", UTCDateTime, nullable=False),
    Column("report_json", Text, nullable=False),
)

verdict = Table(
    "verdict",
    metadata,
    Column("item_pk", Integer, ForeignKey("item.id", ondelete="CASCADE"), primary_key=True),
    Column("label", String, nullable=False),
    Column("spam_probability", Float, nullable=False),
    Column("unsure", Boolean, nullable=False),
    Column("source", String, nullable=False),
    Column("summary", Text, nullable=False),
    Column("clues_json", Text, nullable=False),
    Column("state", String, nullable=False),
    Column("judged_at", UTCDateTime, nullable=False),
    Column("run", Integer, nullable=False),
    Column("alternative_json", Text),
    # The embedding cache key of the item's pitch (what learning from corrections compares),
    # and the campaign size and senders the item was judged with: facts that change without
    # the item changing, compared in SQL to find what must be judged again.
    Column("pitch_key", String),
    Column("campaign_size", Integer),
    Column("campaign_senders", Integer),
)

correction = Table(
    "correction",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("item_pk", Integer, ForeignKey("item.id", ondelete="CASCADE"), nullable=False),
    Column("owner_id", Integer, ForeignKey("owner.id", ondelete="CASCADE"), nullable=False),
    Column("label", String, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("undone_at", UTCDateTime),
    Index("ix_correction_owner", "owner_id"),
)

embedding = Table(
    "embedding",
    metadata,
    Column("key", String, primary_key=True),
    Column("vector", LargeBinary, nullable=False),
)

# One row per fingerprinted inbound item, in the order the campaign index saw them (seq =
# position); the rows sharing a campaign_id are one campaign. The truth the campaign index is
# rebuilt from when its snapshot beside the database is missing or stale.
fingerprint = Table(
    "fingerprint",
    metadata,
    Column("item_pk", Integer, ForeignKey("item.id", ondelete="CASCADE"), primary_key=True),
    Column("seq", Integer, nullable=False, unique=True),
    Column("skeleton", Text, nullable=False),
    Column("exact", String, nullable=False),
    Column("digest", LargeBinary, nullable=False),
    Column("campaign_id", String),
    Index("ix_fingerprint_campaign", "campaign_id"),
)

# The token of the campaign index snapshot that matches the fingerprint rows (one row, id 1),
# and the highest item id the index has considered (item ids only grow: items are never
# deleted, and SQLite gives a new row the highest id plus one).
campaign_snapshot = Table(
    "campaign_snapshot",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("token", String, nullable=False),
    Column("seen_upto", Integer, nullable=False),
)

# Fingerprints of campaigns other people marked as spam (``seedbed campaigns import``):
# hashes only, one row per shared fingerprint, ``source`` = the file's sha256.
shared_report = Table(
    "shared_report",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source", String, nullable=False),
    Column("exact", String, nullable=False),
    Column("bands_json", Text, nullable=False),
    Column("imported_at", UTCDateTime, nullable=False),
    UniqueConstraint("source", "exact", "bands_json"),
    Index("ix_shared_report_exact", "exact"),
)


# -- what triage keeps so that reading a verdict never judges the whole store again ----------
# (seedbed.triage). A migration that changes stored rows (not only adds them) must delete the
# rows of ``triage_state`` and ``person_link_upto``: what they record is "nothing changed
# since", and the next triage then checks everything again.

# The verdict an inbound item is shown with: the model's (``verdict``) with the owner's word
# laid over it (allow/block lists, corrections, what was learned from them, the owner's own
# hiding bar, others' reports). What every page and listing reads. ``owner_id``, ``kind`` and
# ``sent_at`` are the item's, copied so that pages filter, sort and count on one table;
# ``reports`` is how many shared files reported the item's campaign.
final_verdict = Table(
    "final_verdict",
    metadata,
    Column("item_pk", Integer, ForeignKey("item.id", ondelete="CASCADE"), primary_key=True),
    Column("owner_id", Integer, ForeignKey("owner.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String, nullable=False),
    Column("sent_at", UTCDateTime),
    Column("label", String, nullable=False),
    Column("spam_probability", Float, nullable=False),
    Column("unsure", Boolean, nullable=False),
    Column("source", String, nullable=False),
    Column("summary", Text, nullable=False),
    Column("clues_json", Text, nullable=False),
    Column("alternative_json", Text),
    Column("reports", Integer, nullable=False),
    Index("ix_final_verdict_label", "label", "sent_at"),
    Index("ix_final_verdict_owner", "owner_id", "label"),
)

# Who a row is about, by identity key (a profile URL, or "name:" and the folded name): the
# person of each connection (``connection``; ``connection_name`` by name), relation
# (``rel:<kind>``), outgoing invitation (``invited``) and message (``said``), and the sender
# of each inbound item (``sender``); ``ref`` is the row's id in its table. Built by triage
# from the rows added since ``person_link_upto``, so that the facts around one item are read
# by key instead of by reading all of an owner's rows.
person_link = Table(
    "person_link",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("owner_id", Integer, ForeignKey("owner.id", ondelete="CASCADE"), nullable=False),
    Column("key", String, nullable=False),
    Column("role", String, nullable=False),
    Column("ref", Integer, nullable=False),
    Index("ix_person_link_key", "owner_id", "key", "role"),
)

# The highest item, connection and relation ids ``person_link`` holds (one row, id 1).
person_link_upto = Table(
    "person_link_upto",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("item_upto", Integer, nullable=False),
    Column("connection_upto", Integer, nullable=False),
    Column("relation_upto", Integer, nullable=False),
)

# Per owner, what the stored verdicts were made from: the model and preferences
# (``judged_key``), the allow and block lists, the highest item, connection and relation ids
# of the store then, the campaign index token, and the owner's word laid over the model
# (``overlay_json``: active corrections, hiding bar, shared reports seen). When all of it
# still holds, the stored verdicts are current and nothing needs judging.
triage_state = Table(
    "triage_state",
    metadata,
    Column("owner_id", Integer, ForeignKey("owner.id", ondelete="CASCADE"), primary_key=True),
    Column("judged_key", String, nullable=False),
    Column("lists_json", Text, nullable=False),
    Column("item_upto", Integer, nullable=False),
    Column("connection_upto", Integer, nullable=False),
    Column("relation_upto", Integer, nullable=False),
    Column("campaign_token", String),
    Column("overlay_json", Text, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    # The owner's network figures (connections written to by year, invitations accepted),
    # counted when the rows last changed: the report reads them instead of every row.
    Column("network_json", Text, nullable=False, server_default="{}"),
)

# Each campaign as the pages list it, from the verdicts shown: size, verdict mix, first and
# last date, the senders with most items first (``senders_json``, the first
# ``SUMMARY_SENDERS``; ``sender_count`` all of them), the ids of its oldest members and the
# template aligned from them. Kept by triage for the campaigns whose members' verdicts it
# stored; all of them again when the campaign index changed (``summary_state.token``).
campaign_summary = Table(
    "campaign_summary",
    metadata,
    Column("campaign_id", String, primary_key=True),
    Column("size", Integer, nullable=False),
    Column("welcome", Integer, nullable=False),
    Column("relevant_pitch", Integer, nullable=False),
    Column("ask_why", Integer, nullable=False),
    Column("spam", Integer, nullable=False),
    Column("first_at", UTCDateTime),
    Column("last_at", UTCDateTime),
    Column("senders_json", Text, nullable=False),
    Column("sender_count", Integer, nullable=False),
    Column("oldest_json", Text, nullable=False),
    Column("template_json", Text, nullable=False),
    Index("ix_campaign_summary_size", "size", "campaign_id"),
)

# The campaign index token the summaries were made from (one row, id 1).
summary_state = Table(
    "summary_state",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("token", String),
)
