"""Phrase patterns the content signals look for, compiled once.

Owns: the regular expressions of sales language, automation artefacts and purpose cues.
Must not import: anything of seedbed but the standard library.

Patterns are written from general knowledge of outreach (sales playbooks, automation tools,
recruiter and agency notes), not from any evaluation set. Each family is one feature for the
learned models; the patterns only find *where* the evidence is, the weights are fitted.
English only: in other languages these families stay silent (no penalty).
"""

from __future__ import annotations

import re
from collections.abc import Iterator


def _rx(*alternatives: str) -> re.Pattern[str]:
    return re.compile(r"(?:" + "|".join(alternatives) + r")", re.IGNORECASE)


# An ask for the recipient's time: the usual call to action of a pitch.
MEETING_ASK = _rx(
    r"\b(?:quick|short|brief|15|20|30|10)[- ]?(?:min(?:ute)?s?\b)?\s*(?:call|chat|meeting|demo|zoom)\b",
    r"\b\d{1,2}\s*(?:-\s*)?min(?:ute)?s?\b",
    r"\b(?:hop|jump|get)\s+on\s+a\s+(?:quick\s+)?(?:call|zoom)\b",
    r"\bbook\s+(?:a\s+)?(?:time|slot|call|meeting|demo)\b",
    r"\bcalendly\b|\bmy\s+calendar\b|\bcalendar\s+link\b",
    r"\bschedule\s+(?:a\s+)?(?:quick\s+)?(?:call|chat|demo|meeting)\b",
    r"\bworth\s+(?:a\s+)?(?:quick\s+)?(?:chat|call|conversation|connecting|exploring|a\s+look)\b",
    r"\b(?:are|would)\s+you\s+(?:be\s+)?open\s+to\b",
    r"\bopen\s+to\s+(?:a\s+)?(?:quick\s+)?(?:call|chat|conversation|exploring)\b",
    r"\b(?:free|available)\s+(?:this|next)\s+(?:week|tuesday|wednesday|thursday|friday|monday)\b",
    r"\bdoes\s+(?:\w+\s+){0,2}(?:work|suit)\s+(?:for\s+)?you\b",
    r"\bwhen\s+(?:are|would)\s+you\s+(?:be\s+)?(?:free|available)\b",
    r"\binterested\s+in\s+(?:learning|hearing|seeing|a\s+(?:call|demo|chat))\b",
    r"\bmind\s+if\s+i\s+(?:send|share)\b",
    r"\bcan\s+i\s+(?:send|share|show)\s+you\b",
)

# The sender presents a product or service.
SELLER_VOICE = _rx(
    r"\bwe\s+help\b|\bi\s+help\s+(?:\w+\s+){0,3}(?:companies|teams|firms|founders|leaders|brands|businesses|agencies|owners)\b",
    r"\bwe(?:'ve|\s+have)\s+helped\b|\bhelping\s+(?:\w+\s+){0,2}(?:companies|teams|firms|brands|businesses)\b",
    r"\bwe\s+(?:work|partner)\s+with\s+(?:\w+\s+){0,3}(?:companies|teams|firms|brands|businesses|leaders|clients|organi[sz]ations)\b",
    r"\bcompanies\s+like\s+(?:yours|\w+)\b|\bteams\s+like\s+yours\b",
    r"\bour\s+(?:platform|solution|software|tool|product|service|services|agency|team\s+of|clients|customers|app|offer)\b",
    r"\bwe\s+(?:specialize|specialise|offer|provide|build|deliver)\b",
    r"\bclients?\s+(?:like|such\s+as|include)\b",
    r"\bcase\s+stud(?:y|ies)\b|\bsuccess\s+stor(?:y|ies)\b",
    r"\b(?:lead\s+generation|appointment\s+setting|outsourc\w+|white[- ]label|dedicated\s+developers?)\b",
)

# Numbers sold as outcomes.
RESULTS_CLAIM = _rx(
    r"\b\d+(?:\.\d+)?\s?%\s*(?:more|less|increase|decrease|reduction|faster|lift|growth|off)?",
    r"\b\d+(?:\.\d+)?x\b",
    r"\b(?:roi|return\s+on\s+investment)\b",
    r"\b(?:increase|boost|double|triple|grow|cut|reduce|slash|save)\w*\s+(?:your\s+)?(?:\w+\s+){0,2}(?:by|in)\s+\d",
    r"\bguarantee(?:d)?\b",
    r"\bin\s+(?:just\s+)?\d+\s+(?:days|weeks)\b",
)

# Something offered at no or low cost to start the sale.
FREEBIE = _rx(
    r"\bfree\s+(?:trial|audit|assessment|consultation|demo|report|analysis|sample|pilot|review|strategy)\b",
    r"\bno[- ](?:cost|obligation|strings)\b|\bcomplimentary\b",
    r"\b(?:discount|promo(?:tion)?|special\s+offer|limited[- ]time|\d+\s?%\s+off)\b",
    r"\b(?:pricing|price\s+list|quote|proposal)\b",
    r"\b(?:pilot|proof\s+of\s+concept|poc)\b",
)

# A job offered by a recruiter or hiring manager.
JOB_OFFER = _rx(
    r"\b(?:role|position|opening|vacancy|opportunity)\s+(?:at|with|for|in)\b",
    r"\b(?:i'?m|we'?re|i\s+am|we\s+are)\s+(?:currently\s+)?(?:recruiting|hiring|headhunting)\b",
    r"\bmy\s+client\s+(?:is|are)\b|\bon\s+behalf\s+of\b",
    r"\b(?:salary|compensation|package|equity|base)\s+(?:of|up\s+to|range|is)\b",
    r"\bopen\s+to\s+(?:new\s+)?(?:opportunities|roles|a\s+move|a\s+new\s+role)\b",
    r"\b(?:recruiter|talent\s+partner|talent\s+acquisition|headhunter)\b",
)

# Money or a deal offered.
INVESTMENT_OFFER = _rx(
    r"\binvest(?:ment|ing|or)?\s+opportunit\w*\b",
    r"\b(?:returns?|yield)\s+of\s+\d",
    r"\b(?:crypto|bitcoin|forex|token\s+sale|presale|nft)\b",
    r"\b(?:funding|financing|capital|loan|credit\s+line|facility)\s+(?:for|to|of)\b",
)

# Automation follow-ups: the sequence keeps going without a reply.
BUMP = _rx(
    r"\b(?:just\s+)?(?:bumping|bump)\s+(?:this|my)\b",
    r"\bfollowing\s+up\b|\bfollow(?:ing)?[- ]up\s+on\b|\bcircling\s+back\b|\bcircle\s+back\b",
    r"\b(?:any|did\s+you\s+(?:get|have)\s+a\s+chance)\s+(?:\w+\s+){0,3}(?:my\s+)?(?:last|previous|earlier)\s+(?:message|note|email)\b",
    r"\bdid\s+you\s+(?:get|see)\s+my\s+(?:last|previous)\b",
    r"\b(?:last|final)\s+(?:try|attempt|note|message)\b|\bshould\s+i\s+close\s+(?:your|the)\s+file\b",
    r"\bnot\s+sure\s+if\s+you\s+saw\b|\bfloat(?:ing)?\s+this\b|\btop\s+of\s+your\s+inbox\b",
    r"\breached\s+out\s+(?:a\s+few|several|a\s+couple\s+of)\s+times\b|\bhaven'?t\s+heard\s+back\b",
    r"\b(?:one\s+more|one\s+last)\s+time\b|\bsince\s+i\s+last\s+reached\s+out\b",
    r"\bshould\s+i\s+assume\b|\bis\s+this\s+(?:still\s+)?a\s+priority\b",
)

# Someone offering themselves: a candidate applying or asking for a role.
APPLICANT = _rx(
    r"\b(?:interested\s+in|applying\s+for|applied\s+for|apply\s+for)\s+(?:the\s+|a\s+|your\s+)?(?:\S+\s+){0,4}(?:position|role|job|opening|postdoc|vacancy|internship|phd)\b",
    r"\bmy\s+(?:cv|resume|résumé|portfolio)\b",
    r"\b(?:looking\s+for|seeking)\s+(?:a\s+|my\s+next\s+)?(?:new\s+)?(?:role|position|job|opportunit\w+)\b",
)

# Content marketing: a link to the sender's guide, report or tool "you might find useful".
CONTENT_PUSH = _rx(
    r"\b(?:https?://|www\.)\S+|\b[a-z0-9-]+\.(?:com|io|ai|co|eu|net|app)(?:/\S*)?",
    r"\b(?:thought|figured)\s+you\s+(?:might|may|would|'d)\s+(?:find|like|enjoy)\b",
    r"\b(?:wrote|put\s+together|created|made)\s+(?:this|a)\s+(?:\w+\s+){0,2}(?:guide|report|playbook|checklist|template|ebook|whitepaper)\b",
)

# The asks a stranger makes on the seller's behalf besides a call: an introduction, a
# partnership, a membership, a seat in a programme or an event. Unless the owner asked for
# it, such an ask is an offer (the definition's "offer that hasn't been requested").
PARTNER_ASK = _rx(
    r"\b(?:partnership|partnering|collaborat(?:e|ion)\s+(?:opportunit\w*|on|with\s+us)|"
    r"co-?market\w*|joint\s+venture|white-?label|affiliate|referral\s+(?:fee|partner)|"
    r"revenue\s+share|guest\s+post|backlinks?|sponsor(?:ship|ed)?\s+(?:opportunit\w*|package))\b",
    r"\b(?:introduc(?:e|tion)\s+(?:me|us)\s+to|make\s+(?:an?\s+)?(?:intro|introduction)|"
    r"intro\s+to\b|point\s+me\s+to\s+(?:the\s+right|whoever)|who\s+(?:handles|is\s+responsible\s+for))",
    r"\bjoin\s+(?:our|my|the|us)\s+(?:\w+\s+){0,2}(?:community|network|programme|program|"
    r"mastermind|cohort|club|circle|group|webinar|masterclass|roundtable|waitlist|beta|pilot|"
    r"summit|accelerator|team\s+of\s+advisors|advisor\s+team)\b",
    r"\b(?:reserve|save|book|hold)\s+(?:you\s+)?(?:a|your)\s+(?:seat|spot|place)\b|"
    r"\b(?:limited|few|last)\s+(?:seats|spots|places)\b|\bspots?\s+left\b|"
    r"\bearly\s+access\b|\bfounding\s+member",
    r"\b(?:commission[- ]only|uncapped\s+commission|be\s+your\s+own\s+boss|passive\s+income|"
    r"side\s+income|financial\s+(?:freedom|advisor\s+team)|build\s+your\s+own\s+(?:book|business))\b",
)

# A qualifying question about the owner's pain, process or priorities: the first step of
# a sales sequence when it comes from a stranger who speaks as a seller.
PAIN_QUESTION = _rx(
    r"\bhow\s+(?:are|is|do|does)\s+(?:you|your\s+(?:\w+\s+)?team|\w+(?:'s)?)\s+(?:\w+\s+){0,2}"
    r"(?:currently\s+)?(?:handl|manag|deal|approach|tackl|track|run|solv|planning|thinking)\w*",
    r"\bwhat(?:'s|\s+is)\s+(?:your|the)\s+(?:single\s+)?(?:biggest|main|top|#1|number\s+one)\s+"
    r"(?:challenge|priority|bottleneck|pain|problem|headache|blocker)",
    r"\b(?:is|are)\s+(?:\w+\s+){1,3}(?:still\s+)?(?:a|on\s+your)\s+(?:priority|radar|roadmap)\b",
    r"\bhow\s+much\s+time\s+(?:does|do)\s+(?:you|your)\b",
    r"\b(?:are|were)\s+you\s+(?:currently\s+)?(?:using|exploring|looking\s+(?:at|for|into)|"
    r"happy\s+with|struggling|planning|considering)\b",
    r"\b(?:curious|wondering)\s+(?:how|what|whether|if)\s+(?:you|your\s+team)\s+"
    r"(?:are\s+)?(?:handl|manag|approach|think|solv|deal)\w*",
    r"\bmost\s+(?:\w+\s+){0,3}(?:teams|companies|leaders|founders|managers|firms|shops)\s+"
    r"(?:i\s+(?:talk|speak)\s+(?:to|with)|we\s+(?:talk|work)\s+(?:to|with)|struggle|tell\s+me|"
    r"at\s+your\s+stage)",
)

# Calls to action in the other languages LinkedIn users often write in (de, fr, es, nl, pt,
# it): enough to notice a sales ask when the English families stay silent.
FOREIGN_ASK = _rx(
    r"\b(?:demo|termin|kurzes?\s+gespr[äa]ch|telefonat|rendez-vous|appel|échange\s+rapide|"
    r"llamada|reuni[óo]n|videollamada|gesprek|afspraak|chamada|reuni[ãa]o|chiamata)\b",
    r"\b(?:wir\s+helfen|nous\s+aidons|ayudamos|wij\s+helpen|ajudamos|aiutiamo)\b",
    r"\b(?:unsere?|notre|nos|nuestr[ao]s?|onze|nossa|nosso|nostr[ao])\s+(?:l[öo]sung|plattform|"
    r"plateforme|solution|service|servicio|plataforma|oplossing|platform|software|agentur|"
    r"agence|agencia|bureau|equipo|équipe|team)\w*",
    r"\b(?:nous\s+avons\s+créé|wir\s+haben\s+\w+\s+entwickelt|hemos\s+creado|wij\s+hebben\s+\w+\s+ontwikkeld)\b",
    r"\b(?:kostenlos|gratuit|gratis|grátis|gratuito)\w*\b",
    r"\b(?:ayudo\s+a|ajudo\s+(?:a|empresas)|ich\s+helfe|wir\s+unterstützen|j'accompagne|"
    r"nous\s+accompagnons|aiuto\s+(?:le|i)|vi\s+aiutiamo|trabajo\s+con\s+(?:empresas|pymes)|"
    r"trabalho\s+com\s+empresas|lavoro\s+con\s+(?:aziende|pmi)|ik\s+help)\b",
    r"(?:¿\s*c[oó]mo\s+(?:gestion|manej|est[aá]n|lo\s+hac)\w*|como\s+voc[eê]s?\s+(?:lidam|fazem|"
    r"gerenciam)|wie\s+(?:handhabt|geht|lösen|managt)\s+(?:ihr|ihre|sie)|comment\s+(?:gérez|"
    r"faites|traitez)[- ]vous|come\s+(?:gestite|affrontate))",
    r"\b(?:webinar|masterclass|cupos|plazas|vagas|places\s+limitées|posti\s+limitati)\b",
)

# Unfilled or mangled merge fields left by mail-merge tools.
MERGE_FIELD = re.compile(
    r"\{\{?\s*[A-Za-z_][\w .]{0,30}\}\}?"
    r"|\[\s*(?:first[ _]?name|last[ _]?name|name|company|company[ _]name|title|job[ _]title|"
    r"industry|city|location|role|your[ _]\w+|prospect\w*|recipient\w*)\s*\]"
    r"|%[A-Z_]{3,}%|<<\s*\w+\s*>>|#\{\w+\}|\$\{?\w+\}|\bFIRSTNAME\b|\bFIRST_NAME\b",
    re.IGNORECASE,
)

# LinkedIn's own default invitation notes and the "let's connect" family: no purpose given.
DEFAULT_NOTE = _rx(
    r"^\s*i'?d\s+like\s+to\s+(?:add\s+you\s+to|join)\s+my\s+(?:professional\s+)?network",
    r"\bi'?d\s+like\s+to\s+connect\s+with\s+you\s+on\s+linkedin\b",
    r"\b(?:we\s+have|we\s+share|noticed\s+we\s+have)\s+(?:\w+\s+){0,2}(?:mutual\s+)?connections?\s+in\s+common\b",
    r"\bexpand(?:ing)?\s+my\s+(?:professional\s+)?network\b|\bgrow(?:ing)?\s+my\s+network\b",
    r"\b(?:always\s+)?(?:looking|happy|keen)\s+to\s+connect\s+with\s+(?:\w+\s+){0,3}(?:professionals|people|leaders|like-minded)\b",
    r"^\s*(?:let'?s|would\s+love\s+to)\s+connect[.!]?\s*$",
)

# Flattery that fits anyone.
GENERIC_COMPLIMENT = _rx(
    r"\b(?:impressive|amazing|great|fantastic|incredible|inspiring|remarkable)\s+(?:profile|background|journey|career|experience|work)\b",
    r"\b(?:came|stumbled)\s+across\s+your\s+profile\b|\bcame\s+across\s+you\b",
    r"\byour\s+(?:profile|background|experience)\s+(?:caught|stood|really)\b",
    r"\b(?:love|loved|enjoy|enjoyed|admire|admired)\s+(?:your|what\s+you)\s+(?:profile|content|posts|work|background)\b",
    r"\bdoing\s+(?:amazing|great|awesome|incredible)\s+(?:things|work)\b",
    r"\bimpressed\s+(?:by|with)\s+your\b",
)

# A claim of having read the owner's writing: checked against what they actually wrote.
READ_CLAIM = re.compile(
    r"\b(?:saw|read|loved|enjoyed|noticed|liked|came\s+across)\s+your\s+(?:recent\s+)?"
    r"(?:post|article|piece|comment|thoughts|insights|update|share)\s*(?:on|about|regarding)?\s*"
    r"(?P<topic>[^.!?\n]{0,80})",
    re.IGNORECASE,
)

# Cues of a specific, genuine purpose that is not a sale.
PURPOSE = _rx(
    r"\b(?:met|meeting|talked|spoke|chatted)\s+(?:\w+\s+){0,3}(?:at|during)\b",
    r"\b(?:your|the)\s+(?:talk|session|keynote|panel|presentation|workshop|webinar|lecture)\b",
    r"\b(?:conference|meetup|summit|event|symposium|workshop)\b",
    r"\b(?:question|wondering|curious)\s+(?:about|whether|if|how)\b",
    r"\b(?:advice|your\s+thoughts|your\s+view|your\s+opinion|your\s+experience)\b",
    r"\b(?:thesis|phd|student|research(?:ing)?|interview(?:ing)?|survey|study)\b",
    r"\b(?:introduc(?:e|tion|ed)|referr?ed\s+(?:me|by)|suggested\s+i\s+(?:reach|contact))\b",
)

# The owner's own short refusals: they never make a sender "known".
DECLINE = _rx(
    r"^\s*(?:no,?\s+)?thanks?(?:\s+you)?[.!]?\s*$",
    r"\bno\s+thank(?:s|\s+you)\b",
    r"\bnot\s+(?:interested|for\s+(?:us|me)|a\s+fit|relevant|at\s+this\s+time|right\s+now)\b",
    r"\b(?:please\s+)?(?:remove|unsubscribe)\s+me\b|\bstop\s+(?:messaging|contacting)\b",
    r"\bwe(?:'re|\s+are)\s+(?:all\s+set|covered|good)\b|\bi'?ll\s+pass\b",
    r"\b(?:i'?m|i\s+am|we'?re|we\s+are)\s+not\s+(?:looking|open|in\s+the\s+market|buying|hiring)\b",
    r"\b(?:happy|fine|settled)\s+where\s+i\s+am\b|\bno\s+need\b|\bplease\s+don'?t\b",
)

# A sentence that says what the sender offers ("we help logistics firms with...", "our
# platform...", "I'm hiring for...", "I'd like to invite you to join..."), as opposed to one
# that describes the recipient ("saw you're hiring planners"): relevance compares needs with
# what is offered, not with the words a pitch borrows from the recipient's profile.
OFFER_SENTENCE = _rx(
    r"\b(?:we|i)\s+(?:(?:can|could|would|now|also|just|recently)\s+)?(?:help|helped|work|"
    r"partner|build|built|offer|provide|specializ\w*|specialis\w*|deliver|run|launched|"
    r"developed|created|make|design|handle|place|placed|recruit|connect|train|automate|"
    r"manage|represent|supply|install|host|organi[sz]e|invest)\b",
    r"\b(?:we'?re|i'?m|we\s+are|i\s+am)\s+(?:\w+\s+){0,4}(?:agency|platform|firm|consultan\w*|"
    r"company|startup|studio|recruiter|provider|partner|founder|developer|engineer|designer|"
    r"freelance\w*|specialist|expert|host|organi[sz]er|raising|recruiting|hiring|building|"
    r"launching|hosting|looking\s+for)\b",
    r"\b(?:our|my)\s+(?:\w+\s+){0,2}(?:platform|solution|software|tool|product|service|services|"
    r"agency|team|clients?|customers?|app|offer|firm|studio|programme|program|course|"
    r"candidate|fund|company|podcast|show|event|network|community|system|report|guide)\b",
    r"\b(?:role|position|opportunit\w+|opening|vacanc\w+|candidate|cv|resume)\b",
    r"\b(?:invite|invitation|join|membership|partnership|sponsor\w*|investment|round)\b",
)
# A sentence about the recipient: what the sender saw, read or congratulates them on.
RECIPIENT_SENTENCE = _rx(
    r"^\W*(?:(?:hi|hey|hello|dear)\b[^.!?]{0,30})?\b(?:i\s+)?(?:saw|noticed|see|congrat\w*|"
    r"i'?ve\s+been\s+following|been\s+following|came\s+across|loved|read|noticed)\b",
)

FAMILIES: dict[str, re.Pattern[str]] = {
    "meeting_ask": MEETING_ASK,
    "seller_voice": SELLER_VOICE,
    "results_claim": RESULTS_CLAIM,
    "freebie": FREEBIE,
    "job_offer": JOB_OFFER,
    "investment_offer": INVESTMENT_OFFER,
    "bump": BUMP,
    "merge_field": MERGE_FIELD,
    "default_note": DEFAULT_NOTE,
    "generic_compliment": GENERIC_COMPLIMENT,
    "purpose": PURPOSE,
    "applicant": APPLICANT,
    "content_push": CONTENT_PUSH,
    "foreign_ask": FOREIGN_ASK,
    "partner_ask": PARTNER_ASK,
    "pain_question": PAIN_QUESTION,
}

OFFER_FAMILIES = ("meeting_ask", "seller_voice", "results_claim", "freebie", "job_offer",
                  "investment_offer", "applicant", "content_push", "foreign_ask",
                  "partner_ask", "pain_question")


def find(pattern: re.Pattern[str], text: str) -> Iterator[tuple[int, int]]:
    """Yield the (start, end) spans where ``pattern`` matches ``text``."""
    for match in pattern.finditer(text):
        if match.end() > match.start():
            yield match.start(), match.end()


def is_decline(text: str) -> bool:
    """True for a short refusal ("No thanks", "not interested"): it makes nobody known."""
    words = len(text.split())
    # A long message that happens to contain "not interested" is a conversation, not a decline.
    return words <= DECLINE_MAX_WORDS and DECLINE.search(text) is not None


# Longest reply still read as a plain refusal; real replies that say no run longer.
DECLINE_MAX_WORDS = 25
