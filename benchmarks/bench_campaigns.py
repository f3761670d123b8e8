"""Campaign detection: quality and scale on a synthetic corpus, plus a devset smoke check.

Not a test. Generates LinkedIn-length outreach from 60 templates written for this benchmark
(varied fills: names, companies, titles, cities, topics, numbers; light paraphrase: word swaps,
an inserted personal line, a signature) plus unique notes, then measures:

* shingle choice: true Jaccard of same-template / other-template / unique pairs per shingling;
* known-name matching: token lookup against one compiled regex alternation;
* per size (10k, 100k, 1M by default, each in a fresh process): skeleton + fingerprint time
  (2 worker processes), clustering time (``CampaignIndex.build``), pairwise precision/recall
  against the true template ids, peak RSS; at the largest size also 1k single ``add`` calls
  and a ``state``/``restore`` round trip;
* a datasketch MinHashLSH (dict-based) index at 100k, for comparison with the sorted arrays;
* optionally (``--devset PATH``) pairwise precision/recall on a devset ``cases.jsonl``.

    .venv/bin/python benchmarks/bench_campaigns.py [--sizes 10000,100000,1000000]
        [--devset PATH/cases.jsonl] [--record] [--plot benchmarks/campaigns_scale.png]

``--record`` rewrites the "## Campaigns" section of benchmarks/RESULTS.md (only that section).
Needs matplotlib for the plot (a benchmark-only dependency).
"""

from __future__ import annotations

import argparse
import html
import json
import multiprocessing
import platform
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np

from seedbed.campaign.cluster import CampaignIndex
from seedbed.campaign.fingerprint import (
    LSH_BANDS,
    LSH_ROWS,
    NUM_PERM,
    Fingerprint,
    fingerprint,
    fingerprint_many,
)
from seedbed.campaign.skeleton import MaskContext, skeleton
from seedbed.model import Person

HERE = Path(__file__).resolve().parent

TEMPLATES: tuple[str, ...] = (
    "Hi {first}, I noticed {company} is growing its {industry} team. We help teams like yours "
    "cut onboarding time by {pct}. Open to a quick chat next {weekday}?",
    "Hey {first} - saw you're {title} at {company}. I work with {industry} companies on "
    "{topic}. Would love to connect and share what we're seeing in the space.",
    "Hello {first}, I came across your profile and was impressed by your work on {topic}. "
    "I'd love to add you to my network of {industry} leaders.",
    "{first}, quick question: who handles {topic} at {company}? Happy to send a {n}-minute "
    "video walkthrough instead of a call.",
    "Hi {first}, congrats on {n} years at {company}! We've helped {n} {industry} firms automate "
    "{topic}. Worth a {n} minute call this month?",
    "Dear {first}, I hope this message finds you well. I am reaching out on behalf of "
    "{sender_co}, a leading provider of {topic} solutions for the {industry} sector. "
    "Would you be available for a short introductory call?",
    "Hi {first}, {peer_co} just cut their {topic} costs by {pct} with our platform. "
    "Thought {company} might want the same. Can I send you the case study?",
    "{first} - most {title}s I talk to in {city} spend hours every week on {topic}. "
    "We turned that into a {n}-minute task. Curious if that's a pain point for you?",
    "Hi {first}, we're hosting a private roundtable for {industry} leaders in {city} on "
    "{topic}. Only {n} seats. Can I save you one?",
    "Hey {first}! Loved your recent post. I'm building a community of {title}s who care about "
    "{topic} - would be great to have you in it.",
    "Hi {first}, I help {industry} founders raise their seed round without giving up a board "
    "seat. We've closed {n} rounds this year. Interested in hearing how?",
    "Hello {first}, I'm a recruiter at {sender_co} and I have an exciting {title} opportunity "
    "in {city}: fully remote, equity, and a team that ships. Are you open to new roles?",
    "{first}, following up on my last note about {topic}. Did you get a chance to look? "
    "Happy to keep it short.",
    "Hi {first}, bumping this to the top of your inbox. Any thoughts on my message about "
    "{topic} for {company}?",
    "Hi {first}, I'll keep this brief. We build custom dashboards for {industry} teams so "
    "{title}s can see {topic} in real time. Want a free demo?",
    "Good morning {first}, our agency generated {n} qualified leads last month for a "
    "{industry} client similar to {company}. Shall I show you how?",
    "Hi {first}, saw that {company} is hiring. We place pre-vetted engineers in {n} days, "
    "no upfront fee. Should I send a few profiles?",
    "Hey {first}, I run a small studio that designs landing pages for {industry} brands. "
    "Took a look at your website and have {n} ideas to lift conversions. Want them?",
    "Hi {first}, are you still the right person for {topic} at {company}? If not, could you "
    "point me to whoever is?",
    "Hello {first}, I noticed we're both in the {industry} space in {city}. Let's connect and "
    "support each other's growth!",
    "Hi {first}, your background in {topic} caught my eye. I'm putting together an expert panel "
    "for a paid {n}-minute interview. Rate is {n} USD per hour. Interested?",
    "{first}, we help {title}s hit quota with AI-written emails that sound like you. Teams at "
    "{peer_co} booked {pct} more meetings. Worth a look?",
    "Hi {first}! Our invoicing app saves {industry} teams {n} hours a month. Free for the first "
    "{n} days, no card needed. Want me to set up an account for {company}?",
    "Hi {first}, I'm an investor focused on {industry}. I'd love to learn more about what "
    "{company} is building around {topic}. Coffee in {city} sometime?",
    "Hey {first}, I wrote a short guide on {topic} for {title}s. It's free, no signup. "
    "Want me to send it over?",
    "Hi {first}, we've just launched a course on {topic} with certificates recognised by "
    "{industry} employers. Early bird price ends {weekday}.",
    "Dear {first}, we have a verified list of {n} decision makers in {industry} with direct "
    "emails and phone numbers. Would {company} be interested in a sample?",
    "Hi {first}, do you have {n} minutes this week? I'd like to show you how {peer_co} "
    "reduced {topic} errors by {pct} in one quarter.",
    "{first} - saw {company} on a list of fast-growing {industry} companies in {city}. "
    "We insure teams like yours for less. Can I send a quote?",
    "Hi {first}, I'm a freelance developer with {n} years of experience in {topic}. "
    "If {company} ever needs extra hands, I'd be glad to help.",
    "Hi {first}, thanks for connecting! Quick one: how is {company} handling {topic} today? "
    "We've built something that might help.",
    "Thanks for connecting, {first}. I noticed {company} is focused on {topic}. We've been "
    "helping {industry} firms with exactly that. Happy to share a checklist if interested.",
    "Hello {first}, I'm organising a virtual summit on {topic} on {weekday} and would be "
    "honoured to have you as a speaker. It's a {n}-minute slot.",
    "Hi {first}, we're a nearshore team of {n} developers. Clients like {peer_co} save "
    "{pct} on engineering costs. Open to exploring a pilot?",
    "Hey {first}, random question - do you still do {topic} manually at {company}? "
    "Asking because we automate it end to end.",
    "Hi {first}, I'd like to feature {company} in our newsletter read by {n} {industry} "
    "professionals. Sponsored slots start at {n} EUR. Shall I send the media kit?",
    "{first}, not sure if you saw my earlier message. We help {industry} teams fix {topic} in "
    "under {n} weeks. If now isn't the time, just let me know.",
    "Hi {first}, I'm researching how {title}s approach {topic}. Would you answer {n} quick "
    "questions? I'll share the report with you.",
    "Hi {first}, our compliance software keeps {industry} companies audit-ready all year. "
    "{peer_co} passed their last audit with zero findings. Demo next {weekday}?",
    "Greetings {first}, I represent a family office looking at opportunities in {industry}. "
    "Is {company} open to strategic investment?",
    "Hi {first}, I make short explainer videos for {industry} products. Here's one we did for "
    "{peer_co}: {url} - could I make one for {company}?",
    "Hey {first}, I'm a {title} myself and just switched our team to a new tool for {topic}. "
    "Game changer. Happy to share what we learned.",
    "Hi {first}, I saw you liked a post about {topic}. We're running a free workshop on it "
    "next {weekday} at {n} pm. Want the link?",
    "Hello {first}, my name is {sender} and I lead partnerships at {sender_co}. "
    "I believe there's strong synergy between our companies. When can we talk?",
    "Hi {first}, we translate and localise {industry} content into {n} languages within "
    "{n} hours. Could {company} use a hand with {topic}?",
    "Hi {first}, I'm hiring a {title} in {city} and your profile stood out. Would you be "
    "open to a confidential conversation?",
    "{first}, your team at {company} could save {pct} on cloud spend. We've done it for "
    "{n} {industry} companies in {n} days. Worth {n} minutes?",
    "Hi {first}! Big fan of what {company} is doing. We design employee gifting programs that "
    "people actually love. Can I send you a free sample box?",
    "Hi {first}, we're looking for {industry} leaders to join our advisory board. It's a few "
    "hours a quarter and comes with equity. Interested?",
    "Hey {first}, I noticed your team is still using spreadsheets for {topic}. We replaced "
    "them for {peer_co} in a week. Want to see how?",
    "Hi {first}, we fix slow websites. Yours took {n} seconds to load on mobile today. "
    "I recorded a short video with fixes - want it?",
    "Hello {first}, hope your {weekday} is going well! I wanted to introduce {sender_co}: we "
    "help {industry} teams with {topic}. Let me know if a quick call makes sense.",
    "Hi {first}, just checking in one last time. If {topic} isn't a priority for {company} "
    "right now, no worries - I'll close your file.",
    "Hi {first}, {n} {industry} companies in {city} already use our benchmarking report on "
    "{topic}. Want a copy for {company}?",
    "Hi {first}, I'd like to invite you to join our mastermind group for {title}s. We meet "
    "monthly online and share playbooks on {topic}.",
    "Hey {first}, I saw {company} was mentioned in the news this week - congrats! We help "
    "teams turn press coverage into pipeline. Want to hear how?",
    "Hi {first}, we offer white-label {topic} services for agencies. Margins of {pct} and "
    "you keep the client. Open to partnering?",
    "Hi {first}, could I get your feedback on a tool we built for {title}s? It takes {n} "
    "minutes and I'll send a gift card as thanks.",
    "{first}, I've helped {n} {industry} executives land board roles this year. If that's on "
    "your radar, I'd be glad to share how.",
    "Hi {first}, our recruiting team specialises in {industry} talent in {city}. We currently "
    "have {n} candidates for {title} roles. Want their profiles?",
)

# Light paraphrase: each pair is swapped (either way) with probability PARAPHRASE_P when present.
SWAPS: tuple[tuple[str, str], ...] = (
    ("Hi ", "Hello "), ("Hey ", "Hi "), ("I noticed", "I saw"), ("Would love", "I'd love"),
    ("quick chat", "short chat"), ("Happy to", "Glad to"), ("Want ", "Would you like "),
    ("help ", "support "), ("companies", "businesses"), ("teams", "companies"),
    ("Interested?", "Would that interest you?"), ("Worth a look?", "Worth a quick look?"),
    ("I'd", "I would"), ("we're", "we are"), ("We've", "We have"), ("can I", "may I"),
    ("Can I", "May I"), ("next", "this coming"), ("free", "complimentary"), ("!", "."),
    ("quick", "brief"), ("just", "simply"), ("great", "wonderful"),
)
PARAPHRASE_P = 0.25
# Personal lines some senders add: personalisation noise, not template text. Half are one of
# these (shared across templates, as a sender's tool would add them), half are random words.
PERSONAL_LINES: tuple[str, ...] = (
    "Loved your post about {topic}.",
    "Congrats on the new role!",
    "P.S. Great talk in {city} last month.",
    "We both know {peer_first} from the {industry} meetup.",
)
PERSONAL_P = 0.2

FIRST = (
    "Anna Bob Chen Dana Elif Femke Gavin Hana Ingrid Joana Kofi Lena Mateo Nadia Omar Priya "
    "Quentin Rosa Sven Tara Ulrich Vera Wei Ximena Yusuf Zoe Adunni Bruno Carla Dmitri Eva "
    "Farid Greta Hugo Ines Jonas Kenji Lucia Marco Nina Oskar Paula Rafael Sofia Tomas Uma "
    "Viktor Wanda Yara Zainab Aiden Beatriz Cyrus Diego Emeka Fatima Goran Helga Ivan Julia "
    "Karim Leila Mikkel Noor Olga Pedro Rania Stefan Tomoko Valentina Willem Aisha Bjorn "
    "Camille Dario Esther Filip Gemma Hiroshi Imani Javier Katja Lars Maya Nils Ola Pietro"
).split()
LAST = (
    "Smith Berg Chen Duarte Eriksen Fischer Garcia Haddad Ivanova Jansen Kaya Larsen Moreau "
    "Nakamura Okafor Petrov Quinn Rossi Santos Tanaka Ueda Visser Wong Xu Yilmaz Zimmermann "
    "Abara Bianchi Costa Dubois Esposito Fernandez Gomez Hansen Ito Johansson Kowalski Lopez "
    "Muller Nowak Olsen Pereira Ramos Schmidt Torres Vogel Weber Young Adeyemi Brandt Castillo "
    "Dahl Ekstrom Fontaine Greco Holm Iyer Jovanovic Keller Lindqvist Mendes Novak Ortiz"
).split()
CO_A = (
    "Nord Blue Ridge Silver Oak Bright Clear North Red Iron Maple Swift Harbor Summit Cedar "
    "Polar Sun Stone River Green Atlas Vertex Lumen Orbit Pine Coral Delta Echo Falcon Granite"
).split()
CO_B = (
    "Labs Logistics Group Systems Works Partners Analytics Health Foods Energy Capital Studio "
    "Robotics Media Freight Bank Retail Homes Software Consulting"
).split()
TITLES = (
    "Head of Operations|Operations Manager|CFO|Data Scientist|Product Designer|Head of Sales|"
    "Marketing Director|VP Engineering|Founder|HR Manager|Compliance Officer|Fleet Manager|"
    "Head of Procurement|CTO|Research Director|Customer Success Lead|Finance Manager|COO|"
    "Engineering Manager|Growth Lead"
).split("|")
CITIES = (
    "Oslo|Berlin|Lisbon|Rotterdam|Toronto|Lagos|Dublin|Melbourne|Madrid|Milan|Austin|Boston|"
    "Warsaw|Prague|Vienna|Zurich|Nairobi|Singapore|Seoul|Lyon|Porto|Gdansk|Leeds|Denver"
).split("|")
INDUSTRIES = (
    "logistics|fintech|healthcare|hospitality|retail|construction|insurance|education|"
    "manufacturing|real estate|energy|legal|media|nonprofit|biotech|automotive|SaaS|travel"
).split("|")
TOPICS = (
    "invoice reconciliation|fleet telematics|cold chain monitoring|AML screening|"
    "customer onboarding|supplier audits|demand forecasting|payroll compliance|"
    "lead generation|employee retention|cloud cost control|warehouse picking|"
    "contract review|donor stewardship|route planning|quality inspection|tax reporting|"
    "menu pricing|usability testing|data pipelines|churn prediction|shift scheduling|"
    "carbon accounting|procurement workflows|incident response|brand strategy|"
    "sales training|inventory planning|patient intake|vendor risk"
).split("|")
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday".split()

# Words for unique messages: ordinary English, drawn with Zipf weights so that common words
# are shared between unrelated messages, as in real text.
VOCAB = (
    "the to and of a you i for in is your we that it on this with be are our have can would "
    "will about me my if at as from not but all what so an do was like there more out some "
    "time just know see one think really thanks great good new work team people help year "
    "week day make want need way get any also how much well last next after before still "
    "been here when could should into over only back because right some those these them "
    "they their then than very again today while both each other such own same few most "
    "long little small big early late best better hard easy open close free full half part "
    "plan idea thought question answer note update report news story talk meeting call email "
    "phone chat coffee lunch dinner event trip visit office home city town country world "
    "market price cost money budget deal offer project product service client customer user "
    "design build test ship launch start finish change move keep share show tell ask read "
    "write send learn teach lead manage grow run join leave follow connect reach meet talk "
    "family friend colleague partner mentor student manager founder engineer designer doctor "
    "paper book article post video photo picture slide chart table number list page site "
    "garden kitchen bike train car boat flight hotel beach mountain river lake forest park "
    "winter spring summer autumn morning evening night weekend holiday birthday wedding "
    "music film game sport football tennis running swimming cooking baking painting reading "
    "science history maths physics chemistry biology art poetry language culture travel "
    "thank sorry hope glad sure happy sad tired busy quiet loud warm cold hot dry wet "
    "remember forgot wonder guess believe agree decide choose try fail win lose enjoy miss "
    "recipe sourdough battery sensor bridge tunnel harbour castle museum library school "
    "conference workshop seminar lecture thesis grant lab sample result method model data "
    "server laptop screen keyboard printer camera drone robot rocket satellite telescope"
).split()


@dataclass(frozen=True, slots=True)
class Item:
    """One synthetic message: text, its context and the true template (-1 when unique)."""

    text: str
    context: MaskContext
    template: int


# A flatter Zipf exponent than 1: with 1 the unique messages are mostly function words.
ZIPF_EXPONENT = 0.6


def _zipf_weights(n: int) -> list[float]:
    return [1.0 / (rank + 1) ** ZIPF_EXPONENT for rank in range(n)]


class Corpus:
    """Generates items; owners' contexts are shared like in a real store."""

    def __init__(self, seed: int = 7, n_owners: int = 200, templated_share: float = 0.6) -> None:
        self.rng = random.Random(seed)
        self.templated_share = templated_share
        self.vocab_weights = _zipf_weights(len(VOCAB))
        self.owners = [self._owner() for _ in range(n_owners)]

    def _company(self) -> str:
        return f"{self.rng.choice(CO_A)}{self.rng.choice(CO_B).lower()} {self.rng.choice(CO_B)}"

    def _owner(self) -> tuple[dict[str, str], MaskContext]:
        rng = self.rng
        facts = {
            "first": rng.choice(FIRST),
            "last": rng.choice(LAST),
            "company": self._company(),
            "title": rng.choice(TITLES),
            "city": rng.choice(CITIES),
        }
        connections = [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(150)]
        weak = MaskContext.build(
            names=connections,
            companies=[self._company() for _ in range(60)],
            capitalised_only=True,
        )
        ctx = MaskContext.build(
            names=[f"{facts['first']} {facts['last']}"],
            companies=[facts["company"]],
            titles=[facts["title"]],
            places=[facts["city"]],
            parent=weak,
        )
        return facts, ctx

    def items(self, n: int) -> Iterator[Item]:
        rng = self.rng
        for _ in range(n):
            facts, owner_ctx = rng.choice(self.owners)
            sender_first, sender_last = rng.choice(FIRST), rng.choice(LAST)
            sender_co = self._company()
            known_sender_co = rng.random() < 0.5
            ctx = MaskContext.build(
                names=[f"{sender_first} {sender_last}"],
                companies=[sender_co] if known_sender_co else [],
                parent=owner_ctx,
            )
            if rng.random() < self.templated_share:
                template = rng.randrange(len(TEMPLATES))
                text = self._fill(TEMPLATES[template], facts, sender_first, sender_last, sender_co)
            else:
                template = -1
                text = self._unique(facts["first"])
            yield Item(text, ctx, template)

    def _fill(self, template: str, facts: dict[str, str], sf: str, sl: str, sco: str) -> str:
        rng = self.rng
        values = {
            **facts,
            "first": facts["first"] if rng.random() > 0.05 else facts["first"].lower(),
            "topic": rng.choice(TOPICS),
            "industry": rng.choice(INDUSTRIES),
            "n": str(rng.randint(2, 900)),
            "pct": f"{rng.randint(5, 80)}%",
            "weekday": rng.choice(WEEKDAYS),
            "peer_co": self._company(),
            "peer_first": rng.choice(FIRST),
            "sender": f"{sf} {sl}",
            "sender_co": sco,
            "url": f"https://{sco.split()[0].lower()}.com/v/{rng.randint(1000, 99999)}",
        }
        text = template.format(**values)
        for a, b in SWAPS:
            if rng.random() < PARAPHRASE_P:
                if a in text:
                    text = text.replace(a, b, 1)
                elif b in text:
                    text = text.replace(b, a, 1)
        if rng.random() < PERSONAL_P:
            if rng.random() < 0.5:
                line = rng.choice(PERSONAL_LINES).format(**values)
            else:
                line = self._words(5, 10)
            sentences = text.split(". ")
            at = rng.randrange(1, len(sentences) + 1)
            sentences.insert(at, line.rstrip(".!"))
            text = ". ".join(sentences)
        if rng.random() < 0.3:
            text += f"\n\n{rng.choice(['Best', 'Cheers', 'Thanks', 'Regards'])},\n{sf}"
        return text

    def _words(self, low: int, high: int) -> str:
        words = self.rng.choices(VOCAB, weights=self.vocab_weights, k=self.rng.randint(low, high))
        return " ".join(words).capitalize()

    def _unique(self, first: str) -> str:
        rng = self.rng
        sentences = [self._words(5, 16) for _ in range(rng.randint(1, 4))]
        greeting = rng.choice(["Hi", "Hello", "Hey", "Dear"])
        return f"{greeting} {first}, " + ". ".join(sentences) + rng.choice([".", "!", "?"])



# --- measurements -----------------------------------------------------------------------------


def _rss_mb() -> float:
    """Peak RSS of this process. /proc's VmHWM, not getrusage: on Linux ru_maxrss survives
    exec, so a child started by a big parent would report the parent's peak."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _load() -> float:
    """The 1-minute load average: other work on this shared machine inflates wall times."""
    return float(Path("/proc/loadavg").read_text().split()[0])


def pairwise_pr(true: np.ndarray, pred: np.ndarray) -> tuple[float, float]:
    """Pairwise precision and recall of a clustering; labels are ints, unique ones distinct."""

    def pairs(*columns: np.ndarray) -> int:
        _, counts = np.unique(np.stack(columns, axis=1), axis=0, return_counts=True)
        counts = counts.astype(np.int64)
        return int((counts * (counts - 1) // 2).sum())

    tp, predicted, actual = pairs(true, pred), pairs(pred), pairs(true)
    return (tp / predicted if predicted else 1.0), (tp / actual if actual else 1.0)


def shingle_study(n: int = 20_000, n_pairs: int = 4_000) -> dict[str, Any]:
    """True Jaccard of pairs under five shinglings of the skeleton."""
    corpus = Corpus(seed=3)
    items = list(corpus.items(n))
    skels = [skeleton(i.text, i.context) for i in items]
    rng = random.Random(1)
    by_template: dict[int, list[int]] = {}
    for k, item in enumerate(items):
        by_template.setdefault(item.template, []).append(k)
    templates = [t for t in by_template if t >= 0]
    kinds: dict[str, list[tuple[int, int]]] = {"same": [], "other": [], "unique": []}
    for _ in range(n_pairs):
        t = rng.choice(templates)
        kinds["same"].append(tuple(rng.sample(by_template[t], 2)))  # type: ignore[arg-type]
        t1, t2 = rng.sample(templates, 2)
        kinds["other"].append((rng.choice(by_template[t1]), rng.choice(by_template[t2])))
        u = rng.choice(by_template[-1])
        v = rng.choice([k for k in rng.sample(range(n), 2) if k != u])
        kinds["unique"].append((u, v))

    def words(s: str) -> list[str]:
        return s.split()

    schemes = {
        "word 1": lambda s: set(words(s)),
        "word 1+2": lambda s: set(words(s)) | {" ".join(p) for p in pairwise(words(s))},
        "word 2": lambda s: {" ".join(p) for p in pairwise(words(s))} or set(words(s)),
        "char 4": lambda s: {s[i : i + 4] for i in range(max(1, len(s) - 3))},
        "char 5": lambda s: {s[i : i + 5] for i in range(max(1, len(s) - 4))},
    }
    result: dict[str, Any] = {}
    for name, make in schemes.items():
        sets = [make(s) for s in skels]

        def jac(a: int, b: int, sets: list[set[str]] = sets) -> float:
            return len(sets[a] & sets[b]) / max(1, len(sets[a] | sets[b]))

        row: dict[str, Any] = {"per_note": float(np.mean([len(x) for x in sets]))}
        for kind, pairs in kinds.items():
            values = np.array([jac(a, b) for a, b in pairs])
            row[kind] = [float(np.percentile(values, q)) for q in (1, 5, 50, 99)] + [
                float(values.max())
            ]
        result[name] = row
    return result


def lookup_study(n_names: int = 20_000, n_texts: int = 2_000) -> dict[str, float]:
    """Masking known names: token lookup (what skeleton does) vs one regex alternation."""
    rng = random.Random(2)
    names = sorted({f"{rng.choice(FIRST)} {rng.choice(LAST)}{k}" for k in range(n_names)})
    names += [f"{f} {last}" for f in FIRST[:40] for last in LAST[:10]]
    corpus = Corpus(seed=4)
    texts = [i.text for i in corpus.items(n_texts)]
    ctx = MaskContext.build(names=names)
    skeleton("warm up", ctx)
    t = time.perf_counter()
    for text in texts:
        skeleton(text, ctx)
    lookup = (time.perf_counter() - t) / n_texts
    parts = sorted({p for name in names for p in [name, *name.split()]}, key=len, reverse=True)
    t = time.perf_counter()
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, parts)) + r")\b", re.IGNORECASE)
    compile_s = time.perf_counter() - t
    sample = texts[:200]
    t = time.perf_counter()
    for text in sample:
        pattern.sub(" ⟨name⟩ ", text)
    alternation = (time.perf_counter() - t) / len(sample)
    return {
        "names": float(len(names)),
        "skeleton_us": lookup * 1e6,
        "alternation_us": alternation * 1e6,
        "alternation_compile_s": compile_s,
    }


def _chunk(
    args: tuple[int, int],
) -> tuple[list[int], list[str], list[str], bytes, float, float, float]:
    """Worker: generate ``count`` items with ``seed``; skeletons and fingerprints, CPU-timed."""
    seed, count = args
    corpus = Corpus(seed=seed)
    labels: list[int] = []
    skels: list[str] = []
    skel_s = 0.0
    for item in corpus.items(count):
        t = time.process_time()
        skels.append(skeleton(item.text, item.context))
        skel_s += time.process_time() - t
        labels.append(item.template)
    t = time.process_time()
    prints = fingerprint_many(skels)
    fp_s = time.process_time() - t
    digests = b"".join(p.digest for p in prints)
    return labels, skels, [p.exact for p in prints], digests, skel_s, fp_s, _rss_mb()


CHUNK = 20_000
WORKERS = 2
ADDS = 1_000


def run_size(n: int) -> dict[str, Any]:
    """One size, in this process: 2 workers make fingerprints, this process clusters them."""
    labels: list[int] = []
    cpu = {"skeleton": 0.0, "fingerprint": 0.0, "worker_rss": 0.0}
    index = CampaignIndex()
    jobs = [(1000 + k, min(CHUNK, n - start)) for k, start in enumerate(range(0, n, CHUNK))]
    load_start = _load()
    t0 = time.perf_counter()
    marks: dict[str, float] = {}
    cpu_mark = 0.0

    def stream(pool: Any) -> Iterator[tuple[str, Fingerprint]]:
        for chunk_labels, skels, exacts, digests, skel_s, fp_s, rss in pool.imap(_chunk, jobs):
            cpu["skeleton"] += skel_s
            cpu["fingerprint"] += fp_s
            cpu["worker_rss"] = max(cpu["worker_rss"], rss)
            for k, (skel, exact) in enumerate(zip(skels, exacts, strict=True)):
                digest = digests[k * NUM_PERM * 4 : (k + 1) * NUM_PERM * 4]
                yield str(len(labels)), Fingerprint(skel, exact, digest)
                labels.append(chunk_labels[k])
        marks["appended"] = time.perf_counter()
        nonlocal cpu_mark
        cpu_mark = time.process_time()

    with multiprocessing.get_context("fork").Pool(WORKERS) as pool:
        index.build(stream(pool))
    t_end = time.perf_counter()
    link_cpu = time.process_time() - cpu_mark
    workers_rss = cpu["worker_rss"]
    build_rss = _rss_mb()
    link_s = t_end - marks["appended"]
    key_ids: dict[str, int] = {}
    assigned = index.labels()
    pred = np.array(
        [key_ids.setdefault(assigned[str(k)], len(key_ids)) if str(k) in assigned else -1 - k
         for k in range(n)], dtype=np.int64)
    true = np.array([t if t >= 0 else n + k for k, t in enumerate(labels)], dtype=np.int64)
    precision, recall = pairwise_pr(true, pred)
    result: dict[str, Any] = {
        "n": n,
        "templated": int(sum(1 for t in labels if t >= 0)),
        "fingerprint_wall_s": marks["appended"] - t0,
        "skeleton_cpu_s": cpu["skeleton"],
        "fingerprint_cpu_s": cpu["fingerprint"],
        "link_s": link_s,
        "link_cpu_s": link_cpu,
        "total_s": t_end - t0,
        "precision": precision,
        "recall": recall,
        "campaigns": len(key_ids),
        "rss_main_mb": build_rss,
        "rss_worker_mb": workers_rss,
        "load": max(load_start, _load()),
    }
    if n >= 1_000_000 or "--adds" in sys.argv:
        corpus = Corpus(seed=99)
        new = list(corpus.items(ADDS))
        t = time.perf_counter()
        prints = [fingerprint(i.text, i.context) for i in new]
        fp_s = time.perf_counter() - t
        t, c = time.perf_counter(), time.process_time()
        joined = sum(index.add(f"new{k}", p) is not None for k, p in enumerate(prints))
        result["add_1k_s"] = time.perf_counter() - t
        result["add_1k_cpu_s"] = time.process_time() - c
        result["add_1k_fingerprint_s"] = fp_s
        result["add_1k_joined"] = joined
        result["add_1k_templated"] = sum(1 for i in new if i.template >= 0)
        t = time.perf_counter()
        state = index.state()
        result["state_s"] = time.perf_counter() - t
        t = time.perf_counter()
        restored = CampaignIndex.restore(state)
        result["restore_s"] = time.perf_counter() - t
        result["restore_same"] = restored.campaign_of("0") == index.campaign_of("0")
        del restored, state
        # The snapshot path the store uses: save, open by memory map, add another 1k.
        with tempfile.TemporaryDirectory() as tmp:
            directory = Path(tmp)
            t = time.perf_counter()
            index.save(directory, "bench")
            CampaignIndex.publish(directory)
            result["save_s"] = time.perf_counter() - t
            t = time.perf_counter()
            opened = CampaignIndex.open(directory, "bench")
            result["open_s"] = time.perf_counter() - t
            assert opened is not None
            more = [fingerprint(i.text, i.context) for i in Corpus(seed=98).items(ADDS)]
            t = time.perf_counter()
            joined = sum(opened.add(f"more{k}", p) is not None for k, p in enumerate(more))
            changes = opened.take_changes()
            result["open_add_1k_s"] = time.perf_counter() - t
            result["open_add_1k_joined"] = joined
            result["open_add_1k_changes"] = len(changes)
            t = time.perf_counter()
            opened.save(directory, "bench2")
            CampaignIndex.publish(directory)
            result["resave_s"] = time.perf_counter() - t
            result["open_same"] = opened.campaign_of("0") == index.campaign_of("0")
        result["rss_end_mb"] = _rss_mb()
    return result


def dict_lsh_study(n: int = 100_000) -> dict[str, Any]:
    """The same items in a datasketch MinHashLSH (dict per band): insert and query cost."""
    from datasketch import MinHashLSH

    _, skels, _, digests, _, _, _ = _chunk((1000, n))
    rss0 = _rss_mb()
    prints = [
        Fingerprint(s, "", digests[k * NUM_PERM * 4 : (k + 1) * NUM_PERM * 4])
        for k, s in enumerate(skels)
    ]
    hashes = [p.minhash() for p in prints]
    lsh = MinHashLSH(num_perm=NUM_PERM, params=(LSH_BANDS, LSH_ROWS))
    t = time.perf_counter()
    with lsh.insertion_session() as session:
        for k, mh in enumerate(hashes):
            session.insert(k, mh)
    insert_s = time.perf_counter() - t
    t = time.perf_counter()
    for mh in hashes[:10_000]:
        lsh.query(mh)
    query_s = (time.perf_counter() - t) / 10_000
    return {"n": n, "insert_s": insert_s, "query_us": query_s * 1e6,
            "rss_growth_mb": _rss_mb() - rss0}


# --- devset smoke check ---------------------------------------------------------------------


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"p", "br", "div", "li"}:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _plain(text: str) -> str:
    if "<" not in text or ">" not in text:
        return text
    parser = _Text()
    parser.feed(text)
    return html.unescape("".join(parser.parts)).strip()


def devset_smoke(cases_path: Path) -> dict[str, Any]:
    """Pairwise P/R of one CampaignIndex over all cases, by scope, as the devset scorer does."""
    personas: dict[str, MaskContext] = {}
    persona_file = cases_path.with_name("personas.jsonl")
    for line in persona_file.read_text(encoding="utf-8").splitlines():
        p = json.loads(line)
        weak = MaskContext.build(
            names=[f"{c['first_name']} {c['last_name']}" for c in p.get("connections", [])],
            companies=[c.get("company", "") for c in p.get("connections", [])],
            capitalised_only=True,
        )
        personas[p["id"]] = MaskContext.build(
            names=[f"{p['first_name']} {p['last_name']}"],
            companies=[x["company"] for x in p.get("positions", [])],
            titles=[x["title"] for x in p.get("positions", [])],
            places=[p.get("location", ""), *p.get("location", "").split(",")],
            parent=weak,
        )
    cases = [json.loads(line) for line in cases_path.read_text(encoding="utf-8").splitlines()]
    index = CampaignIndex()
    for case in cases:
        s = case["sender"]
        sender = Person(f"{s['first_name']} {s['last_name']}", headline=s.get("headline", ""),
                        company=s.get("company", ""))
        ctx = personas[case["persona"]].with_people(sender)
        # Cases carry no conversation id, but the messages of one sequence share the persona
        # and the sender (devset SCHEMA.md): that pair stands for the conversation.
        thread = (f"{case['persona']}/{s.get('profile_url', '')}"
                  if case.get("kind") == "message" else None)
        index.add(case["id"], fingerprint(_plain(case["text"]), ctx), thread)
    assigned = index.labels()
    scopes = {
        "all_pairs": lambda a, b: True,
        "within_persona": lambda a, b: a["persona"] == b["persona"],
        "cross_persona": lambda a, b: a["persona"] != b["persona"],
    }
    result: dict[str, Any] = {"cases": len(cases), "campaigns": len(index.campaigns())}
    for name, keep in scopes.items():
        tp = fp = fn = 0
        for i, a in enumerate(cases):
            for b in cases[i + 1 :]:
                if not keep(a, b):
                    continue
                truth = a["template_id"] is not None and a["template_id"] == b["template_id"]
                pred = a["id"] in assigned and assigned.get(a["id"]) == assigned.get(b["id"])
                tp += truth and pred
                fp += pred and not truth
                fn += truth and not pred
        result[name] = {"tp": tp, "fp": fp, "fn": fn,
                        "precision": tp / (tp + fp) if tp + fp else None,
                        "recall": tp / (tp + fn) if tp + fn else None}
    return result


# --- driver ---------------------------------------------------------------------------------


def _in_subprocess(flag: str, value: str) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, flag, value], check=True, capture_output=True, text=True
    ).stdout
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return result


def plot(results: list[dict[str, Any]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = [r["n"] for r in results]
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot(sizes, [r["total_s"] for r in results], "o-", label="total (2 workers + link)")
    ax.plot(sizes, [r["fingerprint_wall_s"] for r in results], "s--",
            label="skeleton + fingerprint, 2 workers (wall)")
    ax.plot(sizes, [r["link_s"] for r in results], "^--", label="clustering (build link phase)")
    ax.plot(sizes, [r["n"] * results[0]["total_s"] / results[0]["n"] for r in results], ":",
            color="grey", label="linear from the smallest size")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("items")
    ax.set_ylabel("seconds")
    ax.set_title("seedbed campaign clustering: time vs size")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=100)


def _fmt(x: float | None, digits: int = 3) -> str:
    return "n/a" if x is None else f"{x:.{digits}f}"


def record(report: dict[str, Any], results_path: Path) -> None:
    lines = ["## Campaigns", ""]
    lines += [
        f"Measured {time.strftime('%Y-%m-%d')} on {platform.processor() or platform.machine()} "
        f"({multiprocessing.cpu_count()} cores, shared with other work: 1-min load average "
        f"{report['load']:.1f} before the run), Python {platform.python_version()}, "
        f"numpy {np.__version__}. Command: `.venv/bin/python benchmarks/bench_campaigns.py "
        "--record` (add `--devset PATH/cases.jsonl` for the last table).",
        "",
        f"Corpus: synthetic, {len(TEMPLATES)} templates written for the benchmark with varied "
        "fills and light paraphrase (word swaps with p=0.25 each, a personal line in 20 %, a "
        "signature in 30 %), 60 % templated, 40 % unique notes; 200 owners with 150 "
        f"connections each. MinHash {NUM_PERM} permutations, LSH {LSH_BANDS} bands x "
        f"{LSH_ROWS} rows. Skeletons and fingerprints are made by 2 worker processes; "
        "clustering runs in the main process. Each size runs in a fresh process; CPU "
        "seconds are process time, wall seconds include waiting for the shared cores "
        "(the load column is the highest 1-minute load average seen at the start or end "
        "of that size; 2.0 means both cores busy).",
        "",
        "| items | P (pairs) | R (pairs) | campaigns | skeleton+fp wall (CPU) | link wall (CPU) "
        "| total wall | peak RSS main | peak RSS worker | load |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in report["sizes"]:
        lines.append(
            f"| {r['n']:,} | {r['precision']:.6f} | {r['recall']:.6f} | {r['campaigns']} "
            f"| {r['fingerprint_wall_s']:.1f} s "
            f"({r['skeleton_cpu_s'] + r['fingerprint_cpu_s']:.1f} s) "
            f"| {r['link_s']:.1f} s ({r['link_cpu_s']:.1f} s) | {r['total_s']:.1f} s "
            f"| {r['rss_main_mb']:,.0f} MB | {r['rss_worker_mb']:,.0f} MB | {r['load']:.1f} |"
        )
    big = report["sizes"][-1]
    lines += [""]
    lines += [
        f"CPU per item at {big['n']:,}: skeleton {big['skeleton_cpu_s'] / big['n'] * 1e6:.0f} "
        f"us, fingerprint (batch) {big['fingerprint_cpu_s'] / big['n'] * 1e6:.0f} us. "
        f"Time per item, smallest to largest size: "
        + ", ".join(f"{r['total_s'] / r['n'] * 1e6:.0f} us" for r in report["sizes"])
        + ".",
    ]
    if "add_1k_s" in big:
        lines += [
            "",
            f"Adding {ADDS:,} new items one by one to the {big['n']:,}-item index: "
            f"**{big['add_1k_s']:.2f} s** for `add` ({big['add_1k_joined']} of "
            f"{big['add_1k_templated']} templated items joined a campaign), plus "
            f"{big['add_1k_fingerprint_s']:.2f} s to make their fingerprints. "
            f"`state()` {big['state_s']:.1f} s, `restore()` {big['restore_s']:.1f} s "
            f"(same campaigns after restore: {big['restore_same']}); "
            f"peak RSS at the end {big['rss_end_mb']:,.0f} MB.",
            "",
            "The snapshot path the store uses (`campaign.snapshot`): `save` the whole index "
            f"{big['save_s']:.1f} s, `open` it again {big['open_s']:.2f} s (maps the files, "
            f"reads no item), add {ADDS:,} more items to the opened index "
            f"**{big['open_add_1k_s']:.2f} s** ({big['open_add_1k_joined']} joined; "
            f"{big['open_add_1k_changes']:,} changed items reported), then append them to the "
            f"snapshot {big['resave_s']:.2f} s (same campaigns: {big['open_same']}).",
        ]
    d = report["dict_lsh"]
    lines += [
        "",
        f"For comparison, a datasketch `MinHashLSH` (a dict per band) over {d['n']:,} items: "
        f"insert {d['insert_s']:.1f} s, query {d['query_us']:.0f} us, RSS growth "
        f"{d['rss_growth_mb']:,.0f} MB ({d['rss_growth_mb'] * 1e6 / d['n'] / 1024:.1f} GB per "
        f"million), against {LSH_BANDS} sorted arrays of uint32 band keys + int32 item ids "
        f"({LSH_BANDS * 8 / 1000:.2f} GB per million) and a numpy digest matrix "
        f"({NUM_PERM * 4 / 1000:.2f} GB per million) here. The index keeps the items added "
        "one by one since the last fold in one dict per band (of the same band keys, at most "
        "50,000 items).",
    ]
    lk = report["lookup"]
    lines += [
        "",
        f"Known-name masking with {lk['names']:,.0f} names: skeleton with token lookup "
        f"{lk['skeleton_us']:.0f} us per note (all of the skeleton, not just the lookup); one "
        f"compiled regex alternation of the names alone {lk['alternation_us']:,.0f} us per "
        f"note (compiled in {lk['alternation_compile_s']:.1f} s).",
        "",
        "Shingle choice (true Jaccard on 4,000 pairs of each kind, 20,000 notes; p1 / p5 / "
        "median / p99 / max):",
        "",
        "| shingles | per note | same template | other template | unique vs any |",
        "|---|---|---|---|---|",
    ]
    for name, row in report["shingles"].items():
        cells = [" / ".join(f"{v:.2f}" for v in row[k]) for k in ("same", "other", "unique")]
        lines.append(f"| {name} | {row['per_note']:.0f} | " + " | ".join(cells) + " |")
    if report.get("devset"):
        dv = report["devset"]
        lines += [
            "",
            f"Devset smoke check ({dv['cases']} cases, one index over all personas, "
            "MaskContext from persona and sender names; HTML stripped first): "
            f"{dv['campaigns']} campaigns.",
            "",
            "| scope | true pairs | predicted pairs | P | R |",
            "|---|---|---|---|---|",
        ]
        for scope in ("all_pairs", "within_persona", "cross_persona"):
            s = dv[scope]
            lines.append(
                f"| {scope} | {s['tp'] + s['fn']} | {s['tp'] + s['fp']} | "
                f"{_fmt(s['precision'])} | {_fmt(s['recall'])} |"
            )
    if report.get("plot"):
        lines += ["", f"Plot: `{report['plot']}`."]
    section = "\n".join(lines) + "\n"
    text = results_path.read_text(encoding="utf-8") if results_path.exists() else (
        "# Benchmark results\n"
    )
    pattern = re.compile(r"^## Campaigns\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(lambda _: section + "\n", text, count=1).rstrip("\n") + "\n"
    else:
        text = text.rstrip("\n") + "\n\n" + section
    results_path.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--devset", type=Path)
    parser.add_argument("--record", action="store_true")
    parser.add_argument("--plot", type=Path, default=HERE / "campaigns_scale.png")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--one-dict-lsh", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--adds", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_size(args.one)))
        return
    if args.one_dict_lsh:
        print(json.dumps(dict_lsh_study(args.one_dict_lsh)))
        return
    report: dict[str, Any] = {"load": _load()}
    report["shingles"] = shingle_study()
    print("shingles", json.dumps(report["shingles"]), flush=True)
    report["lookup"] = lookup_study()
    print("lookup", report["lookup"], flush=True)
    report["dict_lsh"] = _in_subprocess("--one-dict-lsh", "100000")
    print("dict lsh", report["dict_lsh"], flush=True)
    report["sizes"] = []
    for n in (int(x) for x in args.sizes.split(",")):
        report["sizes"].append(_in_subprocess("--one", str(n)))
        print("size", report["sizes"][-1], flush=True)
    if args.devset:
        report["devset"] = devset_smoke(args.devset)
        print("devset", report["devset"], flush=True)
    if args.plot:
        plot(report["sizes"], args.plot)
        report["plot"] = str(args.plot.relative_to(HERE.parent)) if args.plot.is_relative_to(
            HERE.parent) else args.plot.name
    if args.record:
        record(report, HERE / "RESULTS.md")


if __name__ == "__main__":
    main()
