"""Stored verdicts: the model's (``verdict``), the ones shown (``final_verdict``), and what
they were made from (``triage_state``).

Owns: the JSON form of a verdict's reasons, reading and writing both verdict tables by item
id, the per-owner triage state, and the SQL that finds what changed since (items whose
campaign facts moved, model verdicts in a band of spam probability).
Must not import: seedbed.sources, the judge's learned parts, the CLI or the web layer.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, delete, distinct, func, insert, literal, select, update

from seedbed.model import Clue, Label, Verdict
from seedbed.store import tables as t
from seedbed.store.people import Upto

_IN_CHUNK = 900
_v = t.verdict.c
_f = t.final_verdict.c
_i = t.item.c


def _chunks(values: Iterable[int]) -> Iterator[list[int]]:
    ordered = sorted(set(values))
    for start in range(0, len(ordered), _IN_CHUNK):
        yield ordered[start:start + _IN_CHUNK]


# -- a verdict as columns -------------------------------------------------------------------

def clues_json(clues: Sequence[Clue]) -> str:
    return json.dumps([{"code": c.code, "points": c.points, "detail": c.detail,
                        "evidence": c.evidence, "span": list(c.span) if c.span else None}
                       for c in clues], ensure_ascii=False)


def columns(v: Verdict) -> dict[str, Any]:
    """The columns both verdict tables share."""
    return {"label": v.label.value, "spam_probability": v.spam_probability,
            "unsure": v.unsure, "source": v.source, "summary": v.summary,
            "clues_json": clues_json(v.clues),
            "alternative_json": json.dumps([v.alternative[0].value, v.alternative[1]])
            if v.alternative else None}


def from_row(row: Any) -> Verdict:
    """The verdict of a row of either table."""
    clues = tuple(Clue(c["code"], c["points"], c["detail"], c.get("evidence", ""),
                       (c["span"][0], c["span"][1]) if c.get("span") else None)
                  for c in json.loads(row.clues_json))
    alternative = None
    if row.alternative_json:
        label, summary = json.loads(row.alternative_json)
        alternative = (Label(label), summary)
    return Verdict(Label(row.label), row.spam_probability, clues, row.summary, row.unsure,
                   row.source, alternative)


# -- the model's verdicts -------------------------------------------------------------------

@dataclass(frozen=True)
class Judged:
    """What a model verdict was made from: the state hash, the pitch's embedding key and
    the campaign facts."""

    state: str
    pitch_key: str | None
    campaign_size: int | None
    campaign_senders: int | None


def judged(conn: Connection, pks: Iterable[int]) -> dict[int, Judged]:
    out: dict[int, Judged] = {}
    for chunk in _chunks(pks):
        out.update((r.item_pk, Judged(r.state, r.pitch_key, r.campaign_size,
                                      r.campaign_senders))
                   for r in conn.execute(select(_v.item_pk, _v.state, _v.pitch_key,
                                                _v.campaign_size, _v.campaign_senders)
                                         .where(_v.item_pk.in_(chunk))))
    return out


def save_model(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Replace the model verdicts of the rows' items."""
    if not rows:
        return
    for chunk in _chunks(r["item_pk"] for r in rows):
        conn.execute(delete(t.verdict).where(_v.item_pk.in_(chunk)))
    conn.execute(insert(t.verdict), rows)


def update_judged(conn: Connection, pk: int, values: dict[str, Any]) -> None:
    """Correct what a verdict records it was made from (not the verdict)."""
    conn.execute(update(t.verdict).where(_v.item_pk == pk).values(**values))


def model(conn: Connection, pks: Iterable[int]) -> dict[int, Verdict]:
    out: dict[int, Verdict] = {}
    for chunk in _chunks(pks):
        out.update((r.item_pk, from_row(r))
                   for r in conn.execute(select(t.verdict).where(_v.item_pk.in_(chunk))))
    return out


def pitch_keys(conn: Connection, pks: Iterable[int]) -> dict[int, str | None]:
    out: dict[int, str | None] = {}
    for chunk in _chunks(pks):
        out.update(conn.execute(select(_v.item_pk, _v.pitch_key)
                                .where(_v.item_pk.in_(chunk))).tuples().all())
    return out


def in_band(conn: Connection, owner_id: int, low: float, high: float) -> set[int]:
    """The owner's items whose model spam probability lies in ``[low, high]``."""
    return set(conn.execute(select(_v.item_pk).join(t.item, _i.id == _v.item_pk).where(
        _i.owner_id == owner_id, _v.spam_probability >= low,
        _v.spam_probability <= high)).scalars())


def campaign_moved(conn: Connection, owner_id: int) -> set[int]:
    """The owner's judged items whose campaign size or senders differ from what their
    verdict was judged with (an item in no campaign counts as a campaign of one)."""
    fp = t.fingerprint.c
    member = t.item.alias("member")
    sizes = (select(fp.campaign_id, func.count().label("n"),
                    func.count(distinct(member.c.sender_key)).label("s"))
             .join(member, member.c.id == fp.item_pk)
             .where(fp.campaign_id.is_not(None)).group_by(fp.campaign_id).subquery())
    query = (select(_v.item_pk).join(t.item, _i.id == _v.item_pk)
             .outerjoin(t.fingerprint, fp.item_pk == _v.item_pk)
             .outerjoin(sizes, sizes.c.campaign_id == fp.campaign_id)
             .where(_i.owner_id == owner_id,
                    (func.coalesce(sizes.c.n, 1) != func.coalesce(_v.campaign_size, -1))
                    | (func.coalesce(sizes.c.s, 1) != func.coalesce(_v.campaign_senders, -1))))
    return set(conn.execute(query).scalars())


def pitch_vectors(conn: Connection, owner_id: int, batch: int = 4096
                  ) -> Iterator[list[tuple[int, str | None, bytes | None]]]:
    """(item id, pitch key, vector bytes or None) of every judged item of the owner, a
    batch at a time; None where the pitch was never embedded."""
    e = t.embedding.c
    rows = conn.execute(select(_v.item_pk, _v.pitch_key, e.vector)
                        .join(t.item, _i.id == _v.item_pk)
                        .outerjoin(t.embedding, e.key == _v.pitch_key)
                        .where(_i.owner_id == owner_id))
    while chunk := rows.fetchmany(batch):
        yield [(r.item_pk, r.pitch_key, r.vector) for r in chunk]


# -- the verdicts shown ---------------------------------------------------------------------

def save_final(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Replace the shown verdicts of the rows' items."""
    if not rows:
        return
    for chunk in _chunks(r["item_pk"] for r in rows):
        conn.execute(delete(t.final_verdict).where(_f.item_pk.in_(chunk)))
    conn.execute(insert(t.final_verdict), rows)


def copy_final(conn: Connection, pks: Sequence[int]) -> None:
    """Show these items with their model verdict as it is: copied in SQL, never parsed."""
    columns = ("label", "spam_probability", "unsure", "source", "summary", "clues_json",
               "alternative_json")
    for chunk in _chunks(pks):
        conn.execute(delete(t.final_verdict).where(_f.item_pk.in_(chunk)))
        conn.execute(insert(t.final_verdict).from_select(
            ["item_pk", "owner_id", "kind", "sent_at", *columns, "reports"],
            select(_v.item_pk, _i.owner_id, _i.kind, _i.sent_at,
                   *(getattr(_v, c) for c in columns), literal(0))
            .join(t.item, _i.id == _v.item_pk).where(_v.item_pk.in_(chunk))))


def final(conn: Connection, pks: Iterable[int]) -> dict[int, Verdict]:
    out: dict[int, Verdict] = {}
    for chunk in _chunks(pks):
        out.update((r.item_pk, from_row(r)) for r in conn.execute(
            select(t.final_verdict).where(_f.item_pk.in_(chunk))))
    return out


def final_labels(conn: Connection, owner_ids: Sequence[int] | None = None) -> dict[int, str]:
    """Item id -> shown label, of these owners (every owner when None)."""
    query = select(_f.item_pk, _f.label)
    if owner_ids is not None:
        query = query.where(_f.owner_id.in_(list(owner_ids)))
    return dict(conn.execute(query).tuples().all())


def reported(conn: Connection, owner_id: int, at_least: int) -> set[int]:
    """The owner's items whose campaign at least ``at_least`` shared files reported."""
    return set(conn.execute(select(_f.item_pk).where(_f.owner_id == owner_id,
                                                     _f.reports >= at_least)).scalars())


# -- what the stored verdicts were made from ------------------------------------------------

@dataclass
class TriageState:
    """One owner's ``triage_state`` row (see ``tables.triage_state``)."""

    owner_id: int
    judged_key: str
    lists: list[list[str]]
    upto: Upto
    campaign_token: str | None
    overlay: dict[str, Any] = field(default_factory=dict)
    network: dict[str, Any] = field(default_factory=dict)


def load_state(conn: Connection, owner_id: int) -> TriageState | None:
    row = conn.execute(select(t.triage_state)
                       .where(t.triage_state.c.owner_id == owner_id)).first()
    if row is None:
        return None
    return TriageState(row.owner_id, row.judged_key, json.loads(row.lists_json),
                       Upto(row.item_upto, row.connection_upto, row.relation_upto),
                       row.campaign_token, json.loads(row.overlay_json),
                       json.loads(row.network_json))


def save_state(conn: Connection, state: TriageState) -> None:
    conn.execute(delete(t.triage_state).where(t.triage_state.c.owner_id == state.owner_id))
    conn.execute(insert(t.triage_state).values(
        owner_id=state.owner_id, judged_key=state.judged_key,
        lists_json=json.dumps(state.lists, ensure_ascii=False),
        item_upto=state.upto.item, connection_upto=state.upto.connection,
        relation_upto=state.upto.relation, campaign_token=state.campaign_token,
        overlay_json=json.dumps(state.overlay, ensure_ascii=False),
        network_json=json.dumps(state.network), updated_at=datetime.now(UTC)))


def networks(conn: Connection) -> dict[int, dict[str, Any]]:
    """Owner id -> the network figures of its triage state."""
    return {r.owner_id: json.loads(r.network_json) for r in conn.execute(
        select(t.triage_state.c.owner_id, t.triage_state.c.network_json))}


def campaign_token(conn: Connection) -> str | None:
    """The campaign index's token: it changes whenever campaigns do."""
    token = conn.execute(select(t.campaign_snapshot.c.token)).scalar()
    return None if token is None else str(token)


def shared_upto(conn: Connection) -> int:
    """The highest id of the shared reports imported (0: none)."""
    return int(conn.execute(select(func.max(t.shared_report.c.id))).scalar() or 0)
