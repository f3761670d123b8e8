"""Fit the judge's three stages and write the packaged model, src/seedbed/data/judge.json.

Usage: python scripts/train_judge.py [--devset ../shared/data/devset] [--no-devset]

Learns from seedbed's own written corpus (training/) and, when present, the development
set's exports run through the real import. Figures about quality never come from here:
scripts/evaluate.py holds out whole personas.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from labelled import ROOT, Labelled, corpus_evidence, devset_evidence

from seedbed.judge.combine import MODEL_FILE, Judge
from seedbed.judge.embedding import OnnxEmbedder


def collect(devset: Path | None, work: Path) -> list[Labelled]:
    embedder = OnnxEmbedder()
    data: list[Labelled] = []
    if (ROOT / "training" / "items.jsonl").exists():
        data += corpus_evidence(ROOT / "training", embedder)
    if devset is not None and devset.is_dir():
        data += devset_evidence(devset, embedder, work)
    return data


def fit(data: list[Labelled]) -> Judge:
    return Judge().fit([d.evidence for d in data], [d.label for d in data],
                       [d.group for d in data])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devset", type=Path, default=ROOT.parent / "shared/data/devset")
    parser.add_argument("--no-devset", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = collect(None if args.no_devset else args.devset, Path(tmp))
    if not data:
        print("no labelled data found", file=sys.stderr)
        return 1
    judge = fit(data)
    target = ROOT / "src" / "seedbed" / "data" / MODEL_FILE
    target.write_text(json.dumps(judge.to_dict(), indent=1) + "\n", encoding="utf-8")
    counts = Counter(d.label.value for d in data)
    groups = len({d.group for d in data})
    print(f"fitted on {len(data)} items from {groups} people: {dict(counts)}; wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
