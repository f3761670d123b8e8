"""Check a draft before sending: how the recipient's side would judge it, criterion by criterion.

Owns: ``check_draft`` and ``DraftReport``: the packaged judge's verdict on the draft (as a
stranger's message, or an invitation note), and feedback on specificity, verifiable
personalisation, recipient orientation, the ask, length, merge-field leftovers and generic
openers. Every finding points at a span of the draft; nothing here rewrites it.
Must not import: typer, rich, the CLI or the web layer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, select

from seedbed.campaign.skeleton import MaskContext, skeleton
from seedbed.campaign.verify import verify
from seedbed.errors import InputError, NotFoundError
from seedbed.judge import lexicon
from seedbed.judge.content import owner_vocabulary
from seedbed.judge.context import Owner, SenderFacts
from seedbed.judge.embedding import CachedEmbedder, Embedder, MemoryVectorCache
from seedbed.model import Direction, Kind, Label, Verdict
from seedbed.sender.aim import Aimed, aim
from seedbed.sender.claims import APOSTROPHES, identity_words, stem, trace_claims, words
from seedbed.sender.profiles import Recipient, Store, as_recipient, engine_for, pick_owner, resolve
from seedbed.store import tables as t

if TYPE_CHECKING:
    from seedbed.judge.combine import Judge

# LinkedIn's limit for an invitation note (premium accounts; free accounts have been reported
# to get 200 characters and a few notes a month).
INVITATION_CHARS = 300
# A first message that says who you are, why them and what you ask fits in 50-150 words;
# shorter says nothing specific, longer is not read on a phone.
MESSAGE_MIN_WORDS = 50
MESSAGE_MAX_WORDS = 150
# A sentence is the template's own when this share of its word 1+2-grams are in the template.
TEMPLATE_SENTENCE_SHARE = 0.8
# ... and it has at least this many words (shorter sentences are shared by everyone).
TEMPLATE_SENTENCE_WORDS = 4
# A draft near-identical to this many of the sender's other drafts is a campaign in the making.
SAME_DRAFTS_FAIL = 3
# A draft is specific to someone when it shares this many distinctive words with their writing,
# declared needs or skills (one shared word is usually their field's name) ...
SPECIFIC_WORDS = 2
# ... or when one of its sentences embeds this close to one of their declared needs, articles
# or posts (things a headline does not show; EVIDENCE_MIN of aim is 0.3, same-topic ~0.5+).
SPECIFIC_SIMILARITY = 0.5
SPECIFIC_KINDS = ("need", "welcome topic", "looking for", "article", "post")
# At most this many sentences are quoted per criterion: the pattern is clear by then.
MAX_FINDINGS = 5

_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+|\n+")

_FIRST_PERSON = re.compile(
    r"\b(?:i|i'm|i've|i'd|i'll|me|my|mine|myself|we|we're|we've|we'd|we'll|our|ours|"
    r"ourselves)\b|\bus\b", re.IGNORECASE)
_SECOND_PERSON = re.compile(r"\b(?:you|you're|you've|you'd|you'll|your|yours|yourself)\b",
                            re.IGNORECASE)

# Asks besides questions: a request for a call, a reply, an opinion, an action.
ASK = re.compile(
    r"\b(?:would|could|can|will)\s+you\b|\blet\s+me\s+know\b|\b(?:shall|can|could)\s+we\b"
    r"|\b(?:are|would)\s+you\s+(?:be\s+)?(?:open|interested|up\s+for|free|available|keen)\b"
    r"|\bplease\s+(?:reply|let|send|share|book|pick|choose|call)\b|\bfeel\s+free\s+to\b"
    r"|\bworth\s+a\s+(?:quick\s+)?(?:chat|call|look|conversation)\b"
    r"|\b(?:grab|book|schedule|find)\s+(?:a\s+)?(?:time|slot|call|chat)\b",
    re.IGNORECASE)

# Openers that fit any recipient (besides lexicon.GENERIC_COMPLIMENT and DEFAULT_NOTE).
GENERIC_OPENER = re.compile(
    r"\bi\s+hope\s+(?:this|my)\s+(?:message|email|e-mail|note|finds)\b[^.!?\n]*"
    r"|\bhope\s+(?:you(?:'re|\s+are)\s+(?:doing\s+)?well|all\s+is\s+well|you\s+had\s+a\s+great)\b"
    r"|\bquick\s+question\b|\bi\s+wanted\s+to\s+reach\s+out\b|\bi(?:'m|\s+am)\s+reaching\s+out\b"
    r"|\b(?:just\s+)?touching\s+base\b|\bpick\s+your\s+brain\b|\bhappy\s+(?:monday|friday)\b"
    r"|\bi\s+(?:came|stumbled)\s+across\s+your\s+profile\b|\bi\s+(?:have\s+been|was)\s+"
    r"following\s+your\s+(?:work|journey|profile)\b|\bhope\s+your\s+week\b",
    re.IGNORECASE)

# A greeting whose name was left empty by a mail-merge ("Hi ,").
EMPTY_FILL = re.compile(r"^\s*(?:hi|hello|hey|dear)\s*[,!:]", re.IGNORECASE)


class Status(StrEnum):
    """How a criterion came out: fine, worth a second look, or what gets a message ignored."""

    OK = "ok"
    WARN = "warn"
    FAIL = "fail"


@dataclass(frozen=True)
class Finding:
    """A span of the draft and what about it matters to the recipient."""

    span: tuple[int, int]
    quote: str
    note: str

    def as_json(self) -> dict[str, Any]:
        return {"span": list(self.span), "quote": self.quote, "note": self.note}


@dataclass(frozen=True)
class Criterion:
    name: str
    status: Status
    summary: str
    findings: tuple[Finding, ...] = ()
    measures: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {"name": self.name, "status": self.status.value, "summary": self.summary,
                "measures": self.measures, "findings": [f.as_json() for f in self.findings]}


@dataclass
class DraftReport:
    """The recipient's-side verdict on a draft and the per-criterion feedback."""

    draft: str
    kind: Kind
    verdict: Verdict
    scored: Aimed
    criteria: list[Criterion]

    def criterion(self, name: str) -> Criterion:
        return next(c for c in self.criteria if c.name == name)

    def as_json(self) -> dict[str, Any]:
        v = self.verdict
        return {
            "kind": self.kind.value, "chars": len(self.draft), "words": len(self.draft.split()),
            "verdict": v.label.value, "spam_probability": round(v.spam_probability, 4),
            "unsure": v.unsure, "summary": v.summary,
            "relevance": round(self.scored.relevance, 4),
            "evidence": [m.as_json() for m in self.scored.evidence],
            "unwelcome": self.scored.unwelcome.as_json() if self.scored.unwelcome else None,
            "reasons": [{"code": c.code, "points": round(c.points, 2), "detail": c.detail,
                         "evidence": c.evidence, **({"span": list(c.span)} if c.span else {})}
                        for c in v.clues],
            "criteria": [c.as_json() for c in self.criteria],
        }


# -- text helpers -----------------------------------------------------------------------------


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence or line of ``text``, whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in [*_SENTENCE_BREAK.finditer(text), None]:
        end = m.start() if m else len(text)
        chunk = text[start:end]
        if chunk.strip():
            left = start + len(chunk) - len(chunk.lstrip())
            spans.append((left, left + len(chunk.strip())))
        if m:
            start = m.end()
    return spans


def _quote(text: str, span: tuple[int, int], limit: int = 160) -> str:
    piece = " ".join(text[span[0]:span[1]].split())
    return piece if len(piece) <= limit else piece[: limit - 1] + "…"


def _shingles(skel: str) -> set[str]:
    """Word 1- and 2-grams of a skeleton, as the campaign verifier compares them."""
    tokens = skel.split()
    return set(tokens) | {f"{a} {b}" for a, b in pairwise(tokens)}


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


# -- criteria ---------------------------------------------------------------------------------


def _specificity(draft: str, owner: Owner, scored: Aimed, templates: Sequence[str],
                 drafts: Sequence[str]) -> Criterion:
    context = MaskContext.for_owner(owner.profile)
    skel = skeleton(draft, context)
    mine = _shingles(skel)
    measures: dict[str, Any] = {}
    findings: list[Finding] = []

    def closest(texts: Sequence[str]) -> tuple[int, float, list[int]]:
        best, best_sim, same = -1, 0.0, []
        for i, other in enumerate(texts):
            other_skel = skeleton(other, context)
            sim = _jaccard(mine, _shingles(other_skel))
            if verify(skel, other_skel):
                same.append(i)
            if sim > best_sim:
                best, best_sim = i, sim
        return best, best_sim, same

    t_best, t_sim, t_same = closest(templates)
    d_best, d_sim, d_same = closest(drafts)
    measures.update(template_similarity=round(t_sim, 3), draft_similarity=round(d_sim, 3),
                    same_as_templates=len(t_same), same_as_drafts=len(d_same))
    status, summary = Status.OK, ""
    if t_same:
        status = Status.FAIL
        summary = (f"Reads like a known campaign template (similarity {t_sim:.2f}): "
                   "it could have been sent to anyone.")
        findings += _templated_sentences(draft, context, templates[t_best], "template")
    elif len(d_same) >= SAME_DRAFTS_FAIL:
        status = Status.FAIL
        summary = f"Nearly the same as {len(d_same)} of your other drafts: a campaign, not a note."
        findings += _templated_sentences(draft, context, drafts[d_best], "your other drafts")
    elif d_same:
        status = Status.WARN
        summary = f"Nearly the same as {len(d_same)} of your other draft(s)."
        findings += _templated_sentences(draft, context, drafts[d_best], "your other drafts")
    specific = sorted(_specific_words(draft, owner))
    close = next((m for m in scored.evidence if m.kind in SPECIFIC_KINDS
                  and m.similarity >= SPECIFIC_SIMILARITY), None)
    measures["specific_words"] = specific[:10]
    measures["closest"] = close.as_json() if close else None
    if len(specific) < SPECIFIC_WORDS and close is None and status is Status.OK:
        status = Status.WARN
        summary = ("Names nothing specific to them beyond what a headline shows: it could have "
                   "been sent to anyone.")
    elif status is Status.OK:
        bits = []
        if close is not None:
            bits.append(f"close to their {close.kind} \"{close.text}\"")
        if specific:
            bits.append("shares their words " + ", ".join(specific[:6]))
        summary = "Specific to them: " + "; ".join(bits) + "."
    return Criterion("specificity", status, summary, tuple(findings[:MAX_FINDINGS]), measures)


def _templated_sentences(draft: str, context: MaskContext, other: str,
                         where: str) -> list[Finding]:
    theirs = _shingles(skeleton(other, context))
    out = []
    for span in sentence_spans(draft):
        grams = _shingles(skeleton(draft[span[0]:span[1]], context))
        if (sum(1 for g in grams if " " not in g) >= TEMPLATE_SENTENCE_WORDS
                and len(grams & theirs) >= TEMPLATE_SENTENCE_SHARE * len(grams)):
            out.append(Finding(span, _quote(draft, span), f"Same wording as {where}."))
    return out


def _specific_words(draft: str, owner: Owner) -> set[str]:
    """Draft words from their writing, needs, skills or summary (not from a headline)."""
    prefs, profile = owner.preferences, owner.profile
    theirs = {stem(w) for w in owner_vocabulary(owner)}
    declared = () if "needs" in prefs.inferred else prefs.needs
    theirs |= words(" ".join([*declared, *profile.skills,
                               *(x.description for x in profile.positions)]))
    return (words(draft) & theirs) - identity_words(owner)


def _personalisation(draft: str, owner: Owner, embedder: Embedder) -> Criterion:
    traced = trace_claims(draft, owner, embedder)
    if not traced:
        return Criterion("personalisation", Status.OK, "Makes no claim about them to check.",
                         measures={"claims": 0, "untraced": 0})
    missing = [x for x in traced if x.source is None]
    measures = {"claims": len(traced), "untraced": len(missing),
                "traced_to": [x.source for x in traced if x.source]}
    if not missing:
        return Criterion("personalisation", Status.OK,
                         f"Every claim about them ({len(traced)}) traces to their data.",
                         measures=measures)
    little = not (owner.articles or owner.posts or owner.profile.summary or owner.profile.skills)
    findings = tuple(Finding(x.claim.span, _quote(draft, x.claim.span), x.note)
                     for x in missing[:MAX_FINDINGS])
    return Criterion("personalisation", Status.WARN if little else Status.FAIL,
                     f"{len(missing)} of {len(traced)} claim(s) about them cannot be traced to "
                     "their profile, articles or posts.", findings, measures)


def _orientation(draft: str) -> Criterion:
    text = draft.translate(APOSTROPHES)
    about_me, about_you = [], []
    for span in sentence_spans(text):
        piece = text[span[0]:span[1]]
        first = sum(1 for m in _FIRST_PERSON.finditer(piece)
                    if m.group(0) != "US")  # the country, not "us"
        second = len(_SECOND_PERSON.findall(piece))
        if first > second:
            about_me.append(span)
        elif second > first:
            about_you.append(span)
    oriented = len(about_me) + len(about_you)
    share = len(about_me) / oriented if oriented else 0.0
    measures = {"about_sender_sentences": len(about_me),
                "about_recipient_sentences": len(about_you),
                "share_about_sender": round(share, 2)}
    findings = tuple(Finding(s, _quote(draft, s), "About you (I/we/our), not about them.")
                     for s in about_me[:MAX_FINDINGS])
    if len(about_me) > len(about_you):
        return Criterion("orientation", Status.WARN,
                         f"{len(about_me)} sentence(s) about you, {len(about_you)} about them.",
                         findings, measures)
    return Criterion("orientation", Status.OK,
                     f"{len(about_you)} sentence(s) about them, {len(about_me)} about you.",
                     (), measures)


def _ask(draft: str, kind: Kind) -> Criterion:
    asks = [s for s in sentence_spans(draft)
            if "?" in draft[s[0]:s[1]] or ASK.search(draft[s[0]:s[1]])
            or lexicon.MEETING_ASK.search(draft[s[0]:s[1]])]
    measures = {"asks": len(asks)}
    findings = tuple(Finding(s, _quote(draft, s), "An ask.") for s in asks[:MAX_FINDINGS])
    if not asks:
        summary = ("No ask: nothing says what you want from them."
                   if kind is Kind.MESSAGE else
                   "No ask: the note does not say what connecting is for.")
        return Criterion("ask", Status.WARN, summary, (), measures)
    if len(asks) > 1:
        return Criterion("ask", Status.WARN, f"{len(asks)} asks: one clear ask gets answered, "
                         "several get none.", findings, measures)
    return Criterion("ask", Status.OK, "One clear ask.", findings, measures)


def _length(draft: str, kind: Kind) -> Criterion:
    chars, words = len(draft.strip()), len(draft.split())
    measures = {"chars": chars, "words": words}
    if kind is Kind.INVITATION:
        if chars > INVITATION_CHARS:
            return Criterion("length", Status.FAIL, f"{chars} characters: an invitation note "
                             f"holds {INVITATION_CHARS}.", measures=measures)
        return Criterion("length", Status.OK, f"{chars} of {INVITATION_CHARS} characters.",
                         measures=measures)
    if words < MESSAGE_MIN_WORDS:
        return Criterion("length", Status.WARN, f"{words} words: under {MESSAGE_MIN_WORDS} "
                         "rarely says why them and what for.", measures=measures)
    if words > MESSAGE_MAX_WORDS:
        return Criterion("length", Status.WARN, f"{words} words: over {MESSAGE_MAX_WORDS} is "
                         "rarely read to the end.", measures=measures)
    return Criterion("length", Status.OK, f"{words} words.", measures=measures)


def _merge_fields(draft: str) -> Criterion:
    spans = [m.span() for m in lexicon.MERGE_FIELD.finditer(draft)]
    empty = EMPTY_FILL.search(draft)
    if empty:
        spans.append(empty.span())
    findings = tuple(Finding(s, _quote(draft, s), "An unfilled merge field.") for s in spans)
    if findings:
        return Criterion("merge_fields", Status.FAIL, f"{len(findings)} unfilled merge "
                         "field(s): it shows the message was sent by a tool.",
                         findings[:MAX_FINDINGS], {"merge_fields": len(findings)})
    return Criterion("merge_fields", Status.OK, "No merge-field leftovers.",
                     measures={"merge_fields": 0})


def _openers(draft: str) -> Criterion:
    text = draft.translate(APOSTROPHES)
    spans: list[tuple[int, int]] = []
    for pattern in (GENERIC_OPENER, lexicon.GENERIC_COMPLIMENT, lexicon.DEFAULT_NOTE):
        for s in lexicon.find(pattern, text):
            if not any(s[0] < e and b < s[1] for b, e in spans):
                spans.append(s)
    spans.sort()
    findings = tuple(Finding(s, _quote(draft, s), "Fits anyone: says nothing about them.")
                     for s in spans)
    if findings:
        return Criterion("openers", Status.WARN, f"{len(findings)} generic phrase(s) that fit "
                         "any recipient.", findings[:MAX_FINDINGS], {"generic": len(findings)})
    return Criterion("openers", Status.OK, "No generic openers.", measures={"generic": 0})


# -- the check --------------------------------------------------------------------------------


def check_draft(draft: str, recipient: Owner | Recipient, known_templates: Iterable[str] = (),
                sender_drafts: Iterable[str] = (), *, as_invitation: bool = False,
                facts: SenderFacts | None = None, judge: Judge | None = None,
                embedder: Embedder | None = None) -> DraftReport:
    """Judge ``draft`` from ``recipient``'s side and give feedback per criterion.

    The draft is judged as an invitation note when ``as_invitation`` is set and it fits in
    one (300 characters), else as a message from a stranger (or from what ``facts`` say).
    """
    if not draft.strip():
        raise InputError("the draft is empty")
    person = as_recipient(recipient, facts)
    kind = (Kind.INVITATION if as_invitation and len(draft.strip()) <= INVITATION_CHARS
            else Kind.MESSAGE)
    if embedder is None:
        from seedbed.judge.embedding import OnnxEmbedder

        embedder = OnnxEmbedder()
    cached = CachedEmbedder(embedder, MemoryVectorCache())
    scored = aim(draft, [person], judge, cached, kind=kind, offer_known=False).ranked[0]
    owner = person.owner
    criteria = [
        _specificity(draft, owner, scored, list(known_templates), list(sender_drafts)),
        _personalisation(draft, owner, cached),
        _orientation(draft),
        _ask(draft, kind),
        _length(draft, Kind.INVITATION if as_invitation else Kind.MESSAGE),
        _merge_fields(draft),
        _openers(draft),
    ]
    return DraftReport(draft, kind, scored.verdict, scored, criteria)


# -- with the store ---------------------------------------------------------------------------

# The sender's own sent texts compared with a draft: the newest this many (a campaign shows
# in recent weeks; comparing with years of messages costs time for nothing).
MAX_OWN_TEXTS = 2_000


def received_spam(conn: Connection, owner_id: int) -> list[str]:
    """Texts the owner received that triage hid as spam: the campaign templates they know."""
    query = (select(t.item.c.text).join(t.verdict, t.verdict.c.item_pk == t.item.c.id)
             .where(t.item.c.owner_id == owner_id, t.verdict.c.label == Label.SPAM.value,
                    t.item.c.direction == Direction.INCOMING.value))
    return [row.text for row in conn.execute(query) if row.text.strip()]


def sent_texts(conn: Connection, owner_id: int) -> list[str]:
    """The owner's own messages and invitation notes, newest first: their other drafts."""
    query = (select(t.item.c.text)
             .where(t.item.c.owner_id == owner_id,
                    t.item.c.direction == Direction.OUTGOING.value)
             .order_by(t.item.c.sent_at.desc()).limit(MAX_OWN_TEXTS))
    return [row.text for row in conn.execute(query) if row.text.strip()]


def check_with_store(draft: str, to: str, db: Store = None, owner: str | None = None, *,
                     as_invitation: bool = False, templates: Sequence[str] = (),
                     drafts: Sequence[str] = (), judge: Judge | None = None,
                     embedder: Embedder | None = None) -> DraftReport:
    """``check_draft`` for ``--to`` (a connection's profile URL or a profile file).

    Known templates are ``templates`` plus what the store's owner received and triage hid as
    spam; the sender's other drafts are ``drafts`` plus the owner's own sent texts. ``db`` is
    an open Engine or the store's path (the default store when None).
    """
    with engine_for(db) as engine, engine.connect() as conn:
        person = resolve(conn, to, owner)
        try:
            me = pick_owner(conn, owner)
        except NotFoundError:
            me = None  # an empty store: a profile file still works
        known = [*templates, *(received_spam(conn, me.id) if me else [])]
        mine = [*drafts, *(sent_texts(conn, me.id) if me else [])]
    return check_draft(draft, person, known, mine, as_invitation=as_invitation, judge=judge,
                       embedder=embedder)


def read_draft(path: Path) -> str:
    """The text of a draft file (UTF-8); InputError naming the file when it cannot be read."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the draft ({exc.__class__.__name__})",
                         path=str(path)) from exc
