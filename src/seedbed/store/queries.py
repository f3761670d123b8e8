"""Reading what the judge and the reports need: owners, their inbound items as judge cases,
verdicts and corrections.

Owns: every SELECT the service runs, and the assembly of ``judge.context`` objects from rows.
Must not import: seedbed.sources, the judge's learned parts, the CLI or the web layer
(``judge.context`` is plain data and is allowed).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Row, delete, insert, select, update

from seedbed.errors import NotFoundError
from seedbed.judge.context import Case, Owner, SenderFacts, ThreadMessage
from seedbed.model import Article, Direction, Kind, Person, Post, Preferences, Profile
from seedbed.store import tables as t
from seedbed.store.codec import preferences_from_json, preferences_to_json, profile_from_json

# What a public item id is made of (see store.importing.public_item_id).
_HEX = re.compile(r"[0-9a-f]+")


@dataclass(frozen=True)
class OwnerRow:
    id: int
    key: str
    name: str
    profile: Profile
    preferences: Preferences | None
    prefs_source: str | None


@dataclass(frozen=True)
class ItemRow:
    """An item as stored, with what a listing shows."""

    pk: int
    item_id: str
    owner_id: int
    kind: Kind
    direction: Direction
    conversation_id: str | None
    sender: Person
    sent_at: datetime | None
    subject: str
    text: str
    html: str | None


def owners(conn: Connection, ids: Iterable[int] | None = None) -> list[OwnerRow]:
    query = select(t.owner).order_by(t.owner.c.id)
    if ids is not None:
        query = query.where(t.owner.c.id.in_(list(ids)))
    return [_owner(row) for row in conn.execute(query)]


def _owner(row: Row[Any]) -> OwnerRow:
    prefs = preferences_from_json(row.prefs_json) if row.prefs_json else None
    return OwnerRow(row.id, row.key, row.name, profile_from_json(row.profile_json), prefs,
                    row.prefs_source)


def set_preferences(conn: Connection, owner_id: int, prefs: Preferences, source: str) -> None:
    conn.execute(update(t.owner).where(t.owner.c.id == owner_id).values(
        prefs_json=preferences_to_json(prefs), prefs_source=source))


def owner_writing(conn: Connection, owner_id: int) -> tuple[tuple[Article, ...], tuple[Post, ...]]:
    articles = tuple(Article(r.title, r.text, r.url, r.published_at) for r in conn.execute(
        select(t.article).where(t.article.c.owner_id == owner_id).order_by(t.article.c.id)))
    posts = tuple(Post(r.text, r.posted_at, r.url, r.is_comment) for r in conn.execute(
        select(t.post).where(t.post.c.owner_id == owner_id).order_by(t.post.c.id)))
    return articles, posts


def _item(row: Row[Any]) -> ItemRow:
    return ItemRow(row.id, row.item_id, row.owner_id, Kind(row.kind), Direction(row.direction),
                   row.conversation_id, Person(row.sender_name, row.sender_url), row.sent_at,
                   row.subject, row.text, row.html)


def find_item(conn: Connection, item_id: str) -> ItemRow:
    """The item with this public id (a unique prefix of 4+ hex digits is enough)."""
    item_id = item_id.strip().lower()
    # Ids are hex digits only, so a prefix of them is a literal pattern: "%" or "_" typed
    # (or sent in a URL) would otherwise match any characters.
    if len(item_id) < 4 or not _HEX.fullmatch(item_id):
        raise NotFoundError(f"no item with id {item_id!r} in the store")
    rows = conn.execute(select(t.item).where(t.item.c.item_id.like(item_id + "%")).limit(2)).all()
    if not rows:
        raise NotFoundError(f"no item with id {item_id!r} in the store")
    if len(rows) > 1:
        raise NotFoundError(f"{item_id!r} matches several items; give more of the id")
    return _item(rows[0])


def _name_key(name: str) -> str:
    return "name:" + " ".join(name.lower().split())


# LinkedIn's placeholder for members it does not name: many different people share it, so it
# never identifies anyone (a name alone is a weak identity; anchors M17).
ANONYMOUS_NAMES = frozenset({"linkedin member", ""})


def _keys(person: Person) -> tuple[str, ...]:
    """The keys that may identify a person, strongest first: the profile URL, then the name.

    A tuple, not a set: the first key found wins a lookup, and a set's order of strings
    changes with PYTHONHASHSEED (two people of one name would swap between runs).
    """
    name = " ".join(person.name.lower().split())
    keys = () if name in ANONYMOUS_NAMES else (_name_key(person.name),)
    return (person.profile_url, *keys) if person.profile_url else keys


def inbound_cases(conn: Connection, owner: OwnerRow) -> list[tuple[ItemRow, Case]]:
    """Every inbound item of the owner with the facts around it, oldest first.

    Inbound: incoming invitations, and messages the owner did not send. The owner's own
    messages only ever appear as history (seedbed never judges or learns from them).
    """
    oid = owner.id
    connections: dict[str, Row[Any]] = {}
    for row in conn.execute(select(t.connection).where(t.connection.c.owner_id == oid,
                                                       t.connection.c.hidden.is_(False))
                            .order_by(t.connection.c.id)):
        connections[row.person_key] = row
        connections.setdefault(_name_key(f"{row.first_name} {row.last_name}"), row)
    relations: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in conn.execute(select(t.relation).where(t.relation.c.owner_id == oid)):
        relations[row.person_key][row.kind] += 1
        relations[_name_key(row.person_name)][row.kind] += 1

    rows = [_item(r) for r in conn.execute(
        select(t.item).where(t.item.c.owner_id == oid).order_by(t.item.c.sent_at, t.item.c.id))]
    invited: set[str] = set()
    owner_said: dict[str, list[tuple[datetime | None, str]]] = defaultdict(list)
    recipients = {r.id: json.loads(r.recipients_json) for r in conn.execute(
        select(t.item.c.id, t.item.c.recipients_json).where(
            t.item.c.owner_id == oid, t.item.c.direction == Direction.OUTGOING.value))}
    threads: dict[str, list[ItemRow]] = defaultdict(list)
    for item in rows:
        if item.kind is Kind.MESSAGE and item.conversation_id:
            threads[item.conversation_id].append(item)
        if item.direction is Direction.OUTGOING:
            for r in recipients.get(item.pk, []):
                person = Person(r.get("name") or "", r.get("profile_url"))
                for key in _keys(person):
                    if item.kind is Kind.INVITATION:
                        invited.add(key)
                    else:
                        owner_said[key].append((item.sent_at, item.text))

    out: list[tuple[ItemRow, Case]] = []
    earlier_from: dict[str, int] = defaultdict(int)
    for item in rows:
        if item.direction is Direction.OUTGOING:
            continue
        keys = _keys(item.sender)
        thread: list[ThreadMessage] = []
        if item.kind is Kind.MESSAGE and item.conversation_id:
            for other in threads[item.conversation_id]:
                if other.pk == item.pk:
                    break
                thread.append(ThreadMessage(other.direction is Direction.OUTGOING,
                                            other.text, other.sent_at))
        conversation_texts = {m.text for m in thread if m.from_owner}
        elsewhere = tuple(text for key in keys for at, text in owner_said.get(key, [])
                          if _before(at, item.sent_at) and text not in conversation_texts)
        link = next((connections[k] for k in keys if k in connections), None)
        rel: dict[str, int] = {}
        for k in keys:  # the profile URL's counts first; the name's fill in what it lacks
            for kind, n in relations.get(k, {}).items():
                rel.setdefault(kind, n)
        sender_key = item.sender.key
        facts = SenderFacts(
            is_connection=link is not None,
            connected_on=link.connected_on if link is not None else None,
            company=(link.company if link is not None else "") or "",
            position=(link.position if link is not None else "") or "",
            owner_invited=not invited.isdisjoint(keys),
            endorsements=rel.get("endorsement", 0),
            recommendations=rel.get("recommendation", 0),
            has_note=rel.get("note", 0) > 0,
            owner_messages=elsewhere,
            sender_messages=earlier_from[sender_key],
        )
        earlier_from[sender_key] += 1
        out.append((item, Case(item.item_id, item.kind, item.sender, item.text, item.sent_at,
                               item.subject, item.html, tuple(thread), facts)))
    return out


def _before(a: datetime | None, b: datetime | None) -> bool:
    return a is not None and b is not None and a < b


def owner_context(conn: Connection, owner: OwnerRow, prefs: Preferences) -> Owner:
    articles, posts = owner_writing(conn, owner.id)
    return Owner(owner.profile, prefs, articles, posts)


# -- verdicts and corrections ---------------------------------------------------------------

def verdict_states(conn: Connection, owner_id: int) -> dict[int, str]:
    query = (select(t.verdict.c.item_pk, t.verdict.c.state)
             .join(t.item, t.item.c.id == t.verdict.c.item_pk)
             .where(t.item.c.owner_id == owner_id))
    return {row.item_pk: row.state for row in conn.execute(query)}


def save_verdicts(conn: Connection, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    conn.execute(delete(t.verdict).where(t.verdict.c.item_pk.in_([r["item_pk"] for r in rows])))
    conn.execute(insert(t.verdict), rows)


def verdict_rows(conn: Connection, owner_id: int) -> dict[int, Row[Any]]:
    query = (select(t.verdict).join(t.item, t.item.c.id == t.verdict.c.item_pk)
             .where(t.item.c.owner_id == owner_id))
    return {row.item_pk: row for row in conn.execute(query)}


def active_corrections(conn: Connection, owner_id: int) -> list[Row[Any]]:
    query = (select(t.correction, t.item.c.sender_key, t.item.c.item_id)
             .join(t.item, t.item.c.id == t.correction.c.item_pk)
             .where(t.correction.c.owner_id == owner_id, t.correction.c.undone_at.is_(None))
             .order_by(t.correction.c.created_at, t.correction.c.id))
    return list(conn.execute(query))


def add_correction(conn: Connection, item: ItemRow, label: str) -> None:
    conn.execute(insert(t.correction).values(item_pk=item.pk, owner_id=item.owner_id,
                                             label=label, created_at=datetime.now(UTC)))


def undo_correction(conn: Connection, item: ItemRow) -> str | None:
    """Undo the newest active correction of the item; return its label, or None."""
    row = conn.execute(select(t.correction.c.id, t.correction.c.label)
                       .where(t.correction.c.item_pk == item.pk,
                              t.correction.c.undone_at.is_(None))
                       .order_by(t.correction.c.id.desc()).limit(1)).first()
    if row is None:
        return None
    conn.execute(update(t.correction).where(t.correction.c.id == row.id)
                 .values(undone_at=datetime.now(UTC)))
    return str(row.label)
