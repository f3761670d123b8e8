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
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
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
from seedbed.store import counting
from seedbed.store import tables as t
from seedbed.store.codec import profile_from_json, profile_to_json
from seedbed.store.counting import ImportCounts

# Rows per executemany batch: large enough to amortise SQLAlchemy's per-call cost, small
# enough to keep the parameter lists from dominating memory on a 100k-message import.
BATCH_ROWS = 5_000


def _digest(*parts: object) -> str:
    text = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


def owner_key(profile: Profile, export: Export | None = None) -> str:
    """The owner's identity in the store: profile URL when known, else the name.

    An export that names its owner nowhere (no Profile.csv, no name or URL in any file) is
    named by its contents, ``export:<digest>``: one key shared by every such export merged
    different people into one owner. The same export (zip or folder) gets the same key.
    """
    if profile.profile_url:
        return profile.profile_url
    name = " ".join(profile.name.lower().split())
    if name or export is None:
        return "name:" + name
    return "export:" + _content_digest(export)[:ITEM_ID_HEX_DIGITS]


def _content_digest(export: Export) -> str:
    """A digest of what an export holds, whatever the order of its files and rows."""
    keys = [row["natural_key"] for row in _connection_rows(export)]
    keys += [natural for natural, _make in _item_rows("", export)]
    keys += [row["natural_key"] for row in _relation_rows(export)]
    keys += [_digest(p.is_comment, p.url, p.posted_at, p.text) for p in export.posts]
    keys += [_digest(a.title, a.published_at, a.text) for a in export.articles]
    return _digest(profile_to_json(export.profile), *sorted(keys))


# Hex digits of an item id: 64 bits, so that a store of millions of items has no two items
# with one id (40 bits collided at about a million: the birthday bound). People type any
# unique prefix of 4+ characters, so the length costs them nothing.
ITEM_ID_HEX_DIGITS = 16


def public_item_id(owner: str, natural_key: str) -> str:
    """The id people type (a prefix: ``seedbed explain 3f9c1a``): stable across imports."""
    return _digest(owner, natural_key)[:ITEM_ID_HEX_DIGITS]


def _existing_keys(conn: Connection, table: Table, owner_id: int) -> set[str]:
    rows = conn.execute(select(table.c.natural_key).where(table.c.owner_id == owner_id))
    return {row[0] for row in rows}


Lazy = tuple[str, Callable[[], dict[str, Any]]]


def _insert_new(
    conn: Connection, table: Table, owner_id: int, rows: Iterable[dict[str, Any] | Lazy]
) -> tuple[int, int, int]:
    """Insert rows whose natural key is not there yet; return (seen, inserted, merged).

    ``merged`` counts the rows that repeated an earlier row of ``rows`` (same natural key):
    they are stored once. A row may be given as ``(natural_key, make_row)`` so that
    re-importing a large export only computes keys, and builds the full rows of the new
    items alone.
    """
    existing = _existing_keys(conn, table, owner_id)
    seen = inserted = 0
    met: set[str] = set()  # the distinct keys of ``rows``
    batch: list[dict[str, Any]] = []
    for given in rows:
        seen += 1
        key = given[0] if isinstance(given, tuple) else given["natural_key"]
        met.add(key)
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
    return seen, inserted, seen - len(met)


def upsert_owner(conn: Connection, profile: Profile, key: str | None = None) -> int:
    """Create or refresh the owner row for this profile (under ``key``, by default
    ``owner_key(profile)``); return its id.

    A profile first imported without a recoverable URL is found again by name and then
    upgraded to its URL key, so one person does not become two owners. A profile without a
    name is never found by name: the empty name is nobody's.
    """
    now = datetime.now(UTC)
    key = key or owner_key(profile)
    name_key = "name:" + " ".join(profile.name.lower().split())
    row = conn.execute(select(t.owner.c.id).where(t.owner.c.key == key)).first()
    if row is None and key != name_key and name_key != "name:":
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
    # Without a URL a connection is known by name, and two people may share one (older
    # Connections.csv files have no URL column): a name that recurs in this export is told
    # apart by the day of connecting (and the order within that day), so that no row is
    # merged into another. A name that occurs once keeps the key it always had, so stores
    # that hold such exports import them again without new rows.
    unnamed = [Person(c.name).key for c in export.connections if not (c.hidden or c.profile_url)]
    repeated = {key for key, n in Counter(unnamed).items() if n > 1}
    name_seen: Counter[tuple[str, object]] = Counter()
    for c in export.connections:
        person_key = Person(c.name, c.profile_url).key
        if c.hidden:
            # Hidden rows carry only a date; their order within one day is the only key.
            n = hidden_seen[c.connected_on] = hidden_seen.get(c.connected_on, 0) + 1
            natural = _digest("hidden", c.connected_on, n)
            person_key = "hidden:" + natural[:12]
        elif person_key in repeated:
            name_seen[person_key, c.connected_on] += 1
            natural = _digest(person_key, c.connected_on, name_seen[person_key, c.connected_on])
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
        "system": False,
        "sponsored": False,
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
        "system": msg.system,
        "sponsored": msg.sponsored,
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
    key = owner_key(profile, export)
    # The owners' profiles before this import (a store holds a few): what is new in the
    # profile is what the owner's stored one did not have.
    profiles_before = {row.id: row.profile_json for row in conn.execute(
        select(t.owner.c.id, t.owner.c.profile_json))}
    owner_id = upsert_owner(conn, profile, key)
    old_profile = (profile_from_json(profiles_before[owner_id])
                   if owner_id in profiles_before else None)
    before = counting.stored(conn, owner_id, old_profile)
    merged: dict[str, int] = {}

    _seen, _new, merged["connections"] = _insert_new(
        conn, t.connection, owner_id, _connection_rows(export))
    _seen, items, merged["invitations and messages"] = _insert_new(
        conn, t.item, owner_id, _item_rows(key, export))
    _seen, _new, merged["articles"] = _insert_new(
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
    _seen, _new, merged["posts and comments"] = _insert_new(
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
    _seen, _new, merged["endorsements, recommendations and notes"] = _insert_new(
        conn, t.relation, owner_id, _relation_rows(export))

    counts = counting.between(before, counting.stored(conn, owner_id, profile), old_profile,
                              profile)
    counts.new["items"] = items
    counts.merged = {kind: n for kind, n in merged.items() if n}

    report = {
        "counts": counts.total,
        "new": counts.new,
        "merged": counts.merged,
        "remarks": export.remarks,
        # Names come from the file system and need not be UTF-8, which SQLite requires.
        "files": [
            {"name": printable_path(f.name), "rows": f.rows, "used": f.used,
             "skipped": f.skipped, "skipped_rows": f.skipped_rows, "note": f.note}
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
