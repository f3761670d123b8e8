"""What the pages read: stored verdicts listed a page at a time and counted in SQL.

Owns: the queries behind the inbox (rows of one verdict newest first, counts per verdict,
with filters and search), campaigns (size, verdict mix, dates and senders per campaign,
members), the report (counts per verdict and month, top spam senders, connections written
to by year, invitation acceptance) and the full listing of ``seedbed triage``. Each reads
``final_verdict`` and its indexes, so a page costs about the same at 10k and 1M items.
Must not import: seedbed.sources, the judge, the CLI or the web layer.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Integer,
    Select,
    and_,
    case,
    distinct,
    func,
    select,
)

from seedbed.model import Label, Verdict
from seedbed.store import people
from seedbed.store import tables as t
from seedbed.store.queries import ItemRow, _item
from seedbed.store.verdicts import from_row

_f = t.final_verdict.c
_i = t.item.c
_fp = t.fingerprint.c
_pl = t.person_link.c
LABELS = tuple(label.value for label in Label)
# The SQL function the search calls (registered on each connection that searches).
CONTAINS = "seedbed_contains"

ListedRow = tuple[ItemRow, Verdict, str | None, int]


@dataclass(frozen=True)
class Where:
    """What a listing keeps: every field empty means everything. Times are UTC; ``until``
    is exclusive; ``needle`` is matched case-folded against sender, subject, text and
    summary joined by spaces."""

    kind: str | None = None
    label: str | None = None
    campaign_id: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    needle: str = ""
    owner_ids: tuple[int, ...] | None = None

    def conditions(self) -> list[ColumnElement[bool]]:
        out: list[ColumnElement[bool]] = []
        if self.owner_ids is not None:
            out.append(_f.owner_id.in_(self.owner_ids))
        if self.kind:
            out.append(_f.kind == self.kind)
        if self.label:
            out.append(_f.label == self.label)
        if self.campaign_id is not None:
            out.append(_f.item_pk.in_(select(_fp.item_pk)
                                      .where(_fp.campaign_id == self.campaign_id)))
        if self.since is not None:
            out.append(_f.sent_at >= self.since)
        if self.until is not None:
            out.append(_f.sent_at < self.until)
        if self.needle:
            out.append(getattr(func, CONTAINS)(self.needle, _i.sender_name, _i.subject,
                                               _i.text, _f.summary) == 1)
        return out

    def apply(self, query: Select[Any]) -> Select[Any]:
        if self.needle:
            query = query.join(t.item, _i.id == _f.item_pk)
        return query.where(*self.conditions())


def _contains(needle: str, *fields: str | None) -> int:
    return int(needle in " ".join(f or "" for f in fields).casefold())


def searchable(conn: Connection) -> None:
    """Make ``Where.needle`` work on this connection (Python's case folding, not SQLite's
    ASCII-only LIKE)."""
    raw: Any = conn.connection.dbapi_connection
    raw.create_function(CONTAINS, 5, _contains, deterministic=True)


def _campaign_sizes(conn: Connection, ids: Sequence[str | None]) -> dict[str, int]:
    wanted = sorted({i for i in ids if i})
    out: dict[str, int] = {}
    for start in range(0, len(wanted), 900):
        query = (select(_fp.campaign_id, func.count())
                 .where(_fp.campaign_id.in_(wanted[start:start + 900]))
                 .group_by(_fp.campaign_id))
        out.update(conn.execute(query).tuples().all())
    return out


def _row_columns() -> list[Any]:
    return [t.item, _f.label, _f.spam_probability, _f.unsure, _f.source, _f.summary,
            _f.clues_json, _f.alternative_json, _fp.campaign_id]


def _listed(conn: Connection, rows: Sequence[Any]) -> list[ListedRow]:
    sizes = _campaign_sizes(conn, [r.campaign_id for r in rows])
    return [(_item(r), from_row(r), r.campaign_id, sizes.get(r.campaign_id or "", 1))
            for r in rows]


def rows(conn: Connection, where: Where, limit: int, offset: int = 0) -> list[ListedRow]:
    """Rows newest first (items without a date last)."""
    query = (select(*_row_columns()).select_from(t.final_verdict)
             .join(t.item, _i.id == _f.item_pk)
             .outerjoin(t.fingerprint, _fp.item_pk == _f.item_pk)
             .where(*where.conditions())
             .order_by(_f.sent_at.desc(), _f.item_pk.desc()).limit(limit).offset(offset))
    return _listed(conn, conn.execute(query).all())


def counts(conn: Connection, where: Where) -> dict[str, int]:
    """Rows per shown label (every label, zero when none)."""
    query = where.apply(select(_f.label, func.count()).select_from(t.final_verdict)
                        .group_by(_f.label))
    found: dict[str, int] = dict(conn.execute(query).tuples().all())
    return {label: int(found.get(label, 0)) for label in LABELS}


def all_rows(conn: Connection, owner_ids: Sequence[int] | None = None,
             pks: Sequence[int] | None = None) -> Iterator[ListedRow]:
    """Every stored row of these owners (all when None), or the rows of these items, owner
    by owner, oldest first."""
    sizes: dict[str, int] = dict(conn.execute(select(_fp.campaign_id, func.count())
                                              .where(_fp.campaign_id.is_not(None))
                                              .group_by(_fp.campaign_id)).tuples().all())
    query = (select(*_row_columns()).select_from(t.final_verdict)
             .join(t.item, _i.id == _f.item_pk)
             .outerjoin(t.fingerprint, _fp.item_pk == _f.item_pk))
    if owner_ids is not None:
        query = query.where(_f.owner_id.in_(list(owner_ids)))
    if pks is not None:
        ordered = sorted(set(pks))
        found = [r for start in range(0, len(ordered), 900)
                 for r in conn.execute(query.where(_f.item_pk.in_(ordered[start:start + 900])))]
        found.sort(key=lambda r: (r.owner_id, r.sent_at is not None,
                                  r.sent_at or datetime.min.replace(tzinfo=UTC), r.id))
        for r in found:
            yield (_item(r), from_row(r), r.campaign_id, sizes.get(r.campaign_id, 1))
        return
    result = conn.execute(query.order_by(_i.owner_id, _i.sent_at, _i.id))
    while chunk := result.fetchmany(2_000):
        for r in chunk:
            yield (_item(r), from_row(r), r.campaign_id, sizes.get(r.campaign_id, 1))


def months(conn: Connection, where: Where) -> dict[str, dict[str, int]]:
    """Rows per calendar month ("YYYY-MM", UTC) and shown label; rows without a date left
    out."""
    month = func.substr(_f.sent_at, 1, 7)
    query = where.apply(select(month, _f.label, func.count()).select_from(t.final_verdict)
                        .where(_f.sent_at.is_not(None)).group_by(month, _f.label))
    out: dict[str, dict[str, int]] = {}
    for key, label, n in conn.execute(query):
        out.setdefault(key, {})[label] = n
    return out


# -- campaigns (their summaries are in store.summaries) -----------------------------------

def campaign_senders(conn: Connection, campaign_id: str) -> list[str]:
    """Every sender of a campaign's shown members, most items first."""
    n = func.count().label("n")
    first = func.min(func.coalesce(_f.sent_at, "")).label("first")
    return [name or "(no name)" for name, _n, _first in conn.execute(
        select(_i.sender_name, n, first).select_from(t.fingerprint)
        .join(t.final_verdict, _f.item_pk == _fp.item_pk).join(t.item, _i.id == _fp.item_pk)
        .where(_fp.campaign_id == campaign_id).group_by(_i.sender_name)
        .order_by(n.desc(), first, _i.sender_name))]


# -- the report -----------------------------------------------------------------------------

def top_spam_senders(conn: Connection, limit: int) -> list[tuple[str, str | None, int]]:
    """(name, profile URL, spam items) of the senders with the most items shown as spam."""
    n = func.count().label("n")
    top = conn.execute(select(_i.sender_key, n, func.max(_i.id).label("last"))
                       .select_from(t.final_verdict).join(t.item, _i.id == _f.item_pk)
                       .where(_f.label == Label.SPAM.value).group_by(_i.sender_key)
                       .order_by(n.desc(), func.min(_i.id)).limit(limit)).all()
    names = {r.id: (r.sender_name, r.sender_url) for r in conn.execute(
        select(_i.id, _i.sender_name, _i.sender_url).where(_i.id.in_([r.last for r in top])))}
    return [(names[r.last][0] or "(no name)", names[r.last][1], r.n) for r in top]


@dataclass(frozen=True)
class Network:
    """Connections by year connected (year, connections, how many the owner ever wrote
    to); invitations sent and received, and how many of each became connections."""

    years: list[tuple[int, int, int]]
    sent: int = 0
    sent_accepted: int = 0
    received: int = 0
    received_accepted: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {"years": self.years, "sent": self.sent, "sent_accepted": self.sent_accepted,
                "received": self.received, "received_accepted": self.received_accepted}

    @classmethod
    def total(cls, found: Iterable[dict[str, Any]]) -> Network:
        """Several owners' figures added up (their ``as_dict`` forms)."""
        years: dict[int, list[int]] = {}
        sums = dict.fromkeys(("sent", "sent_accepted", "received", "received_accepted"), 0)
        for one in found:
            for y, n, k in one.get("years", []):
                seen = years.setdefault(int(y), [0, 0])
                seen[0] += int(n)
                seen[1] += int(k)
            for key in sums:
                sums[key] += int(one.get(key, 0))
        return cls([(y, n, k) for y, (n, k) in sorted(years.items())], **sums)


def network(conn: Connection, owner_id: int) -> Network:
    """The owner's network figures, counted in SQL from the person index: a connection
    counts as written to when the owner sent a message to one of its keys."""
    c = t.connection.c
    mine = _pl.owner_id == owner_id
    connection_roles = _pl.role.in_((people.CONNECTION, people.CONNECTION_NAME))
    connected_keys = select(_pl.key).where(mine, connection_roles)
    said_keys = select(_pl.key).where(mine, _pl.role == people.SAID)
    talked = select(_pl.ref).where(mine, connection_roles, _pl.key.in_(said_keys))
    year = func.cast(func.strftime("%Y", c.connected_on), Integer)
    years = [(int(y), int(n), int(k or 0)) for y, n, k in conn.execute(
        select(year, func.count(), func.sum(case((c.id.in_(talked), 1), else_=0)))
        .where(c.owner_id == owner_id, c.hidden.is_(False), c.connected_on.is_not(None))
        .group_by(year).order_by(year))]
    invitations = and_(_i.owner_id == owner_id, _i.kind == "invitation")
    sent = conn.execute(select(func.coalesce(func.sum(func.json_array_length(
        _i.recipients_json)), 0)).where(invitations, _i.direction == "outgoing")).scalar_one()
    received = conn.execute(select(func.count()).where(
        invitations, _i.direction == "incoming")).scalar_one()

    def accepted(role: str) -> int:
        return int(conn.execute(select(func.count(distinct(_pl.ref)))
                                .join(t.item, _i.id == _pl.ref)
                                .where(mine, _pl.role == role, _i.kind == "invitation",
                                       _pl.key.in_(connected_keys))).scalar_one())

    return Network(years, int(sent), accepted(people.INVITED), int(received),
                   accepted(people.SENDER))
