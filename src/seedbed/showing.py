"""What each inbound item is shown with: the owner's word laid over its stored model
verdict, and stored (``final_verdict``) for the pages to read.

Owns: building an owner's ``Overlay`` from the store (corrections, the pitches they teach,
the hiding bar, vetoed campaigns), which items a change of it can reach (``affected``: a
correction's item and sender, items whose pitch is nearly the same, items near the bar when
it moves, reported ones), the pitch vectors learning compares, and writing the shown
verdicts a batch at a time (items the owner's word leaves alone are copied in SQL).
Must not import: typer, rich, the CLI or the web layer.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
from sqlalchemy import Connection, Engine, delete, select

from seedbed import campaigns
from seedbed.judge.embedding import CachedEmbedder
from seedbed.judge.features import pitch_text
from seedbed.model import Label, Verdict
from seedbed.overlay import LEARN_SIMILARITY, Correction, Overlay, owner_threshold, wanted
from seedbed.store import cases as store_cases
from seedbed.store import people, queries, verdicts
from seedbed.store import tables as t
from seedbed.store.queries import OwnerRow

# Verdicts laid over per round (each round reads its items' model verdicts and vectors).
BATCH = 2_000


def corrections(conn: Connection, owner_id: int) -> list[Correction]:
    """The owner's active corrections, oldest first."""
    return [Correction(r.id, r.item_pk, r.item_id, Label(r.label), r.sender_key)
            for r in queries.active_corrections(conn, owner_id)]


class Shown:
    """Lays an owner's word over the stored model verdicts and stores what is shown."""

    def __init__(self, engine: Engine, embedder: CachedEmbedder) -> None:
        self.engine = engine
        self.embedder = embedder

    def overlay(self, owner: OwnerRow, models: dict[int, Verdict] | None = None) -> Overlay:
        """The owner's corrections with what follows from them. ``models``: model verdicts
        to use instead of the stored ones (judged just now, not saved)."""
        with self.engine.connect() as conn:
            found = corrections(conn, owner.id)
            pks = {c.item_pk for c in found}
            taught = dict(store_cases.cases_for(conn, owner.id, pks)) if pks else {}
            stored = verdicts.model(conn, pks)
            facts = campaigns.facts_for(conn, {c.item_pk for c in found if wanted(c.label)})
        stored.update(models or {})
        teach = {item.pk: case for item, case in taught.items()}
        teachers = [c for c in found if c.item_pk in teach]
        vectors = (self.embedder.encode([pitch_text(teach[c.item_pk]) for c in teachers])
                   if teachers else np.zeros((0, self.embedder.dim), np.float32))
        bar = owner_threshold([(c.label, stored[c.item_pk].spam_probability) for c in found
                               if c.item_pk in stored and stored[c.item_pk].source == "model"])
        vetoed = {facts[c.item_pk].campaign_id for c in found
                  if wanted(c.label) and c.item_pk in facts}
        return Overlay(found, teachers, vectors, bar, vetoed)

    def affected(self, conn: Connection, owner: OwnerRow, state: verdicts.TriageState,
                 overlay: Overlay, shared_upto: int, token: str | None, judged: set[int],
                 pitched: set[int]) -> set[int] | None:
        """The items whose shown verdict may have changed since ``state`` (None: all of
        them), given the items whose model verdict may have (``judged``) and whose pitch
        did (``pitched``), the shared reports seen and the campaign index token now."""
        old = state.overlay
        if old.get("shared_upto") != shared_upto or "bar" not in old:
            return None  # others' reports changed: every fingerprinted item
        before = {tuple(c) for c in old["corrections"]}
        after = {tuple(c.snapshot()) for c in overlay.corrections}
        if {c[1] for c in before | after} & pitched:
            return None  # a corrected item's text or thread changed: what it teaches, too
        delta = before ^ after
        show = set(judged) | {c[1] for c in delta}
        show |= people.senders(conn, owner.id, {c[3] for c in delta if c[3].startswith("http")})
        if delta:
            show |= self._near(owner, {c[1] for c in delta})
        if old["bar"] != overlay.bar:
            show |= verdicts.in_band(conn, owner.id, min(old["bar"], overlay.bar),
                                     max(old["bar"], overlay.bar))
        if shared_upto and (delta or state.campaign_token != token):
            show |= verdicts.reported(conn, owner.id, campaigns.REPORT_THRESHOLD)
        return show

    def _near(self, owner: OwnerRow, pks: set[int]) -> set[int]:
        """The owner's items whose pitch is nearly the same as one of these items'."""
        with self.engine.connect() as conn:
            found = store_cases.cases_for(conn, owner.id, pks)
        if not found:
            return set()
        anchors = self.embedder.encode([pitch_text(case) for _, case in found])
        near: set[int] = set()
        for chunk, vectors in self._all_vectors(owner):
            hits = np.flatnonzero((vectors @ anchors.T >= LEARN_SIMILARITY).any(axis=1))
            near.update(chunk[int(row)] for row in hits)
        return near

    def _all_vectors(self, owner: OwnerRow) -> Iterator[tuple[list[int], np.ndarray]]:
        """The pitch vectors of every judged item of the owner, a batch at a time (pitches
        never embedded are embedded now, once)."""
        size = self.embedder.dim * 4
        # Read while writing: in WAL mode this reader keeps its snapshot and the pitch keys
        # written for missing vectors commit beside it.
        with self.engine.connect() as conn:
            for batch in verdicts.pitch_vectors(conn, owner.id):
                have = [(pk, blob) for pk, _, blob in batch if blob and len(blob) == size]
                missing = [pk for pk, _, blob in batch if not blob or len(blob) != size]
                if have:
                    yield ([pk for pk, _ in have], np.frombuffer(
                        b"".join(b for _, b in have), "<f4").reshape(len(have), -1))
                if missing:
                    yield missing, self.vectors(owner, missing)

    def vectors(self, owner: OwnerRow, pks: list[int]) -> np.ndarray:
        """The pitch vectors of these items, in order (embedded where not cached)."""
        with self.engine.connect() as conn:
            keys = verdicts.pitch_keys(conn, pks)
        found = self.embedder.cache.get_many([k for k in keys.values() if k])
        dim = self.embedder.dim
        out = np.zeros((len(pks), dim), np.float32)
        todo = []
        for row, pk in enumerate(pks):
            blob = found.get(keys.get(pk) or "")
            if blob is not None and len(blob) == dim * 4:
                out[row] = np.frombuffer(blob, "<f4")
            else:
                todo.append(row)
        if todo:
            with self.engine.connect() as conn:
                built = dict(store_cases.cases_for(conn, owner.id, [pks[r] for r in todo]))
            by_pk = {item.pk: case for item, case in built.items()}
            rows = [r for r in todo if pks[r] in by_pk]
            texts = [pitch_text(by_pk[pks[r]]) for r in rows]
            if texts:
                out[rows] = self.embedder.encode(texts)
                with self.engine.begin() as conn:
                    for r, text in zip(rows, texts, strict=True):
                        verdicts.update_judged(conn, pks[r],
                                               {"pitch_key": self.embedder.key(text)})
        return out

    def store(self, owner: OwnerRow, overlay: Overlay, pks: set[int] | None,
              shared: bool) -> None:
        """Store the shown verdict of these items of the owner (all when None)."""
        i = t.item.c
        with self.engine.begin() as conn:
            if pks is None:
                ordered = list(conn.execute(select(i.id).where(
                    i.owner_id == owner.id, store_cases.INBOUND).order_by(i.id)).scalars())
                conn.execute(delete(t.final_verdict).where(
                    t.final_verdict.c.owner_id == owner.id,
                    t.final_verdict.c.item_pk.not_in(select(i.id).where(
                        i.owner_id == owner.id, store_cases.INBOUND))))
            else:
                ordered = sorted(pks)
        for start in range(0, len(ordered), BATCH):
            chunk = ordered[start:start + BATCH]
            rows, plain = self._shown_rows(owner, overlay, chunk, shared)
            with self.engine.begin() as conn:
                verdicts.save_final(conn, rows)
                verdicts.copy_final(conn, plain)

    def _shown_rows(self, owner: OwnerRow, overlay: Overlay, chunk: list[int],
                    shared: bool) -> tuple[list[dict[str, Any]], list[int]]:
        """The shown verdicts of these items that the owner's word changes, and the items
        shown with their model verdict as it is (copied in SQL, never parsed)."""
        v, i = t.verdict.c, t.item.c
        with self.engine.connect() as conn:
            info = {r.item_pk: r for r in conn.execute(
                select(v.item_pk, v.label, v.spam_probability, v.source,
                       v.alternative_json.is_not(None).label("alternative"), i.sender_key,
                       i.kind, i.sent_at)
                .join(t.item, i.id == v.item_pk)
                .where(v.item_pk.in_(chunk), i.owner_id == owner.id, store_cases.INBOUND))}
            fps = (dict(conn.execute(select(t.fingerprint.c.item_pk,
                                            t.fingerprint.c.campaign_id)
                                     .where(t.fingerprint.c.item_pk.in_(list(info))))
                        .tuples().all()) if shared else {})
        pupils = [pk for pk in info if overlay.pupil(pk, info[pk].sender_key)]
        learned = (overlay.learned(pupils, self.vectors(owner, pupils))
                   if overlay.teachers and pupils else {})
        reports = campaigns.reports(self.engine, list(info)) if shared else {}
        laid = [pk for pk, r in info.items() if reports.get(pk, 0) or not overlay.untouched(
            pk, r.sender_key, Label(r.label), r.spam_probability, r.source,
            bool(r.alternative), learned.get(pk) is not None)]
        with self.engine.connect() as conn:
            models = verdicts.model(conn, laid)
        out = []
        for pk in laid:
            r = info[pk]
            shown = overlay.shown(pk, r.sender_key, models[pk], learned.get(pk),
                                  reports.get(pk, 0), fps.get(pk))
            out.append({"item_pk": pk, "owner_id": owner.id, "kind": r.kind,
                        "sent_at": r.sent_at, **verdicts.columns(shown),
                        "reports": reports.get(pk, 0)})
        return out, sorted(set(info) - set(laid))
