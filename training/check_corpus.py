"""Validate seedbed's labelled training corpus and print a summary.

Owns the checks on training/personas.jsonl and training/items.jsonl: schema, label/offer
consistency, persona ids, length limits, label counts per persona, duplicates, reuse of one
pitch skeleton across personas, and a variety report (openings, languages, markup).
Standard library only; must not import seedbed, so it runs without the package installed.

Usage: python training/check_corpus.py [--dir training] [--quiet]
Exit status: 0 when the corpus is valid, 1 when any problem was found.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

LABELS = ("relevant_pitch", "spam", "ask_why", "welcome")
KINDS = ("invitation", "message")
OFFER_LABELS = frozenset({"relevant_pitch", "spam"})

PERSONA_KEYS = {
    "id": str,
    "name": str,
    "headline": str,
    "summary": str,
    "positions": list,
    "skills": list,
    "writing": list,
    "needs": list,
    "welcome_topics": list,
    "unwelcome_topics": list,
    "open_to_recruiters": bool,
}
POSITION_KEYS = {"company": str, "title": str, "current": bool}
ITEM_KEYS = {"persona": str, "kind": str, "text": str, "offer": bool, "label": str, "note": str}

# LinkedIn caps connection-request notes at 300 characters.
INVITATION_MAX_CHARS = 300
# Messages outside this range stop looking like real outreach: shorter ones are chat noise,
# longer ones are e-mails pasted into LinkedIn. The brief asks for 20-180 words.
MESSAGE_MIN_WORDS = 20
MESSAGE_MAX_WORDS = 180
# Per-persona label targets from the brief (12/7/8/13 of about 40), with a little slack so a
# persona can trade one item between labels without failing the check.
LABEL_RANGE = {
    "spam": (11, 13),
    "relevant_pitch": (6, 8),
    "ask_why": (7, 9),
    "welcome": (12, 14),
}
ITEMS_PER_PERSONA = (38, 42)
EXPECTED_PERSONAS = 24
# The brief wants 2-3 needs, 3-5 unwelcome topics and 4-5 personas open to recruiters.
NEEDS_RANGE = (2, 3)
UNWELCOME_RANGE = (3, 5)
OPEN_TO_RECRUITERS_RANGE = (4, 5)
# Texts that are legitimately identical across recipients: LinkedIn's own defaults.
PLATFORM_DEFAULTS = frozenset(
    {
        "",
        "i'd like to add you to my professional network on linkedin.",
        "i'd like to join your linkedin network.",
        "i'd like to add you to my professional network.",
    }
)
# Two offers whose word 4-gram sets overlap this much share a skeleton (one template with
# names swapped). 0.45 catches swapped nouns while leaving shared stock phrases alone.
SKELETON_JACCARD = 0.45
SHINGLE_SIZE = 4
# A skeleton may be reused for at most this many personas (a small campaign), per the brief.
MAX_PERSONAS_PER_SKELETON = 3
# No three-word opening may start more than this share of all non-blank texts.
MAX_OPENING_SHARE = 0.05
# Target share of non-English texts is about 8%; outside this band the mix is off.
NON_ENGLISH_RANGE = (0.05, 0.12)

STOPWORDS = {
    lang: frozenset(ws.split())
    for lang, ws in {
        "es": "el la los las que para con una por del muy nos hola gracias estimado estimada "
        "usted pero también saludos",
        "de": "der die das und ich sie mit für ihr ihre nicht wir ist eine grüße hallo liebe sehr "
        "geehrte auch",
        "fr": "le la les des et je vous pour avec une est bonjour merci votre nous sur dans "
        "cordialement pas suis",
        "nl": "de het een en ik je jij jullie voor met niet hallo groet groeten bedankt ook wij "
        "zijn graag hoi",
        "pt": "o os as que para com uma por não olá obrigado obrigada você nós também "
        "cumprimentos da do dos seu",
        "en": "the and to you your for with is are i we on in of it this that hi thanks be",
    }.items()
}
HTML_RE = re.compile(r"<\s*(p|br|b|strong|ul|li|i|em|div|span)\b[^>]*>|&amp;|&nbsp;", re.I)
TAG_RE = re.compile(r"<[^>]+>")
URL_RE = re.compile(r"https?://|www\.|\b[a-z0-9-]+\.(com|io|org|co\.uk|nl|de|es|pt|ai)\b", re.I)
WORD_RE = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?", re.UNICODE)


def read_jsonl(path: Path, problems: list[str]) -> list[dict[str, Any]]:
    """Read one JSON object per line; record a problem per unreadable line."""
    rows: list[dict[str, Any]] = []
    if not path.exists():
        problems.append(f"{path}: missing")
        return rows
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            problems.append(f"{path}:{lineno}: blank line")
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"{path}:{lineno}: invalid JSON ({exc.msg})")
            continue
        if not isinstance(obj, dict):
            problems.append(f"{path}:{lineno}: not a JSON object")
            continue
        rows.append(obj)
    return rows


def check_types(
    obj: dict[str, Any],
    spec: dict[str, type],
    where: str,
    problems: list[str],
    extra_ok: Iterable[str] = (),
) -> None:
    """Require every key of spec with its type and no unknown keys."""
    for key, typ in spec.items():
        if key not in obj:
            problems.append(f"{where}: missing field '{key}'")
        elif not isinstance(obj[key], typ):
            problems.append(f"{where}: field '{key}' should be {typ.__name__}")
    unknown = set(obj) - set(spec) - set(extra_ok)
    if unknown:
        problems.append(f"{where}: unknown fields {sorted(unknown)}")


def plain_text(text: str) -> str:
    """Text with InMail markup removed, for word counts and language guesses."""
    text = re.sub(r"<br\s*/?>|</p>", "\n", text, flags=re.I)
    text = TAG_RE.sub(" ", text)
    return text.replace("&amp;", "&").replace("&nbsp;", " ")


def words(text: str) -> list[str]:
    return WORD_RE.findall(plain_text(text).lower())


def guess_language(text: str) -> str:
    """Cheap stopword vote; good enough to count the language mix of this corpus."""
    toks = words(text)
    if not toks:
        return "none"
    scores = {lang: sum(t in sw for t in toks) for lang, sw in STOPWORDS.items()}
    best = max(scores, key=lambda k: scores[k])
    return best if scores[best] > 0 else "en"


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", plain_text(text)).lower()
    return re.sub(r"\s+", " ", text).strip()


def shingles(text: str) -> set[tuple[str, ...]]:
    toks = words(text)
    return {tuple(toks[i : i + SHINGLE_SIZE]) for i in range(len(toks) - SHINGLE_SIZE + 1)}


def has_emoji(text: str) -> bool:
    return any(unicodedata.category(ch) == "So" or 0x1F300 <= ord(ch) <= 0x1FAFF for ch in text)


def check_personas(personas: list[dict[str, Any]], problems: list[str]) -> dict[str, Any]:
    by_id: dict[str, Any] = {}
    for i, p in enumerate(personas, 1):
        where = f"personas.jsonl:{i}"
        check_types(p, PERSONA_KEYS, where, problems, extra_ok=("job_titles",))
        pid = p.get("id")
        if not isinstance(pid, str) or not re.fullmatch(r"t\d{2}", pid):
            problems.append(f"{where}: id should look like t01")
            continue
        if pid in by_id:
            problems.append(f"{where}: duplicate id {pid}")
        by_id[pid] = p
        for j, pos in enumerate(p.get("positions") or [], 1):
            if isinstance(pos, dict):
                check_types(pos, POSITION_KEYS, f"{where} position {j}", problems)
            else:
                problems.append(f"{where} position {j}: not an object")
        # A job seeker between roles may have no current position; anyone else needs one.
        has_current = any(
            isinstance(x, dict) and x.get("current") for x in p.get("positions") or []
        )
        if not has_current and not p.get("open_to_recruiters"):
            problems.append(f"{where}: no current position")
        for key, (lo, hi) in (("needs", NEEDS_RANGE), ("unwelcome_topics", UNWELCOME_RANGE)):
            n = len(p.get(key) or [])
            if not lo <= n <= hi:
                problems.append(f"{where}: {key} has {n} entries, want {lo}-{hi}")
        for key in ("skills", "writing", "welcome_topics"):
            if not p.get(key):
                problems.append(f"{where}: {key} is empty")
        if p.get("open_to_recruiters") and not p.get("job_titles"):
            problems.append(f"{where}: open_to_recruiters without job_titles")
        if not p.get("open_to_recruiters") and "job_titles" in p:
            problems.append(f"{where}: job_titles given but not open_to_recruiters")
    if len(by_id) != EXPECTED_PERSONAS:
        problems.append(f"personas.jsonl: {len(by_id)} personas, want {EXPECTED_PERSONAS}")
    n_open = sum(1 for p in by_id.values() if p.get("open_to_recruiters"))
    if not OPEN_TO_RECRUITERS_RANGE[0] <= n_open <= OPEN_TO_RECRUITERS_RANGE[1]:
        problems.append(
            f"personas.jsonl: {n_open} open to recruiters, want "
            f"{OPEN_TO_RECRUITERS_RANGE[0]}-{OPEN_TO_RECRUITERS_RANGE[1]}"
        )
    return by_id


def check_items(items: list[dict[str, Any]], personas: dict[str, Any], problems: list[str]) -> None:
    seen_in_persona: dict[tuple[str, str], int] = {}
    seen_global: dict[str, tuple[int, str]] = {}
    for i, it in enumerate(items, 1):
        where = f"items.jsonl:{i}"
        check_types(it, ITEM_KEYS, where, problems)
        label, kind, text = it.get("label"), it.get("kind"), it.get("text")
        if it.get("persona") not in personas:
            problems.append(f"{where}: unknown persona {it.get('persona')!r}")
        if label not in LABELS:
            problems.append(f"{where}: unknown label {label!r}")
        if kind not in KINDS:
            problems.append(f"{where}: unknown kind {kind!r}")
        if isinstance(it.get("offer"), bool) and it["offer"] != (label in OFFER_LABELS):
            problems.append(f"{where}: offer={it['offer']} contradicts label {label}")
        if not isinstance(text, str):
            continue
        if not str(it.get("note", "")).strip():
            problems.append(f"{where}: empty note")
        if kind == "invitation" and len(text) > INVITATION_MAX_CHARS:
            problems.append(f"{where}: invitation has {len(text)} chars (> {INVITATION_MAX_CHARS})")
        if kind == "invitation" and HTML_RE.search(text):
            problems.append(f"{where}: invitation with HTML markup")
        if kind == "message":
            n = len(plain_text(text).split())
            if not MESSAGE_MIN_WORDS <= n <= MESSAGE_MAX_WORDS:
                problems.append(
                    f"{where}: message has {n} words (want {MESSAGE_MIN_WORDS}-{MESSAGE_MAX_WORDS})"
                )
        if text == "" and label != "ask_why":
            problems.append(f"{where}: blank text labelled {label}")
        norm = normalise(text)
        key = (str(it.get("persona")), norm)
        if key in seen_in_persona:
            problems.append(f"{where}: duplicates line {seen_in_persona[key]} in the same persona")
        seen_in_persona.setdefault(key, i)
        first = seen_global.setdefault(norm, (i, key[0]))
        if norm not in PLATFORM_DEFAULTS and first[0] != i and first[1] != key[0]:
            problems.append(f"{where}: duplicates line {first[0]} of persona {first[1]}")


def check_counts(
    items: list[dict[str, Any]], personas: dict[str, Any], problems: list[str]
) -> dict[str, Counter[str]]:
    per: dict[str, Counter[str]] = defaultdict(Counter)
    for it in items:
        per[str(it.get("persona"))][str(it.get("label"))] += 1
    for pid in sorted(personas):
        counts = per.get(pid, Counter())
        total = sum(counts.values())
        if not ITEMS_PER_PERSONA[0] <= total <= ITEMS_PER_PERSONA[1]:
            problems.append(
                f"{pid}: {total} items, want {ITEMS_PER_PERSONA[0]}-{ITEMS_PER_PERSONA[1]}"
            )
        for label, (lo, hi) in LABEL_RANGE.items():
            if not lo <= counts[label] <= hi:
                problems.append(f"{pid}: {counts[label]} {label}, want {lo}-{hi}")
    return per


def check_skeletons(items: list[dict[str, Any]], problems: list[str]) -> int:
    """Group offers sharing a skeleton; fail when one skeleton reaches too many personas."""
    offers = [(i, it) for i, it in enumerate(items, 1) if it.get("offer")]
    sh = [shingles(str(it.get("text", ""))) for _, it in offers]
    parent = list(range(len(offers)))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for a in range(len(offers)):
        if not sh[a]:
            continue
        for b in range(a + 1, len(offers)):
            if not sh[b]:
                continue
            inter = len(sh[a] & sh[b])
            if inter and inter / len(sh[a] | sh[b]) >= SKELETON_JACCARD:
                parent[find(a)] = find(b)
    groups: dict[int, list[int]] = defaultdict(list)
    for a in range(len(offers)):
        groups[find(a)].append(a)
    shared = 0
    for members in groups.values():
        if len(members) < 2:
            continue
        shared += 1
        pids = {str(offers[m][1].get("persona")) for m in members}
        if len(pids) > MAX_PERSONAS_PER_SKELETON:
            lines = ", ".join(str(offers[m][0]) for m in members)
            problems.append(
                f"items.jsonl lines {lines}: one skeleton used for {len(pids)} "
                f"personas (max {MAX_PERSONAS_PER_SKELETON})"
            )
    return shared


def name_tokens(personas: dict[str, Any]) -> set[str]:
    """Lower-cased name parts of all personas, so openings compare across recipients."""
    toks: set[str] = set()
    for p in personas.values():
        toks.update(w for w in words(str(p.get("name", ""))) if w not in {"dr"})
    return toks


def opening(text: str, names: set[str]) -> str:
    """First three words, with the recipient's name replaced by {name}."""
    return " ".join("{name}" if w in names else w for w in words(text)[:3])


def summary(
    items: list[dict[str, Any]],
    personas: dict[str, Any],
    per: dict[str, Counter[str]],
    shared: int,
    problems: list[str],
    quiet: bool,
) -> None:
    total = len(items)
    labels = Counter(str(it.get("label")) for it in items)
    kinds = Counter(str(it.get("kind")) for it in items)
    texts = [str(it.get("text", "")) for it in items]
    langs = Counter(guess_language(t) for t in texts if t)
    non_en = sum(n for lang, n in langs.items() if lang not in ("en", "none"))
    nonblank = [t for t in texts if words(t)]
    names = name_tokens(personas)
    openings = Counter(opening(t, names) for t in nonblank)
    html = sum(1 for t in texts if HTML_RE.search(t))
    urls = sum(1 for t in texts if URL_RE.search(t))
    emoji = sum(1 for t in texts if has_emoji(t))
    share = non_en / total if total else 0.0
    if total and not NON_ENGLISH_RANGE[0] <= share <= NON_ENGLISH_RANGE[1]:
        problems.append(f"non-English share {share:.1%} outside {NON_ENGLISH_RANGE}")
    top, top_n = openings.most_common(1)[0] if openings else ("", 0)
    if nonblank and top_n / len(nonblank) > MAX_OPENING_SHARE:
        problems.append(f"opening '{top}' starts {top_n} of {len(nonblank)} texts")
    if quiet:
        return
    print(f"items: {total}  personas: {len(per)}")
    print("labels: " + ", ".join(f"{lab}={labels[lab]}" for lab in LABELS))
    print("kinds: " + ", ".join(f"{k}={kinds[k]}" for k in KINDS))
    print(f"offer=true: {sum(1 for it in items if it.get('offer'))}")
    print(
        f"non-English: {non_en} ({share:.1%}) "
        + ", ".join(f"{lang}={n}" for lang, n in langs.most_common() if lang not in ("en", "none"))
    )
    print(
        f"html InMail: {html}  with URL: {urls}  with emoji: {emoji}  "
        f"blank: {sum(1 for t in texts if not t)}"
    )
    msg_words = [
        len(plain_text(str(it["text"])).split()) for it in items if it.get("kind") == "message"
    ]
    inv_chars = [len(str(it["text"])) for it in items if it.get("kind") == "invitation"]
    if msg_words:
        print(
            f"message words: min {min(msg_words)}  mean {sum(msg_words) / len(msg_words):.0f}"
            f"  max {max(msg_words)}"
        )
    if inv_chars:
        print(
            f"invitation chars: min {min(inv_chars)}  mean "
            f"{sum(inv_chars) / len(inv_chars):.0f}  max {max(inv_chars)}"
        )
    print(f"offer skeletons shared by 2+ items: {shared}")
    # Surface features that differ a lot between labels would let a model learn the wrong cue.
    print("surface features by label (invitation share, html, url, emoji, non-English):")
    for lab in LABELS:
        rows = [str(it.get("text", "")) for it in items if it.get("label") == lab]
        invs = sum(1 for it in items if it.get("label") == lab and it.get("kind") == "invitation")
        if rows:
            print(
                f"  {lab}: {invs / len(rows):.0%} inv, "
                f"{sum(1 for t in rows if HTML_RE.search(t))} html, "
                f"{sum(1 for t in rows if URL_RE.search(t))} url, "
                f"{sum(1 for t in rows if has_emoji(t))} emoji, "
                f"{sum(1 for t in rows if t and guess_language(t) not in ('en', 'none'))} non-en"
            )
    print(
        "top 3-word openings (recipient name as {name}): "
        + "; ".join(f"'{o}' {n}" for o, n in openings.most_common(8))
    )
    print("per persona (spam/relevant_pitch/ask_why/welcome):")
    for pid in sorted(per):
        c = per[pid]
        print(
            f"  {pid}: {c['spam']}/{c['relevant_pitch']}/{c['ask_why']}/{c['welcome']}"
            f" = {sum(c.values())}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--dir",
        type=Path,
        default=Path(__file__).resolve().parent,
        help="folder holding personas.jsonl and items.jsonl",
    )
    parser.add_argument("--quiet", action="store_true", help="print problems only")
    args = parser.parse_args(argv)
    problems: list[str] = []
    personas = check_personas(read_jsonl(args.dir / "personas.jsonl", problems), problems)
    items = read_jsonl(args.dir / "items.jsonl", problems)
    check_items(items, personas, problems)
    per = check_counts(items, personas, problems)
    shared = check_skeletons(items, problems)
    summary(items, personas, per, shared, problems, args.quiet)
    for p in problems:
        print(f"PROBLEM: {p}", file=sys.stderr)
    print(f"{len(problems)} problem(s)" if problems else "OK")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
