"""The content-only offer signal on public spam corpora: precision and recall.

Usage: python scripts/evaluate_corpora.py [--data ../shared/data/corpora] [--limit 2000]

Runs the judge's offer stage alone (no relationship, no owner, no needs: the text only) on
the SMS Spam Collection, the SpamAssassin public corpus and Enron-Spam, treating "spam" as
"something is being offered" at P(offer) >= 0.5. These corpora are e-mail and SMS, not
LinkedIn notes, and their ham holds plenty of offers people asked for (newsletters, deals
among colleagues), so the figures show how the signal transfers, not seedbed's accuracy.
A random sample of ``--limit`` messages per corpus keeps the run short (seed fixed).
"""

from __future__ import annotations

import argparse
import email
import gzip
import json
import random
import sys
from email import policy
from pathlib import Path

from seedbed.judge.combine import load_packaged
from seedbed.judge.context import Case, Owner
from seedbed.judge.embedding import OnnxEmbedder
from seedbed.judge.features import gather, owner_state
from seedbed.model import Kind, Person, Preferences, Profile
from seedbed.sources.text import html_to_text, looks_like_html

ROOT = Path(__file__).resolve().parent.parent
# E-mail bodies are cut to this many characters: the embedding reads 128 tokens anyway.
MAX_CHARS = 2_000


def _mail_body(raw: str) -> tuple[str, str]:
    message = email.message_from_string(raw, policy=policy.default)
    subject = str(message.get("subject", ""))
    part = message.get_body(preferencelist=("plain", "html"))
    try:
        body = part.get_content() if part is not None else ""
    except (LookupError, ValueError, AttributeError):
        body = ""
    if not isinstance(body, str):
        body = ""
    if looks_like_html(body):
        body = html_to_text(body)
    return subject, body


def load(data: Path, limit: int) -> dict[str, list[tuple[str, str, bool]]]:
    rng = random.Random(0)
    out: dict[str, list[tuple[str, str, bool]]] = {}
    sms = [line.split("\t", 1) for line in
           (data / "sms_spam_collection/SMSSpamCollection").read_text("latin-1").splitlines()]
    out["SMS Spam Collection"] = [("", t, label == "spam") for label, t in sms]
    with gzip.open(data / "spamassassin_public_corpus/spamassassin.jsonl.gz", "rt") as f:
        rows = [json.loads(line) for line in f]
    out["SpamAssassin public corpus"] = [(*_mail_body(r["text"]), r["label"] == "spam")
                                         for r in rng.sample(rows, min(limit, len(rows)))]
    with gzip.open(data / "enron_spam/enron_spam_preprocessed.jsonl.gz", "rt") as f:
        rows = [json.loads(line) for line in f]
    sample = rng.sample(rows, min(limit, len(rows)))
    out["Enron-Spam"] = []
    for r in sample:
        subject, _, body = r["text"].partition("\n")
        out["Enron-Spam"].append((subject.removeprefix("Subject: "), body, r["label"] == "spam"))
    out["SMS Spam Collection"] = rng.sample(out["SMS Spam Collection"],
                                            min(limit, len(out["SMS Spam Collection"])))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared/data/corpora")
    parser.add_argument("--limit", type=int, default=2000)
    args = parser.parse_args()
    judge = load_packaged()
    embedder = OnnxEmbedder()
    nobody = Owner(Profile("", ""), Preferences())
    state = owner_state(nobody, embedder)
    print("| corpus | messages | spam | precision | recall | F1 |")
    print("|---|---|---|---|---|---|")
    for name, rows in load(args.data, args.limit).items():
        cases = [Case(f"c{n}", Kind.MESSAGE, Person("Sender"), body[:MAX_CHARS], subject=subject)
                 for n, (subject, body, _) in enumerate(rows)]
        evidence = gather(cases, state, embedder)
        tp = fp = fn = 0
        for ev, (_, _, spam) in zip(evidence, rows, strict=True):
            offer = judge.probabilities(ev).offer >= 0.5
            tp += offer and spam
            fp += offer and not spam
            fn += (not offer) and spam
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        print(f"| {name} | {len(rows)} | {tp + fn} | {p:.3f} | {r:.3f} | {f1:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
