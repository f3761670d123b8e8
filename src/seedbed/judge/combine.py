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
# Verdicts whose deciding probability falls in this band are marked unsure (SpamBayes keeps
# an "unsure" band because most mistakes live there).
UNSURE_LOW, UNSURE_HIGH = 0.3, 0.7
# Contributions smaller than this (in log-odds) are noise and are not shown as reasons.
MIN_POINTS = 0.15

STAGE_C = {"offer": 0.5, "relevance": 1.0, "purpose": 0.5}
# The sentence model reads English; for a text confidently in another language its
# neighbours are found by surface tokens, not meaning, so the memory abstains (anchors M18:
# English-trained evidence is not applied to other languages). Unsure detection = English.
NEUTRAL_VOTE = Vote(0.5, 0.5, 0.0)


def _model_reads(ev: Evidence) -> bool:
    return ev.language in (None, "en")


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
            groups: list[str] | None = None) -> Judge:
        """Fit the memory and the three stages on strangers' labelled items.

        ``groups`` names each item's recipient: an item's memory vote is then taken from
        other recipients' items only, as it will be for a new user.
        """
        c = {**STAGE_C, **(self.C or {})}
        rows = [(e, y, g) for e, y, g in zip(evidence, labels, groups or
                                             [str(i) for i in range(len(labels))], strict=True)
                if not e.known]
        if not rows:
            raise ValueError("no strangers' items to learn from")
        offer_bits = np.asarray([y in (Label.SPAM, Label.RELEVANT_PITCH) for _, y, _ in rows],
                                dtype=np.float32)
        purpose_bits = np.asarray([np.nan if o else float(y is Label.WELCOME)
                                   for (_, y, _), o in zip(rows, offer_bits, strict=True)],
                                  dtype=np.float32)
        vectors = np.stack([e.text_vector for e, _, _ in rows]).astype(np.float32)
        readable = [_model_reads(e) for e, _, _ in rows]
        self.memory_ = Memory(vectors[readable], offer_bits[readable], purpose_bits[readable],
                              [g for (_, _, g), r in zip(rows, readable, strict=True) if r])
        votes = [v if r else NEUTRAL_VOTE for v, r in zip(
            self.memory_.votes(vectors, exclude_groups=[g for _, _, g in rows]), readable,
            strict=True)]
        offer_x = np.stack([self._offer_x(e, v) for (e, _, _), v in zip(rows, votes,
                                                                        strict=True)])
        self.offer_ = Stage(OFFER_NAMES, c["offer"]).fit(offer_x, offer_bits.astype(int))
        offers = [(e, y) for e, y, _ in rows if y in (Label.SPAM, Label.RELEVANT_PITCH)]
        self.relevance_ = Stage(RELEVANCE_NAMES, c["relevance"]).fit(
            np.stack([e.relevance_row for e, _ in offers]),
            np.asarray([y is Label.RELEVANT_PITCH for _, y in offers], dtype=int))
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
        return self._offer_x(ev, vote), self._purpose_x(ev, vote)

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
        # In a language the sentence model does not read, the evidence is weaker: hide only
        # above the unsure band, never inside it (no language-based penalty when unsure).
        bar = HIDE_THRESHOLD if _model_reads(ev) else UNSURE_HIGH
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
        for name, points in offer_parts.items():
            if abs(points) < MIN_POINTS:
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
            for name, points in self.purpose_.contributions(purpose_x).items():
                if abs(points) >= MIN_POINTS:
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
