"""Campaigns in the store: fingerprint new inbound items, keep the index, share hashes.

Owns: which items are fingerprinted (every owner's inbound items with text), the persisted
campaign index (table ``fingerprint``), campaign facts for the judge (size, senders),
listings, and the hash-only exchange of spam campaigns (``shared_report``).
Must not import: typer, rich, the CLI or the web layer.

Sharing follows Pyzor/Razor (anchors M8-M9): only campaigns the owner marked as spam leave
the machine, as one-way hashes; an imported file counts as one reporter; a campaign counts as
reported by others from ``REPORT_THRESHOLD`` distinct files on, and an owner's own
"welcome" or "relevant pitch" mark on a member vetoes the reports for that owner.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, insert, select
from sqlalchemy import update as sql_update

from seedbed.campaign import (
    CampaignIndex,
    MaskContext,
    extract_template,
    fingerprint,
    shareable_similarity,
    to_shareable,
)
from seedbed.campaign.cluster import IndexState
from seedbed.campaign.fingerprint import NUM_PERM, Fingerprint
from seedbed.errors import InputError, NotFoundError
from seedbed.model import Connection, Person
from seedbed.store import queries
from seedbed.store import tables as t

# A shared campaign counts once this many distinct files reported it: one file is one
# person's word, and a single poisoned file must not hide anything (Pyzor's report threshold).
REPORT_THRESHOLD = 2
# Two shareable fingerprints are the same campaign from this band-match share on (near
# duplicates share most of their 42 LSH bands; unrelated notes share none).
SHARE_MATCH = 0.5
# Members whose texts are aligned to show the template (alignment is quadratic in words).
TEMPLATE_MEMBERS = 20
FILE_FORMAT = "seedbed-campaign-fingerprints"
FILE_VERSION = 1


@dataclass(frozen=True)
class CampaignFact:
    campaign_id: str
    size: int
    senders: int


@dataclass
class CampaignSummary:
    campaign_id: str
    item_pks: list[int]
    senders: list[str]
    owners: list[str]
    first_seen: datetime | None
    last_seen: datetime | None
    texts: list[str]
    verdicts: dict[str, int] = field(default_factory=dict)
    # Follow-up steps: later incoming items of the members' conversations that are not
    # members themselves (a sequence's step 2 is found through the conversation, never by
    # its text; see campaign.cluster on threads).
    steps: list[int] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.item_pks)


def _thread(owner_id: int, conversation_id: str | None) -> str | None:
    """The sequence an item belongs to: one owner's conversation (items of one thread are
    steps of one sequence, never two fills of one template; see campaign.cluster)."""
    return None if conversation_id is None else f"{owner_id}/{conversation_id}"


def _load_index(engine: Engine) -> tuple[CampaignIndex, dict[str, int]]:
    with engine.connect() as conn:
        rows = conn.execute(select(t.fingerprint.c.item_pk, t.fingerprint.c.skeleton,
                                   t.fingerprint.c.digest, t.fingerprint.c.parent,
                                   t.item.c.owner_id, t.item.c.conversation_id)
                            .join(t.item, t.item.c.id == t.fingerprint.c.item_pk)
                            .order_by(t.fingerprint.c.seq)).all()
    pk_of = {str(r.item_pk): r.item_pk for r in rows}
    state = IndexState(item_ids=[str(r.item_pk) for r in rows],
                       skeletons=[r.skeleton for r in rows],
                       digests=b"".join(r.digest for r in rows),
                       parents=[r.parent for r in rows],
                       threads=[_thread(r.owner_id, r.conversation_id) for r in rows])
    return CampaignIndex.restore(state), pk_of


def _contexts(engine: Engine) -> dict[int, MaskContext]:
    out: dict[int, MaskContext] = {}
    with engine.connect() as conn:
        for owner in queries.owners(conn):
            links = [Connection(r.first_name, r.last_name, r.profile_url, "", r.company,
                                r.position) for r in conn.execute(
                select(t.connection).where(t.connection.c.owner_id == owner.id,
                                           t.connection.c.hidden.is_(False)))]
            out[owner.id] = MaskContext.for_owner(owner.profile, links)
    return out


def update(engine: Engine) -> dict[int, CampaignFact]:
    """Fingerprint inbound items not seen yet, cluster them, persist; return all facts."""
    with engine.connect() as conn:
        seen = {r[0] for r in conn.execute(select(t.fingerprint.c.item_pk))}
        fresh = [r for r in conn.execute(
            select(t.item.c.id, t.item.c.owner_id, t.item.c.text, t.item.c.subject,
                   t.item.c.sender_name, t.item.c.sender_url, t.item.c.conversation_id)
            .where(t.item.c.direction == "incoming").order_by(t.item.c.sent_at, t.item.c.id))
            if r.id not in seen and r.text.strip()]
    if fresh:
        index, _ = _load_index(engine)
        before = index.state().parents
        contexts = _contexts(engine)
        fps: list[tuple[int, Fingerprint]] = []
        for r in fresh:
            context = contexts[r.owner_id].with_people(Person(r.sender_name, r.sender_url))
            fps.append((r.id, fingerprint(r.text, context)))
        threads = {str(r.id): thread for r in fresh
                   if (thread := _thread(r.owner_id, r.conversation_id)) is not None}
        if len(fps) > len(index) // 10:  # batch path: many new items
            index.build(((str(pk), fp) for pk, fp in fps), threads)
        else:
            for pk, fp in fps:
                index.add(str(pk), fp, threads.get(str(pk)))
        state = index.state()
        n_old = len(before)
        exact_of = {str(pk): fp.exact for pk, fp in fps}
        width = NUM_PERM * 4
        new_rows = [{"item_pk": int(state.item_ids[i]), "seq": i,
                     "skeleton": state.skeletons[i], "exact": exact_of[state.item_ids[i]],
                     "digest": state.digests[i * width:(i + 1) * width],
                     "parent": state.parents[i], "campaign_id": None}
                    for i in range(n_old, len(state.item_ids))]
        changed = [(int(state.item_ids[i]), state.parents[i]) for i in range(n_old)
                   if state.parents[i] != before[i]]
        labels = index.labels()
        with engine.begin() as conn:
            if new_rows:
                conn.execute(insert(t.fingerprint), new_rows)
            for pk, parent in changed:
                conn.execute(sql_update(t.fingerprint).where(t.fingerprint.c.item_pk == pk)
                             .values(parent=parent))
            current = dict(conn.execute(select(t.fingerprint.c.item_pk,
                                               t.fingerprint.c.campaign_id)).all())
            for pk_text in state.item_ids:
                pk = int(pk_text)
                wanted = labels.get(pk_text)
                if current.get(pk) != wanted:
                    conn.execute(sql_update(t.fingerprint).where(t.fingerprint.c.item_pk == pk)
                                 .values(campaign_id=wanted))
    return facts(engine)


def facts(engine: Engine) -> dict[int, CampaignFact]:
    """Campaign id, size and number of distinct senders of every item in a campaign."""
    with engine.connect() as conn:
        rows = conn.execute(select(t.fingerprint.c.item_pk, t.fingerprint.c.campaign_id,
                                   t.item.c.sender_key)
                            .join(t.item, t.item.c.id == t.fingerprint.c.item_pk)
                            .where(t.fingerprint.c.campaign_id.is_not(None))).all()
    members: dict[str, list[int]] = defaultdict(list)
    senders: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        members[r.campaign_id].append(r.item_pk)
        senders[r.campaign_id].add(r.sender_key)
    return {pk: CampaignFact(cid, len(pks), len(senders[cid]))
            for cid, pks in members.items() for pk in pks}


def summaries(engine: Engine, verdicts: dict[int, str] | None = None) -> list[CampaignSummary]:
    """Every campaign in the store, largest first."""
    with engine.connect() as conn:
        rows = conn.execute(select(t.fingerprint.c.campaign_id, t.item.c.id, t.item.c.text,
                                   t.item.c.sender_name, t.item.c.sender_key, t.item.c.sent_at,
                                   t.item.c.owner_id, t.item.c.conversation_id,
                                   t.owner.c.name.label("owner"))
                            .join(t.item, t.item.c.id == t.fingerprint.c.item_pk)
                            .join(t.owner, t.owner.c.id == t.item.c.owner_id)
                            .where(t.fingerprint.c.campaign_id.is_not(None))
                            .order_by(t.item.c.sent_at)).all()
        threaded = conn.execute(select(t.item.c.id, t.item.c.owner_id, t.item.c.conversation_id,
                                       t.item.c.sent_at)
                                .where(t.item.c.direction == "incoming",
                                       t.item.c.conversation_id.is_not(None))
                                .order_by(t.item.c.sent_at, t.item.c.id)).all()
    by_id: dict[str, CampaignSummary] = {}
    # (owner, conversation) -> the campaign of its first member and when that member came.
    started: dict[tuple[int, str], tuple[str, Any]] = {}
    for r in rows:
        if r.conversation_id is not None:
            started.setdefault((r.owner_id, r.conversation_id), (r.campaign_id, r.sent_at))
        s = by_id.setdefault(r.campaign_id, CampaignSummary(r.campaign_id, [], [], [], None,
                                                             None, []))
        s.item_pks.append(r.id)
        if r.sender_name not in s.senders:
            s.senders.append(r.sender_name)
        if r.owner not in s.owners:
            s.owners.append(r.owner)
        s.texts.append(r.text)
        if r.sent_at is not None:
            s.first_seen = s.first_seen or r.sent_at
            s.last_seen = r.sent_at
        if verdicts and r.id in verdicts:
            s.verdicts[verdicts[r.id]] = s.verdicts.get(verdicts[r.id], 0) + 1
    members = {r.id for r in rows}
    for step in threaded:
        begun = started.get((step.owner_id, step.conversation_id))
        if begun is None or step.id in members:
            continue
        campaign_id, first_at = begun
        if first_at is None or step.sent_at is None or step.sent_at > first_at:
            by_id[campaign_id].steps.append(step.id)
    return sorted(by_id.values(), key=lambda s: (-s.size, s.campaign_id))


def find(engine: Engine, campaign_id: str, verdicts: dict[int, str] | None = None
         ) -> CampaignSummary:
    """One campaign by id (or unique prefix); NotFoundError when there is none."""
    matches = [s for s in summaries(engine, verdicts) if s.campaign_id.startswith(campaign_id)]
    if len(matches) != 1 or not campaign_id:
        raise NotFoundError(f"no campaign with id {campaign_id!r} in the store")
    return matches[0]


def template(summary: CampaignSummary) -> Any:
    """The campaign's template with its variable slots (see campaign.template)."""
    return extract_template(summary.texts[:TEMPLATE_MEMBERS])


# -- sharing without disclosure ---------------------------------------------------------------

def export_shareable(engine: Engine, path: Path) -> int:
    """Write hash-only fingerprints of campaigns an owner marked as spam; return how many."""
    with engine.connect() as conn:
        spam_pks = {r.item_pk for r in conn.execute(
            select(t.correction.c.item_pk).where(t.correction.c.undone_at.is_(None),
                                                 t.correction.c.label == "spam"))}
        rows = conn.execute(select(t.fingerprint.c.item_pk, t.fingerprint.c.campaign_id,
                                   t.fingerprint.c.skeleton, t.fingerprint.c.exact,
                                   t.fingerprint.c.digest)).all()
    marked = {r.campaign_id for r in rows if r.item_pk in spam_pks and r.campaign_id}
    shared = []
    seen: set[str] = set()
    for r in rows:
        if r.campaign_id in marked:
            form = to_shareable(Fingerprint(r.skeleton, r.exact, r.digest))
            key = json.dumps(form, sort_keys=True)
            if key not in seen:
                seen.add(key)
                shared.append(form)
    payload = {"format": FILE_FORMAT, "v": FILE_VERSION, "fingerprints": shared}
    tmp = path.with_name(path.name + ".part")
    tmp.write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
    tmp.replace(path)
    return len(shared)


def import_shareable(engine: Engine, path: Path) -> int:
    """Record another seedbed's spam fingerprints as reports; return how many were new."""
    try:
        raw = path.read_bytes()
        data = json.loads(raw)
    except (OSError, ValueError) as exc:
        raise InputError(f"not a readable fingerprint file ({exc.__class__.__name__})",
                         path=str(path)) from exc
    if not isinstance(data, dict) or data.get("format") != FILE_FORMAT:
        raise InputError(f"not a {FILE_FORMAT} file", path=str(path))
    items = data.get("fingerprints")
    if not isinstance(items, list):
        raise InputError("field 'fingerprints' must be a list", path=str(path))
    source = hashlib.sha256(raw).hexdigest()
    rows = []
    for n, item in enumerate(items):
        if (not isinstance(item, dict) or not isinstance(item.get("sha256"), str)
                or not isinstance(item.get("b"), list)):
            raise InputError(f"fingerprint {n} lacks 'sha256' or 'b'", path=str(path))
        rows.append({"source": source, "exact": item["sha256"],
                     "bands_json": json.dumps(item), "imported_at": datetime.now(UTC)})
    added = 0
    with engine.begin() as conn:
        existing = {(r.exact, r.bands_json) for r in conn.execute(
            select(t.shared_report).where(t.shared_report.c.source == source))}
        fresh = [r for r in rows if (r["exact"], r["bands_json"]) not in existing]
        if fresh:
            conn.execute(insert(t.shared_report), fresh)
            added = len(fresh)
    return added


def reports(engine: Engine) -> dict[int, int]:
    """Item pk -> number of distinct files that reported its campaign (no veto applied)."""
    with engine.connect() as conn:
        shared = [(r.source, json.loads(r.bands_json))
                  for r in conn.execute(select(t.shared_report))]
        if not shared:
            return {}
        rows = conn.execute(select(t.fingerprint.c.item_pk, t.fingerprint.c.skeleton,
                                   t.fingerprint.c.exact, t.fingerprint.c.digest)).all()
    out: dict[int, int] = {}
    for r in rows:
        mine = to_shareable(Fingerprint(r.skeleton, r.exact, r.digest))
        sources = {src for src, form in shared if shareable_similarity(mine, form) >= SHARE_MATCH}
        if sources:
            out[r.item_pk] = len(sources)
    return out
