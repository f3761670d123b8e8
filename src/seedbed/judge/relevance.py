"""Relevance: how close an offer comes to what the owner needs, in meaning, not keywords.

Owns: the owner's "needs space" (stated needs, welcome and unwelcome topics, current work,
job-seeker preferences, writing) as embedding matrices, and the similarity features of an
item against it. Must not import: the store, SQLAlchemy, the CLI or the web layer.

Similarity is the cosine of L2-normalised sentence embeddings. Both the whole pitch and
its best sentence are compared: a pitch that opens with a compliment and ends with the offer
would otherwise be diluted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from seedbed.judge import lexicon
from seedbed.judge.context import Owner
from seedbed.judge.embedding import Embedder

Matrix = NDArray[np.float32]

_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
# Sentences shorter than this are greetings and sign-offs; they say nothing about an offer.
MIN_SENTENCE_CHARS = 25
# At most this many sentences per item are embedded (cost grows linearly with them).
MAX_SENTENCES = 2


def sentences(text: str) -> list[str]:
    """The item's sentences worth comparing (long enough to carry a topic).

    A text with a single such sentence returns none: the whole text already says it.
    """
    parts = [" ".join(p.split()) for p in _SENTENCE.split(text)]
    found = [p for p in parts if len(p) >= MIN_SENTENCE_CHARS]
    return found[:MAX_SENTENCES] if len(found) > 1 else []


def pick_sentences(text: str) -> tuple[list[str], list[bool]]:
    """Up to MAX_SENTENCES sentences worth embedding, and which of them state the offer.

    Sentences that say what is offered come first; sentences that only describe the
    recipient ("saw you're hiring planners") come last, since their words are the
    recipient's, not the offer's. A text with a single long sentence returns none.
    """
    parts = [" ".join(p.split()) for p in _SENTENCE.split(text)]
    found = [p for p in parts if len(p) >= MIN_SENTENCE_CHARS]
    if len(found) <= 1:
        return [], []
    offers = [p for p in found if lexicon.OFFER_SENTENCE.search(p)
              and not (lexicon.RECIPIENT_SENTENCE.search(p) and not _sells(p))]
    about_them = [p for p in found if p not in offers and lexicon.RECIPIENT_SENTENCE.search(p)]
    rest = [p for p in found if p not in offers and p not in about_them]
    chosen = (offers + rest + about_them)[:MAX_SENTENCES]
    return chosen, [p in offers for p in chosen]


def _sells(sentence: str) -> bool:
    """A recipient-describing sentence that also states an offer ("saw you're growing, we
    help teams like yours...")."""
    return bool(re.search(r"\bwe\s+(?:help|offer|provide|build|built)\b|\bour\s+\w+",
                          sentence, re.IGNORECASE))


def work_text(owner: Owner) -> list[str]:
    """Short descriptions of the owner's current work: headline, current roles, skills."""
    profile = owner.profile
    texts = [profile.headline] if profile.headline else []
    texts += [f"{p.title} at {p.company}. {p.description}"[:400] for p in profile.current_positions]
    if profile.skills:
        texts.append(", ".join(profile.skills[:30]))
    return [t for t in texts if t.strip()]


def writing_text(owner: Owner) -> list[str]:
    """Titles and openings of what the owner wrote (articles, posts)."""
    texts = [f"{a.title}. {a.text}"[:600] for a in owner.articles]
    texts += [p.text[:400] for p in owner.posts if p.text.strip()]
    return texts


def job_text(owner: Owner) -> list[str]:
    """What the owner is looking for as a job seeker, when they are one."""
    job = owner.profile.job_seeker
    if job is None:
        return []
    parts = list(job.job_titles)
    if job.locations:
        parts = [f"{title} in {', '.join(job.locations[:3])}" for title in parts] or parts
    return parts


@dataclass
class NeedsSpace:
    """The owner's needs, topics and work as embedding matrices (rows L2-normalised)."""

    needs: Matrix
    welcome: Matrix
    unwelcome: Matrix
    work: Matrix
    writing: Matrix
    jobs: Matrix

    @classmethod
    def build(cls, owner: Owner, embedder: Embedder) -> NeedsSpace:
        prefs = owner.preferences
        groups = [list(prefs.needs), list(prefs.welcome_topics), list(prefs.unwelcome_topics),
                  work_text(owner), writing_text(owner), job_text(owner)]
        flat = [t for g in groups for t in g]
        vectors = embedder.encode(flat) if flat else np.zeros((0, embedder.dim), np.float32)
        out: list[Matrix] = []
        start = 0
        for group in groups:
            out.append(vectors[start : start + len(group)])
            start += len(group)
        if "needs" in prefs.inferred:
            # Needs seedbed guessed say what the owner does or which job they want, not what
            # they asked to be offered: the headline and current roles already count as
            # work, the wanted roles as job-seeker roles (met only by a job offer). As needs
            # they made anything near one's own field "relevant". Their rows are zeroed
            # (indices kept, so a need is still quoted by its place).
            out[0] = out[0] * 0.0
        return cls(*out)


def _best(matrix: Matrix, vectors: Matrix) -> float:
    if matrix.shape[0] == 0 or vectors.shape[0] == 0:
        return 0.0
    return float(np.max(vectors @ matrix.T))


@dataclass(frozen=True)
class RelevanceMatch:
    """The closest need/topic and how close it is, for features and explanations."""

    need: float
    welcome: float
    unwelcome: float
    work: float
    writing: float
    job: float
    need_index: int
    unwelcome_index: int
    # The same comparisons made with the sentences that state the offer only.
    offer_need: float = 0.0
    offer_unwelcome: float = 0.0
    offer_job: float = 0.0


def match(space: NeedsSpace, vectors: Matrix,
          offers: list[bool] | None = None) -> RelevanceMatch:
    """Compare an item's vectors (whole text first, then its sentences) to the needs space.

    ``offers`` flags the sentences (``vectors[1:]``) that state what is offered; the
    ``offer_*`` fields compare needs, unwelcome topics and wanted roles with those alone
    (with all vectors when none is flagged): what is offered decides relevance, not the
    words a pitch borrows from the recipient's profile.
    """
    flags = [False, *(offers or [])][: vectors.shape[0]]
    offered = vectors[np.asarray(flags + [False] * (vectors.shape[0] - len(flags)), bool)]
    basis = offered if offered.shape[0] else vectors

    def arg(matrix: Matrix) -> int:
        if matrix.shape[0] == 0 or vectors.shape[0] == 0:
            return -1
        return int(np.argmax(np.max(vectors @ matrix.T, axis=0)))

    return RelevanceMatch(
        need=_best(space.needs, vectors),
        welcome=_best(space.welcome, vectors),
        unwelcome=_best(space.unwelcome, vectors),
        work=_best(space.work, vectors),
        writing=_best(space.writing, vectors),
        job=_best(space.jobs, vectors),
        need_index=arg(space.needs),
        unwelcome_index=arg(space.unwelcome),
        offer_need=_best(space.needs, basis),
        offer_unwelcome=_best(space.unwelcome, basis),
        offer_job=_best(space.jobs, basis),
    )
