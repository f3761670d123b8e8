"""The judge's cases from the store: an inbound item with the facts around it.

Owns: which items are inbound (incoming invitations, messages the owner did not send;
LinkedIn's system rows are neither), an item's thread (the earlier messages of its
conversation), the facts about its sender (``people.Directory``), and building cases for
a few items by key (``cases_for``) or for all of an owner's items a batch at a time
(``all_cases``). Both build each case with ``_case`` from the same rows, so an item's case
is the same however it is reached. Must not import: seedbed.sources, the judge's learned
parts, the CLI or the web layer (``judge.context`` is plain data and is allowed).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, and_, func, or_, select

from seedbed.judge.context import Case, SenderFacts, ThreadMessage
from seedbed.model import Direction, Kind
from seedbed.store import tables as t
from seedbed.store.people import Directory, person_keys
from seedbed.store.queries import ItemRow, _item

# Items fetched per round while streaming an owner, and ids per IN list.
STREAM_BATCH = 512
_IN_CHUNK = 900

_i = t.item.c
# Judged items: not the owner's own, and not LinkedIn's system rows.
INBOUND = and_(_i.direction != Direction.OUTGOING.value, _i.system.is_(False))
# Items that are messages of a thread (both directions; system rows are no one's message).
THREADED = and_(_i.kind == Kind.MESSAGE.value, _i.conversation_id.is_not(None),
                _i.conversation_id != "", _i.system.is_(False))


def _threaded(item: ItemRow) -> bool:
    return item.kind is Kind.MESSAGE and bool(item.conversation_id) and not item.system


def _before(a: datetime | None, b: datetime | None) -> bool:
    return a is not None and b is not None and a < b


def _case(item: ItemRow, thread: Sequence[ItemRow], directory: Directory,
          sender_messages: int) -> Case:
    """The case of one inbound item, given the messages before it in its conversation."""
    keys = person_keys(item.sender)
    messages = tuple(ThreadMessage(m.direction is Direction.OUTGOING, m.text, m.sent_at)
                     for m in thread)
    conversation_texts = {m.text for m in messages if m.from_owner}
    elsewhere = tuple(text for at, text in directory.written(keys)
                      if _before(at, item.sent_at) and text not in conversation_texts)
    link, rel, invited = directory.about(keys)
    facts = SenderFacts(
        is_connection=link is not None,
        connected_on=link.connected_on if link is not None else None,
        company=link.company if link is not None else "",
        position=link.position if link is not None else "",
        owner_invited=invited,
        endorsements=rel.get("endorsement", 0),
        recommendations=rel.get("recommendation", 0),
        has_note=rel.get("note", 0) > 0,
        owner_messages=elsewhere,
        sender_messages=sender_messages,
    )
    return Case(item.item_id, item.kind, item.sender, item.text, item.sent_at, item.subject,
                item.html, messages, facts, sponsored=item.sponsored)


def items(conn: Connection, pks: Iterable[int]) -> dict[int, ItemRow]:
    """The stored items with these ids."""
    out: dict[int, ItemRow] = {}
    ordered = sorted(set(pks))
    for start in range(0, len(ordered), _IN_CHUNK):
        out.update((r.id, _item(r)) for r in conn.execute(
            select(t.item).where(_i.id.in_(ordered[start:start + _IN_CHUNK]))))
    return out


def _earlier_from_sender(conn: Connection, owner_id: int, sender_keys: Sequence[str] | None
                         ) -> dict[int, int]:
    """Item id -> how many inbound items its sender sent before it (all the owner's items
    when ``sender_keys`` is None)."""
    n = (func.row_number().over(partition_by=_i.sender_key, order_by=(_i.sent_at, _i.id)) - 1)
    out: dict[int, int] = {}
    query = select(_i.id, n.label("n")).where(_i.owner_id == owner_id, INBOUND)
    if sender_keys is None:
        return {r.id: r.n for r in conn.execute(query)}
    ordered = sorted(set(sender_keys))
    for start in range(0, len(ordered), _IN_CHUNK):
        out.update((r.id, r.n) for r in conn.execute(
            query.where(_i.sender_key.in_(ordered[start:start + _IN_CHUNK]))))
    return out


def cases_for(conn: Connection, owner_id: int, pks: Iterable[int]
              ) -> list[tuple[ItemRow, Case]]:
    """The cases of some inbound items of one owner, read by key (oldest first).

    Ids of items that are not the owner's inbound items are left out.
    """
    found = [item for item in items(conn, pks).values()
             if item.owner_id == owner_id and item.direction is not Direction.OUTGOING
             and not item.system]
    if not found:
        return []
    directory = Directory.load(conn, owner_id, {k for it in found
                                                for k in person_keys(it.sender)})
    earlier = _earlier_from_sender(conn, owner_id, [it.sender.key for it in found])
    threads = _threads(conn, owner_id, {it.conversation_id for it in found if _threaded(it)})
    out = []
    for item in found:
        thread: list[ItemRow] = []
        if _threaded(item):
            for other in threads.get(item.conversation_id or "", []):
                if other.pk == item.pk:
                    break
                thread.append(other)
        out.append((item, _case(item, thread, directory, earlier.get(item.pk, 0))))
    out.sort(key=lambda pair: _order(pair[0]))
    return out


def _order(item: ItemRow) -> tuple[Any, ...]:
    # SQLite's ORDER BY sent_at, id: items without a date come first.
    return (item.sent_at is not None, item.sent_at or datetime.min, item.pk)


def _threads(conn: Connection, owner_id: int, conversations: set[str | None]
             ) -> dict[str, list[ItemRow]]:
    out: dict[str, list[ItemRow]] = defaultdict(list)
    ordered = sorted(c for c in conversations if c)
    for start in range(0, len(ordered), _IN_CHUNK):
        for r in conn.execute(select(t.item).where(
                _i.owner_id == owner_id, THREADED,
                _i.conversation_id.in_(ordered[start:start + _IN_CHUNK]))
                .order_by(_i.sent_at, _i.id)):
            out[r.conversation_id].append(_item(r))
    return out


def all_cases(engine: Engine, owner_id: int, batch: int = STREAM_BATCH
              ) -> Iterator[list[tuple[ItemRow, Case]]]:
    """Every inbound item of the owner with its case, ``batch`` at a time.

    Conversation by conversation (each oldest first), so that only one conversation's
    messages are held at once; every read is its own short transaction, so writing the
    verdicts of a batch never waits behind this reader.
    """
    with engine.connect() as conn:
        directory = Directory.load(conn, owner_id)
        earlier = _earlier_from_sender(conn, owner_id, None)
        order = [r.id for r in conn.execute(
            select(_i.id).where(_i.owner_id == owner_id, or_(INBOUND, THREADED))
            .order_by(_i.conversation_id, _i.sent_at, _i.id))]
    conversation: str | None = None
    thread: list[ItemRow] = []
    out: list[tuple[ItemRow, Case]] = []
    for start in range(0, len(order), batch):
        chunk = order[start:start + batch]
        with engine.connect() as conn:
            rows = items(conn, chunk)
        for pk in chunk:
            item = rows[pk]
            if _threaded(item) and item.conversation_id != conversation:
                conversation, thread = item.conversation_id, []
            if item.direction is not Direction.OUTGOING and not item.system:
                out.append((item, _case(item, thread if _threaded(item) else (), directory,
                                        earlier.get(item.pk, 0))))
            if _threaded(item):
                thread.append(item)
        if len(out) >= batch:
            yield out
            out = []
    if out:
        yield out
