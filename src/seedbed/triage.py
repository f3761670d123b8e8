"""Triage: keep every inbound item's stored verdict current, and read verdicts by key.

Owns: what must be judged again and when (``Triage.run``), reading one item's verdict
(``Triage.detail``) and listing the stored rows (``stored_rows``); the state hash of a model
verdict, and the rows the command line and the web app show. What each item is shown with
(the owner's word over the model) is laid and stored by ``seedbed.showing``.

What a verdict depends on, and how a change is found without judging the owner again:

- the model and the preferences that judge (all but the allow/block lists): their digest per
  owner (``triage_state.judged_key``); when it changes, every item of the owner is judged
  again;
- the allow and block lists: the items of the senders that came on or off a list;
- the item, its thread and what the owner's data says of its sender: rows are only ever
  added, so the items to check are the new ones and those whose sender or conversation a
  new row names (``person_link``);
- its campaign's size and senders: compared in SQL with what each verdict was judged with;
- the owner's word (corrections, the bar fitted to them, others' reports), laid over the
  model by ``seedbed.overlay``: a change re-lays only the items it can reach.

An item is judged again only when its state hash (``_state``) changed; the verdicts as shown
are stored (``final_verdict``), and ``triage_state`` records what they were made from, so that
a store where nothing changed is answered from the store in a few queries.
Must not import: typer, rich, the CLI or the web layer.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from filelock import FileLock
from sqlalchemy import Connection, Engine, select

from seedbed import campaigns
from seedbed import prefs as prefs_mod
from seedbed.errors import NotFoundError
from seedbed.judge.combine import Judge
from seedbed.judge.context import Case
from seedbed.judge.embedding import CachedEmbedder, Embedder
from seedbed.judge.features import OwnerState, gather, owner_state, pitch_text
from seedbed.model import Clue, Person, Preferences, Verdict
from seedbed.overlay import (
    _corrected,
    _rebarred,
    owner_threshold,
)
from seedbed.showing import Shown, corrections
from seedbed.store import cases as store_cases
from seedbed.store import listing, people, queries, summaries, verdicts
from seedbed.store import tables as t
from seedbed.store.codec import preferences_to_json
from seedbed.store.queries import ItemRow, OwnerRow
from seedbed.store.vectors import SqliteVectorCache

__all__ = ["ItemDetail", "Triage", "TriageRow", "_corrected", "_rebarred", "owner_threshold"]

# Judging happens in batches of this many items so the embedding calls stay batched while
# memory stays flat on a 300k-message store.
JUDGE_BATCH = 512
# Bumped when what a stored state means changes: every owner is then checked whole again.
STATE_VERSION = 1


@dataclass(frozen=True)
class TriageRow:
    """One inbound item with its final verdict: what every output format prints."""

    item: ItemRow
    verdict: Verdict
    judged_now: bool = False
    campaign_id: str | None = None
    campaign_size: int = 1

    def as_json(self) -> dict[str, Any]:
        """The documented output contract (docs/output.md)."""
        v = self.verdict
        return {
            "item_id": self.item.item_id,
            "kind": self.item.kind.value,
            "conversation_id": self.item.conversation_id,
            "sender": {"name": self.item.sender.name, "profile_url": self.item.sender.profile_url},
            "sent_at": self.item.sent_at.astimezone(UTC).isoformat().replace("+00:00", "Z")
            if self.item.sent_at else None,
            "subject": self.item.subject,
            "text": self.item.text,
            "sponsored": self.item.sponsored,
            "verdict": v.label.value,
            "spam_probability": round(v.spam_probability, 4),
            "unsure": v.unsure,
            "source": v.source,
            "reasons": [
                {"code": c.code, "points": round(c.points, 2), "detail": c.detail,
                 "evidence": c.evidence, **({"span": list(c.span)} if c.span else {})}
                for c in v.clues
            ],
            "summary": v.summary,
            "campaign_id": self.campaign_id,
            "campaign_size": self.campaign_size,
        }


@dataclass(frozen=True)
class ItemDetail(TriageRow):
    """One item read in full: its row and the case it was judged on (thread, facts)."""

    case: Case = field(kw_only=True)


def _state(model_digest: str, prefs_json: str, case: Case, listed: str = "") -> str:
    """Everything a model verdict depends on; when it changes, the item is judged again.

    ``prefs_json``: the preferences without the allow and block lists; ``listed``: which of
    them names the sender ("allow", "block", both or neither).
    """
    facts = case.facts
    payload = json.dumps([
        model_digest, prefs_json, listed, case.text, case.subject, case.html is not None,
        case.sponsored,
        [(m.from_owner, m.text) for m in case.thread],
        [facts.is_connection, str(facts.connected_on), facts.company, facts.owner_invited,
         facts.endorsements, facts.recommendations, facts.has_note, list(facts.owner_messages),
         facts.campaign_size, facts.campaign_senders],
    ], ensure_ascii=False)
    return hashlib.sha1(payload.encode("utf-8", "surrogatepass")).hexdigest()


# What a verdict says of the item itself, whatever the judge made of it. Zero points: the
# judge's rules for ads are its own; this says what LinkedIn says.
AD_CLUE = Clue("shape:linkedin_ad", 0.0,
               "LinkedIn delivered this as an ad (Sponsored InMail), not as a message a "
               "person wrote to you.", "Sponsored InMail")


def _with_item_facts(v: Verdict, case: Case) -> Verdict:
    """The judge's verdict with the reasons that come from the item as LinkedIn gave it."""
    if case.sponsored and all(c.code != AD_CLUE.code for c in v.clues):
        return replace(v, clues=(*v.clues, AD_CLUE))
    return v


def _with_campaign(case: Case, fact: campaigns.CampaignFact | None) -> Case:
    if fact is None:
        return case
    return replace(case, facts=replace(case.facts, campaign_size=fact.size,
                                       campaign_senders=fact.senders))


@dataclass(frozen=True)
class _Basis:
    """What an owner's verdicts are judged and shown from, as ``triage_state`` records it."""

    prefs: Preferences
    prefs_json: str  # what the judge reads of them (``_judging_prefs``)
    judged_key: str
    lists: list[list[str]]
    upto: people.Upto
    token: str | None
    corrections: list[list[Any]]
    shared_upto: int

    def listed(self, url: str | None) -> str:
        if not url:
            return ""
        allow, block = self.lists
        return "+".join(name for name, urls in (("allow", allow), ("block", block))
                        if url in urls)

    def matches(self, state: verdicts.TriageState | None) -> bool:
        return (state is not None and state.judged_key == self.judged_key
                and state.lists == self.lists and state.upto == self.upto
                and state.campaign_token == self.token
                and state.overlay.get("corrections") == self.corrections
                and state.overlay.get("shared_upto") == self.shared_upto)


def _judging_prefs(prefs: Preferences) -> str:
    """The preferences the judge reads for every item: all but the allow/block lists."""
    return preferences_to_json(replace(prefs, allow=(), block=()))


class Triage:
    """Judges, lays over and reads one store's inbound items. Built per command (or once
    per web app), holding no verdicts itself."""

    def __init__(self, engine: Engine, judge: Judge, embedder: Embedder, model_digest: str):
        self.engine = engine
        self.judge = judge
        self.embedder = CachedEmbedder(embedder, SqliteVectorCache(engine))
        self.model_digest = model_digest
        self.shown = Shown(engine, self.embedder)

    def effective_preferences(self, owner: OwnerRow) -> Preferences:
        return prefs_mod.with_defaults(owner.preferences, owner.profile)

    # -- what the stored verdicts must have been made from ----------------------------------

    def _basis(self, conn: Connection, owner: OwnerRow, upto: people.Upto | None = None,
               token: str | None = None) -> _Basis:
        prefs = self.effective_preferences(owner)
        judging = _judging_prefs(prefs)
        key = hashlib.sha1(json.dumps([STATE_VERSION, self.model_digest, judging],
                                      ensure_ascii=False).encode()).hexdigest()
        return _Basis(prefs, judging, key, [sorted(prefs.allow), sorted(prefs.block)],
                      upto if upto is not None else people.store_upto(conn),
                      token if upto is not None else verdicts.campaign_token(conn),
                      [c.snapshot() for c in corrections(conn, owner.id)],
                      verdicts.shared_upto(conn))

    def current(self, owner_ids: Iterable[int] | None = None) -> bool:
        """Are the stored verdicts of these owners (all when None) current: nothing they
        depend on changed since they were made? A few small queries per owner."""
        with self.engine.connect() as conn:
            return all(self._basis(conn, owner).matches(verdicts.load_state(conn, owner.id))
                       for owner in queries.owners(conn, owner_ids))

    # -- keeping them current ---------------------------------------------------------------

    def run(self, owner_ids: list[int] | None = None) -> set[int]:
        """Judge and lay over what changed for these owners (all when None); return the
        items judged in this run. One run at a time per store (a file lock beside it)."""
        with _lock(self.engine):
            with self.engine.connect() as conn:
                upto = people.store_upto(conn)  # before the campaigns: they cover up to it
            # Campaigns span every owner in the store, so they are updated for all of them.
            campaigns.update(self.engine)
            people.catch_up(self.engine, upto)
            with self.engine.connect() as conn:
                token = verdicts.campaign_token(conn)
                owners = queries.owners(conn, owner_ids)
            judged: set[int] = set()
            for owner in owners:
                judged |= self._sync(owner, upto, token)
            return judged

    def _sync(self, owner: OwnerRow, upto: people.Upto, token: str | None) -> set[int]:
        with self.engine.connect() as conn:
            basis = self._basis(conn, owner, upto, token)
            state = verdicts.load_state(conn, owner.id)
            if basis.matches(state):
                return set()
            whole = state is None or state.judged_key != basis.judged_key
            pks = None if whole or state is None else self._candidates(conn, owner, state, basis)
        batches = (store_cases.all_cases(self.engine, owner.id, JUDGE_BATCH) if pks is None
                   else self._batches(owner.id, pks))
        judged, pitched = self._judge(owner, basis, batches)
        overlay = self.shown.overlay(owner)
        with self.engine.connect() as conn:
            # The candidates too, not only what was judged: a run that stopped after their
            # verdicts were saved left their shown verdicts behind.
            show = None if state is None or whole or pks is None else self.shown.affected(
                conn, owner, state, overlay, basis.shared_upto, basis.token, judged | pks,
                pitched)
        self.shown.store(owner, overlay, show, basis.shared_upto > 0)
        summaries.summarize(self.engine, campaigns.segments, show)
        with self.engine.connect() as conn:
            # What the report counts of the owner's rows changes only when rows are added.
            network = (state.network if state is not None and state.network
                       and state.upto == upto else listing.network(conn, owner.id).as_dict())
        with self.engine.begin() as conn:
            verdicts.save_state(conn, verdicts.TriageState(
                owner.id, basis.judged_key, basis.lists, upto, token,
                {"corrections": [c.snapshot() for c in overlay.corrections],
                 "bar": overlay.bar, "shared_upto": basis.shared_upto}, network))
        return judged

    def _batches(self, owner_id: int, pks: set[int]) -> Iterator[list[tuple[ItemRow, Case]]]:
        ordered = sorted(pks)
        for start in range(0, len(ordered), JUDGE_BATCH):
            with self.engine.connect() as conn:
                yield store_cases.cases_for(conn, owner_id, ordered[start:start + JUDGE_BATCH])

    def _candidates(self, conn: Connection, owner: OwnerRow, state: verdicts.TriageState,
                    basis: _Basis) -> set[int]:
        """The items whose model verdict may be stale: new items, items whose sender or
        conversation a new row names, senders on or off a list, campaigns that moved."""
        before, now = state.upto, basis.upto
        i, c, r = t.item.c, t.connection.c, t.relation.c
        pks: set[int] = set()
        keys: set[str] = set()
        conversations: set[str] = set()
        for row in conn.execute(select(i.id, i.kind, i.direction, i.system, i.conversation_id,
                                       i.recipients_json)
                                .where(i.owner_id == owner.id, i.id > before.item,
                                       i.id <= now.item)):
            if row.direction == "outgoing":
                keys.update(k for p in json.loads(row.recipients_json)
                            for k in people.person_keys(_person(p)))
            elif not row.system:
                pks.add(row.id)
            if row.kind == "message" and row.conversation_id and not row.system:
                conversations.add(row.conversation_id)
        for link in conn.execute(select(c.person_key, c.first_name, c.last_name).where(
                c.owner_id == owner.id, c.hidden.is_(False), c.id > before.connection,
                c.id <= now.connection)):
            keys.update((link.person_key,
                         people.name_key(f"{link.first_name} {link.last_name}")))
        for rel in conn.execute(select(r.person_key, r.person_name).where(
                r.owner_id == owner.id, r.id > before.relation, r.id <= now.relation)):
            keys.update((rel.person_key, people.name_key(rel.person_name)))
        allow, block = state.lists
        keys.update(set(allow) ^ set(basis.lists[0]), set(block) ^ set(basis.lists[1]))
        pks |= people.senders(conn, owner.id, keys)
        ordered = sorted(conversations)
        for start in range(0, len(ordered), 900):
            pks.update(conn.execute(select(i.id).where(
                i.owner_id == owner.id, store_cases.INBOUND, store_cases.THREADED,
                i.conversation_id.in_(ordered[start:start + 900]))).scalars())
        if state.campaign_token != basis.token:
            pks |= verdicts.campaign_moved(conn, owner.id)
        return pks

    def _judge(self, owner: OwnerRow, basis: _Basis,
               batches: Iterable[list[tuple[ItemRow, Case]]]) -> tuple[set[int], set[int]]:
        """Judge the items of ``batches`` whose state hash changed; return them, and the
        items whose pitch changed (new ones included)."""
        judged: set[int] = set()
        pitched: set[int] = set()
        context: OwnerState | None = None
        run = int(datetime.now(UTC).timestamp())
        sizes: dict[str, tuple[int, int]] = {}  # each campaign counted once per run
        for batch in batches:
            with self.engine.connect() as conn:
                facts = campaigns.facts_for(conn, [item.pk for item, _ in batch], sizes)
                stored = verdicts.judged(conn, [item.pk for item, _ in batch])
            rows = []
            fixes = []
            for item, case in batch:
                case = _with_campaign(case, facts.get(item.pk))
                fact = facts.get(item.pk)
                made = {"state": self._hash(basis, case),
                        "pitch_key": self.embedder.key(pitch_text(case)),
                        "campaign_size": fact.size if fact else 1,
                        "campaign_senders": fact.senders if fact else 1}
                old = stored.get(item.pk)
                if old is None or old.state != made["state"]:
                    rows.append((item, case, made))
                    if old is None or old.pitch_key != made["pitch_key"]:
                        pitched.add(item.pk)
                elif (old.pitch_key, old.campaign_size, old.campaign_senders) != (
                        made["pitch_key"], made["campaign_size"], made["campaign_senders"]):
                    fixes.append((item.pk, made))
            if rows and context is None:
                with self.engine.connect() as conn:
                    context = owner_state(queries.owner_context(conn, owner, basis.prefs),
                                          self.embedder)
            saved = []
            if rows and context is not None:
                found = self._verdicts(basis.prefs, context, [case for _, case, _ in rows])
                now = datetime.now(UTC)
                for (item, _, made), v in zip(rows, found, strict=True):
                    saved.append({"item_pk": item.pk, **verdicts.columns(v), **made,
                                  "judged_at": now, "run": run})
                    judged.add(item.pk)
            if saved or fixes:
                with self.engine.begin() as conn:
                    verdicts.save_model(conn, saved)
                    for pk, made in fixes:
                        verdicts.update_judged(conn, pk, made)
        return judged, pitched

    def _hash(self, basis: _Basis, case: Case) -> str:
        return _state(self.model_digest, basis.prefs_json, case,
                      basis.listed(case.sender.profile_url))

    def _verdicts(self, prefs: Preferences, context: OwnerState, cases: list[Case]
                  ) -> list[Verdict]:
        evidence = gather(cases, context, self.embedder)
        return [_with_item_facts(self.judge.verdict(ev, prefs.needs, prefs.unwelcome_topics,
                                                    prefs.languages), case)
                for case, ev in zip(cases, evidence, strict=True)]

    # -- the owner's word over the model ----------------------------------------------------

    # -- reading ----------------------------------------------------------------------------

    def detail(self, item: ItemRow) -> ItemDetail:
        """One inbound item with its shown verdict and the case it was judged on.

        Read from the store when the owner's verdicts are current; otherwise this item
        alone is judged (when its own inputs changed) and laid over, in memory: nothing
        is written but the person and campaign indexes, which catch up with the rows added
        since. NotFoundError for an item that is not inbound.
        """
        with self.engine.connect() as conn:
            owner = queries.owners(conn, [item.owner_id])[0]
            if self._basis(conn, owner).matches(verdicts.load_state(conn, owner.id)):
                found = store_cases.cases_for(conn, item.owner_id, [item.pk])
                shown = verdicts.final(conn, [item.pk]).get(item.pk)
                fact = campaigns.facts_for(conn, [item.pk]).get(item.pk)
                if found and shown is not None:
                    return ItemDetail(found[0][0], shown, False,
                                      fact.campaign_id if fact else None,
                                      fact.size if fact else 1,
                                      case=_with_campaign(found[0][1], fact))
        # Something changed: the rows added since are indexed and fingerprinted (so that
        # this item's facts and campaign are the ones a triage would see), then it is
        # judged alone.
        people.catch_up(self.engine)
        campaigns.update(self.engine)
        with self.engine.connect() as conn:
            found = store_cases.cases_for(conn, item.owner_id, [item.pk])
        if not found:
            raise NotFoundError(f"{item.item_id} is not an item anyone sent you (a "
                                "message LinkedIn wrote itself): seedbed does not judge it")
        return self._judged_alone(owner, found[0][0], found[0][1])

    def _judged_alone(self, owner: OwnerRow, item: ItemRow, case: Case) -> ItemDetail:
        with self.engine.connect() as conn:
            basis = self._basis(conn, owner)
            corrected = {c.item_pk for c in corrections(conn, owner.id)}
            pairs = dict(store_cases.cases_for(conn, owner.id, corrected | {item.pk}))
            facts = campaigns.facts_for(conn, [it.pk for it in pairs])
            stored = verdicts.judged(conn, [it.pk for it in pairs])
            models = verdicts.model(conn, [it.pk for it in pairs])
        fresh: dict[int, Verdict] = {}
        stale = []
        for it, c in pairs.items():
            c = _with_campaign(c, facts.get(it.pk))
            if it.pk == item.pk:
                case = c
            old = stored.get(it.pk)
            if old is None or old.state != self._hash(basis, c) or it.pk not in models:
                stale.append((it, c))
            else:
                fresh[it.pk] = models[it.pk]
        if stale:
            with self.engine.connect() as conn:
                context = owner_state(queries.owner_context(conn, owner, basis.prefs),
                                      self.embedder)
            found = self._verdicts(basis.prefs, context, [c for _, c in stale])
            fresh.update((it.pk, v) for (it, _), v in zip(stale, found, strict=True))
        overlay = self.shown.overlay(owner, fresh)
        learned = (overlay.learned([item.pk], self.embedder.encode([pitch_text(case)]))
                   if overlay.pupil(item.pk, item.sender.key) else {})
        shared = basis.shared_upto > 0
        reports = campaigns.reports(self.engine, [item.pk]) if shared else {}
        fact = facts.get(item.pk)
        shown = overlay.shown(item.pk, item.sender.key, fresh[item.pk], learned.get(item.pk),
                              reports.get(item.pk, 0), fact.campaign_id if fact else None)
        return ItemDetail(item, shown, any(it.pk == item.pk for it, _ in stale),
                          fact.campaign_id if fact else None, fact.size if fact else 1,
                          case=case)


def stored_rows(engine: Engine, owner_ids: list[int] | None = None,
                judged: set[int] | None = None, pks: list[int] | None = None
                ) -> Iterator[TriageRow]:
    """The stored rows of these owners (all when None), or of these items, owner by owner
    and oldest first; ``judged``: the items to flag as judged in this run."""
    judged = judged or set()
    with engine.connect() as conn:
        for item, verdict, campaign_id, size in listing.all_rows(conn, owner_ids, pks):
            yield TriageRow(item, verdict, item.pk in judged, campaign_id, size)


def _person(recipient: dict[str, Any]) -> Person:
    return Person(recipient.get("name") or "", recipient.get("profile_url"))


def _lock(engine: Engine) -> Any:
    """One triage run per store at a time: two runs made from different preferences must
    not interleave their verdicts. Beside the store file (none for an in-memory store)."""
    from contextlib import nullcontext

    database = engine.url.database
    if not database or database == ":memory:":
        return nullcontext()
    return FileLock(database + ".triage.lock")
