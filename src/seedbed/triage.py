"""Triage: judge every inbound item not judged yet (or judged on stale inputs), then lay the
owner's explicit word and what was learned from corrections over the model's verdicts.

Owns: when an item is judged again (a state hash of model, preferences and the item's facts),
the precedence of sources (allow/block > your correction of the item > of the sender >
learned from corrections > model), and the rows the command line and the web app show.
Must not import: typer, rich, the CLI or the web layer.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

import numpy as np
from sqlalchemy import Connection, Engine

from seedbed import campaigns
from seedbed import prefs as prefs_mod
from seedbed.judge.combine import HIDE_THRESHOLD, UNSURE_HIGH, UNSURE_LOW, Judge
from seedbed.judge.context import Case
from seedbed.judge.embedding import CachedEmbedder, Embedder
from seedbed.judge.features import gather, owner_state, pitch_text
from seedbed.model import Clue, Label, Verdict
from seedbed.store import queries
from seedbed.store.codec import preferences_to_json
from seedbed.store.queries import ItemRow, OwnerRow
from seedbed.store.vectors import SqliteVectorCache

# A corrected item teaches only its near-twins: another item whose text embeds this close
# (cosine) to a corrected one takes the correction's label. 0.92 joins fills of one template
# and keeps different messages on the same topic apart (narrow learning, anchors M15).
LEARN_SIMILARITY = 0.92
# Others' reports can raise an item's spam probability by at most this share of what is left
# (a stranger's offer reported by many still needs the model's own evidence to be hidden);
# REPORT_LIMIT reports give ~0.99 of that weight.
REPORT_MAX_SHIFT = 0.5
REPORT_LIMIT = 10
# Guards of the owner's own hiding bar (owner_threshold): corrections needed on each side,
# the most one side may outnumber the other, and the cost of hiding a wanted item relative
# to showing a spam one.
CALIBRATE_MIN = 3
CALIBRATE_BALANCE = 3
CALIBRATE_HIDE_COST = 3
# Judging happens in batches of this many items so the embedding calls stay batched while
# memory stays flat on a 100k-message store.
JUDGE_BATCH = 512


@dataclass(frozen=True)
class TriageRow:
    """One inbound item with its final verdict: what every output format prints."""

    item: ItemRow
    case: Case
    verdict: Verdict
    judged_now: bool
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


def _state(model_digest: str, prefs_json: str, case: Case) -> str:
    """Everything a model verdict depends on; when it changes, the item is judged again."""
    facts = case.facts
    payload = json.dumps([
        model_digest, prefs_json, case.text, case.subject, case.html is not None,
        [(m.from_owner, m.text) for m in case.thread],
        [facts.is_connection, str(facts.connected_on), facts.company, facts.owner_invited,
         facts.endorsements, facts.recommendations, facts.has_note, list(facts.owner_messages),
         facts.campaign_size, facts.campaign_senders],
    ], ensure_ascii=False)
    return hashlib.sha1(payload.encode("utf-8", "surrogatepass")).hexdigest()


def _verdict_from_row(row: Any) -> Verdict:
    clues = tuple(Clue(c["code"], c["points"], c["detail"], c.get("evidence", ""),
                       (c["span"][0], c["span"][1]) if c.get("span") else None)
                  for c in json.loads(row.clues_json))
    alternative = None
    if row.alternative_json:
        label, summary = json.loads(row.alternative_json)
        alternative = (Label(label), summary)
    return Verdict(Label(row.label), row.spam_probability, clues, row.summary, row.unsure,
                   row.source, alternative)


def _clues_json(clues: tuple[Clue, ...]) -> str:
    return json.dumps([{"code": c.code, "points": c.points, "detail": c.detail,
                        "evidence": c.evidence, "span": list(c.span) if c.span else None}
                       for c in clues], ensure_ascii=False)


class Triage:
    """Judges and lists one store's inbound items. Built per command, not kept around."""

    def __init__(self, engine: Engine, judge: Judge, embedder: Embedder, model_digest: str):
        self.engine = engine
        self.judge = judge
        self.embedder = CachedEmbedder(embedder, SqliteVectorCache(engine))
        self.model_digest = model_digest

    def effective_preferences(self, owner: OwnerRow) -> Any:
        return prefs_mod.with_defaults(owner.preferences, owner.profile)

    def run(self, owner_ids: list[int] | None = None) -> list[TriageRow]:
        """Judge what needs judging for these owners (all when None); return every row."""
        run_id = int(datetime.now(UTC).timestamp())
        # Campaigns span every owner in the store, so they are updated for all of them.
        campaigns.update(self.engine)
        self.campaign_facts = campaigns.facts(self.engine)
        self.reports = campaigns.reports(self.engine)
        rows: list[TriageRow] = []
        with self.engine.connect() as conn:
            owners = queries.owners(conn, owner_ids)
        for owner in owners:
            rows.extend(self._owner(owner, run_id))
        return rows

    def _owner(self, owner: OwnerRow, run_id: int) -> list[TriageRow]:
        prefs = self.effective_preferences(owner)
        prefs_json = preferences_to_json(prefs)
        with self.engine.connect() as conn:
            context = queries.owner_context(conn, owner, prefs)
            pairs = [(item, self._with_campaign(item, case))
                     for item, case in queries.inbound_cases(conn, owner)]
            states = queries.verdict_states(conn, owner.id)
        wanted = {item.pk: _state(self.model_digest, prefs_json, case) for item, case in pairs}
        stale = [(item, case) for item, case in pairs if states.get(item.pk) != wanted[item.pk]]
        if stale:
            state = owner_state(context, self.embedder)
            for start in range(0, len(stale), JUDGE_BATCH):
                batch = stale[start : start + JUDGE_BATCH]
                evidence = gather([case for _, case in batch], state, self.embedder)
                now = datetime.now(UTC)
                saved = []
                for (item, _), ev in zip(batch, evidence, strict=True):
                    v = self.judge.verdict(ev, prefs.needs, prefs.unwelcome_topics,
                                           prefs.languages)
                    saved.append({"item_pk": item.pk, "label": v.label.value,
                                  "spam_probability": v.spam_probability, "unsure": v.unsure,
                                  "source": v.source, "summary": v.summary,
                                  "clues_json": _clues_json(v.clues), "state": wanted[item.pk],
                                  "judged_at": now, "run": run_id,
                                  "alternative_json": json.dumps(
                                      [v.alternative[0].value, v.alternative[1]])
                                  if v.alternative else None})
                with self.engine.begin() as conn:
                    queries.save_verdicts(conn, saved)
        judged_now = {item.pk for item, _ in stale}
        with self.engine.connect() as conn:
            stored = queries.verdict_rows(conn, owner.id)
            corrections = queries.active_corrections(conn, owner.id)
        model = {pk: _verdict_from_row(row) for pk, row in stored.items()}
        final = self._overlay(conn_pairs=pairs, model=model, corrections=corrections)
        out = []
        for item, case in pairs:
            fact = self.campaign_facts.get(item.pk)
            out.append(TriageRow(item, case, final[item.pk], item.pk in judged_now,
                                 fact.campaign_id if fact else None, fact.size if fact else 1))
        return out

    def _with_campaign(self, item: ItemRow, case: Case) -> Case:
        fact = self.campaign_facts.get(item.pk)
        if fact is None:
            return case
        return replace(case, facts=replace(case.facts, campaign_size=fact.size,
                                           campaign_senders=fact.senders))

    # -- the owner's word over the model --------------------------------------------------

    def _overlay(self, conn_pairs: list[tuple[ItemRow, Case]], model: dict[int, Verdict],
                 corrections: list[Any]) -> dict[int, Verdict]:
        by_item = {c.item_pk: c for c in corrections}
        # The owner's own word that a campaign is wanted vetoes others' reports of it.
        vetoed = {self.campaign_facts[c.item_pk].campaign_id for c in corrections
                  if c.label in (Label.WELCOME.value, Label.RELEVANT_PITCH.value)
                  and c.item_pk in self.campaign_facts}
        by_sender: dict[str, Any] = {}
        for c in corrections:
            # Only a profile URL identifies a sender well enough to extend a correction to
            # their other items; names are shared ("LinkedIn Member") and forgeable.
            if c.sender_key.startswith("http"):
                by_sender[c.sender_key] = c  # newest wins: corrections come oldest first
        learned = self._learned(conn_pairs, corrections, by_item, by_sender)
        bar = owner_threshold([(Label(c.label), model[c.item_pk].spam_probability)
                               for c in corrections if c.item_pk in model
                               and model[c.item_pk].source == "model"])
        out: dict[int, Verdict] = {}
        for item, _case in conn_pairs:
            v = model[item.pk]
            if v.source == "allow/block list":
                out[item.pk] = v
            elif item.pk in by_item:
                out[item.pk] = _corrected(v, Label(by_item[item.pk].label), "your correction",
                                          "You marked this item yourself.")
            elif item.sender.key in by_sender:
                c = by_sender[item.sender.key]
                out[item.pk] = _corrected(v, Label(c.label), "your correction of this sender",
                                          f"You marked another message from this sender "
                                          f"({c.item_id}) as {c.label}.")
            elif item.pk in learned:
                label, source_id, sim = learned[item.pk]
                out[item.pk] = _corrected(v, label, "learned from your corrections",
                                          f"Nearly the same text as {source_id}, which you "
                                          f"marked {label.value} (similarity {sim:.2f}).")
            else:
                out[item.pk] = self._reported(item, _rebarred(v, bar), vetoed)
        return out

    def _reported(self, item: ItemRow, v: Verdict, vetoed: set[str]) -> Verdict:
        """Others' spam reports of this item's campaign, as one more saturating signal."""
        count = self.reports.get(item.pk, 0)
        fact = self.campaign_facts.get(item.pk)
        if count < campaigns.REPORT_THRESHOLD or v.source != "model":
            return v
        if fact is not None and fact.campaign_id in vetoed:
            return v
        # Rspamd-style saturation: tanh(e * hits / limit) approaches 1 and stays there.
        weight = math.tanh(math.e * count / REPORT_LIMIT)
        p = 1.0 - (1.0 - v.spam_probability) * (1.0 - REPORT_MAX_SHIFT * weight)
        clue = Clue("campaign:reported_by_others", round(math.log(p / max(1e-6, 1 - p)), 2),
                    f"{count} other seedbed users reported this template as spam.", "")
        if p >= HIDE_THRESHOLD and v.label is not Label.SPAM:
            summary = ("Hidden because: an offer you didn't ask for, from someone you have "
                       f"never talked to; {count} others reported this template as spam.")
            return replace(v, label=Label.SPAM, spam_probability=p, clues=(clue, *v.clues),
                           summary=summary)
        return replace(v, spam_probability=max(p, v.spam_probability), clues=(clue, *v.clues))

    def _learned(self, pairs: list[tuple[ItemRow, Case]], corrections: list[Any],
                 by_item: dict[int, Any], by_sender: dict[str, Any]
                 ) -> dict[int, tuple[Label, str, float]]:
        if not corrections:
            return {}
        cases = {item.pk: case for item, case in pairs}
        taught = [c for c in corrections if c.item_pk in cases]
        if not taught:
            return {}
        teacher_vecs = self.embedder.encode([pitch_text(cases[c.item_pk]) for c in taught])
        pupils = [(item, case) for item, case in pairs
                  if item.pk not in by_item and item.sender.key not in by_sender]
        if not pupils:
            return {}
        pupil_vecs = self.embedder.encode([pitch_text(case) for _, case in pupils])
        sims = pupil_vecs @ teacher_vecs.T
        out: dict[int, tuple[Label, str, float]] = {}
        for row, (item, _) in enumerate(pupils):
            best = int(np.argmax(sims[row]))
            if sims[row, best] >= LEARN_SIMILARITY:
                c = taught[best]
                out[item.pk] = (Label(c.label), c.item_id, float(sims[row, best]))
        return out


def owner_threshold(corrected: list[tuple[Label, float]]) -> float:
    """The owner's own hiding bar, fitted to their corrections of model verdicts.

    Guards (anchors M15): it moves only with at least ``CALIBRATE_MIN`` corrections on each
    side (spam / not spam) and no side more than ``CALIBRATE_BALANCE`` times the other, stays
    within the unsure band, and counts hiding a wanted item ``CALIBRATE_HIDE_COST`` times
    worse than showing a spam one. Without enough balanced corrections it is the default.
    """
    spam = [p for label, p in corrected if label is Label.SPAM]
    other = [p for label, p in corrected if label is not Label.SPAM]
    if min(len(spam), len(other)) < CALIBRATE_MIN:
        return HIDE_THRESHOLD
    if max(len(spam), len(other)) > CALIBRATE_BALANCE * min(len(spam), len(other)):
        return HIDE_THRESHOLD

    def cost(bar: float) -> float:
        return (sum(1 for p in spam if p < bar)
                + CALIBRATE_HIDE_COST * sum(1 for p in other if p >= bar))

    steps = round((UNSURE_HIGH - UNSURE_LOW) / 0.05)
    bars = [round(UNSURE_LOW + 0.05 * i, 2) for i in range(steps + 1)]
    best: float = min(bars, key=lambda b: (cost(b), abs(b - HIDE_THRESHOLD)))
    return best


def _rebarred(v: Verdict, bar: float) -> Verdict:
    """A model verdict seen through the owner's own hiding bar."""
    if bar == HIDE_THRESHOLD or v.source != "model" or v.alternative is None:
        return v
    hidden = v.label is Label.SPAM
    if hidden == (v.spam_probability >= bar):
        return v
    label, summary = v.alternative
    clue = Clue("user:calibrated_bar", 0.0,
                f"Your corrections moved your hiding bar from {HIDE_THRESHOLD:.2f} to "
                f"{bar:.2f}; this item's spam probability is {v.spam_probability:.2f}.", "")
    return replace(v, label=label, summary=summary, clues=(clue, *v.clues),
                   source="calibrated by your corrections",
                   alternative=(v.label, v.summary))


def _corrected(v: Verdict, label: Label, source: str, detail: str) -> Verdict:
    points = 10.0 if label is Label.SPAM else -10.0
    clue = Clue("user:" + source.replace(" ", "_"), points, detail, "")
    probability = 1.0 if label is Label.SPAM else min(v.spam_probability, 0.05)
    summary = {
        Label.SPAM: f"Hidden because: {source} says spam.",
        Label.WELCOME: f"Welcome: {source}.",
        Label.RELEVANT_PITCH: f"Relevant pitch: {source}.",
        Label.ASK_WHY: f"Ask why they want to connect: {source}.",
    }[label]
    return replace(v, label=label, spam_probability=probability, clues=(clue, *v.clues),
                   summary=summary, unsure=False, source=source)


def set_owner_preferences(conn: Connection, owner: OwnerRow, path: str) -> None:
    """Store the preferences file's content for this owner (judged again on next triage)."""
    from pathlib import Path

    queries.set_preferences(conn, owner.id, prefs_mod.load(Path(path)), path)
