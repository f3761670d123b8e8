"""Content signals: is something offered, does the text look automated, does it have a purpose?

Owns: the hand-made features of an item's text (offer families, automation artefacts,
personalisation checks, purpose cues) and the clues that quote their evidence.
Must not import: the store, SQLAlchemy, the CLI or the web layer.

Features are counts squashed to [0, 1] so that a learned model weighs families, not
repetitions; clues carry the first matching span so a person sees where the evidence is.
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass, field

from seedbed.judge import lexicon
from seedbed.judge.context import Case, Owner
from seedbed.model import Clue, Kind

_WORD = re.compile(r"[^\W\d_]{4,}", re.UNICODE)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")

# Common English words that say nothing about a topic; used for the "cites your work" check.
STOPWORDS = frozenset(
    """
    about above after again against also among another because been before being below
    between both came come could does doing down during each even every from further
    have having here hers herself himself into itself just know like made make many more
    most much must myself need only other over same should some such than that their
    theirs them themselves then there these they this those through under until very
    want well were what when where which while whom will with would your yours yourself
    really think thanks thank hope great love best work working team teams company
    companies people time year years looking connect connecting message help would could
    still share shared sharing read post posts article articles recent recently week
    weeks month months today quick glad happy
    """.split()
)

# A reference to the owner's writing is "specific" from this score on (2 per shared word
# pair, 1 per shared long word); one shared short word is usually the owner's field name,
# which anyone can guess from a headline.
SPECIFIC_OVERLAP = 3
# Words at least this long are rare enough to count alone ("electrolyte", "quantile").
SPECIFIC_WORD_LENGTH = 9


@dataclass
class ContentSignals:
    features: dict[str, float] = field(default_factory=dict)
    clues: list[Clue] = field(default_factory=list)


def _squash(count: int) -> float:
    return 1.0 - math.exp(-count)


def _content_words(text: str) -> set[str]:
    return {w for w in (m.group(0).lower() for m in _WORD.finditer(text)) if w not in STOPWORDS}


def _content_terms(text: str) -> set[str]:
    """Content words plus pairs of neighbouring content words ("quarantine table")."""
    words = [w for w in (m.group(0).lower() for m in _WORD.finditer(text)) if w not in STOPWORDS]
    return set(words) | {f"{a} {b}" for a, b in itertools.pairwise(words)}


def owner_vocabulary(owner: Owner) -> set[str]:
    """Content words and word pairs of what the owner wrote: articles, posts, summary."""
    parts = [a.title + " " + a.text for a in owner.articles]
    parts += [p.text for p in owner.posts]
    parts.append(owner.profile.summary)
    parts += [p.title + " " + p.description for p in owner.profile.projects]
    parts += [p.name + " " + p.description for p in owner.profile.publications]
    terms: set[str] = set()
    for part in parts:
        terms |= _content_terms(part)
        terms |= {"#" + n for n in _NUMBER.findall(part)}
    return terms


def _quotes_owner_numbers(span_text: str, vocabulary: set[str]) -> bool:
    """True when every number in the span is one the owner published (a citation)."""
    numbers = _NUMBER.findall(span_text)
    return bool(numbers) and all("#" + n in vocabulary for n in numbers)


def _identity_words(case: Case, owner: Owner) -> set[str]:
    """Words anyone can learn from a headline: names, companies, titles. Not 'specific'."""
    profile = owner.profile
    text = " ".join([profile.first_name, profile.last_name, profile.headline, profile.industry,
                     profile.location, case.sender.name]
                    + [p.company + " " + p.title for p in profile.positions])
    return _content_words(text)


def _first_span(pattern: re.Pattern[str], text: str) -> tuple[int, int] | None:
    return next(lexicon.find(pattern, text), None)


def content_signals(case: Case, owner: Owner, vocabulary: set[str] | None = None) -> ContentSignals:
    """Compute the hand-made features and clues of one case."""
    out = ContentSignals()
    text = case.text
    sender_thread = [m.text for m in case.thread if not m.from_owner]
    unanswered = 0
    for message in reversed(case.thread):
        if message.from_owner:
            break
        unanswered += 1
    pitch_text = "\n".join([*sender_thread, case.subject, text])
    f = out.features
    words = len(text.split())
    f["is_invitation"] = 1.0 if case.kind is Kind.INVITATION else 0.0
    f["blank"] = 1.0 if not text.strip() else 0.0
    f["length"] = min(words, 300) / 300
    f["question"] = 1.0 if "?" in text else 0.0
    f["html"] = 1.0 if case.html else 0.0
    f["subject"] = 1.0 if case.subject.strip() else 0.0
    f["unanswered_before"] = _squash(unanswered)
    f["campaign"] = math.tanh(math.e * (case.facts.campaign_size - 1) / CAMPAIGN_LIMIT)

    vocab = owner_vocabulary(owner) if vocabulary is None else vocabulary
    for family in lexicon.OFFER_FAMILIES:
        spans = list(lexicon.find(lexicon.FAMILIES[family], pitch_text))
        current = _first_span(lexicon.FAMILIES[family], text)
        if family == "results_claim":
            # Quoting the owner's own figures back ("from 1.8% to 4.6%") is a citation.
            spans = [sp for sp in spans if not _quotes_owner_numbers(pitch_text[sp[0]:sp[1]],
                                                                     vocab)]
            current = next((sp for sp in lexicon.find(lexicon.FAMILIES[family], text)
                            if not _quotes_owner_numbers(text[sp[0]:sp[1]], vocab)), None)
        f[f"offer_{family}"] = _squash(len(spans))
        if current is not None:
            s, e = current
            out.clues.append(
                Clue(f"offer:{family}", 0.0, _OFFER_DETAIL[family], text[s:e], current))
        elif spans:
            out.clues.append(Clue(f"offer:{family}", 0.0, _OFFER_DETAIL[family] + " (earlier in "
                                  "this conversation)", _excerpt(pitch_text, spans[0])))

    for family, code, detail in _AUTOMATION:
        span = _first_span(lexicon.FAMILIES[family], text)
        f[f"auto_{family}"] = 1.0 if span else 0.0
        if span:
            out.clues.append(Clue(code, 0.0, detail, text[span[0]:span[1]], span))
    if unanswered and f["auto_bump"] == 0.0 and sender_thread:
        out.clues.append(Clue("auto:unanswered_sequence", 0.0,
                              f"Message {unanswered + 1} of a sequence you never answered.",
                              f"{unanswered} earlier message(s) without a reply"))
    if case.html:
        out.clues.append(Clue("auto:inmail_markup", 0.0,
                              "Sent as formatted InMail (sponsored or paid outreach).", ""))
    if case.facts.campaign_size > 1:
        out.clues.append(Clue("campaign:member", 0.0,
                              f"The same template reached you or others {case.facts.campaign_size}"
                              f" times from {case.facts.campaign_senders} sender(s).", ""))

    # A sales opener: a stranger who speaks as a seller (or claims results, or says what
    # "most teams like yours" struggle with) and asks about the owner's pain or priorities.
    seller = max(f["offer_seller_voice"], f["offer_results_claim"], f["offer_content_push"])
    f["sales_opener"] = f["offer_pain_question"] * max(seller, 0.5 if _SELLER_HINT.search(
        pitch_text) else 0.0)
    if f["sales_opener"]:
        opener = next((c for c in out.clues if c.code == "offer:pain_question"), None)
        out.clues.append(Clue("offer:sales_opener", 0.0, "A seller's question about your "
                              "problems or priorities: the opening of a pitch.",
                              opener.evidence if opener else "", opener.span if opener else None))
    identity = _identity_words(case, owner)
    shared = {t for t in _content_terms(text) & vocab if not set(t.split()) <= identity}
    pairs = {t for t in shared if " " in t}
    long_words = {t for t in shared if " " not in t and len(t) >= SPECIFIC_WORD_LENGTH}
    # A shared pair of words ("winter range", "quarantine table") is strong evidence of
    # having read the owner; a shared single word is weak unless it is a long, rare one.
    specificity = 2 * len(pairs) + len(long_words)
    f["cites_owner_work"] = min(specificity, 8) / 8
    # A question about the owner's own writing is the clearest non-sales purpose there is.
    f["question_on_work"] = f["question"] * f["cites_owner_work"]
    claim = lexicon.READ_CLAIM.search(text)
    f["fake_personalisation"] = 0.0
    if claim:
        topic = {t for t in _content_terms(claim.group("topic")) if not set(t.split()) <= identity}
        matched = topic & vocab
        # Traceable: a shared word pair, a long word, or two shared words; one common word
        # ("leadership") matches almost anyone's writing.
        traceable = (any(" " in t for t in matched) or len(matched) >= 2
                     or any(len(t) >= SPECIFIC_WORD_LENGTH for t in matched))
        span = (claim.start(), claim.end())
        if topic and not traceable:
            f["fake_personalisation"] = 1.0
            out.clues.append(Clue("auto:fake_personalisation", 0.0,
                                  "Claims to have read something of yours that matches nothing "
                                  "you wrote.", text[span[0]:span[1]], span))
    if specificity >= SPECIFIC_OVERLAP:
        out.clues.append(Clue("purpose:cites_your_work", 0.0,
                              "Refers to specifics of what you wrote.",
                              ", ".join(sorted(pairs | long_words)[:6])))

    purpose = list(lexicon.find(lexicon.PURPOSE, text))
    f["purpose_cue"] = _squash(len(purpose))
    if purpose:
        s, e = purpose[0]
        out.clues.append(Clue("purpose:stated", 0.0, "States a purpose (event, question, "
                              "research or introduction).", text[s:e], purpose[0]))
    if f["blank"]:
        out.clues.append(Clue("purpose:none", 0.0,
                              "No note: nothing says why they want to connect.", ""))
    return out


# First-person talk about one's clients and work, softer than seller voice ("I work with
# B2B teams scaling outbound", "we've been helping manufacturers").
_SELLER_HINT = re.compile(r"\b(?:i|we)(?:'ve|\s+have)?\s+(?:been\s+)?(?:work(?:ing)?\s+with|"
                          r"help(?:ing)?|talk(?:ing)?\s+to\s+(?:a\s+lot\s+of\s+)?)\b|"
                          r"\bour\s+(?:clients|customers)\b", re.IGNORECASE)

# Campaign size at which the bulk signal is ~0.99 saturated (Rspamd-style tanh(e*hits/limit)).
CAMPAIGN_LIMIT = 10

_OFFER_DETAIL = {
    "meeting_ask": "Asks for your time (a call, a demo, a meeting).",
    "seller_voice": "Presents a product or service.",
    "results_claim": "Sells outcomes with numbers.",
    "freebie": "Offers a trial, audit, discount or pilot.",
    "job_offer": "Offers a job.",
    "investment_offer": "Offers an investment or financing deal.",
    "applicant": "Offers themselves as a candidate.",
    "content_push": "Pushes a link or a piece of content.",
    "foreign_ask": "Asks for a call or demo (non-English wording).",
    "partner_ask": "Asks for a partnership, an introduction, a membership or a seat.",
    "pain_question": "Asks a qualifying question about your problems or priorities.",
}

_AUTOMATION = (
    ("merge_field", "auto:merge_field", "An unfilled mail-merge field: sent by a tool."),
    ("default_note", "auto:default_note", "A stock note that says nothing about why."),
    ("generic_compliment", "auto:generic_compliment", "A compliment that fits anyone."),
    ("bump", "auto:follow_up_bump", "An automated follow-up (\"just bumping this\")."),
)


def _excerpt(text: str, span: tuple[int, int], limit: int = 80) -> str:
    s, e = span
    return " ".join(text[s : min(e, s + limit)].split())
