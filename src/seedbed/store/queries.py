"""Reading what the judge and the reports need: owners, items, their inbound items as judge
cases, and corrections.

Owns: the SELECTs on owners, items and corrections, and ``inbound_cases``: every inbound
item's case in one pass over all of an owner's rows (what ``store.cases`` builds by key
is tested to be the same). Stored verdicts are read in ``store.verdicts`` and
``store.listing``.
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

from sqlalchemy import Connection, Row, func, insert, select, update

from seedbed.errors import NotFoundError, SeedbedError
from seedbed.judge.context import Case, Owner, SenderFacts, ThreadMessage
from seedbed.model import (
    Article,
    Direction,
    Kind,
    Person,
    Post,
    Preferences,
    Profile,
    canonical_profile_url,
)
from seedbed.store import tables as t
from seedbed.store.codec import preferences_from_json, preferences_to_json, profile_from_json
from seedbed.store.importing import ITEM_ID_HEX_DIGITS

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
    system: bool = False  # LinkedIn's own line in a thread: never judged
    sponsored: bool = False  # a LinkedIn ad (Sponsored InMail)


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
                   row.subject, row.text, row.html, row.system, row.sponsored)


def find_item(conn: Connection, item_id: str) -> ItemRow:
    """The item with this public id (a unique prefix of 4+ hex digits is enough).

    A trailing "…" is dropped, so an id copied from a suggestion works. Raises NotFoundError
    naming the nearest ids when no item has the id (a digit mistyped, dropped, added or two
    swapped), and naming some of the items when several share the prefix.
    """
    typed = item_id.strip().rstrip("…").lower()
    # Ids are hex digits only, so a prefix of them is a literal pattern: "%" or "_" typed
    # (or sent in a URL) would otherwise match any characters.
    is_hex = _HEX.fullmatch(typed) is not None
    if is_hex and len(typed) >= MIN_ID_CHARS:
        match = t.item.c.item_id.like(typed + "%")
        rows = conn.execute(select(t.item).where(match).limit(2)).all()
        if len(rows) == 1:
            return _item(rows[0])
        if rows:
            count = conn.execute(select(func.count()).select_from(t.item).where(match)).scalar()
            shown = conn.execute(select(t.item.c.item_id).where(match)
                                 .order_by(t.item.c.item_id).limit(SHOWN_IDS)).scalars().all()
            more = f" and {count - len(shown)} more" if count and count > len(shown) else ""
            raise NotFoundError(f"{typed} matches {count} items ({', '.join(shown)}{more}); "
                                "give more of the id")
    quoted = repr(typed if len(typed) <= 40 else typed[:39] + "…")
    if len(typed) < MIN_ID_CHARS:
        raise NotFoundError(f"no item with id {quoted}: give {MIN_ID_CHARS} or more characters "
                            "of an item id")
    near = nearest_item_ids(conn, typed)
    hint = f"; did you mean {' or '.join(near)}?" if near else ""
    if not near and not is_hex:
        hint = " (an item id is made of the digits 0-9 and the letters a-f)"
    raise NotFoundError(f"no item with id {quoted} in the store{hint}")


# The shortest id prefix accepted: 4 hex digits tell 65,536 ids apart, so a prefix typed from
# a listing of a few hundred items is almost always unique.
MIN_ID_CHARS = 4
# How many ids an error names: enough to recognise the one meant, short enough for one line.
SHOWN_IDS = 3
# A suggestion shows at least this many digits of an id (more when needed to be unique): as
# in git, eight digits are easy to copy and read back.
SUGGESTED_DIGITS = 8


def nearest_item_ids(conn: Connection, typed: str) -> list[str]:
    """The ids closest to ``typed``, best first, each shown as a unique prefix ("3f9c1a2b…").

    An id is close when its start is at most one typing mistake away from ``typed`` (a digit
    changed, dropped, added, or two neighbours swapped; two mistakes from 8 digits typed),
    so only plausible typos are suggested, never random ids of a large store.
    """
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    typed = typed[: ITEM_ID_HEX_DIGITS + 1]  # nothing longer is a typo of an id
    ids = sorted(conn.execute(select(t.item.c.item_id)).scalars())
    allowed = 1 + len(typed) // 8
    best: dict[int, int] = {}
    for length in sorted({max(1, len(typed) - 1), len(typed), len(typed) + 1}):
        starts = [i[:length] for i in ids]
        for _, distance, index in process.extract(typed, starts, scorer=OSA.distance,
                                                  score_cutoff=allowed, limit=None):
            best[index] = min(int(distance), best.get(index, allowed + 1))
    ranked = sorted(best, key=lambda index: (best[index], ids[index]))[:SHOWN_IDS]
    return [_unique_prefix(ids, index, len(typed)) for index in ranked]


def _unique_prefix(ids: list[str], index: int, typed: int) -> str:
    """``ids[index]`` cut to a prefix no neighbour in the sorted ``ids`` shares, with "…"."""
    full = ids[index]
    shared = max((_common(full, ids[j]) for j in (index - 1, index + 1) if 0 <= j < len(ids)),
                 default=0)
    length = max(SUGGESTED_DIGITS, typed, shared + 1)
    return full if length >= len(full) else full[:length] + "…"


def _common(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def pick_owner(conn: Connection, name: str | None = None) -> OwnerRow:
    """The store's owner named ``name`` (name, profile URL or key), or its only owner.

    Raises NotFoundError when the store holds no owner or none of that name, and
    SeedbedError naming the owners when ``name`` is None (or a name) and several qualify.
    """
    every = owners(conn)
    if not every:
        raise NotFoundError("the store holds no export yet: run seedbed import first")
    if name is None:
        if len(every) > 1:
            raise SeedbedError(f"the store holds {len(every)} owners ({owner_names(every)}); "
                               "choose one with --owner")
        return every[0]
    keyed = [o for o in every if o.key == name]  # a key is unique: the web form sends it
    if keyed:
        return keyed[0]
    wanted = " ".join(name.lower().split())
    url = canonical_profile_url(name)
    found = [o for o in every if wanted in (" ".join(o.name.lower().split()), o.key.lower())
             or (url and url == o.profile.profile_url)]
    if len(found) > 1:
        raise SeedbedError(f"{len(found)} owners are named {name!r}; choose one with --owner "
                           "and their profile URL")
    if not found:
        raise NotFoundError(f"no owner {name!r} in the store (it holds {owner_names(every)})")
    return found[0]


# Owners an error names before saying "and N more".
SHOWN_OWNERS = 5


def owner_names(rows: list[OwnerRow]) -> str:
    """Owners as a message lists them: names (the profile URL or key when there is no
    name), the first ``SHOWN_OWNERS`` of them."""
    names = [o.name or o.profile.profile_url or o.key for o in rows[:SHOWN_OWNERS]]
    more = f" and {len(rows) - SHOWN_OWNERS} more" if len(rows) > SHOWN_OWNERS else ""
    return ", ".join(names) + more


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
    messages only ever appear as history (seedbed never judges or learns from them);
    LinkedIn's system rows not even that.
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
        # LinkedIn's own lines ("… left the conversation") stay in the store, in their
        # thread, but are no one's message: not judged, and not a message of the thread.
        if item.kind is Kind.MESSAGE and item.conversation_id and not item.system:
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
        if item.direction is Direction.OUTGOING or item.system:
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
                               item.subject, item.html, tuple(thread), facts,
                               sponsored=item.sponsored)))
    return out


def _before(a: datetime | None, b: datetime | None) -> bool:
    return a is not None and b is not None and a < b


def owner_context(conn: Connection, owner: OwnerRow, prefs: Preferences) -> Owner:
    articles, posts = owner_writing(conn, owner.id)
    return Owner(owner.profile, prefs, articles, posts)


# -- verdicts and corrections ---------------------------------------------------------------

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
