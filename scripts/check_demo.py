"""Sanity check: the demo export's triage against the labels its author intended.

Usage: seedbed triage DEMO --prefs DEMO_PREFS --format jsonl > out.jsonl
       python scripts/check_demo.py out.jsonl
The demo is not training data; this only shows where the judge and the author disagree.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

LABELS = Path(__file__).resolve().parent.parent / "src/seedbed/data/demo/labels.jsonl"


def main(pred_path: str) -> int:
    labels = {}
    for line in LABELS.read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        labels[(d["kind"], d["sender"] or d["sender_name"], d["sent_at"][:16])] = d
    confusion: Counter[tuple[str, str]] = Counter()
    for line in Path(pred_path).read_text(encoding="utf-8").splitlines():
        p = json.loads(line)
        key = (p["kind"], p["sender"]["profile_url"] or p["sender"]["name"],
               (p["sent_at"] or "")[:16])
        d = labels.get(key)
        if d is None:
            continue
        confusion[(d["label"], p["verdict"])] += 1
        if d["label"] != p["verdict"]:
            print(f"{p['item_id']} {d['label']:>14} -> {p['verdict']:<14} {d['why'][:60]} | "
                  f"{p['summary'][:90]}")
    total = sum(confusion.values())
    right = sum(v for (a, b), v in confusion.items() if a == b)
    print(f"agreement {right}/{total}")
    names = ["welcome", "relevant_pitch", "ask_why", "spam"]
    for a in names:
        print(f"{a:>14}", [confusion[(a, b)] for b in names])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
