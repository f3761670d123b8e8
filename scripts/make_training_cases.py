"""Fill real outreach templates for seedbed's written recipients, the way a sales tool would.

Usage: python scripts/make_training_cases.py [--shared ../shared] [--out DIR] [--seed N]

Development time only. Reads the real templates of the shared data folder
(scripts/outreach_templates.py), the recipients and offerings written for seedbed in
training/ (recipients.jsonl, offerings.jsonl), and writes into DIR (default
benchmarks/out/generated, ignored by git) a labelled set in the development set's layout:

    cases.jsonl                 one inbound item per line, with label, template_id and
                                source "template:<owner/repo>" (the evaluation's groups)
    exports/<id>/...zip         one LinkedIn export per recipient (tests/exportgen.py)
    exports/<id>.prefs.toml     the recipient's preferences (absent: none given)
    exports/manifest.json       recipient -> export, prefs

Filling follows what sales tools do, mistakes included: recipient fields filled from the
profile, sometimes left unfilled or filled with another company; generic compliments, and
now and then a real reference to the recipient's article; follow-up steps in the same
conversation; connect-then-pitch after an accepted invitation; some bodies as InMail HTML.

Labels follow the definition: a stranger's offer (product, service, partnership, job,
investment, a paid event, a sales opener) is relevant_pitch when it meets a need (by the
offering's category, the job seeker's wanted roles, the roles the recipient hires for, an
investor's thesis), spam otherwise; networking notes are welcome or ask_why per
outreach_templates.NETWORKING. The same seed gives the same files, byte for byte.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import random
import re
import shutil
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import outreach_templates as ot  # noqa: E402

from exportgen import write_export  # noqa: E402
from seedbed.model import (  # noqa: E402
    Article,
    Connection,
    Direction,
    Export,
    Invitation,
    JobSeekerPreferences,
    Message,
    Person,
    Position,
    Post,
    Profile,
)

SEED = 20260412
DEFAULT_OUT = ROOT / "benchmarks" / "out" / "generated"
START, END = datetime(2025, 1, 6, tzinfo=UTC), datetime(2026, 11, 1, tzinfo=UTC)
# How many recipients receive each template.
OFFER_FANOUT = 3
NETWORK_FANOUT = 5
# Shares of the sales tools' mistakes and of the ways a message arrives.
P_MERGE_FAIL = 0.10
P_WRONG_COMPANY = 0.04
P_CITE = 0.15            # a pitch that opens by citing the recipient's own article
P_FAKE_TOPIC = 0.15      # "loved your post about <something they never wrote>"
P_CONNECTED = 0.35       # from a 1st-degree connection who never talked (connect-then-pitch)
P_HTML = 0.12            # InMail body as HTML
P_DECLINE = 0.06         # the recipient said no between two steps (still a stranger)
P_RELEVANT = 0.5         # slotted offers: chance the filling meets one of the recipient's needs

FIRST = {
    "en": "James Olivia Liam Emma Noah Ava Ethan Mia Lucas Chloe Mason Grace Ryan Zoe Owen "
          "Hannah Tyler Megan Connor Priya Kevin Rachel Brandon Nicole Dylan Jasmine".split(),
    "es": "Javier Lucía Pablo Carmen Alejandro Marta Sergio Elena Álvaro Paula Raúl Sara".split(),
    "pt": "João Ana Pedro Beatriz Rafael Mariana Tiago Inês Bruno Camila Gustavo Larissa".split(),
    "fr": "Julien Camille Thomas Léa Nicolas Manon Antoine Chloé Hugo Sarah Maxime Inès".split(),
    "de": "Lukas Anna Felix Laura Jonas Lea Niklas Sophie Tim Marie Jan Katharina".split(),
    "it": "Luca Giulia Marco Francesca Andrea Chiara Matteo Sara Davide Elisa Simone Marta".split(),
    "nl": "Daan Sanne Bram Lotte Joris Femke Ruben Eva Thijs Iris Sven Anouk".split(),
}
LAST = {
    "en": "Smith Johnson Brown Taylor Walker Hughes Carter Bennett Foster Reed Murphy Patel "
          "Collins Ward Brooks Price Sanders Hayes Coleman Russell".split(),
    "es": "García Martínez López Sánchez Romero Navarro Torres Ruiz Moreno Ortega".split(),
    "pt": "Silva Santos Oliveira Souza Pereira Costa Almeida Ferreira Rodrigues Lima".split(),
    "fr": "Martin Bernard Dubois Laurent Lefebvre Moreau Girard Fournier Mercier Roux".split(),
    "de": "Müller Schmidt Schneider Fischer Wagner Becker Hoffmann Schulz Koch Richter".split(),
    "it": "Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Greco Conti".split(),
    "nl": "de Jong Jansen de Vries van Dijk Bakker Visser Smit Meijer de Boer Mulder".split(),
}
CLIENTS = ("Northwind", "Brightline", "Harbor & Co", "Kestrel Group", "Bluepeak", "Alder Labs",
           "Summit Partners", "Corvane", "Lumio", "Redwood Health", "Fieldstone", "Oakridge")
EVENTS = ("Web Summit", "the Nordic Leaders Forum", "SaaStr Europa", "the Future Ops Summit",
          "Collision", "the Industry Growth Expo", "TechBBQ", "VivaTech", "the CX Leaders Day")
COMPLIMENT = {
    "en": ("your impressive growth", "the great work you're doing", "your recent expansion",
           "the momentum you have this year", "your impressive background"),
    "es": ("el gran crecimiento de tu empresa", "el gran trabajo que estáis haciendo"),
    "pt": ("o crescimento incrível da empresa", "o ótimo trabalho de vocês"),
    "fr": ("votre belle croissance", "le super travail de votre équipe"),
    "de": ("euer starkes Wachstum", "die tolle Arbeit eures Teams"),
    "it": ("la vostra crescita", "l'ottimo lavoro del vostro team"),
    "nl": ("jullie mooie groei", "het mooie werk van jullie team"),
}
FAKE_TOPICS = ("scaling a remote sales team", "crypto adoption in the enterprise",
               "the future of retail media", "AI-generated marketing copy",
               "quiet quitting in tech", "building a personal brand on TikTok")
GREETING_NAMES = re.compile(
    r"^((?:\*\*)?(?:Hi|Hello|Hey|Dear|Hola|Olá|Oi|Bonjour|Hallo|Ciao|Hoi|Opa)[,!]?\s+)?"
    r"(Sarah|Rachel|Lisa|Mike|Marcus|Wayne|Jorge|Luis|Ricardo|Sofía|Sofia|Carla|João|Mark|"
    r"Lionel|Laurent|X|Name)\b", re.M)
SUBJECT = re.compile(r"^\s*(?:\*\*)?(?:Subject|Betreff|Objet|Asunto|Assunto|Oggetto|Onderwerp)"
                     r"\s*:?\s*(?:\*\*)?\s*:?\s*(.*)$", re.I | re.M)
SENDER_DETAILS = (
    (r"major|study|degree", "Business Administration"), (r"universit|school|college",
    "the University of Leeds"), (r"year", "third-year student"), (r"situation|up to|doing",
    "finishing my master's degree"), (r"field|area|industry", "operations"),
    (r"role|title|position", "an operations analyst"), (r"experience|background|skill",
    "three years in operations"), (r"availability", "Tuesday or Thursday afternoon"))
DECLINES = ("Not interested, thanks.", "No thank you, we're all set.",
            "Please remove me from your list.", "Not for us right now.")


@dataclass
class Offering:
    category: str
    fields: dict[str, Any]
    kind: str = "service"     # service, job, candidate, investment, speaking


@dataclass
class Recipient:
    raw: dict[str, Any]

    @property
    def id(self) -> str:
        return str(self.raw["id"])

    @property
    def first(self) -> str:
        return str(self.raw["first_name"])

    @property
    def last(self) -> str:
        return str(self.raw["last_name"])

    @property
    def company(self) -> str:
        return str(self.raw["positions"][0]["company"])

    @property
    def title(self) -> str:
        return str(self.raw["positions"][0]["title"])

    @property
    def city(self) -> str:
        return str(self.raw["location"]).split(",")[0]

    @property
    def categories(self) -> set[str]:
        return set(self.raw.get("need_categories") or [])

    @property
    def seeker(self) -> bool:
        return bool(self.raw.get("job_seeker"))

    @property
    def url(self) -> str:
        return f"https://www.linkedin.com/in/{_slug(self.first + ' ' + self.last)}-{self.id}"


@dataclass
class Step:
    """One inbound item to write: a filled template and the facts around it."""

    template: ot.Template
    subject: str
    text: str
    kind: str                       # invitation | message


@dataclass
class Thread:
    recipient: Recipient
    sender: dict[str, str]
    steps: list[Step]
    label: str
    rationale: str
    tags: list[str]
    connected: bool = False
    html: bool = False
    decline_after_first: bool = False
    sent: list[datetime] = field(default_factory=list)


def _slug(text: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", text.lower().encode("ascii", "ignore").decode()).strip("-")
    return s or "x"


def _lang(language: str) -> str:
    return language if language in FIRST else "en"


# ----------------------------------------------------------------------------- filling

@dataclass
class Filling:
    recipient: Recipient
    sender: dict[str, str]
    offering: Offering | None
    language: str
    unfilled: frozenset[str] = frozenset()
    wrong_company: str | None = None
    cite: str | None = None
    fake_topic: str | None = None


def _offer_field(f: Filling, name: str) -> str:
    if f.offering is None:
        return ""
    fields = f.offering.fields
    local = (fields.get("i18n") or {}).get(f.language) or {}
    return str(local.get(name) or fields.get(name) or "")


def _value(token: str, role: str, f: Filling, rng: random.Random) -> str:
    """What a sales tool puts in one placeholder (or the raw token, when it fails)."""
    r = f.recipient
    lang = _lang(f.language)
    key = ot.placeholder_key(token)
    if role in f.unfilled:
        return token
    o = f.offering
    kind = o.kind if o else ""
    if role == "recipient_first":
        return r.first
    if role == "recipient_formal":
        return f"{r.first} {r.last}"
    if role == "recipient_company":
        if kind == "investment" and re.search(r"fund|firm", key):
            return f"{r.company}"
        return f.wrong_company or r.company
    if role == "recipient_role":
        return r.title
    if role == "city":
        return r.city
    if role == "sender_name":
        return f.sender["first"] if len(key) < 8 else f.sender["name"]
    if role == "signature":
        return f"{f.sender['name']}\n{f.sender['title']}, {f.sender['company']}"
    if role == "sender_company":
        return f.sender["company"]
    if role == "sender_title":
        return f.sender["title"]
    if role == "sender_detail":
        for pattern, value in SENDER_DETAILS:
            if re.search(pattern, key):
                return value
        return f.sender["title"].lower()
    if role == "question":
        if f.cite:
            return f"how you arrived at the numbers in \"{f.cite}\""
        return "what is the biggest challenge on your plate this quarter"
    if role == "url":
        path = rng.choice(["demo", "guide", "meet", "report"])
        return f"https://{_slug(f.sender['company'])}.com/{path}"
    if role == "contact":
        return f"+44 20 7946 {rng.randint(1000, 9999)}"
    if role == "date":
        return (START + timedelta(days=rng.randint(0, 600))).strftime("%d %B")
    if role == "mutual":
        return f"{rng.choice(FIRST[lang])} {rng.choice(LAST[lang])}"
    if role == "event":
        return rng.choice(EVENTS)
    if role == "similar":
        return rng.choice(CLIENTS)
    if role == "number":
        return str(rng.choice([3, 5, 12, 27, 40, 120]))
    if role == "price":
        return rng.choice(["€1,900", "5", "4 weeks", "12 months"])
    if kind == "job":
        job = o.fields if o else {}
        if role in ("job_title", "what") or re.search(r"role|position|title", key):
            return str(job.get("title", ""))
        if re.search(r"org|company|empresa", key):
            return str(job.get("org", ""))
        if role == "outcome":
            return str(job.get("pay", ""))
        if role in ("pain", "topic", "compliment", "unknown"):
            return str(job.get("about", ""))
    if kind == "candidate":
        c = o.fields if o else {}
        if role == "job_title":
            return str(c.get("title", ""))
        if re.search(r"experience|skill|background|tech|what", key) or role == "what":
            return f"{c.get('skills', '')} ({c.get('years', 5)} years)"
        if role in ("outcome", "compliment", "unknown"):
            return str(c.get("achievement", ""))
    if kind == "investment":
        inv = o.fields if o else {}
        if role == "industry" or re.search(r"sector|market|space|domain", key):
            return str(inv.get("sector", ""))
        if role in ("what", "unknown"):
            return str(inv.get("what", ""))
        if role == "outcome" or re.search(r"metric|traction|signal|milestone", key):
            return str(inv.get("proof", ""))
        if re.search(r"raise|round|stage", key):
            return str(inv.get("raise", ""))
    if role == "industry":
        if re.search(r"type|similar|audience|target|clients|persona|ideal|zielgruppe|"
                     r"companies", key):
            return _offer_field(f, "for") or str(r.raw["industry"]).lower()
        return str(r.raw["industry"]).lower()
    if role == "what":
        return _offer_field(f, "what") or _offer_field(f, "outcome")
    if role == "outcome":
        return _offer_field(f, "outcome") or _offer_field(f, "proof")
    if role == "pain":
        return _offer_field(f, "pain") or _offer_field(f, "what")
    if role == "job_title":
        return r.title
    if role in ("topic", "compliment"):
        if f.cite:
            return f.cite
        if f.fake_topic and role == "topic":
            return f.fake_topic
        if role == "topic" and o is not None:
            return _offer_field(f, "pain") or rng.choice(COMPLIMENT[lang])
        return rng.choice(COMPLIMENT[lang])
    default = ot.default_text(token)
    if default:
        return default
    return _offer_field(f, "what") or rng.choice(COMPLIMENT[lang])


_SPIN = re.compile(r"\{([^{}\n]*\|[^{}\n]*)\}")
_JINJA_TAG = re.compile(r"\{%.*?%\}", re.S)
_LEFTOVER = re.compile(r"\{\{[^{}]*\}\}")
# Placeholders the template's list missed (spanning a line, with quotes inside): [Two words+].
_BRACKET = re.compile(r"\[[^\[\]]{3,200}\]")


def fill(t: ot.Template, f: Filling, rng: random.Random) -> tuple[str, str]:
    """The filled subject and body of ``t``."""
    def unescape(x: str) -> str:
        return x.replace("\\[", "[").replace("\\]", "]").replace("\\_", "_")

    text = unescape(_JINJA_TAG.sub("", t.text))
    kept: set[str] = set()
    tokens = sorted({unescape(p) for p in t.placeholders}, key=lambda x: (-len(x), x))
    for token in tokens:
        if token in text:
            role = ot.slot_role(token, t.language, t.intent)
            if role in f.unfilled:
                kept.add(token)
            parts = text.split(token)
            text = parts[0] + "".join(_value(token, role, f, rng) + p for p in parts[1:])

    def bracket(m: re.Match[str]) -> str:
        token = m.group(0)
        if token in kept or not re.search(r"[A-Za-zÀ-ÿ]", token):
            return token
        return _value(token, ot.slot_role(token, t.language, t.intent), f, rng)

    text = _BRACKET.sub(bracket, text)
    text = _LEFTOVER.sub(lambda m: ot.default_text(m.group(0)) or f.recipient.first, text)
    for _ in range(3):
        text = _SPIN.sub(lambda m: rng.choice(m.group(1).split("|")).strip(), text)
    text = text.replace("**", "").replace("\\_", "_").replace("\\[", "[").replace("\\]", "]")
    text = text.replace("\\!", "!").replace("&#x20;", " ").replace("━", "")
    text = GREETING_NAMES.sub(lambda m: (m.group(1) or "") + f.recipient.first, text, count=1)
    subject = ""
    m = SUBJECT.search(text)
    if m and m.start() < 5:
        subject = m.group(1).strip().strip("*").strip()
        text = text[m.end():]
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    return subject, text


def as_html(text: str) -> str:
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    return "".join("<p>" + html.escape(p).replace("\n", "<br>") + "</p>" for p in paragraphs)


# ----------------------------------------------------------------------------- planning

class Planner:
    """Decides, template by template, who receives it, filled with what, and its label."""

    def __init__(self, recipients: list[Recipient], offerings: list[dict[str, Any]],
                 templates: list[ot.Template], rng: random.Random) -> None:
        self.recipients = recipients
        self.bank = [Offering(str(o["category"]), o) for o in offerings]
        self.rng = rng
        self.by_repo: dict[str, list[ot.Template]] = {}
        for t in templates:
            self.by_repo.setdefault(t.repo, []).append(t)
        self.templates = templates
        self.need_offers = {r.id: [Offering(cat, off) for cat, offs in
                                   zip(r.raw.get("need_categories") or [],
                                       r.raw.get("need_offers") or [], strict=False)
                                   for off in offs] for r in recipients}
        self.senders = 0

    # -- offerings -------------------------------------------------------------------------

    def relevant_offering(self, r: Recipient, language: str) -> Offering | None:
        if language != "en":
            return None
        own = [o for o in self.need_offers[r.id] if o.category not in ("job", "vc_b2b_ai",
                                                                      "vc_climate")]
        bank = [o for o in self.bank if o.category in r.categories]
        pool = own + bank
        return self.rng.choice(pool) if pool else None

    def spam_offering(self, r: Recipient, language: str) -> Offering:
        rng = self.rng
        if language != "en":
            pool = [o for o in self.bank if language in (o.fields.get("i18n") or {})
                    and o.category not in r.categories]
            if pool:
                return rng.choice(pool)
        roll = rng.random()
        near = [Offering("near:" + r.id, x) for x in r.raw.get("near_misses") or []]
        if roll < 0.3 and near:
            return rng.choice(near)
        if roll < 0.65:
            others = [o for rid, offs in self.need_offers.items() if rid != r.id for o in offs
                      if o.category not in r.categories and o.category not in
                      ("vc_b2b_ai", "vc_climate")]
            return rng.choice(others)
        return rng.choice([o for o in self.bank if o.category not in r.categories])

    # -- senders ---------------------------------------------------------------------------

    def sender(self, offering: Offering | None, language: str) -> dict[str, str]:
        lang = _lang(language)
        self.senders += 1
        first, last = self.rng.choice(FIRST[lang]), self.rng.choice(LAST[lang])
        fields = offering.fields if offering else {}
        company = str(fields.get("vendor") or fields.get("org") or
                      self.rng.choice((*CLIENTS, "Freelance", "Self-employed")))
        if offering and offering.kind == "job":
            company = self.rng.choice(["Talentwise", "Hirewell Partners", "Apex Search",
                                       "Northstar Recruitment"])
        title = str(fields.get("title") or ("Talent Partner" if offering and
                                             offering.kind == "job" else "Founder"))
        digest = hashlib.sha1(f"{first}{last}{self.senders}".encode()).hexdigest()[:6]
        url = f"https://www.linkedin.com/in/{_slug(first + ' ' + last)}-{digest}"
        return {"first": first, "last": last, "name": f"{first} {last}", "company": company,
                "title": title, "url": url}

    # -- one template ----------------------------------------------------------------------

    def threads(self, t: ot.Template) -> list[Thread]:
        p = ot.plan(t)
        if p.use == "skip":
            return []
        if p.use in ("welcome", "ask_why"):
            chosen = self.rng.sample(self.recipients, NETWORK_FANOUT)
            return [self._networking(t, r, p.use) for r in chosen]
        out = []
        for r in self._audience(t, p):
            thread = self._offer(t, p, r)
            if thread is not None:
                out.append(thread)
            if len(out) >= OFFER_FANOUT:
                break
        return out

    def _audience(self, t: ot.Template, p: ot.Plan) -> list[Recipient]:
        """Recipients in the order they are tried: up to two for whom the offer may be
        relevant (job seekers for a recruiter, an investor for a founder...), then anyone."""
        rng = self.rng
        shuffled = rng.sample(self.recipients, len(self.recipients))
        if p.offer == "job":
            near = [r for r in shuffled if r.seeker]
        elif p.offer == "candidate":
            near = [r for r in shuffled if r.raw.get("candidates")]
        elif p.offer == "investment":
            near = [r for r in shuffled if r.categories & {"vc_b2b_ai", "vc_climate"}]
        elif p.offer == "speaking":
            near = [r for r in shuffled if "podcast_guest" in r.categories]
        elif p.slotted:
            near = shuffled[:1]
        else:
            near = [r for r in shuffled if p.category in r.categories]
        near = near[:2]
        return near + [r for r in shuffled if r not in near]

    def _networking(self, t: ot.Template, r: Recipient, label: str) -> Thread:
        cite = None
        if label == "welcome" and r.raw.get("articles"):
            cite = str(r.raw["articles"][0]["title"])
        sender = self.sender(None, t.language)
        f = Filling(r, sender, None, t.language, cite=cite)
        subject, text = fill(t, f, self.rng)
        why = ("a stranger with a specific, non-sales purpose" if label == "welcome"
               else "a stranger who asks to connect with no offer and no clear purpose")
        return Thread(r, sender, [self._step(t, subject, text)], label, why,
                      ["template_no_offer"] if label == "ask_why" else ["networking"])

    def _offer(self, t: ot.Template, p: ot.Plan, r: Recipient) -> Thread | None:
        rng = self.rng
        offering: Offering | None
        label = "spam"
        why = ""
        if p.offer == "job":
            if p.slotted and r.seeker and rng.random() < 0.65:
                job = rng.choice(r.raw["jobs_wanted"])
                offering, label, why = Offering("job", job, "job"), "relevant_pitch", \
                    "a recruiter's role that matches the roles they are looking for"
            else:
                pool = [j for x in self.recipients for j in
                        (x.raw.get("jobs_wanted", []) + x.raw.get("jobs_unwanted", []))
                        if x.id != r.id]
                if r.seeker and p.slotted:
                    pool = r.raw["jobs_unwanted"]
                elif r.seeker:
                    return None     # a vague recruiter note to a job seeker: left out
                offering = Offering("job", rng.choice(pool), "job")
                why = "a recruiter's role they did not ask for"
        elif p.offer == "candidate":
            hires = r.raw.get("candidates") or []
            developer = DEVELOPER.search(t.text) is not None
            if developer and hires and "hire_fullstack_dev" not in r.categories:
                return None     # a developer's application to someone hiring a vet: unclear
            if p.slotted and hires and rng.random() < 0.7 and (
                    not developer or "hire_fullstack_dev" in r.categories):
                offering = Offering("candidate", rng.choice(hires), "candidate")
                label, why = "relevant_pitch", "a candidate for a role they are hiring for"
            elif not p.slotted and "hire_fullstack_dev" in r.categories and \
                    re.search(r"full-stack|laravel|node", t.text, re.I):
                offering = Offering("candidate", {}, "candidate")
                label, why = "relevant_pitch", "a developer applying for the role they hire for"
            else:
                if hires or "hire_fullstack_dev" in r.categories:
                    return None
                pool = [c for x in self.recipients for c in x.raw.get("candidates") or []]
                offering = Offering("candidate", rng.choice(pool), "candidate")
                why = "an unsolicited application for a role they do not hire for"
        elif p.offer == "investment":
            investor = r.categories & {"vc_b2b_ai", "vc_climate"}
            if investor and rng.random() < 0.6:
                offering = Offering("investment", rng.choice(
                    [o.fields for o in self.need_offers[r.id]]), "investment")
                label, why = "relevant_pitch", "a startup raising in the investor's thesis"
            else:
                pool = [n for x in self.recipients for n in x.raw.get("near_misses") or []
                        if "raise" in n]
                if investor:
                    pool = [n for n in r.raw.get("near_misses") or []]
                offering = Offering("investment", rng.choice(pool), "investment")
                why = "a fundraising pitch outside any need"
        elif p.offer == "speaking":
            if "podcast_guest" not in r.categories:
                return None
            offering = Offering("podcast_guest", {"what": "a guest slot on our show",
                                                  "vendor": "The Build Log Podcast"}, "speaking")
            label, why = "relevant_pitch", "a guest or speaking slot they asked for"
        elif p.slotted:
            relevant = rng.random() < P_RELEVANT
            offering = self.relevant_offering(r, t.language) if relevant else None
            if offering is not None:
                label, why = "relevant_pitch", f"the offer meets a need ({offering.category})"
            else:
                offering = self.spam_offering(r, t.language)
                why = f"an offer nowhere near their needs ({offering.category})"
        else:
            hits = ot.category_hits(t.text)
            mine = r.categories & set(hits)
            if (p.category in r.categories and hits.get(p.category, 0) >= 2
                    and t.language == "en"):
                label, why = "relevant_pitch", f"the offer is of a kind they need ({p.category})"
            elif mine or (p.category in ("unknown", "") and r.categories & COMMON):
                return None     # the text may touch one of their needs: not a clear label
            else:
                why = f"an offer nowhere near their needs ({p.category})"
            same = [o for o in self.bank if o.category == p.category]
            offering = rng.choice(same) if same else None
        return self._sequence(t, r, offering, label, why)

    def _sequence(self, t: ot.Template, r: Recipient, offering: Offering | None, label: str,
                  why: str) -> Thread:
        rng = self.rng
        sender = self.sender(offering, t.language)
        unfilled: frozenset[str] = frozenset()
        roll = rng.random()
        if roll < P_MERGE_FAIL:
            unfilled = frozenset({rng.choice(["recipient_first", "recipient_company",
                                              "compliment", "industry"])})
        wrong = None
        if rng.random() < P_WRONG_COMPANY:
            wrong = rng.choice([x.company for x in self.recipients if x.id != r.id])
        cite = (str(r.raw["articles"][0]["title"]) if rng.random() < P_CITE and
                r.raw.get("articles") and t.language == "en" else None)
        fake = rng.choice(FAKE_TOPICS) if cite is None and rng.random() < P_FAKE_TOPIC else None
        f = Filling(r, sender, offering, t.language, unfilled, wrong, cite, fake)
        steps: list[Step] = []
        tags: list[str] = []
        if t.kind == "followup":
            first = self._opener(t)
            if first is not None:
                subject, text = fill(first, f, rng)
                steps.append(self._step(first, subject, text))
                tags.append("followup")
        subject, text = fill(t, f, rng)
        steps.append(self._step(t, subject, text))
        if unfilled:
            tags.append("mail_merge_failure")
        if cite:
            tags.append("specific_reference")
        if fake:
            tags.append("fake_personalization")
        if t.language != "en":
            tags.append("non_english")
        thread = Thread(r, sender, steps, label, why, tags)
        thread.connected = (steps[0].kind == "invitation" and len(steps) > 1) or (
            steps[0].kind == "message" and rng.random() < P_CONNECTED)
        thread.html = (not thread.connected and steps[-1].kind == "message"
                       and rng.random() < P_HTML)
        thread.decline_after_first = len(steps) > 1 and rng.random() < P_DECLINE
        if thread.connected:
            tags.append("connect_then_pitch")
        if thread.html:
            tags.append("html_inmail")
        return thread

    def _opener(self, t: ot.Template) -> ot.Template | None:
        """A first step from the same source, to precede a follow-up in its conversation."""
        firsts = [x for x in self.by_repo.get(t.repo, []) if x.kind in
                  ("email", "message", "invitation_note") and x.language == t.language and
                  ot.plan(x).use == "offer" and x.intent == t.intent]
        return self.rng.choice(firsts) if firsts else None

    @staticmethod
    def _step(t: ot.Template, subject: str, text: str) -> Step:
        invitation = t.kind == "invitation_note" and len(text) <= 300
        return Step(t, "" if invitation else subject, text,
                    "invitation" if invitation else "message")


DEVELOPER = re.compile(r"full-stack|fullstack|laravel|node\.?js|php|developer|engineer|"
                       r"react\b|software", re.I)
COMMON = frozenset({"outbound_sales", "soc2", "web_design", "seo", "ai_training",
                    "leadership_coaching", "paid_ads", "fulfilment_3pl", "ai_automation",
                    "bookkeeping_outsourcing", "recruiting_agency", "hris", "treasury_software",
                    "cash_handling", "sales_training", "sales_call_recording",
                    "video_production", "podcast_guest", "software_outsourcing"})


# ----------------------------------------------------------------------------- writing

def _when(rng: random.Random) -> datetime:
    span = int((END - START).total_seconds())
    return (START + timedelta(seconds=rng.randint(0, span))).replace(microsecond=0)


def write(threads: list[Thread], recipients: list[Recipient], out: Path,
          rng: random.Random) -> list[dict[str, Any]]:
    """Write cases.jsonl and one export per recipient; return the cases."""
    if out.exists():
        shutil.rmtree(out)
    (out / "exports").mkdir(parents=True)
    cases: list[dict[str, Any]] = []
    manifest: dict[str, dict[str, Any]] = {}
    by_recipient: dict[str, list[Thread]] = {}
    for th in threads:
        by_recipient.setdefault(th.recipient.id, []).append(th)
    for r in recipients:
        own = by_recipient.get(r.id, [])
        owner = Person(f"{r.first} {r.last}", r.url, headline=str(r.raw["headline"]),
                       company=r.company)
        messages: list[Message] = []
        invitations: list[Invitation] = []
        connections: list[Connection] = []
        for n, th in enumerate(own):
            s = th.sender
            person = Person(s["name"], s["url"], headline=f"{s['title']} at {s['company']}",
                            company=s["company"])
            at = _when(rng)
            conv = hashlib.sha1(f"{r.id}-{n}-{s['url']}".encode()).hexdigest()[:16]
            history: list[dict[str, str]] = []
            connected_on: date | None = None
            if th.connected:
                connected_on = (at - timedelta(days=rng.randint(1, 20))).date()
                connections.append(Connection(s["first"], s["last"], s["url"], "",
                                              s["company"], s["title"], connected_on))
            for k, step in enumerate(th.steps):
                if k:
                    at = at + timedelta(days=rng.randint(3, 9), minutes=rng.randint(0, 600))
                html_body = as_html(step.text) if th.html and step.kind == "message" else None
                received = html_body or step.text
                if step.kind == "invitation":
                    invitations.append(Invitation(Direction.INCOMING, person, owner, at,
                                                  step.text))
                    if th.connected and connected_on is not None:
                        connected_on = (at + timedelta(days=1)).date()
                        connections[-1] = Connection(s["first"], s["last"], s["url"], "",
                                                     s["company"], s["title"], connected_on)
                else:
                    from seedbed.sources.text import html_to_text
                    text = html_to_text(html_body) if html_body else step.text
                    messages.append(Message(conv, person, (owner,), at, text,
                                            Direction.INCOMING, step.subject, html_body,
                                            "INBOX", step.subject))
                cases.append({
                    "id": f"g{len(cases) + 1:05d}", "persona": r.id, "kind": step.kind,
                    "sender": {"first_name": s["first"], "last_name": s["last"],
                               "profile_url": s["url"],
                               "headline": f"{s['title']} at {s['company']}",
                               "company": s["company"]},
                    "sent_at": at.strftime("%Y-%m-%d %H:%M:%S"), "subject": step.subject,
                    "text": received,
                    "is_connection": bool(th.connected and step.kind == "message"),
                    "connected_on": connected_on.isoformat() if connected_on and
                    step.kind == "message" else None,
                    "history": list(history), "label": th.label, "rationale": th.rationale,
                    "template_id": step.template.template_id,
                    "source": f"template:{step.template.repo}",
                    "language": step.template.language, "tags": th.tags,
                })
                if step.kind == "message":
                    history.append({"from": "sender", "sent_at": cases[-1]["sent_at"],
                                    "text": received})
                if k == 0 and th.decline_after_first and step.kind == "message":
                    at = at + timedelta(hours=rng.randint(2, 40))
                    reply = rng.choice(DECLINES)
                    messages.append(Message(conv, owner, (person,), at, reply,
                                            Direction.OUTGOING, "", None, "INBOX", ""))
                    history.append({"from": "persona", "sent_at":
                                    at.strftime("%Y-%m-%d %H:%M:%S"), "text": reply})
                    th.tags.append("prior_decline")
        export = Export(profile=_profile(r), connections=connections, invitations=invitations,
                        messages=messages, articles=_articles(r), posts=_posts(r))
        folder = out / "exports" / r.id
        folder.mkdir()
        zip_path = write_export(export, folder, "2026", exported_on=date(2026, 11, 15))
        entry: dict[str, Any] = {"name": f"{r.first} {r.last}",
                                 "export": str(zip_path.relative_to(out / "exports"))}
        if r.raw.get("prefs"):
            prefs_file = out / "exports" / f"{r.id}.prefs.toml"
            prefs_file.write_text(prefs_toml(r), encoding="utf-8")
            entry["prefs"] = prefs_file.name
        else:
            entry["prefs"] = None
        manifest[r.id] = entry
    (out / "exports" / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n",
                                                   encoding="utf-8")
    with (out / "cases.jsonl").open("w", encoding="utf-8", newline="\n") as fh:
        for c in cases:
            fh.write(json.dumps(c, ensure_ascii=False) + "\n")
    return cases


def _profile(r: Recipient) -> Profile:
    raw = r.raw

    def day(text: str | None) -> date | None:
        return date(int(text[:4]), int(text[5:7]), 1) if text else None

    positions = tuple(Position(p["company"], p["title"], "", raw["location"],
                               day(p.get("start")), day(p.get("end")))
                      for p in raw["positions"])
    job = raw.get("job_seeker")
    seeker = (JobSeekerPreferences(job_titles=tuple(job["titles"]),
                                   locations=tuple(job["locations"]), open_to_recruiters=True)
              if job else None)
    return Profile(r.first, r.last, headline=raw["headline"], summary=raw["summary"],
                   industry=raw["industry"], location=raw["location"], profile_url=r.url,
                   positions=positions, skills=tuple(raw.get("skills") or ()),
                   job_seeker=seeker)


def _articles(r: Recipient) -> list[Article]:
    return [Article(a["title"], a["body"], f"https://www.linkedin.com/pulse/{_slug(a['title'])}",
                    datetime(2025, 3 + i, 10, 9, 0, tzinfo=UTC))
            for i, a in enumerate(r.raw.get("articles") or [])]


def _posts(r: Recipient) -> list[Post]:
    return [Post(text, datetime(2025, 9, 1 + i, 8, 0, tzinfo=UTC))
            for i, text in enumerate(r.raw.get("posts") or [])]


def prefs_toml(r: Recipient) -> str:
    prefs = r.raw["prefs"]
    lines = [f"# preferences of {r.first} {r.last} ({r.id}), written for seedbed's training",
             "[me]"]
    for key in ("needs", "welcome_topics", "unwelcome_topics"):
        lines.append(f"{key} = [" + ", ".join(json.dumps(v, ensure_ascii=False)
                                              for v in prefs.get(key) or []) + "]")
    lines.append(f"open_to_recruiters = {'true' if prefs.get('open_to_recruiters') else 'false'}")
    return "\n".join(lines) + "\n"


def generate(shared: Path, out: Path, seed: int = SEED) -> list[dict[str, Any]]:
    """Generate the whole set into ``out``; return its cases."""
    rng = random.Random(seed)
    recipients = [Recipient(json.loads(line)) for line in
                  (ROOT / "training" / "recipients.jsonl").read_text("utf-8").splitlines()]
    offerings = [json.loads(line) for line in
                 (ROOT / "training" / "offerings.jsonl").read_text("utf-8").splitlines()]
    templates = ot.load(shared)
    planner = Planner(recipients, offerings, templates, rng)
    threads = [th for t in templates for th in planner.threads(t)]
    return write(threads, recipients, out, rng)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    cases = generate(args.shared, args.out, args.seed)
    labels = Counter(c["label"] for c in cases)
    sources = len({c["source"] for c in cases})
    print(f"wrote {len(cases)} cases from {sources} sources to {args.out}: {dict(labels)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
