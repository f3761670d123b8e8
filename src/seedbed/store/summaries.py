"""Campaign summaries: each campaign as the pages list it, kept in step with the verdicts shown.

Owns: ``campaign_summary`` (size, verdict mix, first and last date, senders with most items
first, the oldest members and the template aligned from them) and ``summary_state`` (the
campaign index token the summaries were made from): bringing them up to date for the
campaigns of some items, or for all when the campaigns themselves changed, and reading
them. A campaign list then reads one row per campaign shown instead of every member.
Must not import: seedbed.sources, the judge, the CLI or the web layer (the template is
aligned by a function the caller hands over).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, case, delete, func, insert, select

from seedbed.model import Label
from seedbed.store import tables as t

# Senders a summary names (most items first); ``sender_count`` counts all of them.
SUMMARY_SENDERS = 20
# Members a template is aligned from: the oldest ones (alignment is quadratic in words).
TEMPLATE_MEMBERS = 20
# Campaigns summarised per round.
_CHUNK = 300

LABELS = tuple(label.value for label in Label)
Segments = Sequence[tuple[str, str]]
Templater = Callable[[Sequence[str]], Segments]

_fp = t.fingerprint.c
_f = t.final_verdict.c
_i = t.item.c
_cs = t.campaign_summary.c


@dataclass(frozen=True)
class Summary:
    """One ``campaign_summary`` row."""

    campaign_id: str
    size: int
    verdicts: dict[str, int]
    first_at: datetime | None
    last_at: datetime | None
    senders: list[str]
    sender_count: int
    segments: list[tuple[str, str]]


def _summary(row: Any) -> Summary:
    return Summary(row.campaign_id, row.size, {label: getattr(row, label) for label in LABELS},
                   row.first_at, row.last_at, json.loads(row.senders_json), row.sender_count,
                   [(kind, text) for kind, text in json.loads(row.template_json)])


def page(conn: Connection, limit: int, offset: int = 0) -> list[Summary]:
    """Campaigns biggest first (ties by id)."""
    return [_summary(r) for r in conn.execute(
        select(t.campaign_summary).order_by(_cs.size.desc(), _cs.campaign_id)
        .limit(limit).offset(offset))]


def one(conn: Connection, campaign_id: str) -> Summary | None:
    row = conn.execute(select(t.campaign_summary)
                       .where(_cs.campaign_id == campaign_id)).first()
    return _summary(row) if row is not None else None


def count(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(t.campaign_summary)).scalar_one())


def sizes(conn: Connection, limit: int) -> list[tuple[str, int]]:
    """(campaign id, size) of the biggest campaigns."""
    return [(r.campaign_id, r.size) for r in conn.execute(
        select(_cs.campaign_id, _cs.size).order_by(_cs.size.desc(), _cs.campaign_id)
        .limit(limit))]


def summarize(engine: Engine, template: Templater, touched: Iterable[int] | None = None
              ) -> None:
    """Bring the summaries up to date: of the campaigns of the ``touched`` items, or of all
    campaigns (None, or when the campaign index changed since the last time). A template is
    aligned again only when a campaign's oldest members changed."""
    with engine.connect() as conn:
        token = conn.execute(select(t.campaign_snapshot.c.token)).scalar()
        done = conn.execute(select(t.summary_state.c.token, t.summary_state.c.id)).first()
        whole = touched is None or done is None or done.token != token
        if whole:
            ids = sorted(conn.execute(select(_fp.campaign_id).distinct()
                                      .where(_fp.campaign_id.is_not(None))).scalars())
        else:
            ids = sorted(_campaigns_of(conn, touched or ()))
        fresh: list[dict[str, Any]] = []
        for start in range(0, len(ids), _CHUNK):
            fresh.extend(_made(conn, ids[start:start + _CHUNK], template))
    with engine.begin() as conn:
        if whole:
            conn.execute(delete(t.campaign_summary))
        else:
            for start in range(0, len(ids), 900):
                conn.execute(delete(t.campaign_summary)
                             .where(_cs.campaign_id.in_(ids[start:start + 900])))
        if fresh:
            conn.execute(insert(t.campaign_summary), fresh)
        conn.execute(delete(t.summary_state))
        conn.execute(insert(t.summary_state).values(id=1, token=token))


def _campaigns_of(conn: Connection, pks: Iterable[int]) -> set[str]:
    ordered = sorted(set(pks))
    out: set[str] = set()
    for start in range(0, len(ordered), 900):
        out.update(conn.execute(select(_fp.campaign_id).where(
            _fp.item_pk.in_(ordered[start:start + 900]),
            _fp.campaign_id.is_not(None))).scalars())
    return out


def _made(conn: Connection, ids: list[str], template: Templater) -> list[dict[str, Any]]:
    """The summary rows of these campaigns (none for a campaign without a shown member)."""
    members = (select(_fp.campaign_id, _fp.item_pk).where(_fp.campaign_id.in_(ids))
               .subquery())
    m = members.c
    mix = [func.sum(case((_f.label == label, 1), else_=0)).label(label) for label in LABELS]
    rows = conn.execute(select(m.campaign_id, func.count().label("n"),
                               func.min(_f.sent_at).label("first"),
                               func.max(_f.sent_at).label("last"), *mix)
                        .select_from(members).join(t.final_verdict, _f.item_pk == m.item_pk)
                        .group_by(m.campaign_id)).all()
    senders: dict[str, list[str]] = {}
    n = func.count().label("n")
    first = func.min(func.coalesce(_f.sent_at, "")).label("first")
    for cid, name, _n, _first in conn.execute(
            select(m.campaign_id, _i.sender_name, n, first).select_from(members)
            .join(t.final_verdict, _f.item_pk == m.item_pk).join(t.item, _i.id == m.item_pk)
            .group_by(m.campaign_id, _i.sender_name)
            .order_by(m.campaign_id, n.desc(), first, _i.sender_name)):
        senders.setdefault(cid, []).append(name or "(no name)")
    rank = func.row_number().over(partition_by=m.campaign_id,
                                  order_by=(_f.sent_at, _f.item_pk)).label("k")
    ranked = (select(m.campaign_id.label("cid"), m.item_pk.label("pk"), _i.text.label("text"),
                     rank).select_from(members)
              .join(t.final_verdict, _f.item_pk == m.item_pk).join(t.item, _i.id == m.item_pk)
              .subquery())
    oldest: dict[str, list[tuple[int, str]]] = {}
    for cid, pk, text in conn.execute(select(ranked.c.cid, ranked.c.pk, ranked.c.text)
                                      .where(ranked.c.k <= TEMPLATE_MEMBERS)
                                      .order_by(ranked.c.cid, ranked.c.k)):
        oldest.setdefault(cid, []).append((pk, text))
    known = {r.campaign_id: (r.oldest_json, r.template_json) for r in conn.execute(
        select(_cs.campaign_id, _cs.oldest_json, _cs.template_json)
        .where(_cs.campaign_id.in_(ids)))}
    out = []
    for r in rows:
        members_seen = oldest.get(r.campaign_id, [])
        oldest_json = json.dumps([pk for pk, _ in members_seen])
        before = known.get(r.campaign_id)
        segments = (before[1] if before is not None and before[0] == oldest_json
                    else json.dumps([list(s) for s in template([x for _, x in members_seen])],
                                    ensure_ascii=False))
        names = senders.get(r.campaign_id, [])
        out.append({"campaign_id": r.campaign_id, "size": r.n, "first_at": r.first,
                    "last_at": r.last, **{label: int(getattr(r, label) or 0) for label in LABELS},
                    "senders_json": json.dumps(names[:SUMMARY_SENDERS], ensure_ascii=False),
                    "sender_count": len(names), "oldest_json": oldest_json,
                    "template_json": segments})
    return out
