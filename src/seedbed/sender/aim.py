"""Aim: rank people by how well an offer meets their needs, and list whom it would spam.

Owns: scoring one offer against many recipients with the packaged judge turned around (each
recipient is the judge's owner, the offer a message from the sender), the quoted evidence
(which need, article, post, position or skill the offer came closest to), the skip list, and
``Sender`` (who sends, from ``--about ME.toml``: their companies make colleagues known).
Must not import: typer, rich, the CLI or the web layer.

Score: P(relevant) of the judge's relevance stage, the same number that decides between
``relevant_pitch`` and ``spam`` for an inbox. Skip: a message would be ``spam`` by the
definition (a stranger's offer that comes nowhere close to their needs, P(spam) >= 0.5).
The text given to ``aim`` is an offer by the sender's own word, so the judge's offer clause is
settled (P(offer) = 1) and P(spam) = P(stranger) x (1 - P(relevant)); ``check`` judges a
draft with every clause, offer included.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from seedbed import tomlfile
from seedbed.errors import InputError
from seedbed.judge.context import Case
from seedbed.judge.embedding import CachedEmbedder, Embedder, MemoryVectorCache
from seedbed.judge.features import Evidence, gather, owner_state, pitch_text
from seedbed.judge.relationship import shared_employer
from seedbed.judge.relevance import job_text, sentences, work_text, writing_text
from seedbed.model import Clue, Kind, Label, Person, Profile, Verdict, canonical_profile_url
from seedbed.sender.profiles import (
    Recipient,
    Store,
    connection_recipients,
    engine_for,
    pick_owner,
    read_profiles,
)

if TYPE_CHECKING:
    from seedbed.judge.combine import Judge

# MiniLM cosines: unrelated professional texts sit around 0.0-0.2, texts on one topic from
# 0.4 up. Below 0.3 a "match" is noise and quoting it would mislead the sender.
EVIDENCE_MIN = 0.30
# At most this many pieces of evidence per person: the strongest say enough.
EVIDENCE_TOP = 3
# Quotes are cut to this many characters (a table cell, one line of JSON).
QUOTE_CHARS = 140
# Sentences shorter than this are greetings and sign-offs, not part of the offer.
MIN_PART_CHARS = 25
# Articles are compared paragraph by paragraph (so the quote is the paragraph that matched),
# up to this many per article: openings carry the topic, and cost grows with each one.
MAX_PARAGRAPHS = 8
# Skills are compared one by one up to this many (LinkedIn allows 100; the first are the ones
# people choose to show).
MAX_SKILLS = 30

_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
_PARAGRAPH = re.compile(r"\n\s*\n|\n")


@dataclass(frozen=True)
class Match:
    """One piece of the recipient's profile the offer came close to, quoted."""

    kind: str  # need, inferred need, welcome topic, unwelcome topic, looking for, headline,
    #            position, skill, article, post
    text: str
    similarity: float
    offer_part: str

    def as_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "text": self.text, "similarity": round(self.similarity, 3),
                "offer_part": self.offer_part}


@dataclass(frozen=True)
class Aimed:
    """One recipient's result: relevance, the verdict their side would give, the evidence."""

    recipient: Recipient
    relevance: float
    spam_probability: float
    verdict: Verdict
    evidence: tuple[Match, ...]
    unwelcome: Match | None = None

    @property
    def skip(self) -> bool:
        """A message would be spam by the definition: do not send it."""
        return self.verdict.label is Label.SPAM

    @property
    def best_similarity(self) -> float:
        return self.evidence[0].similarity if self.evidence else 0.0

    def reason(self) -> str:
        """One line for the sender, in the sender's terms."""
        r = self.recipient
        if self.verdict.source == "relationship":
            return "They know you: " + known_reason(self.verdict) + "."
        best = self.evidence[0] if self.evidence else None
        what = (f"closest to their {best.kind}: \"{best.text}\"" if best
                else "close to nothing known about them")
        if self.unwelcome is not None:
            what += f"; near their unwelcome topic \"{self.unwelcome.text}\""
        if self.skip:
            return f"Nowhere close to their needs ({what})."
        if r.little_known:
            return f"Little is known about them; {what}."
        return what[0].upper() + what[1:] + "."

    def as_json(self, rank: int) -> dict[str, Any]:
        r = self.recipient
        return {
            "rank": rank, "name": r.name, "profile_url": r.profile_url, "headline": r.headline,
            "relevance": round(self.relevance, 4),
            "spam_probability": round(self.spam_probability, 4),
            "verdict": self.verdict.label.value, "skip": self.skip,
            "declared_needs": r.declared_needs, "little_known": r.little_known,
            "source": r.source, "reason": self.reason(),
            "evidence": [m.as_json() for m in self.evidence],
            "unwelcome": self.unwelcome.as_json() if self.unwelcome else None,
        }


@dataclass
class AimReport:
    """Everyone ranked, best first; ``skip`` lists those a message would be spam to."""

    offer: str
    ranked: list[Aimed]

    @property
    def skip(self) -> list[Aimed]:
        return [a for a in self.ranked if a.skip]

    def as_jsonl(self) -> list[dict[str, Any]]:
        return [a.as_json(rank) for rank, a in enumerate(self.ranked, start=1)]


# The judge's relationship clues speak to the inbox owner (here: the recipient); the sender
# reads them the other way round.
_SENDER_TERMS = {
    "rel:two_way_history": "they have written to you before",
    "rel:talked_elsewhere": "they have written to you before",
    "rel:owner_started": "they started a conversation with you",
    "rel:shared_employer": "you both work or worked at {evidence}",
    "rel:recommendation": "one of you recommended the other",
    "rel:endorsement": "one of you endorsed the other",
    "rel:you_invited": "they invited you to connect and you accepted",
    "rel:your_note": "they keep a note about you",
    "rel:allowed": "they allow messages from you",
}


def known_reason(verdict: Verdict) -> str:
    """Why the recipient's side knows the sender, said to the sender."""
    for clue in verdict.clues:
        if clue.points < 0 and clue.code in _SENDER_TERMS:
            return _SENDER_TERMS[clue.code].format(evidence=clue.evidence)
    return "you have a relationship"


# -- candidates: what of a person an offer can be close to ------------------------------------


@dataclass(frozen=True)
class _Candidate:
    kind: str
    embed: str
    quote: str
    group: str = ""  # one piece of evidence per group: an article quoted once, not per paragraph


def _short(text: str, limit: int = QUOTE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _candidates(r: Recipient) -> list[_Candidate]:
    owner = r.owner
    profile, prefs = owner.profile, owner.preferences
    need_kind = "inferred need" if "needs" in prefs.inferred else "need"
    out = [_Candidate(need_kind, n, _short(n)) for n in prefs.needs]
    out += [_Candidate("welcome topic", x, _short(x)) for x in prefs.welcome_topics]
    out += [_Candidate("looking for", x, _short(x)) for x in job_text(owner)]
    if profile.headline:
        out.append(_Candidate("headline", profile.headline, _short(profile.headline)))
    for p in profile.current_positions:
        title = " at ".join(x for x in (p.title, p.company) if x)
        out.append(_Candidate("position", f"{title}. {p.description}"[:400], _short(title)))
    out += [_Candidate("skill", s, s) for s in profile.skills[:MAX_SKILLS]]
    for a in owner.articles:
        paragraphs = [p for p in (" ".join(x.split()) for x in _PARAGRAPH.split(a.text)) if p]
        group = "article:" + a.title
        out.append(_Candidate("article", f"{a.title}. {a.text}"[:600], _short(a.title), group))
        out += [_Candidate("article", p[:600], _short(f"{a.title}: {p}"), group)
                for p in paragraphs[:MAX_PARAGRAPHS]]
    out += [_Candidate("post", p.text[:400], _short(p.text)) for p in owner.posts if p.text.strip()]
    seen: set[str] = set()
    unique = []
    for c in out:  # an inferred need is often the headline itself: keep the first kind only
        key = " ".join(c.embed.lower().split())
        if key and key not in seen:
            seen.add(key)
            unique.append(c)
    return unique


def offer_parts(offer: str) -> list[str]:
    """The offer whole, then its sentences long enough to carry a topic."""
    parts = [" ".join(p.split()) for p in _SENTENCE.split(offer)]
    whole = " ".join(offer.split())
    return [whole, *[p for p in parts if len(p) >= MIN_PART_CHARS and p != whole]]


def _evidence(cands: list[_Candidate], vectors: NDArray[np.float32], parts: list[str],
              part_vectors: NDArray[np.float32], unwelcome: list[str],
              unwelcome_vectors: NDArray[np.float32]) -> tuple[tuple[Match, ...], Match | None]:
    matches: list[Match] = []
    found: list[tuple[str, Match]] = []
    if cands:
        sims = vectors @ part_vectors.T
        best_part = np.argmax(sims, axis=1)
        for i, c in enumerate(cands):
            sim = float(sims[i, best_part[i]])
            if sim >= EVIDENCE_MIN:
                found.append((c.group or c.quote,
                              Match(c.kind, c.quote, sim, _short(parts[int(best_part[i])]))))
    found.sort(key=lambda x: -x[1].similarity)
    seen: set[str] = set()
    for group, m in found:
        # One quote per article, and an inferred need that reads exactly like the position
        # it came from is quoted once.
        if group not in seen and m.text not in seen:
            seen |= {group, m.text}
            matches.append(m)
    warning = None
    if unwelcome:
        sims = unwelcome_vectors @ part_vectors.T
        row, col = np.unravel_index(int(np.argmax(sims)), sims.shape)
        sim = float(sims[row, col])
        top = matches[0].similarity if matches else 0.0
        if sim >= EVIDENCE_MIN and sim >= top:
            warning = Match("unwelcome topic", _short(unwelcome[int(row)]), sim,
                            _short(parts[int(col)]))
    return tuple(matches[:EVIDENCE_TOP]), warning


def _space_texts(r: Recipient) -> list[str]:
    prefs = r.owner.preferences
    return [*prefs.needs, *prefs.welcome_topics, *prefs.unwelcome_topics, *work_text(r.owner),
            *writing_text(r.owner), *job_text(r.owner)]


# -- the sender: --about ME.toml -------------------------------------------------------------

ABOUT_TEXT = ("name", "headline", "company", "profile_url", "offer")
ABOUT_LISTS = ("past_companies",)


@dataclass(frozen=True)
class Sender:
    """Who sends the offer, by their own word (``--about ME.toml``, docs/senders.md).

    Their companies count as the store owner's employers do: a recipient who works or worked
    at one of them knows the sender. ``offer`` is used when no offer is given otherwise.
    """

    name: str = ""
    headline: str = ""
    company: str = ""
    past_companies: tuple[str, ...] = ()
    profile_url: str | None = None
    offer: str = ""

    @property
    def companies(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c for c in (self.company, *self.past_companies) if c))

    @property
    def person(self) -> Person:
        """The sender as a message's sender (what the recipient's side sees)."""
        return Person(self.name or "(you)", self.profile_url, self.headline, self.company)


def parse_about(text: str, source: str = "about") -> Sender:
    """A ``Sender`` from TOML text; InputError naming ``source`` and the field."""
    data = tomlfile.parse(text, source)
    unknown = sorted(set(data) - {*ABOUT_TEXT, *ABOUT_LISTS})
    if unknown:
        raise InputError(f"unknown field(s): {', '.join(unknown)}", path=source)
    values: dict[str, str] = {}
    for name in ABOUT_TEXT:
        raw = data.get(name, "")
        if not isinstance(raw, str):
            raise InputError(f"field '{name}' must be a string", path=source)
        values[name] = raw.strip() if name == "offer" else " ".join(raw.split())
    past = data.get("past_companies", [])
    if isinstance(past, str):
        past = [past]
    if not isinstance(past, list) or not all(isinstance(c, str) for c in past):
        raise InputError("field 'past_companies' must be a list of strings", path=source)
    url = canonical_profile_url(values["profile_url"])
    if values["profile_url"] and not (url or "").startswith("https://www.linkedin.com/in/"):
        raise InputError("field 'profile_url' must be a LinkedIn profile URL", path=source)
    sender = Sender(values["name"], values["headline"], values["company"],
                    tuple(" ".join(c.split()) for c in past if c.strip()), url, values["offer"])
    if not (sender.name or sender.headline or sender.companies or sender.offer):
        raise InputError("says nothing about you: give at least name, company or offer",
                         path=source)
    return sender


def read_about(path: Path) -> Sender:
    """Read ``--about ME.toml``; InputError naming the file (and field) when it cannot be used."""
    return parse_about(tomlfile.read(path), str(path))


def shared_company(sender: Sender, profile: Profile) -> str:
    """The sender's company where ``profile`` works or worked (the judge's rule), else ""."""
    return next((company for company in sender.companies
                 if shared_employer(company, profile)), "")


def introduce(people: Sequence[Recipient], sender: Sender) -> list[Recipient]:
    """``people`` as they would see ``sender``: a colleague, present or past, knows them.

    Only adds to what the store already says (``Recipient.facts``); the sender's own profile
    (same URL) is left out, since nobody aims an offer at themselves.
    """
    out = []
    for r in people:
        if sender.profile_url and r.profile_url == sender.profile_url:
            continue
        company = shared_company(sender, r.owner.profile)
        out.append(replace(r, facts=replace(r.facts, company=company)) if company else r)
    return out


# -- ranking ----------------------------------------------------------------------------------


def aim(offer: str, people: Sequence[Recipient], judge: Judge | None = None,
        embedder: Embedder | None = None, kind: Kind = Kind.MESSAGE,
        offer_known: bool = True, sender: Sender | None = None) -> AimReport:
    """Rank ``people`` by how well ``offer`` meets their needs (P(relevant), best first).

    Every text (the offer, every need, topic, role, skill, article paragraph and post) is
    embedded in one batch; each person is then judged as the owner of an inbox receiving the
    offer from the sender, with what their side knows of the sender (``Recipient.facts``).
    ``kind`` says whether the text arrives as a message (default) or an invitation note;
    ``offer_known=False`` lets the judge decide whether it offers anything at all.
    ``sender`` (from ``--about``) is who the message comes from: see ``introduce``.
    """
    if not offer.strip():
        raise InputError("the offer is empty: say what you offer")
    who = sender.person if sender is not None else Person("(you)")
    if sender is not None:
        people = introduce(people, sender)
    from seedbed.judge.combine import load_packaged

    judge = judge or load_packaged()
    if embedder is None:
        from seedbed.judge.embedding import OnnxEmbedder

        embedder = OnnxEmbedder()
    cached = CachedEmbedder(embedder, MemoryVectorCache())
    parts = offer_parts(offer)
    candidates = [_candidates(r) for r in people]
    case = Case("aim", kind, who, offer.strip())
    batch = [*parts, pitch_text(case), *sentences(pitch_text(case))]
    for r, cands in zip(people, candidates, strict=True):
        batch += [c.embed for c in cands] + _space_texts(r)
    cached.encode(batch)  # one batch; everything below is read from the memory cache
    part_vectors = cached.encode(parts)
    ranked = []
    for r, cands in zip(people, candidates, strict=True):
        prefs = r.owner.preferences
        state = owner_state(r.owner, cached)
        person_case = Case("aim", kind, who, offer.strip(), facts=r.facts)
        ev = gather([person_case], state, cached)[0]
        decided = ev.known or any(c.code in _DECISIVE for c in ev.relationship)
        if offer_known and not decided:
            # Only the relevance clause is open: the other stages' work is not needed.
            relevant = float(judge.relevance_.predict_proba(ev.relevance_row.reshape(1, -1))[0])
            verdict = _offer_verdict(judge, ev, relevant)
        else:
            relevant = judge.probabilities(ev).relevant
            verdict = judge.verdict(ev, prefs.needs, prefs.unwelcome_topics)
        vectors = cached.encode([c.embed for c in cands]) if cands else part_vectors[:0]
        unwelcome = list(prefs.unwelcome_topics)
        evidence, warning = _evidence(cands, vectors, parts, part_vectors, unwelcome,
                                      cached.encode(unwelcome) if unwelcome else part_vectors[:0])
        ranked.append(Aimed(r, relevant, verdict.spam_probability, verdict, evidence, warning))
    ranked.sort(key=lambda a: (-a.relevance, -a.best_similarity, a.recipient.name.lower()))
    return AimReport(offer, ranked)


# Relationship clues that decide a verdict before any content is read.
_DECISIVE = ("rel:blocked", "rel:allowed")

# What the relevance stage's features mean, said to the sender.
_RELEVANCE_DETAIL = {
    "need": "How close the offer comes to one of their needs.",
    "welcome_topic": "How close it comes to a topic they welcome.",
    "unwelcome_topic": "How close it comes to a topic they do not want pitched.",
    "work": "How close it comes to their current work.",
    "need_over_unwelcome": "Closer to their needs than to their unwelcome topics, or not.",
    "job_for_seeker": "A job offer, and they are open to recruiters.",
    "job_for_non_seeker": "A job offer, and they are not looking.",
    "job_match": "How close it comes to the roles they are looking for.",
}


def _offer_verdict(judge: Judge, ev: Evidence, relevant: float) -> Verdict:
    """The verdict with the offer clause settled (the sender says it is an offer)."""
    from seedbed.judge.combine import HIDE_THRESHOLD, MIN_POINTS, UNSURE_HIGH, UNSURE_LOW

    spam = 1.0 - relevant  # a stranger (known senders were decided before content)
    label = Label.SPAM if spam >= HIDE_THRESHOLD else Label.RELEVANT_PITCH
    clues = list(ev.relationship)
    for name, points in judge.relevance_.contributions(ev.relevance_row).items():
        if abs(points) >= MIN_POINTS:
            # Relevance lowers the spam odds: its log-odds enter with the opposite sign.
            clues.append(Clue(f"relevance:{name}", round(-points, 2),
                              _RELEVANCE_DETAIL.get(name, name), ""))
    clues.sort(key=lambda c: (not c.code.startswith("rel:"), -abs(c.points)))
    summary = ("Spam to them: an offer from a stranger that comes nowhere close to their needs."
               if label is Label.SPAM else
               "A relevant pitch to them: an offer close to their needs or work.")
    deciding = spam if label is Label.SPAM else relevant
    return Verdict(label, round(spam, 4), tuple(clues), summary,
                   unsure=UNSURE_LOW < deciding < UNSURE_HIGH)


def aim_at_connections(offer: str, db: Store = None, owner: str | None = None,
                       judge: Judge | None = None, embedder: Embedder | None = None,
                       about: Sender | None = None) -> AimReport:
    """``aim`` over the connections of the store's owner (vectors cached in the store).

    ``db`` is an open Engine or the store's path (the default store when None); ``about``
    adds what the sender says of themselves to what the store knows.
    """
    from seedbed.store.vectors import SqliteVectorCache

    if embedder is None:
        from seedbed.judge.embedding import OnnxEmbedder

        embedder = OnnxEmbedder()
    with engine_for(db) as engine:
        with engine.connect() as conn:
            people = connection_recipients(conn, pick_owner(conn, owner))
        return aim(offer, people, judge, CachedEmbedder(embedder, SqliteVectorCache(engine)),
                   sender=about)


def aim_at_profiles(offer: str, path: Path, judge: Judge | None = None,
                    embedder: Embedder | None = None, about: Sender | None = None) -> AimReport:
    """``aim`` over the profiles of a JSONL interchange file (as seen by ``about``)."""
    return aim(offer, read_profiles(path), judge, embedder, sender=about)
