"""Real outreach templates (development time only): loading, what each offers, its slots.

Reads ``templates_train.jsonl`` and ``templates_dev.jsonl`` from the shared data folder beside
the project. Their text never enters the project: scripts/make_training_cases.py fills them
in memory and writes its cases under benchmarks/out/ (ignored by git); only weights learned
from them ship.

Owns:
    - ``Template``: one template with its source repository, intent and language.
    - ``plan``: what a template is used for (an offer of some kind, a networking note that is
      welcome or ask_why, or nothing), read from its labelled intent, a few per-template
      decisions (``NETWORKING``, ``OTHER_OFFERS``, ``DEV_INTENT``) and, for templates whose
      offer is written into the text, the category the text sells (``fixed_category``).
    - ``slot_role``: what a placeholder asks for (the recipient's name, the product, a
      result, a date...), in the nine languages of the templates.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

INTENTS_OFFER = ("offer_service", "offer_product", "offer_partnership", "offer_investment",
                 "offer_job", "offer_community_or_event", "self_promotion",
                 "opener_no_offer_yet")


@dataclass(frozen=True)
class Template:
    template_id: str
    text: str
    kind: str
    intent: str
    language: str
    repo: str
    placeholders: tuple[str, ...]


# Networking templates with no offer: welcome when they carry a specific, genuine purpose
# (a question, advice, an event both attended), ask_why when they only ask to connect.
# Templates that presuppose an earlier relationship (thanks for the call, long time no see)
# are left out: an export would show that relationship, and these cases have none.
NETWORKING = {
    "t0004": "welcome", "t0011": "welcome", "t0072": "welcome", "t0075": "welcome",
    "t0086": "welcome", "t0095": "welcome", "t0097": "welcome", "t0100": "welcome",
    "t0101": "welcome", "t0020": "welcome", "t0185": "welcome", "t0186": "welcome",
    "t0190": "welcome", "t0193": "welcome", "t0194": "welcome", "t0303": "welcome",
    "t0311": "welcome", "t0324": "welcome", "t0325": "welcome", "t0326": "welcome",
    "t0328": "welcome", "t0531": "welcome", "t0630": "welcome",
    "t0003": "ask_why", "t0005": "ask_why", "t0012": "ask_why", "t0019": "ask_why",
    "t0098": "ask_why", "t0099": "ask_why", "t0297": "ask_why", "t0301": "ask_why",
    "t0307": "ask_why", "t0308": "ask_why", "t0313": "ask_why", "t0340": "ask_why",
    "t0341": "ask_why", "t0620": "ask_why", "t0621": "ask_why", "t0622": "ask_why",
    "t0623": "ask_why", "t0624": "ask_why", "t0625": "ask_why", "t0626": "ask_why",
    "t0629": "ask_why",
    # development templates: auto-connect notes with no offer, a sales sequence's bare note
    "d019": "ask_why", "d151": "ask_why", "d152": "ask_why", "d153": "ask_why",
    "d154": "ask_why", "d155": "ask_why", "d156": "ask_why", "d157": "ask_why",
    "d158": "ask_why", "d159": "ask_why", "d160": "ask_why", "d161": "ask_why",
    "d162": "ask_why", "d163": "ask_why",
}

# "other" templates that ask a stranger for something on the sender's behalf (a link, an
# introduction, a feature, the right contact for a sale): offers in the definition's sense.
# Replies, thank-you notes and requests for the recipient's expertise are left out.
OTHER_OFFERS = frozenset(
    "t0048 t0052 t0055 t0203 t0232 t0233 t0241 t0256 t0291 t0312 t0316 t0471 t0473 t0477 "
    "t0478 t0479 t0486 t0489 t0518 t0585 t0631 t0632 t0633 t0634 t0635 t0640 t0641 t0642 "
    "t0643 t0650".split())

# templates_dev.jsonl carries no intent: these ranges say what each template does.
DEV_INTENT: dict[str, str] = {}
for _first, _last, _intent in (
        (0, 12, "offer_service"), (13, 13, "speaking"), (14, 18, "offer_service"),
        (20, 31, "offer_service"), (33, 42, "offer_service"), (43, 45, "speaking"),
        (46, 59, "offer_product"), (60, 61, "opener_no_offer_yet"), (62, 68, "offer_product"),
        (69, 75, "offer_service"), (76, 110, "offer_service"), (111, 127, "self_promotion"),
        (129, 150, "offer_product")):
    for _n in range(_first, _last + 1):
        DEV_INTENT[f"d{_n:03d}"] = _intent

# Event-style invitations that ask the recipient to speak or be a guest: relevant only to a
# recipient who wants that exposure; for anyone else they are left out (an unpaid request for
# one's expertise is not clearly an offer).
SPEAKING = re.compile(r"podcast|\bspeak|tedx|your expertise would be|guest", re.I)


def _repo(row: dict[str, object]) -> str:
    if row.get("repo"):
        return str(row["repo"])
    parts = str(row["source"]).split("/")
    return "/".join(parts[3:5])


def load(shared: Path) -> list[Template]:
    """Every template of both files, development ones with their intent from DEV_INTENT."""
    out: list[Template] = []
    for name in ("templates_train.jsonl", "templates_dev.jsonl"):
        path = shared / "data" / name
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            tid = str(row["template_id"])
            intent = str(row.get("intent") or DEV_INTENT.get(tid, "other"))
            if tid in NETWORKING:
                intent = "networking_no_offer"
            out.append(Template(tid, str(row["text"]), str(row["kind"]), intent,
                                str(row.get("language") or "en"), _repo(row),
                                tuple(row.get("placeholders") or ())))
    return out


@dataclass(frozen=True)
class Plan:
    """What a template becomes: ``use`` is offer, welcome, ask_why or skip."""

    use: str
    offer: str = ""           # service, job, candidate, investment, speaking, event
    category: str = ""        # for offers written into the text: what the text sells
    slotted: bool = False     # the offer itself comes from placeholders


_EVENT = re.compile(r"webinar|workshop|roundtable|masterclass|alpha test|beta|reserve a seat|"
                    r"save you a spot|cupos|lugar|vaga|seat|invit", re.I)


def plan(t: Template) -> Plan:
    if t.kind == "reply":
        return Plan("skip")
    if t.intent == "networking_no_offer":
        label = NETWORKING.get(t.template_id)
        return Plan(label) if label else Plan("skip")
    if t.intent == "other" and t.template_id not in OTHER_OFFERS:
        return Plan("skip")
    roles = {slot_role(p, t.language, t.intent) for p in t.placeholders}
    if t.intent == "offer_job":
        return Plan("offer", "job", "", bool(roles & {"job_title"}))
    if t.intent == "self_promotion":
        if SPEAKING.search(t.text) and "podcast" in t.text.lower():
            return Plan("offer", "service", "pr_pitch")
        return Plan("offer", "candidate", fixed_category(t.text) if not
                    roles & {"job_title"} else "", bool(roles & {"job_title"}))
    if t.intent == "offer_investment":
        return Plan("offer", "investment", "", True)
    if t.intent in ("offer_community_or_event", "speaking"):
        if SPEAKING.search(t.text):
            return Plan("offer", "speaking", "podcast_guest", True)
        return Plan("offer", "event", "event_promo")
    slotted = bool(roles & OFFER_ROLES)
    return Plan("offer", "service", "" if slotted else fixed_category(t.text), slotted)


# ----------------------------------------------------------------------------- categories

# What a template whose offer is written into the text sells. Ordered: the first family that
# matches wins, so specific families come before broad ones ("leads" is in many pitches).
_CATEGORY_RULES: list[tuple[str, str]] = [
    ("manufacturing_inspection", r"inspection|defect|scrap rate|cad-based|vision system"),
    ("fund_research", r"earnings call|hedge fund|\bfunds?\b|due diligence|prediction market|"
                      r"portfolio (risk|company health)|cover \d+ stocks"),
    ("sales_training", r"roleplay|role-play|ramp time|ramp program|sales training|"
                       r"quota-ready|practice calls|onboarding"),
    ("ai_training", r"\b(ai|ia|ki)[- ](training|course|kurs|schulung|programs?|trainings?)|"
                    r"capacitaci[oó]n en ia|formation (à l'|en )?ia|treinamento (de|em) ia|"
                    r"formazione|test automation course|train (sales )?teams"),
    ("paid_ads", r"google ads|meta ads|facebook ads|\bppc\b|ad spend|paid (ads?|advertising|"
                 r"traffic|social)|cost per (lead|acquisition)|\broas\b|anuncios|an[uú]ncios"),
    ("seo", r"\bseo\b|backlink|guest post|link building|broken link|resource page|"
            r"posicionamiento|r[ée]f[ée]rencement|google business profile"),
    ("web_design", r"website|web site|sitio web|site web|site internet|\bsite\b|webseite|"
                   r"homepage|sito web|\bsito\b|landing page|web ?design|webdesign|mobile-first"),
    ("cash_handling", r"smart safe|cash handling|bank runs|deposit prep|counting cash"),
    ("treasury_software", r"cash position|bank portals|treasury|closing the books|"
                          r"spreadsheet chaos|finance team"),
    ("recruiting_agency", r"candidates|placement|staffing|headhunt|recruit"),
    ("outbound_sales", r"\bsdrs?\b|outbound|pipeline|lead gen|leads?\b|meetings? (booked|in)|"
                       r"appointment|prospect|cold email|reply rates?|follow-up (emails|"
                       r"sequences)|neukunden|akquise|prospection|gera[cç][aã]o de leads|"
                       r"generaci[oó]n de (leads|clientes)|clientes|kunden|clients"),
    ("software_outsourcing", r"it-dienstleister|it-projekt|software development|"
                             r"development team|dev team|developers|nearshore|offshore|"
                             r"desarrollo de software|sviluppo"),
    ("ai_automation", r"automat|\bai agents?\b|agentes? de ia|agents? ia|ki-agent|chatbot|"
                      r"\bllm|workflow|intelig[eê]ncia artificial|inteligencia artificial|"
                      r"\bia\b|\bki\b|\bai\b"),
    ("linkedin_content", r"linkedin posts?|ghostwrit|personal brand|content calendar"),
    ("video_production", r"\bvideos?\b|v[ií]deo"),
    ("real_estate", r"homeowner|listing|real estate|property|fsbo|open house|immobil|"
                    r"im[oó]vel|inmobiliari"),
    ("marketing", r"marketing|social media|instagram|redes sociales|brand"),
]
_CATEGORY_RX = [(name, re.compile(rx, re.I)) for name, rx in _CATEGORY_RULES]


def fixed_category(text: str) -> str:
    """The category a text with a written-in offer sells, or "unknown"."""
    for name, rx in _CATEGORY_RX:
        if rx.search(text):
            return name
    return "unknown"


def category_hits(text: str) -> dict[str, int]:
    """How often each category's words occur in ``text`` (for deciding relevance safely)."""
    return {name: n for name, rx in _CATEGORY_RX if (n := len(rx.findall(text)))}


# ----------------------------------------------------------------------------- slots

OFFER_ROLES = frozenset({"what", "outcome", "pain", "for_whom"})

_SENDER = r"(your|my|sender|tu|seu|sua|votre|dein|mi|meu|il tuo|eigene)[ _-]?"
_ROLE_RULES: list[tuple[str, str]] = [
    ("sender_name", r"^(" + _SENDER + r".{0,12}(name|nombre|nome|pr[ée]nom|naam)|rep|bdrname|"
                    r"inbox\.name|sender[-_ ]?(first)?name|myname|yourname|my_name|"
                    r"your_first_name|your full name|your_full_name|full_name_sender|berater|"
                    r"consultantname|agent_name|sender|dein name|tu nombre|seu nome|"
                    r"votre pr[ée]nom|y)$"),
    ("signature", r"signature|signatur|contact info|contact information|your contact|"
                  r"sender bookme|owner bookme|unsubscribe|^user signature$"),
    ("sender_company", r"^(" + _SENDER + r".{0,4}(company|firm|brand|agency|empresa|entreprise|"
                       r"website|site)|sender company( name)?|my_company|your_company|"
                       r"sua empresa|votre entreprise|client name/your agency)$"),
    ("sender_title", r"^(" + _SENDER + r".{0,4}(title|role|cargo|position|job title)|"
                     r"my_title|my_role|tu cargo|seu cargo|eigene position)$"),
    ("sender_detail", r"^(your|my|mi|tu|seu|sua|votre|dein|meu)[ _-]"),
    ("url", r"link|url|lien|enlace|calendly|calendar|website|sito\.com|demo|\bpdf\b|"
            r"anexo|button|portfolio|github"),
    ("contact", r"phone|tel[eé]fono|telefone|e-?mail|@"),
    ("date", r"\bdate|fecha|datum|\bjour\b|\bday|time options|\btime\b|timeframe|month|"
             r"q3|today|heure|prazo|tempo|mesi|period|week|year\b|part_of_the_day|days"),
    ("mutual", r"mutual|connection name|referral|indicou|contact commun|referrer|"
               r"connector name|nome referral|usefu?l_contact|notable_person|confirmed"),
    ("event", r"event|evento|conference|conf[ée]rence|meetup|\bbooth"),
    ("job_title", r"position title|role type|\brole\b|job_title|job title|exact-role|"
                  r"specific role|\broles\b|\bposition\b|role name|type of role|titel"),
    ("recipient_first", r"^(name|first[ _]?name|firstname|first_name|pr[ée]nom|nombre|nome|"
                        r"vorname|naam|contactname|their_name|guest_name|recipient's name|"
                        r"hiring manager name|hiring_manager_name|recruiter name|investor name|"
                        r"partner( first)? name|founder name|host( first)? name|speaker name|"
                        r"organizer name|name-of-recruiter|prospect\.first_name|\$name|nom|"
                        r"full_name|owner name|homeowner_name|visitor_name|client name|"
                        r"interviewer name|influencer name|name/team|x|prospect|"
                        r"head of it name|sponsor contact name|investor contact name|"
                        r"partner contact name|journalist name|mutual contact first name|"
                        r"\[?שם\]?|first name|contact first name)$"),
    ("recipient_formal", r"anrede nachname"),
    ("recipient_company", r"^(company|company name|company_name|their company|their_company|"
                          r"empresa|entreprise|azienda|unternehmen|firmenname|businessname|"
                          r"business name|brand name|their brand|org|fundname|firm name|firm|"
                          r"clinica|agency name|agencia|empresa do lead|nom de l'entreprise|"
                          r"their website|negocio/empresa|bedrijfsnaam|their org|"
                          r"client company name|parent corp|agency|company website|"
                          r"their agency|their business|board name|their brand/profile|"
                          r"site name|publication name|publication|newsletter name|"
                          r"podcast name|website|insert_company_name|current company|"
                          r"new company|current_company)$"),
    ("recipient_role", r"^(title|their_role|job_title|cargo/dono|m[ée]tier|department|"
                       r"role/industry|headline|current_role)$"),
    ("industry", r"companies_like|companies like|industr|sector|secteur|segmento|[aá]rea|"
                 r"field|niche|nicho|company_type|"
                 r"type of company|tipo de empresa|tipo di azienda|type d'entreprise|"
                 r"tipo de negocio|domain|domaine|zielgruppe|vertical|space|branche|"
                 r"type de clients|similar_stage|audience|target|persona type|cliente_ideal|"
                 r"ideal|demographic|tech stack|tecnologia"),
    ("city", r"^(city|ville|stadt|zona|tu zona|r[ée]gion|location|neighborhood|nearby city|"
             r"your city|ciudad/vertical espec[ií]fico)$"),
    ("question", r"question|pergunta|frage|pregunta"),
    ("compliment", r"growing|expanding|creciendo|crescendo|expandi|trigger|news|milestone|"
                   r"achievement|congrat|impressive|icebreaker|compliment|observation"),
    ("similar", r"similar|client|cliente|customer|competitor|konkurrent|concurrent|peer|"
                r"company_[12]|case_study|case study|early_customer|notable|portfolio|"
                r"another_company|guest\b|company 1|company 2|empresa similar|their_investor"),
    ("outcome", r"result|outcome|impact|benefit|b[ée]n[ée]fice|beneficio|benef[ií]cio|risultato|"
                r"resultado|metric|improvement|gain|savings|roi|value_prop|valeur|"
                r"proposta|takeaway|\bafter\b|win"),
    ("pain", r"problem|pain|\bdor\b|d[ée]fi|challenge|problema|probl[èe]m|sfida|process|"
             r"proceso|processo|task|desaf[ií]o|dolente|situaci[oó]n|obst[aá]culo|"
             r"issue|concern|\bbefore\b|bottleneck|necessidade|bug"),
    ("what", r"product|service|servi[cç]o|servicio|solution|solu[cç][aã]o|soluci[oó]n|"
             r"offer|oferta|servicename|produit|description|pitch|one-liner|one_liner|"
             r"expertise|skill|capability|feature|tool|\bwhat\b|initiative|angle|"
             r"proposta|material|resource|recurso|risorsa|ressource|guide|gu[ií]a|"
             r"report|topic_relevant|relevant_topic|specific_area|specific area|use case|"
             r"use_case|cas d'usage"),
    ("compliment", r"compliment|impressive|icebreaker|observation|observaci|insight|"
                   r"achievement|milestone|trigger|news|noticia|actualit|hook|personali|"
                   r"mention|referencia|reason|raz[aã]o|why|specific thing|something|"
                   r"specific detail|specificdetail|fit|congrat|recent|growing|creciendo|"
                   r"crescendo|expanding|\bsinal\b|signal|opening|ponto|point|punto|"
                   r"specific|spécifique|espec[ií]fic|commento"),
    ("topic", r"topic|tema|thema|sujet|argomento|subject|post|article|artigo|publica|"
              r"content|talk|paper|project|projeto|progetto|work|thesis|question|pergunta"),
    ("number", r"^(number|n|x|y|z|amount|arr|nrr|percentage|xx%|chiffre|n[uú]mero|numero|"
               r"x hours/week|y hours|score|growth|\d+|x%|mrr|xème|audience_size|"
               r"download_count|years|\$\[raise\]|raise|round|stage|seed/series a)$"),
    ("price", r"price|pages|timeline|supportperiod|cost|fee"),
]
_ROLE_RX = [(name, re.compile(rx, re.I)) for name, rx in _ROLE_RULES]


def placeholder_key(token: str) -> str:
    """The words inside a placeholder, lower-cased, without brackets or filters."""
    inner = token.strip()
    inner = re.sub(r"^<!--\s*REPLACE_WITH:\s*|\s*-->$", "", inner)
    inner = re.sub(r"\|\s*default\(.*\)", "", inner)
    inner = re.sub(r"[\[\]{}%<>*\\()]|\$\{?", "", inner).strip()
    inner = inner.split("|")[0].strip()
    return inner.lower()


def default_text(token: str) -> str:
    """The default a Jinja placeholder carries (``{{ x | default("...") }}``), or ""."""
    m = re.search(r"default\(\s*\"([^\"]*)\"", token)
    return m.group(1) if m else ""


def slot_role(token: str, language: str = "en", intent: str = "") -> str:
    """What a placeholder asks for; "unknown" when no rule speaks."""
    key = placeholder_key(token)
    if key in ("firma",):
        return "signature" if language == "it" else "recipient_company"
    if intent == "offer_investment":
        if key in ("company", "company name", "your company"):
            return "sender_company"
        if re.search(r"investor|firm|fund", key) and "name" in key and "contact" not in key:
            return "recipient_company"
    for name, rx in _ROLE_RX:
        if rx.search(key):
            return name
    return "unknown"
