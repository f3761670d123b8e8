"""Fit the judge's three stages and write the packaged model, src/seedbed/data/judge.json.

Usage: python scripts/train_judge.py [--shared ../shared] [--no-shared]

Learns, by the recipe in scripts/judge_recipe.py, from seedbed's own written corpus
(training/) and, when the shared data folder is present, the development set's exports run
through the real import and the cases filled from real outreach templates for the
recipients in training/recipients.jsonl (scripts/make_training_cases.py; their text stays in
a scratch folder, only the fitted weights are written). The same inputs give the same file.
Figures about quality never come from here: scripts/evaluate.py holds out whole personas,
scripts/evaluate_sources.py whole template sources.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from judge_recipe import SHARED, collect, fit
from labelled import ROOT

from seedbed.judge.combine import MODEL_FILE
from seedbed.judge.embedding import OnnxEmbedder


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--no-shared", action="store_true",
                        help="learn from the written corpus alone")
    args = parser.parse_args()
    shared = None if args.no_shared else args.shared
    with tempfile.TemporaryDirectory() as tmp:
        corpus, dev, generated = collect(OnnxEmbedder(), Path(tmp),
                                         shared / "data" / "devset" if shared else None, shared)
    data = corpus + dev + generated
    if not data:
        print("no labelled data found", file=sys.stderr)
        return 1
    judge = fit(data)
    target = ROOT / "src" / "seedbed" / "data" / MODEL_FILE
    target.write_text(json.dumps(judge.to_dict(), indent=1) + "\n", encoding="utf-8")
    counts = Counter(d.label.value for d in data)
    groups = len({d.group for d in data})
    print(f"fitted on {len(data)} items from {groups} people ({len(corpus)} written, "
          f"{len(dev)} development set, {len(generated)} filled from real templates): "
          f"{dict(counts)}; wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
