"""Claims a draft makes about its recipient, and whether their own data backs each one.

Owns: the claim patterns ("I read your post on X", "congrats on Y", "your work on Z",
"noticed Acme is hiring"), the recipient's data a claim may trace to, and the tracing rule
(shared topic words, else embedding similarity). Must not import: typer, rich, the CLI, the web.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from seedbed.judge import lexicon
from seedbed.judge.content import STOPWORDS
from seedbed.judge.context import Owner
from seedbed.judge.embedding import Embedder

_WORD = re.compile(r"[^\W\d_]{3,}")
APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'"})

# A claim about the recipient traces to their data when this share of its topic words occur
# there, or when its topic embeds this close to one piece of it (MiniLM cosine; calibrated on
# the development set's fake-personalisation vs specific-reference cases, scripts/
# evaluate_senders.py).
TRACE_WORD_SHARE = 0.5
TRACE_SIMILARITY = 0.55

# Claims about the recipient, each with the part that must be found in their data.
WRITING_CLAIM = re.compile(
    r"\b(?:saw|read|loved|enjoyed|noticed|liked|came\s+across|caught)\s+(?:one\s+of\s+)?"
    r"your\s+(?:recent\s+|latest\s+|last\s+)?(?:linkedin\s+)?(?:posts?|articles?|pieces?|"
    r"comments?|thoughts|insights|updates?|shares?|newsletter|video)\b\s*"
    r"(?:on|about|regarding|that)?\s*(?P<topic>[^.!?\n]{0,80})", re.IGNORECASE)
# "your food-waste piece": the topic comes before the noun.
YOUR_PIECE = re.compile(
    r"\byour\s+(?P<topic>(?:[\w'-]+\s+){1,4}?)(?:posts?|articles?|pieces?|talk|paper|"
    r"newsletter|podcast|keynote|webinar)\b", re.IGNORECASE)
CONGRATULATIONS = re.compile(
    r"\bcongrat(?:s|ulations)\b[\s,!]*(?:on|for)?\s*(?P<topic>[^.!?\n]{0,80})", re.IGNORECASE)
NOTICED_YOU = re.compile(
    r"\b(?:noticed|saw|see|read|heard|learned|understand)\s+(?:that\s+)?(?:you(?:'re|'ve)?)\b"
    r"\s*(?P<topic>[^.!?\n]{3,80})", re.IGNORECASE)
# "noticed Acme Ltd is hiring": a claim about their organisation (a capitalised name).
NOTICED_ORG = re.compile(
    r"\b(?i:noticed|saw|see|read|heard)\s+(?:(?i:that)\s+)?(?P<subject>[A-Z][\w&'.-]*"
    r"(?:\s+(?:[A-Z][\w&'.-]*|&|of|and|de|van|der|du|la))*)\s+(?i:is|are|has|have|was|does|"
    r"did|just|recently)\s+(?P<topic>[^.!?\n]{3,80})")
YOUR_WORK = re.compile(
    r"\byour\s+(?:recent\s+|latest\s+|great\s+)?(?:work|research|talk|keynote|presentation|"
    r"podcast|book|paper|project|initiative|launch|webinar|panel|session|team's\s+work)\s+"
    r"(?:on|about|at|with|around|in|for)\s+(?P<topic>[^.!?\n]{3,80})", re.IGNORECASE)
# WRITING_CLAIM comes before lexicon.READ_CLAIM, which reads "your posts on X" as "post".
CLAIMS = ((WRITING_CLAIM, True), (lexicon.READ_CLAIM, True), (YOUR_PIECE, True),
          (CONGRATULATIONS, False), (YOUR_WORK, False), (NOTICED_YOU, False),
          (NOTICED_ORG, False))
# Where a claim's topic ends: the rest of the sentence is the sender talking about themselves.
_TOPIC_END = re.compile(
    r"[,;:()]|\s[-–—]\s|\s(?:and|but|so)\s+(?:i|we|thought|wanted|would|was|figured|it)\b"
    r"|\s(?:which|where|because|when|that\s+i)\s|\s(?:caught|grabbed|got|made)\s+my\b",
    re.IGNORECASE)
# Words that say nothing about what a claim is about.
CLAIM_STOPWORDS = STOPWORDS | frozenset(
    """the and for you your our are was how why who all new its his her one out any can get got
    way off own but not too via has had did recent latest insightful interesting brilliant
    fantastic amazing awesome piece thoughts topic around regarding especially particularly
    just last big huge congrats congratulations first open live minute minutes call next day
    days once twice able sure note chat""".split())


def stem(word: str) -> str:
    """A crude English plural strip, so "batteries" meets "battery" and "posts" "post"."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 4:
        return word[:-1]
    return word


def words(text: str, stop: frozenset[str] = CLAIM_STOPWORDS) -> set[str]:
    """The distinctive words of ``text`` (three letters or more, not stop words), stemmed."""
    return {stem(w) for w in (m.group(0).lower() for m in _WORD.finditer(text)) if w not in stop}


def identity_words(owner: Owner, titles: bool = True) -> set[str]:
    """Words anyone reads off a profile's top card: names, organisations, places (titles)."""
    p = owner.profile
    parts = [p.first_name, p.last_name, p.location, *(x.company for x in p.positions),
             *(e.school for e in p.education)]
    if titles:
        parts += [p.headline, p.industry, *(x.title for x in p.positions)]
    return words(" ".join(parts))


@dataclass(frozen=True)
class _Source:
    label: str
    text: str
    writing: bool  # an article or post (claims about their writing must trace to one)


def _sources(owner: Owner) -> list[_Source]:
    """Everything of theirs a claim may trace to, sentence by sentence, labelled."""
    p, prefs = owner.profile, owner.preferences
    out = [_Source(f"article \"{a.title}\"", a.title, True) for a in owner.articles]
    for a in owner.articles:
        out += [_Source(f"article \"{a.title}\"", para, True)
                for para in (" ".join(x.split()) for x in a.text.split("\n")) if para]
    out += [_Source("post", x.text, True) for x in owner.posts if x.text.strip()]
    profile_bits = [("headline", p.headline), ("summary", p.summary)]
    profile_bits += [("position", f"{x.title} at {x.company}. {x.description}")
                     for x in p.positions]
    profile_bits += [("skill", s) for s in p.skills]
    profile_bits += [("education", f"{e.degree} {e.school} {e.notes}") for e in p.education]
    profile_bits += [("project", f"{x.title}. {x.description}") for x in p.projects]
    profile_bits += [("publication", f"{x.name}. {x.description}") for x in p.publications]
    profile_bits += [("honour", h) for h in p.honors]
    profile_bits += [("certification", c.name) for c in p.certifications]
    profile_bits += [("volunteering", f"{v.role} {v.organization} {v.cause}")
                     for v in p.volunteering]
    if "needs" not in prefs.inferred:
        profile_bits += [("stated need", n) for n in prefs.needs]
    if p.job_seeker:
        profile_bits += [("looking for", t) for t in p.job_seeker.job_titles]
    for label, text in profile_bits:
        for piece in (s for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip()):
            out.append(_Source(label, piece, False))
    return out


@dataclass(frozen=True)
class Claim:
    """Something the draft says about the recipient, and the part to look for in their data."""

    span: tuple[int, int]
    topic: str
    about_writing: bool


def find_claims(draft: str) -> list[Claim]:
    """Claims about the recipient: read your post on X, congrats on Y, your work on Z, ..."""
    text = draft.translate(APOSTROPHES)
    claims: list[Claim] = []
    for pattern, writing in CLAIMS:
        for m in pattern.finditer(text):
            if any(m.start() < c.span[1] and c.span[0] < m.end() for c in claims):
                continue
            topic = m.group("topic")
            cut = _TOPIC_END.search(topic)
            if cut:
                topic = topic[: cut.start()]
                end = m.start("topic") + len(topic.rstrip())
            else:
                end = m.start() + len(m.group(0).rstrip())
            claims.append(Claim((m.start(), end), topic.strip(" !"), writing))
    return sorted(claims, key=lambda c: c.span)


@dataclass(frozen=True)
class Traced:
    """A claim and where it was found in the recipient's data (``source`` None: nowhere)."""

    claim: Claim
    source: str | None
    note: str


def trace_claims(draft: str, owner: Owner, embedder: Embedder) -> list[Traced]:
    """Look for each claim of ``draft`` in the recipient's profile, articles and posts.

    A claim about their writing must trace to their articles or posts; any other claim to
    anything on their profile. Names and organisations are left out of a claim's topic first:
    anyone can copy them from a headline, so they prove no research.
    """
    claims = find_claims(draft)
    if not claims:
        return []
    sources = _sources(owner)
    identity = identity_words(owner, titles=False)
    topics = [_checkable(c.topic, identity) for c in claims]
    vectors = embedder.encode([x or c.topic for x, c in zip(topics, claims, strict=True)]
                              + [s.text for s in sources])
    topic_vecs, source_vecs = vectors[: len(claims)], vectors[len(claims):]
    little = not (owner.articles or owner.posts or owner.profile.summary or owner.profile.skills)
    out = []
    for i, claim in enumerate(claims):
        topic_words = words(topics[i])
        pool = [j for j, s in enumerate(sources) if s.writing or not claim.about_writing]
        if lexicon.MERGE_FIELD.search(claim.topic):
            out.append(Traced(claim, None, "An unfilled merge field where the claim should be."))
            continue
        if not topic_words:
            out.append(Traced(claim, None, "Names nothing that can be checked: which one?"))
            continue
        hit = _trace(topic_words, topic_vecs[i], pool, sources, source_vecs)
        if hit is not None:
            found = sources[hit]
            out.append(Traced(claim, f"{found.label}: {_short_text(found.text)}", "Traced."))
        elif claim.about_writing and not (owner.articles or owner.posts):
            out.append(Traced(claim, None, "None of their posts or articles is known to "
                              "seedbed: check it is real."))
        elif little:
            out.append(Traced(claim, None, "Not in the little seedbed knows of them (name, "
                              "company, title): check it."))
        else:
            out.append(Traced(claim, None, "Traces to nothing in their profile, articles or "
                              "posts."))
    return out


def _short_text(text: str, limit: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _checkable(topic: str, identity: set[str]) -> str:
    """The topic without names and organisations (kept in order, for embedding)."""
    kept = [w for w in topic.split() if words(w) - identity or not words(w)]
    return " ".join(kept) if words(" ".join(kept)) else ""


def _trace(topic_words: set[str], topic_vec: NDArray[np.float32], pool: list[int],
           sources: list[_Source], source_vecs: NDArray[np.float32]) -> int | None:
    """The index of the source a claim's topic traces to, or None."""
    if not pool:
        return None
    best_share, best = 0.0, pool[0]
    for j in pool:
        share = len(topic_words & words(sources[j].text)) / len(topic_words)
        if share > best_share:
            best_share, best = share, j
    if best_share >= TRACE_WORD_SHARE:
        return best
    sims = source_vecs[pool] @ topic_vec
    k = int(np.argmax(sims))
    return pool[k] if float(sims[k]) >= TRACE_SIMILARITY else None
