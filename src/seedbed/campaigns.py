"""Campaigns in the store: fingerprint new inbound items, keep the index, share hashes.

Owns: which items are fingerprinted (every owner's inbound items with text), the persisted
campaign index (table ``fingerprint``, the truth, and a snapshot directory beside the database
file, ``<store>.campaigns``, a cache checked by a token), campaign facts for the judge (size,
senders), listings, and the hash-only exchange of spam campaigns (``shared_report``).
Must not import: typer, rich, the CLI or the web layer.

Sharing follows Pyzor/Razor (anchors M8-M9): only campaigns the owner marked as spam leave
the machine, as one-way hashes; an imported file counts as one reporter; a campaign counts as
reported by others from ``REPORT_THRESHOLD`` distinct files on, and an owner's own
"welcome" or "relevant pitch" mark on a member vetoes the reports for that owner.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from filelock import FileLock
from sqlalchemy import Connection as SqlConnection
from sqlalchemy import Engine, delete, distinct, func, insert, select
from sqlalchemy import update as sql_update

from seedbed.campaign import (
    CampaignIndex,
    MaskContext,
    extract_template,
    fingerprint_many,
    parallel,
    shareable_similarity,
    to_shareable,
)
from seedbed.campaign.cluster import IndexState, thread_key
from seedbed.campaign.fingerprint import Fingerprint
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
# Item ids per SQL ``IN`` list (SQLite allows 32,766 parameters; smaller lists plan better).
_SQL_CHUNK = 900
# New fingerprint rows per INSERT.
_INSERT_CHUNK = 20_000
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


def _snapshot_dir(engine: Engine) -> Path | None:
    """Where the campaign index snapshot of a store file lives (None for an in-memory store)."""
    database = engine.url.database
    if not database or database == ":memory:":
        return None
    db = Path(database)
    return db.with_name(db.name + ".campaigns")


def _rebuild_index(engine: Engine) -> CampaignIndex:
    """The index from the fingerprint rows: the slow path, when no snapshot can be used."""
    with engine.connect() as conn:
        rows = conn.execute(select(t.fingerprint.c.item_pk, t.fingerprint.c.skeleton,
                                   t.fingerprint.c.digest, t.fingerprint.c.campaign_id,
                                   t.item.c.owner_id, t.item.c.conversation_id)
                            .join(t.item, t.item.c.id == t.fingerprint.c.item_pk)
                            .order_by(t.fingerprint.c.seq)).all()
    first: dict[str, int] = {}  # a campaign's earliest member is its root
    parents = [i if r.campaign_id is None else first.setdefault(r.campaign_id, i)
               for i, r in enumerate(rows)]
    threads = [thread_key(_thread(r.owner_id, r.conversation_id)) for r in rows]
    state = IndexState(item_ids=[str(r.item_pk) for r in rows],
                       skeletons=[r.skeleton for r in rows],
                       digests=b"".join(r.digest for r in rows),
                       parents=parents,
                       threads=threads if any(threads) else None)
    return CampaignIndex.restore(state)


def _open_index(engine: Engine, directory: Path | None) -> CampaignIndex:
    """The index of the store: its snapshot when that matches the rows, else rebuilt."""
    with engine.connect() as conn:
        token = conn.execute(select(t.campaign_snapshot.c.token)).scalar()
        rows = conn.execute(select(func.count()).select_from(t.fingerprint)).scalar_one()
    if directory is not None and token is not None:
        index = CampaignIndex.open(directory, token)
        if index is not None and len(index) == rows:
            return index
    return _rebuild_index(engine)


def _contexts(engine: Engine, owner_ids: list[int]) -> dict[int, MaskContext]:
    """What personalisation looks like for these owners: their profile and connections."""
    out: dict[int, MaskContext] = {}
    with engine.connect() as conn:
        for owner in queries.owners(conn, owner_ids):
            c = t.connection.c
            links = [Connection(r.first_name, r.last_name, r.profile_url, "", r.company,
                                r.position) for r in conn.execute(
                select(c.first_name, c.last_name, c.profile_url, c.company, c.position)
                .where(c.owner_id == owner.id, c.hidden.is_(False)))]
            out[owner.id] = MaskContext.for_owner(owner.profile, links)
    return out


def update(engine: Engine) -> int:
    """Fingerprint the inbound items not seen yet and put them into campaigns; return how
    many items were added.

    Reads only the new items and what their candidates need (see campaign.snapshot), so
    adding a thousand items to a store of a million costs about as much as to a small one.
    The rows are committed first, then the snapshot is made current; a snapshot left behind
    by a failure is detected by its token and rebuilt from the rows.
    """
    directory = _snapshot_dir(engine)
    with _lock(directory):
        fps, threads, seen_upto = _fingerprint_new(engine)
        if not fps:
            return 0
        index = _open_index(engine, directory)
        n_old = len(index)
        if len(fps) > n_old // 10:  # batch path: many new items
            index.build(((str(pk), fp) for pk, fp in fps), threads, count=len(fps))
        else:
            for pk, fp in fps:
                index.add(str(pk), fp, threads.get(str(pk)))
        changes = index.take_changes()
        token = uuid.uuid4().hex
        saved = directory is not None and _try(lambda: index.save(directory, token))
        _write(engine, fps, n_old, changes, token, seen_upto)
        if saved and directory is not None:
            _try(lambda: CampaignIndex.publish(directory))
    return len(fps)


def _try(write: Callable[[], None]) -> bool:
    """Write to the snapshot; False when the disk refuses. The snapshot is a cache: without
    it (its token no longer matches) the next run rebuilds the index from the rows."""
    try:
        write()
    except OSError:
        return False
    return True


def _fingerprint_new(engine: Engine
                     ) -> tuple[list[tuple[int, Fingerprint]], dict[str, str], int]:
    """Fingerprints of the inbound items with text that have none yet (oldest first), the
    thread of each that has one (item pk as text -> owner/conversation), and the highest item
    id considered."""
    with engine.connect() as conn:
        since = conn.execute(select(t.campaign_snapshot.c.seen_upto)).scalar() or 0
        upto = conn.execute(select(func.max(t.item.c.id))).scalar() or 0
        fresh = [r for r in conn.execute(
            select(t.item.c.id, t.item.c.owner_id, t.item.c.text, t.item.c.sender_name,
                   t.item.c.sender_url, t.item.c.conversation_id)
            .outerjoin(t.fingerprint, t.fingerprint.c.item_pk == t.item.c.id)
            .where(t.item.c.id > since, t.item.c.id <= upto,
                   t.item.c.direction == "incoming", t.item.c.system.is_(False),
                   t.fingerprint.c.item_pk.is_(None))
            .order_by(t.item.c.sent_at, t.item.c.id)) if r.text.strip()]
    if not fresh:
        return [], {}, upto
    contexts = _contexts(engine, sorted({r.owner_id for r in fresh}))
    skeletons = parallel.skeletons(
        [r.text for r in fresh],
        lambda i: contexts[fresh[i].owner_id].with_people(
            Person(fresh[i].sender_name, fresh[i].sender_url)),
        shared=list(contexts.values()))
    threads = {str(r.id): thread for r in fresh
               if (thread := _thread(r.owner_id, r.conversation_id)) is not None}
    fps = list(zip([r.id for r in fresh], fingerprint_many(skeletons), strict=True))
    return fps, threads, upto


def _write(engine: Engine, fps: list[tuple[int, Fingerprint]], n_old: int,
           changes: dict[str, str | None], token: str, seen_upto: int) -> None:
    """One transaction: the new rows, the campaign ids that changed, the snapshot token and
    the highest item id considered."""
    with engine.begin() as conn:
        # In chunks: a million row dicts at once cost more memory than the index itself.
        for start in range(0, len(fps), _INSERT_CHUNK):
            conn.execute(insert(t.fingerprint), [
                {"item_pk": pk, "seq": n_old + k, "skeleton": fp.skeleton, "exact": fp.exact,
                 "digest": fp.digest, "campaign_id": changes.pop(str(pk), None)}
                for k, (pk, fp) in enumerate(fps[start:start + _INSERT_CHUNK], start)])
        by_campaign: dict[str | None, list[int]] = defaultdict(list)
        for pk_text, campaign_id in changes.items():
            by_campaign[campaign_id].append(int(pk_text))
        for campaign_id, pks in by_campaign.items():
            for start in range(0, len(pks), _SQL_CHUNK):
                conn.execute(sql_update(t.fingerprint)
                             .where(t.fingerprint.c.item_pk.in_(pks[start:start + _SQL_CHUNK]))
                             .values(campaign_id=campaign_id))
        conn.execute(delete(t.campaign_snapshot))
        conn.execute(insert(t.campaign_snapshot),
                     [{"id": 1, "token": token, "seen_upto": seen_upto}])


@contextmanager
def _lock(directory: Path | None) -> Iterator[None]:
    """One writer of a store's campaign index at a time (the CLI and the web app may race)."""
    if directory is None:
        yield
        return
    directory.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(directory) + ".lock"):
        yield


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


def facts_for(conn: SqlConnection, pks: Iterable[int],
              sizes: dict[str, tuple[int, int]] | None = None) -> dict[int, CampaignFact]:
    """``facts`` of these items only, read by key (items in no campaign are left out).

    ``sizes``: campaign id -> (size, senders) already counted, filled with what this call
    counts (so that a pass over many items counts each campaign once).
    """
    fp = t.fingerprint.c
    ordered = sorted(set(pks))
    campaign_of: dict[int, str] = {}
    for start in range(0, len(ordered), _SQL_CHUNK):
        campaign_of.update(conn.execute(select(fp.item_pk, fp.campaign_id).where(
            fp.item_pk.in_(ordered[start:start + _SQL_CHUNK]),
            fp.campaign_id.is_not(None))).tuples().all())
    sizes = {} if sizes is None else sizes
    ids = sorted(set(campaign_of.values()) - set(sizes))
    for start in range(0, len(ids), _SQL_CHUNK):
        for cid, n, s in conn.execute(
                select(fp.campaign_id, func.count(), func.count(distinct(t.item.c.sender_key)))
                .join(t.item, t.item.c.id == fp.item_pk)
                .where(fp.campaign_id.in_(ids[start:start + _SQL_CHUNK]))
                .group_by(fp.campaign_id)):
            sizes[cid] = (n, s)
    return {pk: CampaignFact(cid, *sizes[cid]) for pk, cid in campaign_of.items()}


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


def segments(texts: Sequence[str]) -> tuple[tuple[str, str], ...]:
    """The template of members' texts (oldest first) as ("fixed" | "slot", text) segments."""
    if not texts:
        return ()
    return tuple(extract_template(list(texts[:TEMPLATE_MEMBERS])).segments)


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


def reports(engine: Engine, item_pks: Iterable[int] | None = None) -> dict[int, int]:
    """Item pk -> number of distinct files that reported its campaign (no veto applied), of
    these items (every fingerprinted item when None)."""
    fp = t.fingerprint.c
    with engine.connect() as conn:
        shared = [(r.source, json.loads(r.bands_json))
                  for r in conn.execute(select(t.shared_report))]
        if not shared:
            return {}
        query = select(fp.item_pk, fp.skeleton, fp.exact, fp.digest)
        if item_pks is None:
            rows = conn.execute(query).all()
        else:
            ordered = sorted(set(item_pks))
            rows = [r for start in range(0, len(ordered), _SQL_CHUNK)
                    for r in conn.execute(query.where(
                        fp.item_pk.in_(ordered[start:start + _SQL_CHUNK])))]
    out: dict[int, int] = {}
    for r in rows:
        mine = to_shareable(Fingerprint(r.skeleton, r.exact, r.digest))
        sources = {src for src, form in shared if shareable_similarity(mine, form) >= SHARE_MATCH}
        if sources:
            out[r.item_pk] = len(sources)
    return out
