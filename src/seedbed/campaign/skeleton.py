"""Template skeletons: mask what personalisation fills in, so one template gives one text.

Owns: ``MaskContext`` (the names, companies, job titles and places known for an owner and an
item), the mask tokens, and ``skeleton()``. The skeleton of "Hi Anna, I saw Acme is hiring in
Oslo (3 roles)" is ``hi ⟨name⟩ i saw ⟨org⟩ is hiring in ⟨place⟩ ⟨num⟩ roles``: the same for every
recipient of that template. Input is plain text; HTML must be converted before it gets here.

Must not import: the store, the judge, the CLI, or any third-party package.

Speed: all patterns are compiled at import. Known names are matched by token lookup in
dictionaries built once per ``MaskContext`` layer (cost per text grows with the text, not with the
number of known names). Measured in benchmarks/bench_campaigns.py with 20,400 known names: the
whole skeleton takes about 80 us per note, one compiled regex alternation of the names alone
about 20 ms per note (Python's re tries the alternatives one by one at each position).
"""

from __future__ import annotations

import functools
import re
import unicodedata
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise

from seedbed.model import Connection, Person, Profile

MASK_NAME = "⟨name⟩"
MASK_ORG = "⟨org⟩"
MASK_TITLE = "⟨title⟩"
MASK_PLACE = "⟨place⟩"
MASK_NUM = "⟨num⟩"
MASK_DATE = "⟨date⟩"
MASK_URL = "⟨url⟩"
MASK_EMAIL = "⟨email⟩"
MASK_HANDLE = "⟨handle⟩"
MASK_SLOT = "⟨slot⟩"
MASKS = frozenset(
    {
        MASK_NAME, MASK_ORG, MASK_TITLE, MASK_PLACE, MASK_NUM, MASK_DATE,
        MASK_URL, MASK_EMAIL, MASK_HANDLE, MASK_SLOT,
    }
)

# Heuristic runs of capitalised words (after "at", "from", "Hi" ...) stop after this many words:
# company and person names are rarely longer, and a longer run is more likely a sentence.
MAX_HEURISTIC_WORDS = 3
# Known single-word names shorter than this are ignored in capitalised-only layers (the large
# sets from connections): two-letter names there collide with abbreviations too often.
MIN_WEAK_TOKEN_CHARS = 3
# Only the first segments of an owner's headline ("Title at Org | Title, Org | topics") are read
# for roles and organisations; later segments are usually topics.
HEADLINE_SEGMENTS = 2
# Only the last lines of a text are searched for a signature ("Mike", "Gavin Moss").
SIGNATURE_LINES = 3


@dataclass(frozen=True, slots=True, eq=False, weakref_slot=True)
class MaskContext:
    """What is known to be personalisation for one owner (and optionally one item).

    ``names`` are person names (full names; their parts are masked too), ``companies``,
    ``titles`` and ``places`` are matched as whole phrases. When ``capitalised_only`` is set a
    match must start with a capital letter: use it for the large sets from connections, where
    a first name like "Will" or a company like "Target" is also an ordinary word. Contexts
    stack: ``parent`` is consulted too, and its lookup tables are built once and shared, so
    adding one sender per item with ``with_people`` costs only that sender's names.
    Compared by identity, so that each layer is compiled once.
    """

    names: frozenset[str] = frozenset()
    companies: frozenset[str] = frozenset()
    titles: frozenset[str] = frozenset()
    places: frozenset[str] = frozenset()
    capitalised_only: bool = False
    parent: MaskContext | None = field(default=None, repr=False)

    @classmethod
    def build(
        cls,
        names: Iterable[str] = (),
        companies: Iterable[str] = (),
        titles: Iterable[str] = (),
        places: Iterable[str] = (),
        *,
        capitalised_only: bool = False,
        parent: MaskContext | None = None,
    ) -> MaskContext:
        """Make a context layer from any iterables of strings (blanks are dropped)."""
        return cls(
            names=_clean_set(names),
            companies=_clean_set(companies),
            titles=_clean_set(titles),
            places=_clean_set(places),
            capitalised_only=capitalised_only,
            parent=parent,
        )

    @classmethod
    def for_owner(cls, profile: Profile, connections: Iterable[Connection] = ()) -> MaskContext:
        """The owner's context: connections (capitalised only) under the owner's own facts."""
        connections = list(connections)
        weak = cls.build(
            names=(c.name for c in connections),
            companies=(c.company for c in connections),
            titles=(c.position for c in connections),
            capitalised_only=True,
        )
        places = [profile.location, *re.split(r"[,;/]", profile.location)]
        places += [p.location for p in profile.positions]
        titles = [p.title for p in profile.positions]
        companies = [p.company for p in profile.positions] + [e.school for e in profile.education]
        # "Director, Solid-State Ionics Lab at Nordvik University | ...": the first segments
        # of a headline name the owner's roles and organisations.
        for segment in profile.headline.split("|")[:HEADLINE_SEGMENTS]:
            title, company = _split_headline(segment)
            head, _, tail = title.partition(", ")
            titles.append(head)
            companies += [company, tail]
        return cls.build(
            names=[profile.name],
            companies=companies,
            titles=titles,
            places=places,
            parent=weak,
        )

    def with_people(self, *people: Person) -> MaskContext:
        """A child layer adding the given people (e.g. an item's sender and recipient).

        A person's company and the parts of a headline like "Founder @ Acme | AI for X" or
        "Sales Director at Acme" are added as company and title.
        """
        names: list[str] = []
        companies: list[str] = []
        titles: list[str] = []
        for person in people:
            names.append(person.name)
            companies.append(person.company)
            title, company = _split_headline(person.headline)
            titles.append(title)
            companies.append(company)
        return MaskContext.build(names, companies, titles, parent=self)

    def layers(self) -> list[MaskContext]:
        """This layer and its ancestors, nearest first."""
        result: list[MaskContext] = []
        layer: MaskContext | None = self
        while layer is not None:
            result.append(layer)
            layer = layer.parent
        return result


EMPTY_CONTEXT = MaskContext()


def _clean_set(values: Iterable[str]) -> frozenset[str]:
    return frozenset(v.strip() for v in values if v and v.strip())


_HEADLINE_AT = re.compile(r"\s(?:at|@)\s|@", re.IGNORECASE)


def _split_headline(headline: str) -> tuple[str, str]:
    """Split "Title at Company | more" into (title, company); either may be ""."""
    first = headline.split("|", 1)[0].strip()
    parts = _HEADLINE_AT.split(first, maxsplit=1)
    if len(parts) == 2:
        return parts[0].strip(" ,-"), parts[1].strip(" ,-")
    return first, ""


# --- text normalisation and pattern masks ------------------------------------------------------

_QUOTES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "“": '"', "”": '"'})

_FIELD_KINDS: tuple[tuple[re.Pattern[str], str], ...] = (
    # Companies first: "{company_name}" is a company, "{first_name}" a person.
    (re.compile(r"company|org|business|firm|brand|employer|account", re.I), MASK_ORG),
    (re.compile(r"name|first|last|contact|recipient", re.I), MASK_NAME),
    (re.compile(r"title|role|position|job", re.I), MASK_TITLE),
    (re.compile(r"city|location|country|place|region|state", re.I), MASK_PLACE),
)


def _field_mask(field_name: str) -> str:
    """The mask for a merge field: ``{first_name}`` is a name, ``{{company}}`` an org."""
    for pattern, mask in _FIELD_KINDS:
        if pattern.search(field_name):
            return mask
    return MASK_SLOT


_MERGE_FIELD = re.compile(
    r"\{\{\s*([^{}\n]{1,40}?)\s*\}\}"  # {{company}}
    r"|\{\s*([A-Za-z_][\w .-]{0,30}?)\s*\}"  # {first_name}
    r"|\[\s*([A-Za-z_][\w .-]{0,30}?)\s*\]"  # [Company]
    r"|%([A-Za-z_]\w{0,30})%"  # %FIRSTNAME%
    r"|<<\s*([^<>\n]{1,30}?)\s*>>"  # <<Name>>
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(r"(?:https?://|www\.)\S+?(?=[.,;:!?)\]'\"]*(?:\s|$))", re.I)
_GENERIC_TLDS = "com|net|org|info|biz|app|dev|tech|ai|io|co|me|ly|gg|xyz|site|online|store|agency"
_DOMAIN = re.compile(
    r"(?<![\w@.])(?:[a-z0-9][a-z0-9-]*\.)+(?:" + _GENERIC_TLDS + r"|[a-z]{2})"
    r"(?![\w-])(?:/\S*?(?=[.,;:!?)\]'\"]*(?:\s|$)))?",
    re.I,
)
_HANDLE = re.compile(r"(?<![\w@])@[A-Za-z_][\w.]{1,30}")
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)(?![^\W\d_])\.?"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DATE = re.compile(
    r"\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b"
    r"|\b(?:" + _DAY + r"\s+(?:of\s+)?)?" + _MONTH + r"(?:\s+" + _DAY + r"\b)?(?:,?\s+\d{4}\b)?"
    r"|\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
)
# Anything with a digit in it: amounts, counts, years, "Q3", "B2B", "NMC811", ids.
_NUMBER = re.compile(r"\b[^\W\d_]*\d[^\W_]*")
_TOKEN = re.compile(r"⟨[a-z]+⟩|[^\W\d_]+(?:'[^\W\d_]+)*|\n|\S")


def _mask_patterns(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    # Cheap substring tests skip whole regex passes (each pass costs about 5 us per note).
    if "{" in text or "[" in text or "%" in text or "<<" in text:
        text = _MERGE_FIELD.sub(_merge_field_repl, text)
    if "@" in text:
        text = _EMAIL.sub(f" {MASK_EMAIL} ", text)
        text = _HANDLE.sub(f" {MASK_HANDLE} ", text)
    if "://" in text or "www." in text:
        text = _URL.sub(f" {MASK_URL} ", text)
    if "." in text:
        text = _DOMAIN.sub(f" {MASK_URL} ", text)
    text = _DATE.sub(f" {MASK_DATE} ", text)
    return _NUMBER.sub(f" {MASK_NUM} ", text)


def _merge_field_repl(match: re.Match[str]) -> str:
    name = next(g for g in match.groups() if g is not None)
    return f" {_field_mask(name)} "


# --- known-name lookup ---------------------------------------------------------------------------


def _lookup_key(token: str) -> str:
    """Lower-case and drop a possessive ending, so "Anna's" looks up as "anna"."""
    low = token.lower()
    if not low[0].isalpha():  # a quote mark, not a possessive
        return low
    if low.endswith("'s"):
        return low[:-2]
    if low.endswith("'"):
        return low[:-1]
    return low


@dataclass(slots=True)
class _Lexicon:
    """One layer's phrases as token tuples, and the longest phrase for each first token."""

    phrases: dict[tuple[str, ...], str]
    longest: dict[str, int]
    capitalised_only: bool


_LEXICONS: weakref.WeakKeyDictionary[MaskContext, _Lexicon] = weakref.WeakKeyDictionary()


# Phrases tokenised and kept: titles, companies and first names repeat across an owner's
# connections and across owners ("Software Engineer", "Google", "Anna"), and building the
# lookup tables of a few hundred owners is mostly this.
_PHRASE_CACHE = 1 << 16


@functools.lru_cache(maxsize=_PHRASE_CACHE)
def _phrase_tokens(phrase: str) -> tuple[str, ...]:
    text = unicodedata.normalize("NFKC", phrase).translate(_QUOTES)
    return tuple(_lookup_key(t) for t in _TOKEN.findall(text) if t != "\n")


_LEGAL_SUFFIXES = frozenset(
    "ltd limited inc llc llp gmbh ag as asa bv nv sa sas sarl plc pty co corp corporation "
    "srl spa kg ab oy".split()
)
# A company's short form is only taken from a first word at least this long ("Ledgerline" of
# "Ledgerline Payments"): shorter first words are too often ordinary ("Blue", "The").
MIN_SHORT_FORM_CHARS = 5


def _company_variants(company: str, *, short_forms: bool) -> list[tuple[str, ...]]:
    """The ways a company is written: in full, without "Ltd"/"GmbH", and (for the owner's and
    sender's own companies) short forms: "Northern Lights" of "Northern Lights Children's
    Literacy Foundation", "Ledgerline" of "Ledgerline Payments"."""
    tokens = _phrase_tokens(company)
    variants = [tokens]
    while len(tokens) > 1 and tokens[-1] in _LEGAL_SUFFIXES | {".", ","}:
        tokens = tokens[:-1]
        variants.append(tokens)
    if short_forms:
        words = [t for t in tokens if t[0].isalpha()]
        if len(words) >= 3 and words[1] not in _CONNECTORS and words[0] not in _NOT_NAMES:
            variants.append(tuple(words[:2]))
        elif (
            len(words) == 2
            and len(words[0]) >= MIN_SHORT_FORM_CHARS
            and words[0] not in _NOT_NAMES | _CONNECTORS
        ):
            variants.append((words[0],))
    return variants


def _lexicon(context: MaskContext) -> _Lexicon:
    cached = _LEXICONS.get(context)
    if cached is not None:
        return cached
    phrases: dict[tuple[str, ...], str] = {}
    min_single = MIN_WEAK_TOKEN_CHARS if context.capitalised_only else 2

    def add(tokens: tuple[str, ...], mask: str) -> None:
        if not tokens or (len(tokens) == 1 and len(tokens[0]) < min_single):
            return
        if not any(t[0].isalpha() for t in tokens):
            return
        phrases.setdefault(tokens, mask)

    # Order sets precedence when a phrase is in two sets: a person's name wins.
    for name in context.names:
        tokens = _phrase_tokens(name)
        add(tokens, MASK_NAME)
        for part in tokens:
            if part.isalpha():
                add((part,), MASK_NAME)
    for company in context.companies:
        for variant in _company_variants(company, short_forms=not context.capitalised_only):
            add(variant, MASK_ORG)
    for title in context.titles:
        add(_phrase_tokens(title), MASK_TITLE)
    for place in context.places:
        add(_phrase_tokens(place), MASK_PLACE)
    longest: dict[str, int] = {}
    for tokens in phrases:
        if longest.get(tokens[0], 0) < len(tokens):
            longest[tokens[0]] = len(tokens)
    lexicon = _Lexicon(phrases, longest, context.capitalised_only)
    _LEXICONS[context] = lexicon
    return lexicon


def _match_known(
    tokens: list[str], keys: list[str], i: int, lexicons: list[_Lexicon]
) -> tuple[int, str]:
    """The longest known phrase starting at token i: (length, mask), or (0, "")."""
    best_len, best_mask = 0, ""
    key = keys[i]
    for lex in lexicons:
        longest = lex.longest.get(key)
        if longest is None or longest <= best_len:
            continue
        if lex.capitalised_only and not tokens[i][0].isupper():
            continue
        for length in range(min(longest, len(keys) - i), best_len, -1):
            mask = lex.phrases.get(tuple(keys[i : i + length]))
            if mask is not None:
                best_len, best_mask = length, mask
                break
    return best_len, best_mask


# --- heuristics for names nobody told us about ----------------------------------------------

_GREETINGS = frozenset(
    "hi hello hey heya hiya dear greetings morning afternoon evening bonjour hallo hola ciao "
    "olá ola hej hoi salut moin servus".split()
)
_SIGN_OFFS = frozenset(
    "best regards cheers thanks thank sincerely warmly warm kind wishes soon yours".split()
)
_ORG_CUES = frozenset("at from with like joined @".split())
_PLACE_CUES = frozenset({"in", "near"})
_HONORIFICS = frozenset("dr prof professor mr mrs ms mx miss sir madam".split())
_CONNECTORS = frozenset("of & and de der van von la le du di da für for the".split())
# Capitalised words that open sentences or lines and are not names.
_NOT_NAMES = frozenset(
    """i i'm i'd i've i'll a an the we our my your you this that these those it its he she they
    there here what when where why how who which if so and but or also just hope thanks thank
    hello hi hey dear great quick congrats congratulations good happy yes no sorry welcome well ok
    okay sure best regards cheers please let would could can will may might do did does is are
    was were have has had love loved looking saw noticed following reaching not one two any all
    p.s ps re fyi btw as on in at for to of with from by about""".split()
)
_END_OF_NAME = frozenset({",", "!", ".", ":", "-", "–", "—", "\n", ";", "?"})


def _is_cap_word(token: str, key: str) -> bool:
    return token[0].isupper() and key not in _NOT_NAMES and token[0].isalpha()


def _cap_run(tokens: list[str], keys: list[str], start: int, masked: list[str | None]) -> int:
    """Length of a run of capitalised words (with connectors) starting at ``start``."""
    words = 0
    j = start
    end = start
    while j < len(tokens) and words < MAX_HEURISTIC_WORDS and masked[j] is None:
        if _is_cap_word(tokens[j], keys[j]):
            words += 1
            j += 1
            end = j
        elif words and keys[j] in _CONNECTORS and j + 1 < len(tokens):
            j += 1
        else:
            break
    return end - start


_CUES = _GREETINGS | _ORG_CUES | _PLACE_CUES | {","}


def _apply_heuristics(tokens: list[str], keys: list[str], masked: list[str | None]) -> None:
    n = len(tokens)
    # A capitalised word opening the text and followed by a comma or dash: "Ingrid, ...".
    first = 0
    while first < n and tokens[first] == "\n":
        first += 1
    if first < n and masked[first] is None and _is_cap_word(tokens[first], keys[first]):
        run = _cap_run(tokens, keys, first, masked)
        if run and (first + run == n or tokens[first + run] in _END_OF_NAME - {"."}):
            _mark(masked, first, run, MASK_NAME)
    for i in [i for i, key in enumerate(keys) if key in _CUES]:
        if masked[i] is not None or i + 1 >= n:
            continue
        key = keys[i]
        if key in _GREETINGS:
            j = i + 1
            while j < n and keys[j] in _HONORIFICS and masked[j] is None:
                j += 1
                if j < n and tokens[j] == ".":
                    j += 1
            run = _cap_run(tokens, keys, j, masked)
            if (run and (j + run == n or tokens[j + run] in _END_OF_NAME)) or j > i + 1:
                _mark(masked, i + 1, j + run - i - 1, MASK_NAME)
        elif key == ",":
            # A vocative before the end of a sentence: "Thanks for connecting, Sophie."
            j = i + 1
            if (
                masked[j] is None
                and _is_cap_word(tokens[j], keys[j])
                and (j + 1 == n or tokens[j + 1] in {".", "!", "\n", "?"})
            ):
                _mark(masked, j, 1, MASK_NAME)
        else:
            run = _cap_run(tokens, keys, i + 1, masked)
            if run:
                _mark(masked, i + 1, run, MASK_ORG if key in _ORG_CUES else MASK_PLACE)
    _mask_signature(tokens, keys, masked)


def _mask_signature(tokens: list[str], keys: list[str], masked: list[str | None]) -> None:
    """Lines near the end made only of 1-3 capitalised words are a signature: "Gavin Moss"."""
    breaks = [i for i, token in enumerate(tokens) if token == "\n"]
    if not breaks:  # one line: a note, not a letter with a signature block
        return
    bounds = [-1, *breaks, len(tokens)]
    lines = [(a + 1, b) for a, b in pairwise(bounds) if b > a + 1]
    for start, end in lines[-SIGNATURE_LINES:]:
        words = [k for k in range(start, end) if tokens[k] not in {",", ".", "-", "–"}]
        if not 1 <= len(words) <= MAX_HEURISTIC_WORDS:
            continue
        if keys[start] in _SIGN_OFFS:
            continue
        if all(masked[k] is None and _is_cap_word(tokens[k], keys[k]) for k in words):
            _mark(masked, start, end - start, MASK_NAME)


def _mark(masked: list[str | None], start: int, length: int, mask: str) -> None:
    for k in range(start, start + length):
        masked[k] = mask


# --- the skeleton ---------------------------------------------------------------------------


def prepare(context: MaskContext) -> None:
    """Build the lookup tables of ``context``'s layers now rather than at the first text (so
    that processes forked afterwards share them instead of each building its own)."""
    for layer in context.layers():
        _lexicon(layer)


def skeleton(text: str, context: MaskContext = EMPTY_CONTEXT) -> str:
    """The template behind ``text``: personalisation masked, lower-cased, punctuation dropped.

    Masks known names, companies, titles and places from ``context`` (in any case for the
    owner's and sender's own, capitalised only for ``capitalised_only`` layers, with possessive
    forms), then numbers, dates, URLs, e-mails, @handles and merge fields (``{first_name}``,
    ``{{company}}``, ``[Company]``, ``%FIRSTNAME%``, ``<<Name>>``), then guesses names after
    greetings, vocatives and signatures and organisations after "at/from/with/like/joined".
    Emoji and punctuation are dropped; repeated masks collapse into one.
    """
    masked_text = _mask_patterns(text)
    tokens = _TOKEN.findall(masked_text)
    if not tokens:
        return ""
    # Tokens hold no spaces, so one join/lower/split lower-cases them all at C speed.
    lows = " ".join(tokens).lower().split(" ")
    # Lookup keys drop a possessive "'s"; the output keeps the word ("let's" -> "lets").
    keys = [_lookup_key(k) if "'" in k else k for k in lows] if "'" in masked_text else lows
    masked: list[str | None] = [t if t in MASKS else None for t in tokens]
    lexicons = [_lexicon(layer) for layer in context.layers()]
    key_set = set(keys)
    starts = set().union(*(key_set.intersection(lex.longest) for lex in lexicons))
    if starts:
        i = 0
        n = len(tokens)
        while i < n:
            if keys[i] in starts and masked[i] is None:
                length, mask = _match_known(tokens, keys, i, lexicons)
                if length:
                    _mark(masked, i, length, mask)
                    i += length
                    continue
            i += 1
    _apply_heuristics(tokens, keys, masked)
    # Punctuation, emoji and line breaks carry no template signal: dropped.
    words = [
        k if m is None else m
        for k, m in zip(lows, masked, strict=True)
        if m is not None or k[0].isalpha()
    ]
    if "'" in masked_text:
        words = [w.replace("'", "") for w in words]
    # A run of one mask ("⟨name⟩ ⟨name⟩" from first and last name) is one slot.
    return " ".join(
        [w for w, prev in zip(words, ["", *words], strict=False) if w != prev or w not in MASKS]
    )
