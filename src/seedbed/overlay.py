"""The owner's word over the model: allow/block lists, corrections, what was learned from
them, the owner's own hiding bar, and others' spam reports.

Owns: the precedence of sources (allow/block > your correction of the item > of the sender >
learned from corrections > the model seen through your bar and others' reports), and
``Overlay``, the per-owner inputs of it, from which each item's shown verdict follows alone:
so an item is laid over by itself (one page), a few at a time (what a correction changed) or
all of an owner's items in batches, always with the same result.
Must not import: typer, rich, the CLI or the web layer.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from numpy.typing import NDArray

from seedbed import campaigns
from seedbed.judge.combine import HIDE_THRESHOLD, UNSURE_HIGH, UNSURE_LOW
from seedbed.model import Clue, Label, Verdict

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

Vectors = NDArray[np.float32]


@dataclass(frozen=True)
class Correction:
    """One active correction: its row id, the item (pk and public id), label and sender."""

    id: int
    item_pk: int
    item_id: str
    label: Label
    sender_key: str

    def snapshot(self) -> list[Any]:
        return [self.id, self.item_pk, self.label.value, self.sender_key]


@dataclass
class Overlay:
    """Everything besides an item's own model verdict that decides how it is shown.

    ``corrections`` oldest first; ``teachers`` the corrections of inbound items with their
    pitch vectors (``teacher_vectors``, one row each, in the same order); ``bar`` the hiding
    bar fitted to the corrections; ``vetoed`` campaigns the owner said are wanted.
    """

    corrections: list[Correction]
    teachers: list[Correction] = field(default_factory=list)
    teacher_vectors: Vectors = field(default_factory=lambda: np.zeros((0, 0), np.float32))
    bar: float = HIDE_THRESHOLD
    vetoed: set[str] = field(default_factory=set)
    by_item: dict[int, Correction] = field(init=False)
    by_sender: dict[str, Correction] = field(init=False)

    def __post_init__(self) -> None:
        self.by_item = {c.item_pk: c for c in self.corrections}
        self.by_sender = {}
        for c in self.corrections:
            # Only a profile URL identifies a sender well enough to extend a correction to
            # their other items; names are shared ("LinkedIn Member") and forgeable.
            if c.sender_key.startswith("http"):
                self.by_sender[c.sender_key] = c  # newest wins: corrections come oldest first

    def pupil(self, pk: int, sender_key: str) -> bool:
        """May this item learn from corrections (it has none of its own or its sender's)?"""
        return pk not in self.by_item and sender_key not in self.by_sender

    def learned(self, pupils: list[int], vectors: Vectors
                ) -> dict[int, tuple[Label, str, float]]:
        """The pupils (rows of ``vectors``) nearly the same as a corrected item: its label,
        its id and the similarity."""
        if not self.teachers or not pupils:
            return {}
        sims = vectors @ self.teacher_vectors.T
        out: dict[int, tuple[Label, str, float]] = {}
        for row, pk in enumerate(pupils):
            best = int(np.argmax(sims[row]))
            if sims[row, best] >= LEARN_SIMILARITY:
                c = self.teachers[best]
                out[pk] = (c.label, c.item_id, float(sims[row, best]))
        return out

    def untouched(self, pk: int, sender_key: str, label: Label, spam_probability: float,
                  source: str, alternative: bool, learned: bool) -> bool:
        """Is this item shown with its model verdict as it is, reports aside? Decided from
        the verdict's columns, without reading its reasons (``shown`` agrees)."""
        if source == "allow/block list":
            return True
        if pk in self.by_item or sender_key in self.by_sender or learned:
            return False
        rebarred = (self.bar != HIDE_THRESHOLD and source == "model" and alternative
                    and (label is Label.SPAM) != (spam_probability >= self.bar))
        return not rebarred

    def shown(self, pk: int, sender_key: str, model: Verdict,
              learned: tuple[Label, str, float] | None, reports: int,
              campaign_id: str | None) -> Verdict:
        """The verdict an item is shown with, from its model verdict."""
        if model.source == "allow/block list":
            return model
        if pk in self.by_item:
            return _corrected(model, self.by_item[pk].label, "your correction",
                              "You marked this item yourself.")
        if sender_key in self.by_sender:
            c = self.by_sender[sender_key]
            return _corrected(model, c.label, "your correction of this sender",
                              f"You marked another message from this sender "
                              f"({c.item_id}) as {c.label.value}.")
        if learned is not None:
            label, source_id, sim = learned
            return _corrected(model, label, "learned from your corrections",
                              f"Nearly the same text as {source_id}, which you "
                              f"marked {label.value} (similarity {sim:.2f}).")
        vetoed = campaign_id is not None and campaign_id in self.vetoed
        return _reported(_rebarred(model, self.bar), reports, vetoed)


def wanted(label: Label) -> bool:
    """Does a correction with this label say the item (and its campaign) is wanted?"""
    return label in (Label.WELCOME, Label.RELEVANT_PITCH)


def _reported(v: Verdict, count: int, vetoed: bool) -> Verdict:
    """Others' spam reports of this item's campaign, as one more saturating signal."""
    if count < campaigns.REPORT_THRESHOLD or v.source != "model" or vetoed:
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
