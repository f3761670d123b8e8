"""Writing exports into the store: natural keys, idempotent inserts, per-kind counts.

Owns: how an ``Export`` becomes rows, and which rows are new.
Must not import: seedbed.sources, seedbed.judge, the CLI or the web layer.

Re-import is idempotent because every row has a natural key built from fields LinkedIn does
not change between exports; the keys already present for an owner are read once and only
rows with new keys are inserted (faster than INSERT OR IGNORE on 100k rows, and it gives
the "new" counts for free).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from typing import Any

from sqlalchemy import Connection, Table, insert, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from seedbed.errors import printable_path
from seedbed.model import (
    Direction,
    Export,
    Invitation,
    Kind,
    Message,
    Person,
    Profile,
)
from seedbed.store import tables as t
from seedbed.store.codec import profile_to_json

# Rows per executemany batch: large enough to amortise SQLAlchemy's per-call cost, small
# enough to keep the parameter lists from dominating memory on a 100k-message import.
BATCH_ROWS = 5_000


def _digest(*parts: object) -> str:
    text = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


def owner_key(profile: Profile) -> str:
    """The owner's identity in the store: profile URL when known, else the name."""
    return profile.profile_url or "name:" + " ".join(profile.name.lower().split())


# Hex digits of an item id: 64 bits, so that a store of millions of items has no two items
# with one id (40 bits collided at about a million: the birthday bound). People type any
# unique prefix of 4+ characters, so the length costs them nothing.
ITEM_ID_HEX_DIGITS = 16


def public_item_id(owner: str, natural_key: str) -> str:
    """The id people type (a prefix: ``seedbed explain 3f9c1a``): stable across imports."""
    return _digest(owner, natural_key)[:ITEM_ID_HEX_DIGITS]


@dataclass
class ImportCounts:
    """How many rows of each kind an export held, and how many of them were new."""

    total: dict[str, int] = field(default_factory=dict)
    new: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str, total: int, new: int) -> None:
        self.total[kind] = self.total.get(kind, 0) + total
        self.new[kind] = self.new.get(kind, 0) + new


def _existing_keys(conn: Connection, table: Table, owner_id: int) -> set[str]:
    rows = conn.execute(select(table.c.natural_key).where(table.c.owner_id == owner_id))
    return {row[0] for row in rows}


Lazy = tuple[str, Callable[[], dict[str, Any]]]


def _insert_new(
    conn: Connection, table: Table, owner_id: int, rows: Iterable[dict[str, Any] | Lazy]
) -> tuple[int, int]:
    """Insert rows whose natural key is not there yet; return (seen, inserted).

    A row may be given as ``(natural_key, make_row)`` so that re-importing a large export
    only computes keys, and builds the full rows of the new items alone.
    """
    existing = _existing_keys(conn, table, owner_id)
    seen = inserted = 0
    batch: list[dict[str, Any]] = []
    for given in rows:
        seen += 1
        key = given[0] if isinstance(given, tuple) else given["natural_key"]
        if key in existing:
            continue
        existing.add(key)
        row = given[1]() if isinstance(given, tuple) else given
        row["natural_key"] = key
        row["owner_id"] = owner_id
        batch.append(row)
        if len(batch) >= BATCH_ROWS:
            conn.execute(insert(table), batch)
            inserted += len(batch)
            batch = []
    if batch:
        conn.execute(insert(table), batch)
        inserted += len(batch)
    return seen, inserted


def upsert_owner(conn: Connection, profile: Profile) -> int:
    """Create or refresh the owner row for this profile; return its id.

    A profile first imported without a recoverable URL is found again by name and then
    upgraded to its URL key, so one person does not become two owners.
    """
    now = datetime.now(UTC)
    key = owner_key(profile)
    name_key = "name:" + " ".join(profile.name.lower().split())
    row = conn.execute(select(t.owner.c.id).where(t.owner.c.key == key)).first()
    if row is None and key != name_key:
        row = conn.execute(select(t.owner.c.id).where(t.owner.c.key == name_key)).first()
    values = {
        "key": key,
        "name": profile.name,
        "headline": profile.headline,
        "profile_url": profile.profile_url,
        "profile_json": profile_to_json(profile),
        "updated_at": now,
    }
    if row is None:
        # Insert-or-get: the select above runs before this transaction holds the write lock,
        # so an import of the same profile in another process may have created it since.
        result = conn.execute(sqlite_insert(t.owner).values(created_at=now, **values)
                              .on_conflict_do_nothing(index_elements=[t.owner.c.key]))
        if result.rowcount == 1 and result.inserted_primary_key is not None:
            return int(result.inserted_primary_key[0])
        row = conn.execute(select(t.owner.c.id).where(t.owner.c.key == key)).one()
    conn.execute(update(t.owner).where(t.owner.c.id == row[0]).values(**values))
    return int(row[0])


def _connection_rows(export: Export) -> Iterator[dict[str, Any]]:
    hidden_seen: dict[object, int] = {}
    for c in export.connections:
        person_key = Person(c.name, c.profile_url).key
        if c.hidden:
            # Hidden rows carry only a date; their order within one day is the only key.
            n = hidden_seen[c.connected_on] = hidden_seen.get(c.connected_on, 0) + 1
            natural = _digest("hidden", c.connected_on, n)
            person_key = "hidden:" + natural[:12]
        else:
            natural = _digest(person_key)
        yield {
            "natural_key": natural,
            "person_key": person_key,
            "first_name": c.first_name,
            "last_name": c.last_name,
            "profile_url": c.profile_url,
            "email": c.email,
            "company": c.company,
            "position": c.position,
            "connected_on": c.connected_on,
            "hidden": c.hidden,
        }


def _recipients_json(people: Iterable[Person]) -> str:
    return json.dumps(
        [{"name": p.name, "profile_url": p.profile_url} for p in people], ensure_ascii=False
    )


def invitation_key(inv: Invitation) -> str:
    return _digest(
        Kind.INVITATION,
        inv.direction,
        inv.sender.key,
        inv.recipient.key,
        inv.sent_at.isoformat() if inv.sent_at else "",
    )


def message_key(msg: Message) -> str:
    return _digest(
        Kind.MESSAGE,
        msg.conversation_id,
        msg.sender.key,
        msg.sent_at.isoformat() if msg.sent_at else "",
        hashlib.sha1(msg.text.encode("utf-8", "surrogatepass")).hexdigest(),
    )


def _invitation_row(owner: str, natural: str, inv: Invitation) -> dict[str, Any]:
    return {
        "item_id": public_item_id(owner, natural),
        "natural_key": natural,
        "kind": Kind.INVITATION.value,
        "direction": inv.direction.value,
        "conversation_id": None,
        "conversation_title": "",
        "sender_name": inv.sender.name,
        "sender_url": inv.sender.profile_url,
        "sender_key": inv.sender.key,
        "recipients_json": _recipients_json([inv.recipient]),
        "sent_at": inv.sent_at,
        "subject": "",
        "text": inv.text,
        "html": None,
        "folder": "",
    }


def _message_row(owner: str, natural: str, msg: Message) -> dict[str, Any]:
    return {
        "item_id": public_item_id(owner, natural),
        "natural_key": natural,
        "kind": Kind.MESSAGE.value,
        "direction": msg.direction.value,
        "conversation_id": msg.conversation_id,
        "conversation_title": msg.conversation_title,
        "sender_name": msg.sender.name,
        "sender_url": msg.sender.profile_url,
        "sender_key": msg.sender.key,
        "recipients_json": _recipients_json(msg.recipients),
        "sent_at": msg.sent_at,
        "subject": msg.subject,
        "text": msg.text,
        "html": msg.html,
        "folder": msg.folder,
    }


def _item_rows(owner: str, export: Export) -> Iterator[Lazy]:
    for inv in export.invitations:
        natural = invitation_key(inv)
        yield natural, partial(_invitation_row, owner, natural, inv)
    for msg in export.messages:
        natural = message_key(msg)
        yield natural, partial(_message_row, owner, natural, msg)


def _relation_rows(export: Export) -> Iterator[dict[str, Any]]:
    for e in export.endorsements:
        yield {
            "natural_key": _digest("endorsement", e.direction, e.person.key, e.skill),
            "kind": "endorsement",
            "direction": e.direction.value,
            "person_key": e.person.key,
            "person_name": e.person.name,
            "detail": e.skill,
            "at": e.endorsed_at,
        }
    for r in export.recommendations:
        yield {
            "natural_key": _digest(
                "recommendation",
                r.direction,
                r.person.key,
                hashlib.sha1(r.text.encode()).hexdigest(),
            ),
            "kind": "recommendation",
            "direction": r.direction.value,
            "person_key": r.person.key,
            "person_name": r.person.name,
            "detail": r.text,
            "at": r.created_at,
        }
    for n in export.notes:
        yield {
            "natural_key": _digest("note", n.person.key, hashlib.sha1(n.text.encode()).hexdigest()),
            "kind": "note",
            "direction": Direction.OUTGOING.value,
            "person_key": n.person.key,
            "person_name": n.person.name,
            "detail": n.text,
            "at": n.created_at,
        }


def save_export(conn: Connection, export: Export, source: str) -> tuple[int, ImportCounts]:
    """Write one export inside the caller's transaction; return (owner id, counts)."""
    profile = export.profile
    owner_id = upsert_owner(conn, profile)
    key = owner_key(profile)
    counts = ImportCounts()

    seen, new = _insert_new(conn, t.connection, owner_id, _connection_rows(export))
    counts.add("connections", seen, new)

    seen, new = _insert_new(conn, t.item, owner_id, _item_rows(key, export))
    by_kind = {
        "invitations in": sum(1 for i in export.invitations if i.direction is Direction.INCOMING),
        "invitations out": sum(1 for i in export.invitations if i.direction is Direction.OUTGOING),
        "messages in": sum(1 for m in export.messages if m.direction is Direction.INCOMING),
        "messages out": sum(1 for m in export.messages if m.direction is Direction.OUTGOING),
    }
    for kind, total in by_kind.items():
        counts.total[kind] = counts.total.get(kind, 0) + total
    counts.add("conversations", len({m.conversation_id for m in export.messages}), 0)
    counts.new["items"] = counts.new.get("items", 0) + new

    seen, new = _insert_new(
        conn,
        t.article,
        owner_id,
        (
            {
                "natural_key": _digest(
                    a.title, a.published_at.isoformat() if a.published_at else ""
                ),
                "title": a.title,
                "url": a.url,
                "published_at": a.published_at,
                "text": a.text,
            }
            for a in export.articles
        ),
    )
    counts.add("articles", seen, new)

    seen, new = _insert_new(
        conn,
        t.post,
        owner_id,
        (
            {
                "natural_key": _digest(
                    p.is_comment,
                    p.url,
                    p.posted_at.isoformat() if p.posted_at else "",
                    hashlib.sha1(p.text.encode()).hexdigest(),
                ),
                "posted_at": p.posted_at,
                "url": p.url,
                "text": p.text,
                "is_comment": p.is_comment,
            }
            for p in export.posts
        ),
    )
    counts.add("posts", sum(1 for p in export.posts if not p.is_comment), 0)
    counts.add("comments", sum(1 for p in export.posts if p.is_comment), 0)
    counts.new["posts"] = new

    seen, new = _insert_new(conn, t.relation, owner_id, _relation_rows(export))
    counts.add("endorsements", len(export.endorsements), 0)
    counts.add("recommendations", len(export.recommendations), 0)
    counts.add("notes", len(export.notes), 0)
    counts.new["relations"] = new

    counts.add("positions", len(profile.positions), 0)
    counts.add("skills", len(profile.skills), 0)
    counts.add("education", len(profile.education), 0)
    counts.add("reactions", export.reaction_count, 0)

    report = {
        "counts": counts.total,
        "new": counts.new,
        # Names come from the file system and need not be UTF-8, which SQLite requires.
        "files": [
            {"name": printable_path(f.name), "rows": f.rows, "used": f.used,
             "skipped": f.skipped, "note": f.note}
            for f in export.files
        ],
    }
    conn.execute(
        insert(t.import_run).values(
            owner_id=owner_id,
            source=printable_path(source),
            imported_at=datetime.now(UTC),
            report_json=json.dumps(report, ensure_ascii=False),
        )
    )
    return owner_id, counts
