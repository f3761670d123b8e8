"""Turning cases into the judge's evidence: clues plus the three stages' feature rows.

Owns: the feature layout of each stage (names and order), batching the embeddings of many
cases into one call, and the per-owner state (needs space, vocabulary) reused across items.
Must not import: the store, SQLAlchemy, the CLI or the web layer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from seedbed.judge.content import ContentSignals, content_signals, owner_vocabulary
from seedbed.judge.context import Case, Owner
from seedbed.judge.embedding import Embedder
from seedbed.judge.language import detect
from seedbed.judge.relationship import known, relationship_clues
from seedbed.judge.relevance import NeedsSpace, RelevanceMatch, match, pick_sentences
from seedbed.model import Clue

OFFER_HANDMADE = [
    "is_invitation", "blank", "length", "question", "html", "unanswered_before",
    "campaign", "offer_meeting_ask", "offer_seller_voice", "offer_results_claim",
    "offer_freebie", "offer_job_offer", "offer_investment_offer", "offer_applicant",
    "offer_content_push", "offer_foreign_ask", "offer_partner_ask", "sales_opener",
    "auto_merge_field",
    "auto_default_note", "auto_generic_compliment", "auto_bump", "cites_owner_work",
    "fake_personalisation", "purpose_cue", "question_on_work",
]
# The last three come from the judge's memory (judge/memory.py), not from the item alone.
MEMORY_NAMES = ["similar_offers", "similar_purpose", "nearest_similarity"]
OFFER_NAMES = [*OFFER_HANDMADE, "similar_offers", "nearest_similarity"]

RELEVANCE_NAMES = [
    "need", "welcome_topic", "unwelcome_topic", "work", "need_over_unwelcome",
    "job_for_seeker", "job_for_non_seeker", "job_match", "offer_need", "offer_unwelcome",
    "offer_job_match",
]
# The direction each relevance feature may push (+1 towards relevant, -1 away): closer to a
# need can only help, closer to an unwelcome topic can only hurt. The stage is fitted under
# these signs (judge/stage.py), so no data set can teach it that being far from the owner's
# work makes an offer relevant.
RELEVANCE_SIGNS = [1, 1, -1, 1, 1, 1, -1, 1, 1, -1, 1]

PURPOSE_NAMES = [
    "is_invitation", "blank", "length", "question", "purpose_cue", "cites_owner_work",
    "writing", "auto_default_note", "auto_generic_compliment", "fake_personalisation",
    "offer_language", "question_on_work", "similar_purpose",
]



@dataclass
class OwnerState:
    """Per-owner things computed once: the needs space and the owner's vocabulary."""

    owner: Owner
    space: NeedsSpace
    vocabulary: set[str]
    open_to_recruiters: bool


@dataclass
class Evidence:
    """Everything the judge knows about one case before the stages decide."""

    case: Case
    relationship: list[Clue]
    known: bool
    content: ContentSignals
    relevance: RelevanceMatch
    text_vector: NDArray[np.float32]
    language: str | None = None
    offer_row: NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))
    relevance_row: NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))
    purpose_row: NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))


def owner_state(owner: Owner, embedder: Embedder) -> OwnerState:
    """Prepare the per-owner state (embeds needs, topics and work once)."""
    prefs = owner.preferences
    job = owner.profile.job_seeker
    return OwnerState(owner, NeedsSpace.build(owner, embedder), owner_vocabulary(owner),
                      prefs.open_to_recruiters or bool(job and job.open_to_recruiters))


def pitch_text(case: Case) -> str:
    """The sender's side of the conversation so far: what they are pitching, if anything."""
    earlier = [m.text for m in case.thread if not m.from_owner]
    return "\n".join(t for t in [*earlier[-3:], case.subject, case.text] if t.strip())


def gather(cases: list[Case], state: OwnerState, embedder: Embedder) -> list[Evidence]:
    """Compute evidence for many cases of one owner, embedding all texts in one batch.

    Items from people the owner knows are decided by the relationship alone, so their texts
    are not embedded (most of a real inbox; it keeps triage fast).
    """
    texts: list[str] = []
    spans: list[tuple[int, int]] = []
    offer_flags: list[list[bool]] = []
    relationships = [relationship_clues(case, state.owner) for case in cases]
    contents = [content_signals(case, state.owner, state.vocabulary) for case in cases]
    for case, rel, content in zip(cases, relationships, contents, strict=True):
        if known(rel):
            spans.append((len(texts), len(texts)))
            offer_flags.append([])
            continue
        pitch = pitch_text(case)
        # Sentences serve relevance, which matters only for offers: a note with no sign of
        # one (no sales wording, no automation artefact, no InMail) is embedded whole only.
        chosen, flags = pick_sentences(pitch) if _may_offer(content, case) else ([], [])
        parts = [pitch, *chosen]
        offer_flags.append(flags)
        spans.append((len(texts), len(texts) + len(parts)))
        texts.extend(parts)
    vectors = embedder.encode(texts) if texts else np.zeros((0, embedder.dim), np.float32)
    blank = np.zeros((1, embedder.dim), np.float32)
    out: list[Evidence] = []
    for case, rel, (start, end), flags, content in zip(cases, relationships, spans,
                                                       offer_flags, contents, strict=True):
        item_vectors = vectors[start:end] if end > start else blank
        evidence = Evidence(case, rel, known(rel), content,
                            match(state.space, item_vectors, flags),
                            item_vectors[0], detect(pitch_text(case)))
        _rows(evidence, state)
        out.append(evidence)
    return out


_OFFER_SIGNS = (*(f"offer_{n}" for n in (
    "meeting_ask", "seller_voice", "results_claim", "freebie", "job_offer", "investment_offer",
    "applicant", "content_push", "foreign_ask", "partner_ask", "pain_question")),
    "auto_merge_field", "auto_bump", "sales_opener")


def _may_offer(content: ContentSignals, case: Case) -> bool:
    """Any sign of an offer in the item or its thread (cheap: the lexicon's families)."""
    f = content.features
    return bool(case.html or case.subject.strip() or any(f[n] > 0 for n in _OFFER_SIGNS))


def _rows(ev: Evidence, state: OwnerState) -> None:
    f = ev.content.features
    handmade = [f[name] for name in OFFER_HANDMADE]
    ev.offer_row = np.asarray(handmade, np.float64)
    r = ev.relevance
    job = f["offer_job_offer"]
    ev.relevance_row = np.asarray([
        r.need, r.welcome, r.unwelcome, r.work, r.need - r.unwelcome,
        job if state.open_to_recruiters else 0.0,
        0.0 if state.open_to_recruiters else job,
        # A wanted role is met by a job offer only, not by anything that names the field.
        r.job * job, r.offer_need, r.offer_unwelcome,
        r.offer_job * job if state.open_to_recruiters else 0.0,
    ], np.float64)
    offer_language = sum(f[f"offer_{n}"] for n in ("meeting_ask", "seller_voice",
                                                   "results_claim", "freebie"))
    ev.purpose_row = np.asarray([
        f["is_invitation"], f["blank"], f["length"], f["question"], f["purpose_cue"],
        f["cites_owner_work"], r.writing, f["auto_default_note"], f["auto_generic_compliment"],
        f["fake_personalisation"], offer_language, f["question_on_work"],
    ], np.float64)
