"""Who each stored row is about, by identity key: the person index and what it tells of one
sender.

Owns: keeping ``person_link`` in step with the rows added since ``person_link_upto``
(connections, relations, outgoing invitations and messages, inbound items' senders), and
``Directory``: what the owner's data says about the people with some keys (their
connection, relations, whether the owner invited them, what the owner wrote to them),
read by key for a few items or whole for an owner. The same rows give both, so one item's
facts are the ones a pass over the whole owner finds.
Must not import: seedbed.sources, the judge's learned parts, the CLI or the web layer.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, insert, select

from seedbed.model import Direction, Kind, Person
from seedbed.store import queries
from seedbed.store import tables as t

# Rows per INSERT and keys per IN list (SQLite allows 32,766 parameters per statement).
_INSERT_CHUNK = 10_000
_IN_CHUNK = 900
# Rows read per round when the index catches up with a large import.
_READ_CHUNK = 20_000

CONNECTION = "connection"  # the connection's own key (its profile URL, else its name)
CONNECTION_NAME = "connection_name"  # the connection's name, for senders known by name
RELATION = "rel:"  # + the relation's kind: endorsement, recommendation, note
INVITED = "invited"  # a recipient of an outgoing invitation
SAID = "said"  # a recipient of an outgoing message
SENDER = "sender"  # the sender of an inbound item (for finding the items of a person)


def person_keys(person: Person) -> tuple[str, ...]:
    """The keys that may identify a person, strongest first (profile URL, then name)."""
    return queries._keys(person)


def name_key(name: str) -> str:
    """The key of a name: "name:" and the name folded to lower case, spaces collapsed."""
    return queries._name_key(name)


@dataclass(frozen=True)
class Upto:
    """The highest item, connection and relation ids some state was made from."""

    item: int = 0
    connection: int = 0
    relation: int = 0

    def covers(self, other: Upto) -> bool:
        """Does this reach at least as far as ``other`` in every table?"""
        return (self.item >= other.item and self.connection >= other.connection
                and self.relation >= other.relation)


def store_upto(conn: Connection) -> Upto:
    """The highest ids in the store now (ids only grow: rows are only ever added)."""
    return Upto(*(int(conn.execute(select(func.max(table.c.id))).scalar() or 0)
                  for table in (t.item, t.connection, t.relation)))


def indexed_upto(conn: Connection) -> Upto:
    """How far ``person_link`` has been filled."""
    row = conn.execute(select(t.person_link_upto)).first()
    return Upto(row.item_upto, row.connection_upto, row.relation_upto) if row else Upto()


def catch_up(engine: Engine, upto: Upto | None = None) -> None:
    """Index the rows added since the last time, up to ``upto`` (all when None), in one
    transaction that holds the write lock from its start: two commands catching up at once
    index each row once (the second finds it done)."""
    with engine.connect() as conn:
        upto = upto or store_upto(conn)
        if indexed_upto(conn).covers(upto):
            return  # nothing to index: no write lock taken
        conn.rollback()
        # pysqlite would begin only at the first INSERT, after the reads that decide it.
        conn.exec_driver_sql("BEGIN IMMEDIATE")
        refresh(conn, upto)
        conn.commit()


def refresh(conn: Connection, upto: Upto) -> None:
    """Index the rows added since the last refresh, up to ``upto`` (never back: what is
    indexed stays), inside the caller's write transaction."""
    done = indexed_upto(conn)
    if done.covers(upto):
        return
    upto = Upto(max(done.item, upto.item), max(done.connection, upto.connection),
                max(done.relation, upto.relation))
    rows: list[dict[str, Any]] = []

    def flush(force: bool = False) -> None:
        if rows and (force or len(rows) >= _INSERT_CHUNK):
            conn.execute(insert(t.person_link), rows)
            rows.clear()

    for owner_id, key, role, ref in _new_links(conn, done, upto):
        rows.append({"owner_id": owner_id, "key": key, "role": role, "ref": ref})
        flush()
    flush(force=True)
    conn.execute(delete(t.person_link_upto))
    conn.execute(insert(t.person_link_upto).values(
        id=1, item_upto=upto.item, connection_upto=upto.connection,
        relation_upto=upto.relation))


def _new_links(conn: Connection, done: Upto, upto: Upto
               ) -> Iterator[tuple[int, str, str, int]]:
    c = t.connection.c
    for r in _chunked(conn, select(c.id, c.owner_id, c.person_key, c.first_name, c.last_name)
                      .where(c.hidden.is_(False)), c.id, done.connection, upto.connection):
        yield r.owner_id, r.person_key, CONNECTION, r.id
        yield r.owner_id, name_key(f"{r.first_name} {r.last_name}"), CONNECTION_NAME, r.id
    rel = t.relation.c
    for r in _chunked(conn, select(rel.id, rel.owner_id, rel.kind, rel.person_key,
                                   rel.person_name), rel.id, done.relation, upto.relation):
        yield r.owner_id, r.person_key, RELATION + r.kind, r.id
        yield r.owner_id, name_key(r.person_name), RELATION + r.kind, r.id
    i = t.item.c
    for r in _chunked(conn, select(i.id, i.owner_id, i.kind, i.direction, i.system,
                                   i.sender_name, i.sender_url, i.recipients_json),
                      i.id, done.item, upto.item):
        if r.direction == Direction.OUTGOING.value:
            role = INVITED if r.kind == Kind.INVITATION.value else SAID
            for person in json.loads(r.recipients_json):
                for key in person_keys(Person(person.get("name") or "",
                                              person.get("profile_url"))):
                    yield r.owner_id, key, role, r.id
        elif not r.system:
            for key in person_keys(Person(r.sender_name, r.sender_url)):
                yield r.owner_id, key, SENDER, r.id


def _chunked(conn: Connection, query: Any, column: Any, after: int, upto: int
             ) -> Iterator[Any]:
    """Rows of ``query`` with ``after < column <= upto``, in id order, a chunk at a time."""
    while after < upto:
        rows = conn.execute(query.where(column > after, column <= upto).order_by(column)
                            .limit(_READ_CHUNK)).all()
        if not rows:
            return
        yield from rows
        after = rows[-1].id


def senders(conn: Connection, owner_id: int, keys: Iterable[str]) -> set[int]:
    """The owner's inbound items whose sender has one of ``keys``."""
    out: set[int] = set()
    for chunk in _chunks(sorted(set(keys))):
        out.update(conn.execute(select(t.person_link.c.ref).where(
            t.person_link.c.owner_id == owner_id, t.person_link.c.key.in_(chunk),
            t.person_link.c.role == SENDER)).scalars())
    return out


def _chunks(values: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(values), _IN_CHUNK):
        yield values[start:start + _IN_CHUNK]


@dataclass(frozen=True)
class Link:
    """A connection as the facts about a sender need it."""

    connected_on: date | None
    company: str
    position: str


@dataclass
class Directory:
    """What the owner's data says about people, by key.

    ``connection[key]``: the connection with that key, else the first (oldest) one of that
    name; ``relations[key][kind]``: how many relations of each kind; ``invited``: keys the
    owner invited; ``said[key]``: (when, text) of the owner's messages to them, oldest first.
    """

    connection: dict[str, Link] = field(default_factory=dict)
    relations: dict[str, dict[str, int]] = field(default_factory=dict)
    invited: set[str] = field(default_factory=set)
    said: dict[str, list[tuple[datetime | None, str]]] = field(default_factory=dict)

    @classmethod
    def load(cls, conn: Connection, owner_id: int, keys: Iterable[str] | None = None
             ) -> Directory:
        """The directory of the people with ``keys`` (of everyone the owner's rows name
        when None)."""
        if keys is None:
            return cls._read(conn, owner_id, None)
        wanted = sorted(set(keys))
        if not wanted:
            return cls()
        found = cls()
        for chunk in _chunks(wanted):
            found._merge(cls._read(conn, owner_id, chunk))
        return found

    def _merge(self, other: Directory) -> None:
        # Chunks hold disjoint keys, so merging never has to choose between two values.
        self.connection.update(other.connection)
        self.relations.update(other.relations)
        self.invited |= other.invited
        self.said.update(other.said)

    @classmethod
    def _read(cls, conn: Connection, owner_id: int, keys: list[str] | None) -> Directory:
        pl = t.person_link.c
        where = [pl.owner_id == owner_id, pl.role != SENDER]
        if keys is not None:
            where.append(pl.key.in_(keys))
        out = cls()
        by_name: dict[str, int] = {}
        by_key: dict[str, int] = {}
        relations: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        said_refs = []
        for r in conn.execute(select(pl.id, pl.key, pl.role, pl.ref).where(*where)
                              .order_by(pl.id)):
            if r.role == CONNECTION:
                by_key[r.key] = r.ref
            elif r.role == CONNECTION_NAME:
                by_name[r.key] = min(r.ref, by_name.get(r.key, r.ref))
            elif r.role.startswith(RELATION):
                relations[r.key][r.role[len(RELATION):]] += 1
            elif r.role == INVITED:
                out.invited.add(r.key)
            elif r.role == SAID:
                said_refs.append(r)
        # A connection's own key wins; a name alone names the oldest connection of that name.
        chosen = {**by_name, **by_key}
        links = _connections(conn, set(chosen.values()))
        out.connection = {key: links[ref] for key, ref in chosen.items() if ref in links}
        out.relations = {k: dict(v) for k, v in relations.items()}
        out.said = _said(conn, said_refs)
        return out

    def about(self, keys: tuple[str, ...]) -> tuple[Link | None, dict[str, int], bool]:
        """For a person's keys (strongest first): their connection, relation counts (the
        first key's counts first, the next ones filling in what it lacks) and whether the
        owner invited them."""
        link = next((self.connection[k] for k in keys if k in self.connection), None)
        rel: dict[str, int] = {}
        for k in keys:
            for kind, n in self.relations.get(k, {}).items():
                rel.setdefault(kind, n)
        return link, rel, not self.invited.isdisjoint(keys)

    def written(self, keys: tuple[str, ...]) -> Iterator[tuple[datetime | None, str]]:
        """What the owner wrote to a person, key by key, oldest first within a key."""
        for k in keys:
            yield from self.said.get(k, [])


def _connections(conn: Connection, ids: set[int]) -> dict[int, Link]:
    c = t.connection.c
    out: dict[int, Link] = {}
    ordered = sorted(ids)
    for start in range(0, len(ordered), _IN_CHUNK):
        for r in conn.execute(select(c.id, c.connected_on, c.company, c.position)
                              .where(c.id.in_(ordered[start:start + _IN_CHUNK]))):
            out[r.id] = Link(r.connected_on, r.company or "", r.position or "")
    return out


def _said(conn: Connection, refs: list[Any]) -> dict[str, list[tuple[datetime | None, str]]]:
    """Each key's messages from the owner in the order of the owner's rows: by time, then
    by id, and a message to one person twice counted twice."""
    items: dict[int, tuple[datetime | None, str]] = {}
    ordered = sorted({r.ref for r in refs})
    i = t.item.c
    for start in range(0, len(ordered), _IN_CHUNK):
        for r in conn.execute(select(i.id, i.sent_at, i.text)
                              .where(i.id.in_(ordered[start:start + _IN_CHUNK]))):
            items[r.id] = (r.sent_at, r.text)
    out: dict[str, list[tuple[Any, int, int]]] = defaultdict(list)
    for r in refs:
        if r.ref in items:
            out[r.key].append((items[r.ref], r.ref, r.id))
    return {key: [said for said, _, _ in sorted(entries, key=_said_order)]
            for key, entries in out.items()}


def _said_order(entry: tuple[tuple[datetime | None, str], int, int]) -> tuple[Any, ...]:
    (sent_at, _), ref, link_id = entry
    # SQLite's ORDER BY sent_at, id: items without a date come first.
    return (sent_at is not None, sent_at or datetime.min, ref, link_id)
