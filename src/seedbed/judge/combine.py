"""The judge: the definition's clauses in order, each a learned stage, one verdict with reasons.

Owns: the order of decisions (relationship, then offer, then relevance or purpose), the
probabilities they give, thresholds and the unsure band, the verdict's one-line summary,
and saving/loading the fitted stages. Must not import: the store, the CLI or the web.

    known sender?            yes -> welcome (unless blocked)
    offer?       P(offer)    no  -> specific purpose?  P(purpose) -> welcome | ask_why
    relevant?    P(relevant)     -> relevant_pitch | spam

spam_probability = P(stranger) * P(offer) * (1 - P(relevant)): each clause of the rule
is one factor, so the number reads the way the definition does.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np
from numpy.typing import NDArray

from seedbed.errors import ModelError
from seedbed.judge.features import (
    OFFER_NAMES,
    PURPOSE_NAMES,
    RELEVANCE_NAMES,
    RELEVANCE_SIGNS,
    Evidence,
)
from seedbed.judge.language import language_clue
from seedbed.judge.memory import Memory, Vote
from seedbed.judge.stage import Stage
from seedbed.model import Clue, Label, Verdict

FORMAT_VERSION = 2
MODEL_FILE = "judge.json"

# An item is hidden (spam) only when its spam probability reaches this; below it the best
# non-spam verdict is shown. Hiding a wanted message costs far more than showing a pitch
# (SpamAssassin's TCR uses lambda = 50), so the bar sits above the even-odds point.
HIDE_THRESHOLD = 0.5
# The bar for a text in a language the sentence model does not read: its evidence is
# weaker (patterns and the embedding stay silent), so it is hidden only further from the
# even-odds point. 0.6 rather than the unsure band's 0.7: on outreach from unseen template
# sources 0.7 let translated pitches through (spam recall 0.757 against 0.777) for 2 fewer
# notes hidden in 100.
FOREIGN_HIDE_THRESHOLD = 0.6
# Verdicts whose deciding probability falls in this band are marked unsure (SpamBayes keeps
# an "unsure" band because most mistakes live there).
UNSURE_LOW, UNSURE_HIGH = 0.3, 0.7
# Contributions smaller than this (in log-odds) are noise and are not shown as reasons.
MIN_POINTS = 0.15

STAGE_C = {"offer": 0.5, "relevance": 1.0, "purpose": 0.5}
# How much the sentence embedding (a block of 384 columns) weighs in the offer stage against
# the named features (judge/stage.py).
OFFER_TEXT_WEIGHT = 0.3
# The sentence model reads English; for a text confidently in another language its
# neighbours are found by surface tokens, not meaning, so the memory abstains (anchors M18:
# English-trained evidence is not applied to other languages). Unsure detection = English.
NEUTRAL_VOTE = Vote(0.5, 0.5, 0.0)


def _model_reads(ev: Evidence) -> bool:
    return ev.language in (None, "en")


# Whether the offer stage reads the embedding of texts in other languages (see _text_block).
TEXT_BLOCK_FOREIGN = False


def _text_block(ev: Evidence) -> NDArray[np.float64]:
    """The sentence embedding the offer stage weighs; zeros for a language the model does
    not read, unless TEXT_BLOCK_FOREIGN."""
    if TEXT_BLOCK_FOREIGN or _model_reads(ev):
        return ev.text_vector.astype(np.float64)
    return np.zeros(ev.text_vector.shape[0], np.float64)


@dataclass
class Probabilities:
    stranger: float
    offer: float
    relevant: float
    purpose: float

    @property
    def spam(self) -> float:
        return self.stranger * self.offer * (1.0 - self.relevant)

    def by_label(self) -> dict[Label, float]:
        s = self.stranger
        return {
            Label.WELCOME: (1 - s) + s * (1 - self.offer) * self.purpose,
            Label.RELEVANT_PITCH: s * self.offer * self.relevant,
            Label.ASK_WHY: s * (1 - self.offer) * (1 - self.purpose),
            Label.SPAM: self.spam,
        }


class Judge:
    """Three stages over evidence. ``fit`` on labelled evidence; ``verdict`` for one item."""

    def __init__(self, C: dict[str, float] | None = None) -> None:
        self.C = C

    def fit(self, evidence: list[Evidence], labels: list[Label],
            groups: list[str] | None = None, remember: list[bool] | None = None,
            relevance_weights: list[float] | None = None,
            offer_weights: list[float] | None = None) -> Judge:
        """Fit the memory and the three stages on strangers' labelled items.

        ``groups`` names each item's recipient: an item's memory vote is then taken from
        other recipients' items only, as it will be for a new user. ``remember`` says which
        items the memory keeps (default all); the others only train the stages.
        ``relevance_weights`` and ``offer_weights`` weigh each item in the relevance and
        the offer stage (default 1).
        """
        c = {**STAGE_C, **(self.C or {})}
        keep = remember if remember is not None else [True] * len(labels)
        rows = [(e, y, g) for e, y, g, k in zip(
            evidence, labels, groups or [str(i) for i in range(len(labels))], keep,
            strict=True) if not e.known]
        kept = [k for e, k in zip(evidence, keep, strict=True) if not e.known]
        rel_w = [w for e, w in zip(evidence, relevance_weights or [1.0] * len(labels),
                                   strict=True) if not e.known]
        off_w = np.asarray([w for e, w in zip(evidence, offer_weights or [1.0] * len(labels),
                                              strict=True) if not e.known], np.float64)
        if not rows:
            raise ValueError("no strangers' items to learn from")
        offer_bits = np.asarray([y in (Label.SPAM, Label.RELEVANT_PITCH) for _, y, _ in rows],
                                dtype=np.float32)
        purpose_bits = np.asarray([np.nan if o else float(y is Label.WELCOME)
                                   for (_, y, _), o in zip(rows, offer_bits, strict=True)],
                                  dtype=np.float32)
        vectors = np.stack([e.text_vector for e, _, _ in rows]).astype(np.float32)
        readable = [_model_reads(e) for e, _, _ in rows]
        bank = np.asarray([r and k for r, k in zip(readable, kept, strict=True)], dtype=bool)
        self.memory_ = Memory(vectors[bank], offer_bits[bank], purpose_bits[bank],
                              [g for (_, _, g), b in zip(rows, bank, strict=True) if b])
        votes = [v if r else NEUTRAL_VOTE for v, r in zip(
            self.memory_.votes(vectors, exclude_groups=[g for _, _, g in rows]), readable,
            strict=True)]
        offer_x = np.stack([self._offer_x(e, v) for (e, _, _), v in zip(rows, votes,
                                                                        strict=True)])
        offer_x = np.hstack([offer_x, np.stack([_text_block(e) for e, _, _ in rows])])
        self.offer_ = Stage([*OFFER_NAMES, "text*"], c["offer"],
                            block_weight=OFFER_TEXT_WEIGHT).fit(offer_x, offer_bits.astype(int),
                                                                sample_weight=off_w)
        offers = [(e, y, w) for (e, y, _), w in zip(rows, rel_w, strict=True)
                  if y in (Label.SPAM, Label.RELEVANT_PITCH)]
        self.relevance_ = Stage(RELEVANCE_NAMES, c["relevance"], signs=RELEVANCE_SIGNS).fit(
            np.stack([e.relevance_row for e, _, _ in offers]),
            np.asarray([y is Label.RELEVANT_PITCH for _, y, _ in offers], dtype=int),
            sample_weight=np.asarray([w for _, _, w in offers], np.float64))
        others = [((e, y), v) for (e, y, _), v in zip(rows, votes, strict=True)
                  if y in (Label.WELCOME, Label.ASK_WHY)]
        self.purpose_ = Stage(PURPOSE_NAMES, c["purpose"]).fit(
            np.stack([self._purpose_x(e, v) for (e, _), v in others]),
            np.asarray([y is Label.WELCOME for (_, y), _ in others], dtype=int))
        return self

    @staticmethod
    def _offer_x(ev: Evidence, vote: Vote) -> NDArray[np.float64]:
        return np.concatenate([ev.offer_row, [vote.offer, vote.nearest]])

    @staticmethod
    def _purpose_x(ev: Evidence, vote: Vote) -> NDArray[np.float64]:
        return np.concatenate([ev.purpose_row, [vote.purpose]])

    def _rows(self, ev: Evidence) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        vote = (self.memory_.votes(ev.text_vector.reshape(1, -1))[0] if _model_reads(ev)
                else NEUTRAL_VOTE)
        offer = np.concatenate([self._offer_x(ev, vote), _text_block(ev)])
        return offer, self._purpose_x(ev, vote)

    # -- prediction -----------------------------------------------------------------------

    def probabilities(self, ev: Evidence,
                      rows: tuple[NDArray[np.float64], NDArray[np.float64]] | None = None
                      ) -> Probabilities:
        def row(r: NDArray[np.float64]) -> NDArray[np.float64]:
            return r.reshape(1, -1)

        offer_x, purpose_x = rows if rows is not None else self._rows(ev)
        return Probabilities(
            stranger=0.0 if ev.known else 1.0,
            offer=float(self.offer_.predict_proba(row(offer_x))[0]),
            relevant=float(self.relevance_.predict_proba(row(ev.relevance_row))[0]),
            purpose=float(self.purpose_.predict_proba(row(purpose_x))[0]),
        )

    def verdict(self, ev: Evidence, needs: tuple[str, ...] = (),
                unwelcome: tuple[str, ...] = (), languages: tuple[str, ...] = ()) -> Verdict:
        """Decide one item and explain it."""
        rows = self._rows(ev)
        p = self.probabilities(ev, rows)
        blocked = any(c.code == "rel:blocked" for c in ev.relationship)
        allowed = any(c.code == "rel:allowed" for c in ev.relationship)
        clues = self._clues(ev, p, rows)
        lang = language_clue(ev.case.text, languages) if languages else None
        if lang is not None:
            clues.append(lang)
        if blocked:
            return Verdict(Label.SPAM, 1.0, tuple(clues), "Hidden because: you blocked this "
                           "sender.", source="allow/block list")
        if allowed or ev.known:
            return Verdict(Label.WELCOME, 0.0 if allowed else p.spam, tuple(clues),
                           _welcome_known_summary(ev, allowed), source="relationship")
        scores = p.by_label()
        # In a language the sentence model does not read, the evidence is weaker: a higher
        # bar (no language-based penalty when unsure).
        bar = HIDE_THRESHOLD if _model_reads(ev) else FOREIGN_HIDE_THRESHOLD
        if p.spam >= bar:
            label = Label.SPAM
        else:
            label = max((lb for lb in scores if lb is not Label.SPAM), key=scores.__getitem__)
        deciding = {Label.SPAM: p.spam, Label.RELEVANT_PITCH: p.relevant,
                    Label.ASK_WHY: 1 - p.purpose, Label.WELCOME: p.purpose}[label]
        if label in (Label.SPAM, Label.RELEVANT_PITCH):
            deciding = min(deciding, p.offer) if label is Label.RELEVANT_PITCH else p.spam
        unsure = UNSURE_LOW < deciding < UNSURE_HIGH
        summary = _summary(label, ev, needs, unwelcome)
        other = (max((lb for lb in scores if lb is not Label.SPAM), key=scores.__getitem__)
                 if label is Label.SPAM else Label.SPAM)
        return Verdict(label, round(p.spam, 4), tuple(clues), summary, unsure=unsure,
                       alternative=(other, _summary(other, ev, needs, unwelcome)))

    def _clues(self, ev: Evidence, p: Probabilities,
               rows: tuple[NDArray[np.float64], NDArray[np.float64]]) -> list[Clue]:
        """Relationship clues, then the stages' strongest contributions, with evidence."""
        clues = list(ev.relationship)
        if ev.known:
            return clues
        found = {c.code: c for c in ev.content.clues}
        offer_x, purpose_x = rows
        offer_parts = self.offer_.contributions(offer_x)
        present = {n: float(v) for n, v in zip(OFFER_NAMES, offer_x, strict=False)}
        for name, points in offer_parts.items():
            if abs(points) < MIN_POINTS or not _shown(name, present, ev):
                continue
            code, detail, evidence, span = _describe_offer_feature(name, found)
            clues.append(Clue(code, round(points, 2), detail, evidence, span))
        if p.offer >= 0.5:
            rel_parts = self.relevance_.contributions(ev.relevance_row)
            for name, points in rel_parts.items():
                if abs(points) >= MIN_POINTS:
                    # Relevance lowers spam odds: its log-odds enter with the opposite sign.
                    clues.append(Clue(f"relevance:{name}", round(-points, 2),
                                      _RELEVANCE_DETAIL.get(name, name), ""))
        else:
            shown = {n: float(v) for n, v in zip(PURPOSE_NAMES, purpose_x, strict=False)}
            for name, points in self.purpose_.contributions(purpose_x).items():
                if abs(points) >= MIN_POINTS and _shown(name, shown, ev):
                    code = f"purpose:{name}"
                    clue = found.get(code) or found.get(_PURPOSE_CLUE.get(name, ""))
                    clues.append(Clue(code, round(-points, 2), _PURPOSE_DETAIL.get(name, name),
                                      clue.evidence if clue else "", clue.span if clue else None))
        seen = {c.code for c in clues}
        for clue in ev.content.clues:
            if clue.code not in seen and clue.code.startswith(("auto:", "campaign:")):
                clues.append(clue)
        rel = [c for c in clues if c.code.startswith("rel:")]
        rest = sorted((c for c in clues if not c.code.startswith("rel:")),
                      key=lambda c: -abs(c.points))
        return rel + rest

    # -- persistence ----------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        return {"v": FORMAT_VERSION, "offer": self.offer_.to_dict(),
                "relevance": self.relevance_.to_dict(), "purpose": self.purpose_.to_dict(),
                "memory": self.memory_.to_dict()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Judge:
        if data.get("v") != FORMAT_VERSION:
            raise ModelError(f"the judge model has format {data.get('v')}, this seedbed "
                             f"reads {FORMAT_VERSION}")
        judge = cls()
        judge.offer_ = Stage.from_dict(data["offer"])
        judge.relevance_ = Stage.from_dict(data["relevance"])
        judge.purpose_ = Stage.from_dict(data["purpose"])
        judge.memory_ = Memory.from_dict(data["memory"])
        return judge


def load_packaged() -> Judge:
    """The judge fitted by scripts/train_judge.py and shipped in the package."""
    try:
        text = resources.files("seedbed.data").joinpath(MODEL_FILE).read_text("utf-8")
    except (FileNotFoundError, OSError) as exc:
        raise ModelError(f"the packaged judge model {MODEL_FILE} is missing") from exc
    return Judge.from_dict(json.loads(text))


# Features that speak as a reason only when present: "refers to specifics of what you
# wrote" must not be said of a note that refers to nothing (its absence moves the odds
# too, but the reason would read as a claim about the item).
_ONLY_WHEN_PRESENT = frozenset({
    "cites_owner_work", "question_on_work", "fake_personalisation", "purpose_cue", "html",
    "subject", "campaign", "unanswered_before", "is_invitation", "blank", "question",
    "writing", "offer_language", "auto_default_note", "auto_generic_compliment",
    "sales_opener"})


def _shown(name: str, values: dict[str, float], ev: Evidence) -> bool:
    """Whether a stage's contribution may be shown as a reason for this item."""
    if name == "text":
        return _model_reads(ev)   # a zeroed block says nothing about this item's wording
    if name in _ONLY_WHEN_PRESENT:
        return values.get(name, 1.0) > 0.0
    return True


_OFFER_FEATURE: dict[str, tuple[str, str]] = {
    "similar_offers": ("model:similar_offers", "How often the most similar outreach seedbed "
                       "learned from was an offer."),
    "nearest_similarity": ("model:nearest_similarity", "How close the most similar known "
                           "outreach is."),
    "is_invitation": ("shape:invitation", "An invitation note."),
    "blank": ("shape:blank", "No text at all."),
    "length": ("shape:length", "Message length."),
    "question": ("shape:question", "Asks a question."),
    "html": ("auto:inmail_markup", "Sent as formatted InMail (sponsored or paid outreach)."),
    "subject": ("shape:subject", "Has an e-mail style subject line."),
    "unanswered_before": ("auto:unanswered_sequence", "Follows earlier messages you never "
                          "answered."),
    "campaign": ("campaign:member", "The same template was sent many times."),
    "cites_owner_work": ("purpose:cites_your_work", "Refers to specifics of what you wrote."),
    "fake_personalisation": ("auto:fake_personalisation", "Claims to have read something of "
                             "yours that matches nothing you wrote."),
    "purpose_cue": ("purpose:stated", "States a non-sales purpose."),
    "text": ("model:wording", "Worded like the outreach seedbed learned from (offers or "
                              "not)."),
    "sales_opener": ("offer:sales_opener", "A seller's question about your problems or "
                                           "priorities: the opening of a pitch."),
    "question_on_work": ("purpose:question_on_your_work", "Asks a question about what you "
                                                          "wrote."),
}


def _describe_offer_feature(name: str, found: dict[str, Clue]
                            ) -> tuple[str, str, str, tuple[int, int] | None]:
    for prefix, family in (("offer_", "offer:"), ("auto_", "auto:")):
        if name.startswith(prefix):
            key = family + name[len(prefix):]
            if name == "auto_bump":
                key = "auto:follow_up_bump"
            clue = found.get(key)
            if clue:
                return key, clue.detail, clue.evidence, clue.span
            return key, "No " + key.split(":")[1].replace("_", " ") + " found.", "", None
    code, detail = _OFFER_FEATURE.get(name, (f"feature:{name}", name))
    clue = found.get(code)
    return code, detail, clue.evidence if clue else "", clue.span if clue else None


_RELEVANCE_DETAIL = {
    "need": "How close the offer comes to one of your stated needs.",
    "welcome_topic": "How close it comes to a topic you welcome.",
    "unwelcome_topic": "How close it comes to a topic you do not want pitched.",
    "work": "How close it comes to your current work.",
    "need_over_unwelcome": "Closer to your needs than to your unwelcome topics, or not.",
    "job_for_seeker": "A job offer, and you are open to recruiters.",
    "job_for_non_seeker": "A job offer, and you are not looking.",
    "job_match": "How close it comes to the roles you are looking for.",
    "offer_need": "How close what is offered comes to one of your stated needs.",
    "offer_unwelcome": "How close what is offered comes to a topic you do not want pitched.",
    "offer_job_match": "How close the role offered comes to the roles you are looking for.",
}
_PURPOSE_DETAIL = {
    "is_invitation": "An invitation note.",
    "blank": "No note at all.",
    "length": "How much they wrote.",
    "question": "Asks you a question.",
    "purpose_cue": "States a purpose (event, question, research or introduction).",
    "cites_owner_work": "Refers to specifics of what you wrote.",
    "writing": "Close in meaning to your articles and posts.",
    "auto_default_note": "A stock note that says nothing about why.",
    "auto_generic_compliment": "A compliment that fits anyone.",
    "fake_personalisation": "Claims to have read something of yours that matches nothing "
                            "you wrote.",
    "offer_language": "Sales language.",
    "question_on_work": "Asks a question about what you wrote.",
    "similar_purpose": "How often the most similar non-sales notes had a real purpose.",
}
_PURPOSE_CLUE = {
    "purpose_cue": "purpose:stated",
    "cites_owner_work": "purpose:cites_your_work",
    "auto_default_note": "auto:default_note",
    "auto_generic_compliment": "auto:generic_compliment",
    "fake_personalisation": "auto:fake_personalisation",
    "blank": "purpose:none",
}


def _welcome_known_summary(ev: Evidence, allowed: bool) -> str:
    if allowed:
        return "Welcome: you allowed this sender."
    strongest = next((c for c in ev.relationship if c.points < 0), None)
    reason = strongest.detail.rstrip(".") if strongest else "you know them"
    return f"Welcome: {reason[0].lower()}{reason[1:]}."


# Which offer evidence best says WHAT is offered (a call ask says only how to buy it).
_TOPIC_ORDER = ("offer:seller_voice", "offer:job_offer", "offer:investment_offer",
                "offer:freebie", "offer:applicant", "offer:results_claim", "offer:content_push",
                "offer:foreign_ask", "offer:meeting_ask")


def _offer_topic(ev: Evidence) -> str:
    """The sentence of the item that says what is offered, shortened."""
    text = ev.case.text
    spans = {c.code: c.span for c in ev.content.clues if c.code.startswith("offer:") and c.span}
    start = next((spans[code][0] for code in _TOPIC_ORDER if spans.get(code)), None)
    if start is None:
        return _short(text)
    left = max(text.rfind(".", 0, start), text.rfind("\n", 0, start),
               text.rfind("?", 0, start), text.rfind("!", 0, start)) + 1
    return _short(re.split(r"(?<=[.!?])\s|\n", text[left:].strip())[0])


def _short(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _summary(label: Label, ev: Evidence, needs: tuple[str, ...],
             unwelcome: tuple[str, ...]) -> str:
    who = ("a connection you have never talked with" if ev.case.facts.is_connection
           else "someone you have never talked to")
    campaign = ""
    if ev.case.facts.campaign_size > 1:
        campaign = f"; same template sent {ev.case.facts.campaign_size} times"
    r = ev.relevance
    if label is Label.SPAM:
        about = f'"{_offer_topic(ev)}"'
        if unwelcome and r.unwelcome_index >= 0 and r.unwelcome > r.need:
            about += f" (close to your unwelcome topic: {_short(unwelcome[r.unwelcome_index], 50)})"
        return f"Hidden because: an offer you didn't ask for, from {who}, about {about}{campaign}."
    if label is Label.RELEVANT_PITCH:
        need = _short(needs[r.need_index], 80) if needs and r.need_index >= 0 else "your work"
        return f"Sales pitch from {who} that may meet your need: {need}{campaign}."
    if label is Label.ASK_WHY:
        if not ev.case.text.strip():
            return "A stranger with no note: ask why they want to connect."
        return f"A stranger with no clear purpose: ask why they want to connect{campaign}."
    purpose = next((c for c in ev.content.clues if c.code.startswith("purpose:") and
                    c.code != "purpose:none"), None)
    why = f": {purpose.detail[0].lower()}{purpose.detail[1:].rstrip('.')}" if purpose else ""
    return f"Welcome: a stranger with a specific, non-sales message{why}."


def as_array(rows: list[NDArray[np.float64]]) -> NDArray[np.float64]:
    return np.stack(rows)
