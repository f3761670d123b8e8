"""List the development-set cases a predictions file gets wrong (for error analysis).

Usage: python scripts/devset_errors.py PREDICTIONS.jsonl [--devset ../shared/data/devset]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from seedbed.model import canonical_profile_url

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("predictions", type=Path)
    parser.add_argument("--devset", type=Path, default=ROOT.parent / "shared/data/devset")
    args = parser.parse_args()
    cases = {}
    for line in (args.devset / "cases.jsonl").read_text(encoding="utf-8").splitlines():
        c = json.loads(line)
        key = (c["persona"], c["kind"], canonical_profile_url(c["sender"]["profile_url"]),
               c["sent_at"][:16].replace(" ", "T"))
        cases[key] = c
    for line in args.predictions.read_text(encoding="utf-8").splitlines():
        p = json.loads(line)
        key = (p["persona"], p["kind"], p["sender"]["profile_url"], (p["sent_at"] or "")[:16])
        c = cases.get(key)
        if c is None or c["label"] == p["verdict"]:
            continue
        reasons = ", ".join(f"{r['code']}:{r['points']}" for r in p["reasons"][:6])
        print(f"{c['id']} {c['label']:>14} -> {p['verdict']:<14} p={p['spam_probability']:.2f} "
              f"{','.join(c['tags'][:3])}\n    {p['text'][:160]!r}\n    {reasons}")


if __name__ == "__main__":
    main()
